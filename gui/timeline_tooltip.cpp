// Hover tooltips of the timeline: a lane's story at the time under the
// mouse, a group's state there, one marker's event. Every line says what
// asyncio had done by then, never more.
#include "gui/timeline_tooltip.hpp"

#include <imgui.h>

#include <string>

#include "gui/timeline_draw.hpp"

namespace loopscope::gui {

namespace {
void cancel_line(const TraceModel& m, std::uint32_t future, std::size_t at) {
    const std::uint32_t ev = m.last_cancel_request(future, at);
    if (ev == kNone) return;
    ImGui::Text("cancel() at t=%.6f", m.trace().events[ev].time);
    ImGui::TextWrapped("  why: %s", m.cancel_chain_text(ev).c_str());
}

void outcome_line(const TraceModel& m, std::uint32_t done_event, std::size_t at) {
    if (done_event == kNone || done_event >= at) return;
    const TraceEvent& e = m.trace().events[done_event];
    const std::string text = m.trace().text(e.text);
    switch (done_kind(m.trace(), e)) {
        case DoneKind::Finished: ImGui::Text("result: %s", text.c_str()); break;
        case DoneKind::Crashed: ImGui::Text("exception: %s", text.c_str()); break;
        case DoneKind::Cancelled: ImGui::Text("cancelled%s%s at t=%.6f", text.empty() ? "" : ": ", text.c_str(), e.time); break;
        case DoneKind::Pending: break;
    }
}

void moment_line(const HoverMoment& when) {
    if (when.clamped_to_playhead) ImGui::TextDisabled("at t=%.6f (the playhead: later is not shown yet)", when.time);
    else ImGui::TextDisabled("at t=%.6f (under the mouse)", when.time);
}

bool waiting_call(const TraceGroup& tg) { return tg.kind != GroupInfo::Kind::Gather; }
}  // namespace

void lane_tooltip(const TraceModel& m, const Lane& lane, const HoverMoment& when) {
    ImGui::BeginTooltip();
    const std::size_t at = when.event;
    const LaneStatus st = m.lane_status(lane, at);
    ImGui::Text("%s", m.lane_name(lane).c_str());
    if (const std::string call = m.lane_call(lane); call.find('(') != std::string::npos)
        ImGui::TextDisabled("coroutine %s", call.c_str());
    else
        ImGui::TextDisabled("coroutine %s()", call.c_str());
    moment_line(when);
    ImGui::Text("state: %s", std::string(lane_state_name(st.state)).c_str());
    if (st.state == LaneState::Suspended) ImGui::Text("awaits: %s", m.future_name(st.awaiting).c_str());
    if (st.cancel_requested) ImGui::TextUnformatted("a cancellation is pending (delivered at its next step)");
    outcome_line(m, lane.done_event, at);
    cancel_line(m, lane.future, at);
    if (const TraceFuture* f = m.trace().future(lane.future); f && f->creator != 0)
        ImGui::TextDisabled("created by %s at t=%.6f", m.future_name(f->creator).c_str(), lane.start);
    ImGui::EndTooltip();
}

void group_tooltip(const TraceModel& m, const GroupNode& g, const HoverMoment& when) {
    ImGui::BeginTooltip();
    const std::size_t at = when.event;
    const TraceGroup& tg = m.trace().groups[g.group];
    ImGui::Text("%s", m.group_title(g).c_str());
    if (tg.owner != 0) ImGui::TextDisabled("called by %s", m.future_name(tg.owner).c_str());
    moment_line(when);
    ImGui::Text("children done: %zu / %zu", g.children_done_before(at), tg.children.size());
    if (waiting_call(tg)) {
        ImGui::Text("%s: %s", std::string(group_kind_name(tg.kind)).c_str(), m.group_end_text(g, at).c_str());
    } else {
        outcome_line(m, g.done_event, at);
    }
    cancel_line(m, tg.group, at);
    ImGui::EndTooltip();
}

void event_tooltip(const TraceModel& m, std::uint32_t event_index, std::uint32_t folded_count) {
    const Trace& t = m.trace();
    const TraceEvent& e = t.events[event_index];
    ImGui::BeginTooltip();
    ImGui::Text("%s  %s", marker_name(marker_of(t, e)), m.future_name(e.subject).c_str());
    ImGui::TextDisabled("t=%.6f  event #%u", e.time, event_index);
    const std::string text = t.text(e.text);
    switch (e.kind) {
        case EventKind::TaskCreated:
            ImGui::Text("created by %s", e.other == 0 ? "the loop" : m.future_name(e.other).c_str());
            break;
        case EventKind::CancelRequested:
            ImGui::TextWrapped("why: %s", m.cancel_chain_text(event_index).c_str());
            if (!text.empty()) ImGui::Text("msg: %s", text.c_str());
            break;
        case EventKind::FutureDone:
            if (!text.empty()) ImGui::Text("%s", text.c_str());
            break;
        case EventKind::GroupFinished:
            if (const auto g = m.group_of(e.subject); g >= 0)
                ImGui::Text("%s", m.group_end_text(m.groups[static_cast<std::size_t>(g)], event_index + 1).c_str());
            break;
        default: break;
    }
    if (folded_count > 1) ImGui::TextDisabled("(+%u more here: zoom in)", folded_count - 1);
    ImGui::EndTooltip();
}

}  // namespace loopscope::gui
