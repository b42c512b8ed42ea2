// The problem banner: a file that does not parse or cannot be read, or a
// path that could not be opened. It sits over the top of the timeline,
// which has nothing to show then anyway; the source view scrolls to the
// line and marks it.
#include <imgui.h>
#include <imgui_internal.h>

#include <string>

#include "gui/app.hpp"

namespace loopscope::gui {

void draw_problem(App& app) {
    const RunResult* r = app.shown;
    const bool file_problem = r != nullptr && r->problem.has_value() && app.session.is_file();
    if (!file_problem && app.open_error.empty()) {
        app.views[static_cast<int>(View::Problem)].shown = false;
        return;
    }
    const ViewRect& timeline = app.views[static_cast<int>(View::Timeline)];
    const float pad = ImGui::GetStyle().WindowPadding.x;
    ImGui::SetNextWindowPos(ImVec2(timeline.x0 + pad, timeline.y0 + ImGui::GetFrameHeight() + pad), ImGuiCond_Always);
    ImGui::SetNextWindowSizeConstraints(ImVec2(0, 0), ImVec2(timeline.x1 - timeline.x0 - 2 * pad, 1e6f));
    ImGui::PushStyleColor(ImGuiCol_Border, ImGui::ColorConvertU32ToFloat4(app.palette.crash));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 2.0f);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize |
                                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing;
    if (begin_view(app, View::Problem, "##problem", flags)) {
        // Over the timeline even after a click has brought that to the front.
        ImGui::BringWindowToDisplayFront(ImGui::GetCurrentWindow());
        if (file_problem) {
            const SourceProblem& p = *r->problem;
            ImGui::TextColored(app.palette.error, p.line > 0 ? "The file does not parse" : "The file cannot be read");
            ImGui::PushFont(app.fonts.mono);
            ImGui::TextUnformatted(r->error.c_str());
            ImGui::PopFont();
            ImGui::TextDisabled(p.line > 0 ? "Fix it and save: the app re-runs it when the file changes."
                                           : "The app opens it again when it appears.");
        }
        if (!app.open_error.empty()) {
            ImGui::TextColored(app.palette.error, "%s", app.open_error.c_str());
            ImGui::SameLine();
            if (ImGui::SmallButton("dismiss")) app.open_error.clear();
        }
    }
    ImGui::End();
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();
}

}  // namespace loopscope::gui
