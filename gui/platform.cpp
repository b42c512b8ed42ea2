#include "gui/platform.hpp"

// glad's header must come before GLFW's, which must not include its own GL.
#include <glad/gl.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <cfloat>
#include <utility>

namespace loopscope::gui {

Window::~Window() {
    if (imgui_ready_) {
        ImGui_ImplOpenGL3_Shutdown();
        ImGui_ImplGlfw_Shutdown();
        ImGui::DestroyContext();
    }
    if (window_ != nullptr) glfwDestroyWindow(window_);
    glfwTerminate();
}

std::string Window::open(int width, int height, const char* title, bool vsync) {
    if (glfwInit() == GLFW_FALSE) return "cannot initialise GLFW (is there a display? try xvfb-run)";
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    // Fit the window to the monitor's work area on small screens.
    if (GLFWmonitor* monitor = glfwGetPrimaryMonitor()) {
        int x = 0, y = 0, w = 0, h = 0;
        glfwGetMonitorWorkarea(monitor, &x, &y, &w, &h);
        if (w > 0 && h > 0) width = std::min(width, w), height = std::min(height, h);
    }
    window_ = glfwCreateWindow(width, height, title, nullptr, nullptr);
    if (window_ == nullptr) return "cannot open an OpenGL 3.3 core window";
    glfwMakeContextCurrent(window_);
    glfwSwapInterval(vsync ? 1 : 0);
    if (gladLoadGL(glfwGetProcAddress) == 0) return "cannot load OpenGL 3.3 functions";

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    // imgui.ini would keep windows at absolute pixels, wrong in a window of another size.
    ImGui::GetIO().IniFilename = nullptr;
    ImGui_ImplGlfw_InitForOpenGL(window_, true);
    // Files dropped on the window: kept until the frame loop asks for them.
    glfwSetWindowUserPointer(window_, this);
    glfwSetDropCallback(window_, [](GLFWwindow* w, int count, const char** paths) {
        auto* self = static_cast<Window*>(glfwGetWindowUserPointer(w));
        for (int i = 0; i < count; ++i) self->dropped_.emplace_back(paths[i]);
    });
    ImGui_ImplOpenGL3_Init("#version 330 core");
    imgui_ready_ = true;
    return {};
}

bool Window::should_close() const { return glfwWindowShouldClose(window_) != 0; }

void Window::poll_events(bool idle) const {
    if (idle) glfwWaitEventsTimeout(0.25);
    else glfwPollEvents();
}

void Window::new_frame(bool hide_mouse) const {
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    if (hide_mouse) ImGui::GetIO().MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
    ImGui::NewFrame();
}

void Window::render(float r, float g, float b) const {
    int w = 0, h = 0;
    framebuffer_size(w, h);
    glViewport(0, 0, w, h);
    glClearColor(r, g, b, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

void Window::swap() const { glfwSwapBuffers(window_); }

void Window::finish() { glFinish(); }

std::string Window::renderer() {
    const auto* name = glGetString(GL_RENDERER);
    return name ? std::string(reinterpret_cast<const char*>(name)) : std::string("unknown");
}

void Window::framebuffer_size(int& w, int& h) const { glfwGetFramebufferSize(window_, &w, &h); }

std::vector<std::string> Window::take_dropped_paths() { return std::exchange(dropped_, {}); }

void Window::reload_fonts() {
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
}

}  // namespace loopscope::gui
