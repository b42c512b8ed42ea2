// What the app remembers between runs: the last scenario, the UI scale, the
// theme. ImGui's own imgui.ini (window layout) lives in the same folder:
// $XDG_CONFIG_HOME/loopscope, else ~/.config/loopscope.
#pragma once

#include <string>

namespace loopscope::gui {

struct Settings {
    std::string last_scenario;
    float ui_scale = 1.0f;
    bool dark = true;
    bool ghost_future = false;  // show events after the playhead faded instead of hiding them
};

// The folder, created if missing; empty when there is no home to put it in.
std::string config_dir();
Settings load_settings(const std::string& dir);
void save_settings(const std::string& dir, const Settings& s);

}  // namespace loopscope::gui
