// Help: an overlay of every control and shortcut (F1, or Help > Controls
// and shortcuts; F1, Esc or Close hides it), and the first launch's hint.
//
// The table is the app's input handling written out: each row names a key
// or a mouse gesture that view_transport.cpp, view_timeline.cpp,
// view_menu.cpp or a panel acts on.
#include <GLFW/glfw3.h>
#include <imgui.h>

#include <algorithm>
#include <initializer_list>

#include "gui/app.hpp"

namespace loopscope::gui {

namespace {

struct HelpRow {
    const char* input;
    const char* action;
};

struct HelpSection {
    const char* title;
    std::initializer_list<HelpRow> rows;
};

const HelpSection kSections[] = {
    {"Playing the run",
     {{"Space", "play / pause (at the end, Play starts again from t=0)"},
      {"Right / Left", "one event forward / back"},
      {"Alt+Right / Alt+Left", "to the end of the next / previous callback the loop ran"},
      {"Alt+Shift+Right / Alt+Shift+Left", "to the end of the next / previous pass of _run_once"},
      {"Shift+Right / Shift+Left", "to the end of the next / previous instant"},
      {"Home / End", "to t=0, before the first event / to the end of the run"},
      {"speed slider", "virtual seconds, or callbacks, per real second while playing"},
      {"per second / per callback", "play in virtual time, or callback by callback"},
      {"time bar, timeline axis", "click or drag to move the playhead"}}},
    {"The timeline",
     {{"mouse wheel", "zoom in / out at the mouse"},
      {"Shift+wheel", "scroll the lanes"},
      {"drag", "pan in time and scroll the lanes"},
      {"F, or Fit", "fit the whole run"},
      {"axis: time / passes", "seconds, or a column per pass of _run_once (one instant opened up)"},
      {"click a lane", "follow its task in the Source panel"},
      {"right-click a lane", "its menu (cancel it here)"},
      {"\u00d7 on a lane or group", "cancel it at the playhead's time and re-run"},
      {"\u25bc on a group", "fold / unfold its members"},
      {"hover a marker or lane", "what happened then, and why"},
      {"Outcome > Event loop", "the ready queue, the timer heap, who awaits whom"}}},
    {"Changing the run",
     {{"Scenario panel", "the scenario, its parameters and the seed; each change re-runs"},
      {"Ctrl+click a slider", "type an exact value"},
      {"Call sites panel", "a .py file's gather / wait / wait_for / timeout options, by line"},
      {"\u25c6 on a source line", "click the line: that call's options, in Call sites"},
      {"mark in the source gutter", "hover: the tasks at that line; click: follow the next"}}},
    {"Window and files",
     {{"Ctrl+O", "open a .py file (or drop one on the window)"},
      {"Ctrl+= / Ctrl+- / Ctrl+0", "larger / smaller / normal UI"},
      {"View > Reset window layout", "put every panel back"},
      {"F1", "this help"},
      {"Ctrl+Q", "quit"}}},
};

void draw_help_window(App& app) {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const float em = ImGui::GetFontSize();
    ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y * 0.5f),
                            ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSizeConstraints(ImVec2(std::min(34 * em, vp->WorkSize.x), 0),
                                        ImVec2(vp->WorkSize.x * 0.95f, vp->WorkSize.y * 0.9f));
    ImGui::SetNextWindowFocus();
    bool open = true;
    if (ImGui::Begin("Help: controls and shortcuts", &open,
                     ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings)) {
        app.help_rect = {ImGui::GetWindowPos().x, ImGui::GetWindowPos().y, ImGui::GetWindowWidth(), ImGui::GetWindowHeight()};
        // One table, so that the columns line up across the sections.
        if (ImGui::BeginTable("help", 2, ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_RowBg)) {
            for (const HelpSection& section : kSections) {
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::Spacing();
                ImGui::TextColored(ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive), "%s", section.title);
                ImGui::TableNextColumn();
                for (const HelpRow& row : section.rows) {
                    ImGui::TableNextRow();
                    ImGui::TableNextColumn();
                    ImGui::TextUnformatted(row.input);
                    ImGui::TableNextColumn();
                    ImGui::TextUnformatted(row.action);
                }
            }
            ImGui::EndTable();
        }
        ImGui::Spacing();
        if (ImGui::Button("Close")) open = false;
    }
    ImGui::End();
    if (!open) app.help_open = false;
}

}  // namespace

void handle_help_keys(App& app) {
    if (ImGui::IsKeyPressed(GLFW_KEY_F1, false)) {
        app.help_open = !app.help_open;
        app.settings.seen_help = true;
    }
    if (app.help_open && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false)) app.help_open = false;
}

void draw_help(App& app) {
    app.help_rect.reset();
    if (app.help_open) draw_help_window(app);
}

}  // namespace loopscope::gui
