// --screenshot: the back buffer, read with glReadPixels, saved as PNG.
#pragma once

#include <string>

namespace loopscope::gui {

// Reads the w x h back buffer of the current context and writes a PNG.
// Returns an error message, or empty on success.
std::string save_screenshot(const std::string& path, int w, int h);

}  // namespace loopscope::gui
