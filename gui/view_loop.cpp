// The event loop at the playhead: the pass of _run_once it is in, the
// callbacks that pass took from the ready queue (in the order they run),
// which of them have run, which one is running, and what each does.
// See gui/loop_moment.hpp for what the trace can and cannot say here.
#include <imgui.h>

#include <cstdio>

#include "engine/callback_kind.hpp"
#include "gui/app.hpp"
#include "gui/loop_moment.hpp"

namespace loopscope::gui {

namespace {
// A pass with thousands of callbacks (the million-task run) shows a window
// of them around the current one.
constexpr std::uint32_t kShownAround = 200;
}  // namespace

void draw_loop_view(App& app) {
    const TraceModel* m = app.model();
    const Trace* trace = app.trace();
    if (m == nullptr || trace == nullptr) return;
    const LoopMoment at = loop_moment(*trace, app.transport.playhead.event);
    if (at.where == LoopMoment::Where::NoDetail) {
        ImGui::TextDisabled("This run's trace holds no loop work.");
        return;
    }
    if (at.where == LoopMoment::Where::BeforeLoop) {
        ImGui::TextWrapped("The loop has not run a callback yet: asyncio.run() has created main's task, whose first "
                           "Task.__step waits in the ready queue.");
        return;
    }
    const TracePass& pass = trace->passes[at.pass];
    // Two short lines: a wrapped one could break inside the time.
    ImGui::Text("Pass %u of _run_once", at.pass + 1);
    ImGui::Text("at t=%.6f", pass.time);
    ImGui::TextWrapped("It took the %u callback%s the ready queue held when it began, and runs them in that order:",
                       pass.ntodo, pass.ntodo == 1 ? "" : "s");
    if (at.unordered)
        ImGui::TextColored(app.palette.warning,
                           "asyncio.run() is cancelling all_tasks(), a set: this order is Python's to choose.");
    if (trace->loop_detail.cut) ImGui::TextDisabled("(the loop's detail was recorded for the first callbacks only)");
    ImGui::Separator();
    const std::uint32_t from = at.callback > at.pass_begin + kShownAround ? at.callback - kShownAround : at.pass_begin;
    const std::uint32_t to = std::min(at.pass_end, at.callback + kShownAround + 1);
    if (from > at.pass_begin) ImGui::TextDisabled("... %u earlier callbacks of this pass", from - at.pass_begin);
    for (std::uint32_t c = from; c < to; ++c) {
        const TraceCallback& cb = trace->callbacks[c];
        const LoopMoment::Progress progress = at.progress(c);
        const char* mark = progress == LoopMoment::Progress::Running ? "▶" : progress == LoopMoment::Progress::Ran ? "✓" : " ";
        const std::string text = describe_callback(*m, c);
        ImGui::PushID(static_cast<int>(c));
        ImVec4 colour = ImGui::GetStyleColorVec4(ImGuiCol_Text);
        if (progress == LoopMoment::Progress::Ran && c != at.callback) colour = ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled);
        ImGui::PushStyleColor(ImGuiCol_Text, colour);
        const bool selected = c == at.callback;
        char label[32];
        std::snprintf(label, sizeof label, "%s %u", mark, c - at.pass_begin + 1);
        if (ImGui::Selectable(label, selected, ImGuiSelectableFlags_SpanAllColumns)) {
            // A click follows the task the callback acts on.
            if (const auto lane = m->lane_of(cb.target); lane >= 0) app.timeline.selected_lane = lane;
        }
        ImGui::SameLine();
        ImGui::TextWrapped("%s", text.c_str());
        ImGui::PopStyleColor();
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("%s\nmirrors %s", text.c_str(),
                              std::string(kCallbackKinds[static_cast<std::size_t>(cb.kind)].cpython).c_str());
        ImGui::PopID();
    }
    if (to < at.pass_end) ImGui::TextDisabled("... %u more callbacks of this pass", at.pass_end - to);
    ImGui::Separator();
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("What these callbacks schedule joins the queue behind them and runs in a later pass.");
    ImGui::PopStyleColor();
    if (at.pass + 1 < trace->passes.size()) {
        const TracePass& next = trace->passes[at.pass + 1];
        ImGui::TextDisabled("Next: pass %u at t=%.6f, %u callback%s.", at.pass + 2, next.time, next.ntodo,
                            next.ntodo == 1 ? "" : "s");
    } else {
        ImGui::TextDisabled("This is the run's last pass.");
    }
}

}  // namespace loopscope::gui
