#include "gui/recent_files.hpp"

#include <algorithm>
#include <filesystem>

namespace loopscope::gui {

void remember_recent(std::vector<std::string>& recent, const std::string& path, std::size_t max) {
    if (path.empty()) return;
    recent.erase(std::remove(recent.begin(), recent.end(), path), recent.end());
    recent.insert(recent.begin(), path);
    if (recent.size() > max) recent.resize(max);
}

void drop_missing_recent(std::vector<std::string>& recent) {
    std::erase_if(recent, [](const std::string& p) {
        std::error_code ec;
        return !std::filesystem::is_regular_file(p, ec);
    });
}

}  // namespace loopscope::gui
