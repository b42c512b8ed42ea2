// The source: the scenario's .py twin or the open .py file. At the playhead,
// the line the selected task (or main) is at is highlighted; every other
// live task's line gets a mark in the gutter (hover: which tasks; click:
// follow the next one). A file that does not parse shows its error line.
// A line with a gather/wait/... call gets a diamond; clicking the line opens
// that call's option controls, and an overridden option is shown after the
// line, as the code now reads.
#include <imgui.h>

#include <algorithm>
#include <string>

#include "gui/app.hpp"
#include "gui/source_marks.hpp"

namespace loopscope::gui {

namespace {

// Live tasks' lines, recomputed when the run or the playhead moves.
const std::vector<TaskLine>& current_marks(App& app) {
    const TraceModel* m = app.model();
    const std::size_t at = app.transport.playhead.event;
    if (m != app.source_marks_model || at != app.source_marks_event) {
        app.source_marks = m ? task_lines(*m, at) : std::vector<TaskLine>{};
        app.source_marks_model = m;
        app.source_marks_event = at;
    }
    return app.source_marks;
}

void header(App& app, std::int32_t line) {
    const TraceModel* m = app.model();
    if (m == nullptr || m->lanes.empty()) {
        if (app.shown != nullptr && app.shown->is_script && app.shown->error.empty())
            ImGui::TextDisabled("the script ran no task: nothing to follow");
        return;
    }
    const auto sel = app.timeline.selected_lane;
    const Lane& lane = m->lanes[sel >= 0 ? static_cast<std::size_t>(sel) : 0];
    const LaneStatus st = m->lane_status(lane, app.transport.playhead.event);
    ImGui::Text("%s (%s): %s", m->lane_name(lane).c_str(), m->lane_function(lane).c_str(),
                std::string(lane_state_name(st.state)).c_str());
    ImGui::SameLine();
    if (line > 0) ImGui::TextDisabled("line %d", line);
    else ImGui::TextDisabled("(click a lane to follow it)");
}

// Brings `line` into view when it is not (or when `force`).
void scroll_to(std::int32_t line, float line_h, bool force) {
    const float y = (static_cast<float>(line) - 1) * line_h;
    if (force || y < ImGui::GetScrollY() || y > ImGui::GetScrollY() + ImGui::GetWindowHeight() - 2 * line_h)
        ImGui::SetScrollY(std::max(0.f, y - ImGui::GetWindowHeight() / 3));
}

}  // namespace

void draw_source(App& app) {
    if (!begin_view(app, View::Source, "Source")) {
        ImGui::End();
        return;
    }
    const TraceModel* m = app.model();
    const std::size_t at = app.transport.playhead.event;
    std::int32_t line = 0;
    std::int64_t focus_lane = -1;
    if (m != nullptr && !m->lanes.empty()) {
        focus_lane = app.timeline.selected_lane >= 0 ? app.timeline.selected_lane : 0;
        line = m->lane_line(m->lanes[static_cast<std::size_t>(focus_lane)], at);
    }
    const SourceProblem* problem = app.shown && app.shown->problem ? &*app.shown->problem : nullptr;
    header(app, line);
    if (problem != nullptr)
        ImGui::TextColored(app.palette.error, "line %d, column %d: %s", problem->line, problem->col, problem->message.c_str());
    if (app.source_lines.empty()) {
        ImGui::TextDisabled("%s", app.source_text_path.empty() ? "the .py twin was not found" : "empty file");
        ImGui::End();
        return;
    }
    const std::vector<TaskLine>& marks = current_marks(app);
    const std::vector<py::CallSite> no_sites;
    const std::vector<py::CallSite>& sites = app.session.is_file() && app.shown ? app.shown->call_sites : no_sites;

    ImGui::PushFont(app.fonts.mono);
    ImGui::BeginChild("py", ImVec2(0, 0), true, ImGuiWindowFlags_HorizontalScrollbar);
    const float line_h = ImGui::GetTextLineHeightWithSpacing();
    const float char_w = ImGui::CalcTextSize("0").x;
    const float gutter_w = char_w * 3;  // task dot and count, then the call-site diamond
    const std::int32_t wanted = problem != nullptr && problem->line > 0 ? problem->line : line;
    if (app.source_goto_line > 0) {
        scroll_to(app.source_goto_line, line_h, true);
        app.source_goto_line = 0;
    } else if (wanted != app.source_last_line && wanted > 0) {
        scroll_to(wanted, line_h, problem != nullptr);
    }
    app.source_last_line = wanted;

    ImDrawList* draw = ImGui::GetWindowDrawList();
    const float row_w = ImGui::GetWindowWidth() + ImGui::GetScrollX();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(app.source_lines.size()), line_h);
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const std::int32_t n = i + 1;
            const ImVec2 a = ImGui::GetCursorScreenPos();
            const auto first = std::lower_bound(marks.begin(), marks.end(), n,
                                                [](const TaskLine& t, std::int32_t l) { return t.line < l; });
            auto last = first;
            while (last != marks.end() && last->line == n) ++last;
            const auto tasks_here = static_cast<int>(last - first);
            if (problem != nullptr && n == problem->line) {
                draw->AddRectFilled(a, ImVec2(a.x + row_w, a.y + line_h), (app.palette.crash & 0x00FFFFFF) | 0x60000000);
            } else if (n == line) {
                draw->AddRectFilled(a, ImVec2(a.x + row_w, a.y + line_h), app.palette.highlight_bg);
            }
            if (tasks_here > 0) {
                // A dot per line that live tasks are at; the selected one's in the playhead colour.
                const bool has_focus = std::any_of(first, last, [&](const TaskLine& t) { return t.lane == focus_lane; });
                const float r = line_h * 0.22f;
                draw->AddCircleFilled(ImVec2(a.x + r + 1, a.y + line_h / 2), r, has_focus ? app.palette.playhead : app.palette.running);
                if (tasks_here > 1) {
                    const std::string count = tasks_here > 9 ? "+" : std::to_string(tasks_here);
                    draw->AddText(ImVec2(a.x + 2 * r + 2, a.y), app.palette.text_dim, count.c_str());
                }
            }
            const auto site = std::find_if(sites.begin(), sites.end(), [&](const py::CallSite& c) { return c.line == n; });
            const bool has_site = site != sites.end();
            if (has_site) {
                const float h = line_h * 0.25f;
                const ImVec2 c(a.x + char_w * 2.5f, a.y + line_h / 2);
                draw->AddQuadFilled(ImVec2(c.x, c.y - h), ImVec2(c.x + h, c.y), ImVec2(c.x, c.y + h), ImVec2(c.x - h, c.y),
                                    app.palette.cancel_request);
            }
            ImGui::PushID(i);
            ImGui::InvisibleButton("gutter", ImVec2(gutter_w, line_h - ImGui::GetStyle().ItemSpacing.y));
            if (tasks_here > 0 && ImGui::IsItemHovered()) {
                std::string names;
                int shown = 0;
                for (auto it = first; it != last && shown < 12; ++it, ++shown)
                    names += (names.empty() ? "" : ", ") + m->lane_name(m->lanes[it->lane]);
                if (tasks_here > shown) names += ", … (" + std::to_string(tasks_here) + " tasks)";
                ImGui::SetTooltip("line %d: %s\nclick to follow the next one", n, names.c_str());
            }
            if (tasks_here > 0 && ImGui::IsItemClicked()) {
                // Cycle through the tasks at this line.
                auto next = std::find_if(first, last, [&](const TaskLine& t) { return t.lane > focus_lane; });
                app.timeline.selected_lane = (next != last ? next : first)->lane;
            }
            ImGui::PopID();
            ImGui::SameLine(0, 0);
            ImGui::TextDisabled("%3d", n);
            ImGui::SameLine();
            ImGui::TextUnformatted(app.source_lines[static_cast<std::size_t>(i)].c_str());
            if (has_site) {
                note_call_site_rect(app, "source:" + std::to_string(n));
                if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s(): click to change its options", site->function.c_str());
                if (ImGui::IsItemClicked()) {
                    app.source_popup_line = n;
                    ImGui::OpenPopup("##call_site");
                }
                // The overrides, as the code now reads.
                std::string set;
                for (auto s = site; s != sites.end() && s->line == n; ++s)
                    for (const py::CallSiteOption& o : s->options)
                        if (const CallSiteChoice* c = app.session.call_site_choice(n, o.name))
                            if (const auto v = py::parse_set_value(c->value_text))
                                set += (set.empty() ? "" : ", ") + o.name + "=" + py::literal_text(*v);
                if (!set.empty()) {
                    ImGui::SameLine();
                    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(app.palette.cancel_request), "  # set: %s", set.c_str());
                }
            }
            if (problem != nullptr && n == problem->line && problem->col > 0) {
                // A caret under the column the parser stopped at.
                const std::string& text = app.source_lines[static_cast<std::size_t>(i)];
                const auto col = std::min<std::size_t>(static_cast<std::size_t>(problem->col - 1), text.size());
                const float x = ImGui::GetItemRectMin().x + ImGui::CalcTextSize(text.c_str(), text.c_str() + col).x;
                const float y = ImGui::GetItemRectMax().y;
                draw->AddTriangleFilled(ImVec2(x, y - 4), ImVec2(x - 4, y + 2), ImVec2(x + 4, y + 2), app.palette.crash);
            }
        }
    }
    if (ImGui::BeginPopup("##call_site")) {
        // Pushed, not popped: the mono font was pushed in the child's draw list, not the popup's.
        ImGui::PushFont(app.fonts.ui);
        for (const py::CallSite& site : sites) {
            if (site.line != app.source_popup_line) continue;
            ImGui::Text("line %d: %s()", site.line, site.function.c_str());
            call_site_controls(app, site, "popup");
        }
        ImGui::PopFont();
        ImGui::EndPopup();
    }
    ImGui::EndChild();
    ImGui::PopFont();
    ImGui::End();
}

}  // namespace loopscope::gui
