// The window: GLFW with an OpenGL 3.3 core context, glad's loader, and the
// ImGui GLFW/OpenGL 3 backends.
#pragma once

#include <string>
#include <vector>

struct GLFWwindow;

namespace loopscope::gui {

class Window {
public:
    Window() = default;
    ~Window();
    Window(const Window&) = delete;
    Window& operator=(const Window&) = delete;

    // Opens the window and sets up ImGui (context, backends; no imgui.ini:
    // the app keeps its layout in its own settings, as fractions).
    // Returns an error message, or empty on success.
    std::string open(int width, int height, const char* title, bool vsync);

    [[nodiscard]] bool should_close() const;
    void poll_events(bool idle) const;  // idle: wait a little for input instead of spinning
    // Backends + ImGui::NewFrame(). `hide_mouse`: scripted screenshots are
    // taken as if the pointer were elsewhere (no hover, no tooltip).
    void new_frame(bool hide_mouse) const;
    void render(float r, float g, float b) const;  // draw ImGui's draw data into the back buffer
    void swap() const;
    // Waits for the GPU (software GL included) to finish: for --bench-frames.
    static void finish();
    static std::string renderer();  // GL_RENDERER, e.g. "llvmpipe (LLVM 15.0.6, 256 bits)"
    void framebuffer_size(int& w, int& h) const;
    // Re-uploads the font atlas after it was rebuilt (UI scale change).
    static void reload_fonts();
    // Paths dropped onto the window since the last call (drag and drop).
    std::vector<std::string> take_dropped_paths();

private:
    GLFWwindow* window_ = nullptr;
    bool imgui_ready_ = false;
    std::vector<std::string> dropped_;
};

}  // namespace loopscope::gui
