// The event loop at the playhead, as CPython holds it: the pass of
// _run_once and its callbacks, the callback running now, the ready queue
// (FIFO), the timer heap (in the order heapq will pop it) and who awaits
// whom. Hovering an entry outlines its task's lane; a click selects it.
// See gui/loop_state.hpp for where the queues come from.
#include <imgui.h>

#include <cstdio>

#include "engine/callback_kind.hpp"
#include "gui/app.hpp"
#include "gui/loop_state.hpp"

namespace loopscope::gui {

namespace {
// A pass with thousands of callbacks (the million-task run) shows a window
// of them around the current one.
constexpr std::uint32_t kShownAround = 200;

// An entry that acts on a task: hovered, it outlines the lane; clicked, it selects it.
void link_to_lane(App& app, const TraceModel& m, std::uint32_t future, const std::string& tooltip) {
    const auto lane = m.lane_of(future);
    if (ImGui::IsItemHovered()) {
        if (lane >= 0) app.timeline.linked_lane_next = lane;
        if (!tooltip.empty()) ImGui::SetTooltip("%s", tooltip.c_str());
    }
    if (lane >= 0 && ImGui::IsItemClicked()) app.timeline.selected_lane = lane;
}

std::string mirrors(CallbackKind kind) {
    return "mirrors " + std::string(kCallbackKinds[static_cast<std::size_t>(kind)].cpython);
}

void draw_pass(App& app, const TraceModel& m, const LoopMoment& at) {
    const Trace& trace = m.trace();
    const TracePass& pass = trace.passes[at.pass];
    ImGui::TextWrapped("It took the %u call%s the ready queue held when it began (%u timer%s due among them) and "
                       "runs them in that order:",
                       pass.ntodo, pass.ntodo == 1 ? "" : "s", pass.due, pass.due == 1 ? "" : "s");
    if (at.unordered)
        ImGui::TextColored(app.palette.warning,
                           "asyncio.run() is cancelling all_tasks(), a set: this order is Python's to choose.");
    const std::uint32_t from = at.callback > at.pass_begin + kShownAround ? at.callback - kShownAround : at.pass_begin;
    const std::uint32_t to = std::min(at.pass_end, at.callback + kShownAround + 1);
    if (from > at.pass_begin) ImGui::TextDisabled("... %u earlier callbacks of this pass", from - at.pass_begin);
    for (std::uint32_t c = from; c < to; ++c) {
        const TraceCallback& cb = trace.callbacks[c];
        const LoopMoment::Progress progress = at.progress(c);
        const char* mark = progress == LoopMoment::Progress::Running ? "▶" : progress == LoopMoment::Progress::Ran ? "✓" : " ";
        const std::string text = describe_callback(m, c);
        ImGui::PushID(static_cast<int>(c));
        const bool dim = progress == LoopMoment::Progress::Ran && c != at.callback;
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(dim ? ImGuiCol_TextDisabled : ImGuiCol_Text));
        char label[32];
        std::snprintf(label, sizeof label, "%s %u", mark, c - at.pass_begin + 1);
        ImGui::Selectable(label, c == at.callback, ImGuiSelectableFlags_SpanAllColumns);
        link_to_lane(app, m, cb.target, text + "\n" + mirrors(cb.kind));
        ImGui::SameLine();
        ImGui::TextWrapped("%s", text.c_str());
        ImGui::PopStyleColor();
        ImGui::PopID();
    }
    if (to < at.pass_end) ImGui::TextDisabled("... %u more callbacks of this pass", at.pass_end - to);
}

// One queued call: its place or deadline, what it will do, who queued it.
void draw_queued(App& app, const TraceModel& m, const QueuedCall& c, const char* label, std::size_t event) {
    const std::string text = describe_queued(m, c, event);
    if (c.cancelled) ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::Selectable(label, false, ImGuiSelectableFlags_SpanAllColumns);
    link_to_lane(app, m, c.target, text + "\n" + queued_by_text(m, c) + "\n" + mirrors(c.kind));
    ImGui::SameLine();
    ImGui::TextWrapped("%s", text.c_str());
    if (c.cancelled) ImGui::PopStyleColor();
}

void draw_ready(App& app, const TraceModel& m, const LoopState& s, std::size_t event) {
    const LoopQueues& q = s.queues;
    if (q.ready_total == 0) {
        ImGui::TextDisabled("Empty.");
        return;
    }
    for (std::size_t i = 0; i < q.ready.size(); ++i) {
        if (i == q.pass_left)
            ImGui::TextDisabled(q.pass_left == 0 ? "- all of these run in the next pass -" : "- behind: the next pass -");
        char label[32];
        std::snprintf(label, sizeof label, "%zu", i + 1);
        ImGui::PushID(static_cast<int>(i));
        draw_queued(app, m, q.ready[i], label, event);
        ImGui::PopID();
    }
    if (q.ready_total > q.ready.size()) ImGui::TextDisabled("... %zu more", q.ready_total - q.ready.size());
}

void draw_timers(App& app, const TraceModel& m, const LoopState& s, std::size_t event) {
    const LoopQueues& q = s.queues;
    if (q.timers_total == 0) {
        ImGui::TextDisabled("Empty.");
        return;
    }
    for (std::size_t i = 0; i < q.timers.size(); ++i) {
        char label[40];
        std::snprintf(label, sizeof label, "t=%.6f", q.timers[i].when);
        ImGui::PushID(static_cast<int>(i));
        draw_queued(app, m, q.timers[i], label, event);
        ImGui::PopID();
    }
    if (q.timers_total > q.timers.size()) ImGui::TextDisabled("... %zu more", q.timers_total - q.timers.size());
}

void draw_chains(App& app, const TraceModel& m, const LoopState& s) {
    const std::vector<AwaitChain>& chains = s.chains;
    if (chains.empty()) ImGui::TextDisabled("No task awaits anything.");
    for (std::size_t i = 0; i < chains.size(); ++i) {
        const AwaitChain& chain = chains[i];
        ImGui::PushID(static_cast<int>(i));
        for (std::size_t k = 0; k < chain.links.size(); ++k) {
            if (k > 0) {
                ImGui::SameLine();
                ImGui::TextDisabled("→");
                ImGui::SameLine();
            }
            ImGui::PushID(static_cast<int>(k));
            ImGui::TextUnformatted(chain_link_name(m, chain.links[k]).c_str());
            link_to_lane(app, m, chain.links[k], "");
            ImGui::PopID();
        }
        ImGui::SameLine();
        ImGui::TextDisabled("→ %s", chain.waits_on.c_str());
        ImGui::PopID();
    }
    if (chains.size() == kChainsShown) ImGui::TextDisabled("(the first %zu tasks that await no live task)", kChainsShown);
}
}  // namespace

void draw_loop_view(App& app) {
    const TraceModel* m = app.model();
    const Trace* trace = app.trace();
    if (m == nullptr || trace == nullptr) return;
    const std::size_t event = app.transport.playhead.event;
    const LoopState& s = app.loop_state.at(*m, event);
    const LoopMoment& at = s.moment;
    if (at.where == LoopMoment::Where::NoDetail) {
        ImGui::TextDisabled("This run's trace holds no loop work.");
        return;
    }
    if (trace->loop_detail.cut) {
        // The trace keeps the loop's detail for its first callbacks; the
        // same run again keeps all of it.
        const bool past = at.where == LoopMoment::Where::PastDetail;
        ImGui::PushStyleColor(ImGuiCol_Text, past ? app.palette.warning : ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
        ImGui::TextWrapped(past ? "This moment is past the first %zu callbacks, whose loop detail this run kept."
                                : "This run kept the loop's detail for its first %zu callbacks.",
                           static_cast<std::size_t>(trace->callbacks.size()));
        ImGui::PopStyleColor();
        if (app.session.running()) {
            ImGui::TextDisabled("running again…");
        } else {
            if (ImGui::Button("Run again keeping all of it")) app.session.keep_all_loop_detail();
            app.loop_rerun_rect = Rect{ImGui::GetItemRectMin().x, ImGui::GetItemRectMin().y, ImGui::GetItemRectSize().x,
                                       ImGui::GetItemRectSize().y};
        }
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("the same run (the engine is deterministic), recording every pass, callback and queue change: "
                              "slower, and more memory");
        if (past) return;
    }
    if (at.where == LoopMoment::Where::BeforeLoop) {
        ImGui::TextWrapped("The loop has not run a callback yet. Next: %s",
                           describe_callback(*m, 0).c_str());
    } else {
        const TracePass& pass = trace->passes[at.pass];
        // Two short lines: a wrapped one could break inside the time.
        ImGui::Text("Pass %u of _run_once", at.pass + 1);
        ImGui::Text("at t=%.6f", pass.time);
        const std::string now = describe_callback(*m, at.callback);
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::ColorConvertU32ToFloat4(app.palette.running));
        ImGui::TextWrapped(s.callback_running ? "Running: %s" : "Returned: %s", now.c_str());
        ImGui::PopStyleColor();
        link_to_lane(app, *m, trace->callbacks[at.callback].target, mirrors(trace->callbacks[at.callback].kind));
    }
    if (!s.known) {
        ImGui::TextDisabled("The queues are not known here.");
        return;
    }
    if (at.where == LoopMoment::Where::InPass &&
        ImGui::CollapsingHeader("This pass", ImGuiTreeNodeFlags_DefaultOpen))
        draw_pass(app, *m, at);
    char title[96];
    std::snprintf(title, sizeof title, "Ready queue: %zu call%s, front first###ready", s.queues.ready_total,
                  s.queues.ready_total == 1 ? "" : "s");
    if (ImGui::CollapsingHeader(title, ImGuiTreeNodeFlags_DefaultOpen)) draw_ready(app, *m, s, event);
    std::snprintf(title, sizeof title, "Timer heap: %zu timer%s, in the order heapq pops them###timers",
                  s.queues.timers_total, s.queues.timers_total == 1 ? "" : "s");
    if (ImGui::CollapsingHeader(title, ImGuiTreeNodeFlags_DefaultOpen)) draw_timers(app, *m, s, event);
    if (ImGui::CollapsingHeader("Who awaits whom", ImGuiTreeNodeFlags_DefaultOpen)) draw_chains(app, *m, s);
}

}  // namespace loopscope::gui
