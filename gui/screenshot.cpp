#include "gui/screenshot.hpp"

#include <glad/gl.h>

#include <cstdint>
#include <vector>

// The implementation comes from libstb (Debian's libstb-dev), which ImGui
// links anyway.
#include <stb/stb_image_write.h>

namespace loopscope::gui {

std::string save_screenshot(const std::string& path, int w, int h) {
    if (w <= 0 || h <= 0) return "empty framebuffer";
    const auto stride = static_cast<std::size_t>(w) * 3;
    std::vector<std::uint8_t> pixels(stride * static_cast<std::size_t>(h));
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadBuffer(GL_BACK);
    glReadPixels(0, 0, w, h, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
    // OpenGL's rows go bottom-up; PNG's top-down.
    stbi_flip_vertically_on_write(1);
    if (stbi_write_png(path.c_str(), w, h, 3, pixels.data(), static_cast<int>(stride)) == 0)
        return "cannot write " + path;
    return {};
}

}  // namespace loopscope::gui
