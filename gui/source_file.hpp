// Finding and reading a scenario's .py twin.
//
// Looked up in the source tree's scenarios/ folder (LOOPSCOPE_SCENARIO_DIR,
// which the scenarios target exports), then in scenarios/ next to the executable and next to it
// directly, so that an installed or copied binary still finds them.
#pragma once

#include <string>
#include <vector>

namespace loopscope::gui {

// The lines of the file (empty when not found); `found_path` gets its path.
std::vector<std::string> load_source_lines(const std::string& py_file, std::string& found_path);

}  // namespace loopscope::gui
