// The main menu bar: open a file (browser, recent), quit, UI scale, theme,
// layout; and their shortcuts.
#include <GLFW/glfw3.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "gui/app.hpp"
#include "gui/file_browser.hpp"

namespace loopscope::gui {

namespace {
void change_scale(App& app, float factor) {
    const float s = std::clamp(std::round(app.settings.ui_scale * factor * 20.f) / 20.f, kMinScale, kMaxScale);
    app.settings.ui_scale = s;  // run_gui rebuilds fonts and style before the next frame
}

void handle_shortcuts(App& app) {
    const ImGuiIO& io = ImGui::GetIO();
    if (!io.KeyCtrl) return;
    // GLFW key codes are ImGui's user key indices with the GLFW backend.
    if (ImGui::IsKeyPressed(GLFW_KEY_EQUAL) || ImGui::IsKeyPressed(GLFW_KEY_KP_ADD)) change_scale(app, 1.1f);
    if (ImGui::IsKeyPressed(GLFW_KEY_MINUS) || ImGui::IsKeyPressed(GLFW_KEY_KP_SUBTRACT)) change_scale(app, 1 / 1.1f);
    if (ImGui::IsKeyPressed(GLFW_KEY_0)) app.settings.ui_scale = 1.0f;
    if (ImGui::IsKeyPressed(GLFW_KEY_Q)) app.quit = true;
    if (ImGui::IsKeyPressed(GLFW_KEY_O)) open_file_browser(app);
}

// Most recent first; a file that is gone is shown disabled (and left out
// when the app saves its settings).
void recent_menu(App& app) {
    if (!ImGui::BeginMenu("Open Recent", !app.settings.recent_files.empty())) return;
    std::string chosen;
    for (const std::string& path : app.settings.recent_files) {
        const bool exists = classify_path(path) == PathKind::PyFile;
        const std::string label = exists ? path : path + "  (missing)";
        if (ImGui::MenuItem(label.c_str(), nullptr, false, exists)) chosen = path;
    }
    ImGui::Separator();
    if (ImGui::MenuItem("Clear list")) app.settings.recent_files.clear();
    ImGui::EndMenu();
    if (!chosen.empty()) open_path(app, chosen);  // reorders the list: not while drawing it
}
}  // namespace

void draw_menu_bar(App& app) {
    handle_shortcuts(app);
    if (!ImGui::BeginMainMenuBar()) return;
    app.menu_bar_h = ImGui::GetWindowHeight();
    if (ImGui::BeginMenu("File")) {
        if (ImGui::MenuItem("Open…", "Ctrl+O")) open_file_browser(app);
        recent_menu(app);
        ImGui::Separator();
        if (ImGui::MenuItem("Quit", "Ctrl+Q")) app.quit = true;
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("View")) {
        if (ImGui::MenuItem("Larger", "Ctrl+=")) change_scale(app, 1.1f);
        if (ImGui::MenuItem("Smaller", "Ctrl+-")) change_scale(app, 1 / 1.1f);
        if (ImGui::MenuItem("Normal size", "Ctrl+0")) app.settings.ui_scale = 1.0f;
        ImGui::Separator();
        if (ImGui::MenuItem("Dark theme", nullptr, app.settings.dark)) app.settings.dark = true;
        if (ImGui::MenuItem("Light theme", nullptr, !app.settings.dark)) app.settings.dark = false;
        ImGui::Separator();
        ImGui::MenuItem("Show future events faded", nullptr, &app.settings.ghost_future);
        if (ImGui::MenuItem("Fit timeline", "F")) app.timeline.fit_pending = true;
        if (ImGui::MenuItem("Reset window layout")) app.reset_layout = true;
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("Help")) {
        if (ImGui::MenuItem("Controls and shortcuts", "F1", app.help_open)) {
            app.help_open = !app.help_open;
            app.settings.seen_help = true;
        }
        ImGui::EndMenu();
    }
    ImGui::TextDisabled("  UI %.0f%%", app.settings.ui_scale * 100);
    // Until help has been opened once: where to find it.
    if (!app.settings.seen_help) ImGui::TextColored(app.palette.warning, "  Press F1 for the controls and shortcuts");
    ImGui::EndMainMenuBar();
}

}  // namespace loopscope::gui
