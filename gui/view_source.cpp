// The source: the scenario's .py twin, with the line the selected task (or
// main) is suspended at highlighted, as the playhead moves.
#include <imgui.h>

#include <string>

#include "gui/app.hpp"

namespace loopscope::gui {

void draw_source(App& app) {
    if (!begin_view(app, View::Source, "Source")) {
        ImGui::End();
        return;
    }
    const TraceModel* m = app.model();
    std::int32_t line = 0;
    if (m != nullptr && !m->lanes.empty()) {
        const auto sel = app.timeline.selected_lane;
        const Lane& lane = m->lanes[sel >= 0 ? static_cast<std::size_t>(sel) : 0];
        const std::size_t at = app.transport.playhead.event;
        line = m->lane_line(lane, at);
        const LaneStatus st = m->lane_status(lane, at);
        ImGui::Text("%s (%s): %s", m->lane_name(lane).c_str(), m->lane_function(lane).c_str(),
                    std::string(lane_state_name(st.state)).c_str());
        ImGui::SameLine();
        if (line > 0) ImGui::TextDisabled("line %d", line);
        else ImGui::TextDisabled("(click a lane to follow it)");
    }
    if (app.source_lines.empty()) {
        ImGui::TextDisabled("%s", app.source_text_path.empty() ? "the .py twin was not found" : "empty file");
        ImGui::End();
        return;
    }
    ImGui::PushFont(app.fonts.mono);
    ImGui::BeginChild("py", ImVec2(0, 0), true, ImGuiWindowFlags_HorizontalScrollbar);
    const float line_h = ImGui::GetTextLineHeightWithSpacing();
    // Bring the highlighted line into view when it moves.
    if (line != app.source_last_line && line > 0) {
        const float y = (static_cast<float>(line) - 1) * line_h;
        if (y < ImGui::GetScrollY() || y > ImGui::GetScrollY() + ImGui::GetWindowHeight() - 2 * line_h)
            ImGui::SetScrollY(std::max(0.f, y - ImGui::GetWindowHeight() / 3));
    }
    app.source_last_line = line;
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(app.source_lines.size()), line_h);
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            if (i + 1 == line) {
                const ImVec2 a = ImGui::GetCursorScreenPos();
                ImGui::GetWindowDrawList()->AddRectFilled(
                    a, ImVec2(a.x + ImGui::GetWindowWidth() + ImGui::GetScrollX(), a.y + line_h), app.palette.highlight_bg);
            }
            ImGui::TextDisabled("%3d", i + 1);
            ImGui::SameLine();
            ImGui::TextUnformatted(app.source_lines[static_cast<std::size_t>(i)].c_str());
        }
    }
    ImGui::EndChild();
    ImGui::PopFont();
    ImGui::End();
}

}  // namespace loopscope::gui
