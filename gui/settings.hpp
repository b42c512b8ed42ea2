// What the app remembers between runs: the last scenario or .py file, the
// recent files, the UI scale, the theme, and the panels the user moved or
// resized, as fractions of the window (gui/layout.hpp), so that they fit a
// window of another size. One file, $XDG_CONFIG_HOME/loopscope/loopscope.ini,
// else ~/.config/loopscope/loopscope.ini; ImGui's imgui.ini is not used.
#pragma once

#include <string>
#include <vector>

#include "gui/layout.hpp"

namespace loopscope::gui {

struct Settings {
    std::string last_scenario;              // a built-in's name, or a .py file's path
    std::vector<std::string> recent_files;  // most recent first (gui/recent_files.hpp)
    float ui_scale = 1.0f;
    bool dark = true;
    bool ghost_future = false;  // show events after the playhead faded instead of hiding them
    bool seen_help = false;     // F1's help has been opened once (until then the menu bar hints at it)
    PanelFractions panels;      // "panel.Timeline=x y w h": placed by the user; the others are tiled
};

// The UI scale's range (View > Larger / Smaller, --ui-scale).
constexpr float kMinScale = 0.75f, kMaxScale = 3.0f;

// The folder, created if missing; empty when there is no home to put it in.
std::string config_dir();
Settings load_settings(const std::string& dir);
void save_settings(const std::string& dir, const Settings& s);

}  // namespace loopscope::gui
