#include "gui/source_file.hpp"

#include <filesystem>
#include <fstream>

namespace loopscope::gui {

namespace {
std::filesystem::path executable_dir() {
    std::error_code ec;
    const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    return ec ? std::filesystem::path() : exe.parent_path();
}
}  // namespace

std::vector<std::string> load_source_lines(const std::string& py_file, std::string& found_path) {
    namespace fs = std::filesystem;
    std::vector<fs::path> candidates;
#ifdef LOOPSCOPE_SCENARIO_DIR
    candidates.push_back(fs::path(LOOPSCOPE_SCENARIO_DIR) / py_file);
#endif
    if (const auto dir = executable_dir(); !dir.empty()) {
        candidates.push_back(dir / "scenarios" / py_file);
        candidates.push_back(dir / py_file);
    }
    found_path.clear();
    std::vector<std::string> lines;
    for (const auto& path : candidates) {
        std::ifstream in(path);
        if (!in) continue;
        found_path = path.string();
        std::string line;
        while (std::getline(in, line)) lines.push_back(line);
        break;
    }
    return lines;
}

}  // namespace loopscope::gui
