// --dump-state: the app's state as JSON, for tests that drive the window.
//
// Scenario, parameters, interventions, the playhead, each task lane's state
// at the playhead, main's outcome, and the screen rectangles of the cancel
// controls drawn in the last frame (an xdotool test clicks those).
#pragma once

#include <string>

namespace loopscope::gui {

struct App;

// Returns an error message, or empty on success.
std::string write_state_json(const App& app, const std::string& path, int window_w, int window_h);

}  // namespace loopscope::gui
