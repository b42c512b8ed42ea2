// The File > Open Recent list: most recent first, no duplicates, at most
// kMaxRecent entries; persisted with the settings (gui/settings.*).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace loopscope::gui {

constexpr std::size_t kMaxRecent = 10;

// Puts `path` first (moving it up if already listed) and drops the oldest
// entries beyond `max`.
void remember_recent(std::vector<std::string>& recent, const std::string& path, std::size_t max = kMaxRecent);
// Drops entries that are no longer regular files.
void drop_missing_recent(std::vector<std::string>& recent);

}  // namespace loopscope::gui
