#include "gui/settings.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace loopscope::gui {

std::string config_dir() {
    namespace fs = std::filesystem;
    fs::path dir;
    if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg) dir = fs::path(xdg) / "loopscope";
    else if (const char* home = std::getenv("HOME"); home && *home) dir = fs::path(home) / ".config" / "loopscope";
    else return {};
    std::error_code ec;
    fs::create_directories(dir, ec);
    return ec ? std::string() : dir.string();
}

// A tiny key=value file: nothing here needs more structure.
Settings load_settings(const std::string& dir) {
    Settings s;
    if (dir.empty()) return s;
    std::ifstream in(dir + "/loopscope.ini");
    std::string line;
    while (std::getline(in, line)) {
        const auto eq = line.find('=');
        if (eq == std::string::npos) continue;
        const std::string key = line.substr(0, eq), value = line.substr(eq + 1);
        if (key == "scenario") s.last_scenario = value;
        else if (key == "ui_scale") s.ui_scale = std::strtof(value.c_str(), nullptr);
        else if (key == "theme") s.dark = value != "light";
        else if (key == "ghost_future") s.ghost_future = value == "1";
        else if (key == "seen_help") s.seen_help = value == "1";
        else if (key == "recent" && !value.empty()) s.recent_files.push_back(value);
        else if (key.starts_with("panel."))
            for (int i = 0; i < kPanelCount; ++i)
                if (key.substr(6) == kPanelNames[i]) s.panels[i] = parse_fractions(value);
    }
    if (!(s.ui_scale >= 0.5f && s.ui_scale <= 4.0f)) s.ui_scale = 1.0f;
    return s;
}

void save_settings(const std::string& dir, const Settings& s) {
    if (dir.empty()) return;
    std::ofstream out(dir + "/loopscope.ini");
    out << "scenario=" << s.last_scenario << "\n"
        << "ui_scale=" << s.ui_scale << "\n"
        << "theme=" << (s.dark ? "dark" : "light") << "\n"
        << "ghost_future=" << (s.ghost_future ? 1 : 0) << "\n"
        << "seen_help=" << (s.seen_help ? 1 : 0) << "\n";
    for (int i = 0; i < kPanelCount; ++i)
        if (s.panels[i]) out << "panel." << kPanelNames[i] << "=" << format_fractions(*s.panels[i]) << "\n";
    // One line each: a path may hold '=' (the key ends at the first one) but no newline.
    for (const std::string& path : s.recent_files)
        if (path.find('\n') == std::string::npos) out << "recent=" << path << "\n";
}

}  // namespace loopscope::gui
