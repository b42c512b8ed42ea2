#include "gui/trace_model.hpp"

#include <algorithm>
#include <cstdio>

#include "engine/asyncio.hpp"
#include "engine/exception.hpp"

namespace loopscope::gui {

std::string_view lane_state_name(LaneState s) {
    switch (s) {
        case LaneState::NotCreated: return "not created";
        case LaneState::Scheduled: return "scheduled";
        case LaneState::Running: return "running";
        case LaneState::Suspended: return "suspended";
        case LaneState::Finished: return "finished";
        case LaneState::Crashed: return "crashed";
        case LaneState::Cancelled: return "cancelled";
    }
    return "?";
}

// The recorder marks a FutureDone that carries an exception with flag 3
// (past FutureState's values). A trace from an older recorder only has the
// state: there an exception's repr `ClassName(args)` with a class the engine
// knows tells a crash from a result.
constexpr std::uint8_t kDoneCrashedFlag = 3;

bool done_with_exception(const Trace& trace, const TraceEvent& ev) {
    if (ev.kind != EventKind::FutureDone) return false;
    if (ev.flag == kDoneCrashedFlag) return true;
    if (ev.flag != static_cast<std::uint8_t>(FutureState::Finished)) return false;
    if (Trace::holds_number(ev.text)) return false;  // a result that is an int
    const std::string_view text = trace.str(ev.text);
    const auto paren = text.find('(');
    if (paren == std::string_view::npos || paren == 0) return false;
    return exc_types::find(text.substr(0, paren)) != nullptr;
}

DoneKind done_kind(const Trace& trace, const TraceEvent& ev) {
    if (ev.flag == static_cast<std::uint8_t>(FutureState::Cancelled)) return DoneKind::Cancelled;
    if (!done_with_exception(trace, ev)) return DoneKind::Finished;
    // A cancelled gather() is not CANCELLED: its _done_callback ends it with
    // set_exception(CancelledError) (gather in tasks.py), and awaiting it
    // raises CancelledError. It reads as cancelled, so it shows as cancelled.
    // (An exception's repr is always a string, never a number.)
    return trace.str(ev.text).starts_with("CancelledError(") ? DoneKind::Cancelled : DoneKind::Crashed;
}

TraceModel::TraceModel(const Trace& trace) : trace_(&trace) {
    end_time_ = trace.events.empty() ? 0.0 : trace.events.back().time;
    build_entities();
    build_tree();
    build_events();
    build_arrows();
    build_child_done();
}

std::size_t GroupNode::children_done_before(std::size_t event_index) const {
    return static_cast<std::size_t>(std::lower_bound(child_done_sorted.begin(), child_done_sorted.end(), event_index) -
                                    child_done_sorted.begin());
}

void TraceModel::build_child_done() {
    for (GroupNode& g : groups) {
        for (std::uint32_t child : trace_->groups[g.group].children) {
            std::uint32_t ev = kNone;
            if (auto l = lane_of(child); l >= 0) ev = lanes[static_cast<std::size_t>(l)].done_event;
            else if (auto cg = group_of(child); cg >= 0) ev = groups[static_cast<std::size_t>(cg)].done_event;
            if (ev != kNone) g.child_done_sorted.push_back(ev);
        }
        std::sort(g.child_done_sorted.begin(), g.child_done_sorted.end());
    }
}

std::int64_t TraceModel::lane_of(std::uint32_t future) const {
    return future < lane_index_.size() ? lane_index_[future] : -1;
}
std::int64_t TraceModel::group_of(std::uint32_t future) const {
    return future < group_index_.size() ? group_index_[future] : -1;
}

// ---- entities and the tree -------------------------------------------------

void TraceModel::build_entities() {
    const Trace& t = *trace_;
    // Ids may appear in events before the futures table knows them (or a hand
    // made trace may be sparse): size the maps by the largest id seen.
    std::size_t max_id = t.futures.size();
    for (const auto& g : t.groups) max_id = std::max<std::size_t>(max_id, g.group + 1);
    lane_index_.assign(max_id, -1);
    group_index_.assign(max_id, -1);
    t.for_each_future([&](std::uint32_t id, const TraceFuture& f) {
        if (f.kind != FutureKind::Task) return;
        lane_index_[id] = static_cast<std::int64_t>(lanes.size());
        lanes.push_back(Lane{id});
    });
    groups.resize(t.groups.size());
    for (std::size_t i = 0; i < t.groups.size(); ++i) {
        groups[i].group = static_cast<std::uint32_t>(i);
        group_index_[t.groups[i].group] = static_cast<std::int64_t>(i);
    }
}

void TraceModel::build_tree() {
    const Trace& t = *trace_;
    // Groups are created after their children (gather makes the tasks first),
    // so in creation order every child already has its home decided.
    std::vector<std::uint32_t> key(groups.size());
    for (std::size_t gi = 0; gi < t.groups.size(); ++gi) {
        GroupNode& node = groups[gi];
        std::uint32_t k = t.groups[gi].group;
        for (std::uint32_t child : t.groups[gi].children) {
            if (auto l = lane_of(child); l >= 0) {
                Lane& lane = lanes[static_cast<std::size_t>(l)];
                if (lane.parent_group == kNone && lane.future != t.groups[gi].owner) {
                    lane.parent_group = static_cast<std::uint32_t>(gi);
                    node.child_lanes.push_back(static_cast<std::uint32_t>(l));
                    node.child_order.push_back(0);
                    k = std::min(k, lane.future);
                }
            } else if (auto g = group_of(child); g >= 0 && static_cast<std::size_t>(g) < gi) {
                GroupNode& sub = groups[static_cast<std::size_t>(g)];
                if (sub.parent_group == kNone) {
                    sub.parent_group = static_cast<std::uint32_t>(gi);
                    node.child_groups.push_back(static_cast<std::uint32_t>(g));
                    node.child_order.push_back(1);
                    k = std::min(k, key[static_cast<std::size_t>(g)]);
                }
            }
        }
        key[gi] = k;
    }
    std::vector<std::pair<std::uint32_t, TopItem>> items;
    for (std::size_t l = 0; l < lanes.size(); ++l)
        if (lanes[l].parent_group == kNone)
            items.push_back({lanes[l].future, TopItem{false, static_cast<std::uint32_t>(l)}});
    for (std::size_t g = 0; g < groups.size(); ++g)
        if (groups[g].parent_group == kNone)
            items.push_back({key[g], TopItem{true, static_cast<std::uint32_t>(g)}});
    // A group sorts just before its first task, a lane by its id: ties go to
    // the group so that its header comes first.
    std::stable_sort(items.begin(), items.end(), [](const auto& a, const auto& b) {
        if (a.first != b.first) return a.first < b.first;
        return a.second.is_group && !b.second.is_group;
    });
    top.reserve(items.size());
    for (const auto& it : items) top.push_back(it.second);
}

// ---- per-entity events -----------------------------------------------------

namespace {
// The entity an event belongs to, or 0 when it belongs to no row.
std::uint32_t entity_of(const TraceModel& m, const TraceEvent& ev) {
    switch (ev.kind) {
        case EventKind::TaskCreated:
        case EventKind::StepBegin:
        case EventKind::StepEnd:
        case EventKind::Printed: return m.lane_of(ev.subject) >= 0 ? ev.subject : 0;
        case EventKind::FutureDone:
        case EventKind::CancelRequested:
        case EventKind::GroupCreated:
        case EventKind::GroupFinished:
            return (m.lane_of(ev.subject) >= 0 || m.group_of(ev.subject) >= 0) ? ev.subject : 0;
    }
    return 0;
}
}  // namespace

void TraceModel::build_events() {
    const Trace& t = *trace_;
    const std::size_t n = lane_index_.size();
    offsets_.assign(n + 1, 0);
    for (const TraceEvent& ev : t.events)
        if (std::uint32_t e = entity_of(*this, ev); e != 0) ++offsets_[e + 1];
    for (std::size_t i = 0; i < n; ++i) offsets_[i + 1] += offsets_[i];
    entity_events_.resize(offsets_[n]);
    std::vector<std::uint32_t> fill(offsets_.begin(), offsets_.end() - 1);
    for (std::uint32_t i = 0; i < t.events.size(); ++i) {
        const TraceEvent& ev = t.events[i];
        const std::uint32_t e = entity_of(*this, ev);
        if (e == 0) continue;
        entity_events_[fill[e]++] = i;
        const auto l = lane_of(e);
        const auto g = group_of(e);
        if (ev.kind == EventKind::TaskCreated && l >= 0) {
            lanes[static_cast<std::size_t>(l)].start = ev.time;
        } else if (ev.kind == EventKind::GroupCreated && g >= 0) {
            groups[static_cast<std::size_t>(g)].created_event = i;
            groups[static_cast<std::size_t>(g)].start = ev.time;
        } else if (ev.kind == EventKind::GroupFinished && g >= 0) {
            GroupNode& node = groups[static_cast<std::size_t>(g)];
            node.finished_event = i;
            // wait_for and as_completed have no future of their own that
            // completes: the call's end is the group's.
            if (node.done_event == kNone) {
                node.end = ev.time;
                switch (static_cast<GroupEnd>(ev.flag)) {
                    case GroupEnd::Returned: node.done = DoneKind::Finished; break;
                    case GroupEnd::NeverReturned: node.done = DoneKind::Cancelled; break;
                    case GroupEnd::TimedOut:
                    case GroupEnd::Raised: node.done = DoneKind::Crashed; break;
                }
            }
        } else if (ev.kind == EventKind::FutureDone) {
            if (l >= 0) {
                Lane& lane = lanes[static_cast<std::size_t>(l)];
                lane.end = ev.time;
                lane.done_event = i;
                lane.done = done_kind(t, ev);
            }
            if (g >= 0) {
                GroupNode& node = groups[static_cast<std::size_t>(g)];
                node.end = ev.time;
                node.done_event = i;
                node.done = done_kind(t, ev);
            }
        }
    }
}

TraceModel::Span TraceModel::events_of(std::uint32_t future) const {
    if (future + 1 >= offsets_.size()) return {};
    const std::uint32_t* base = entity_events_.data();
    return {base + offsets_[future], base + offsets_[future + 1]};
}

// ---- arrows ------------------------------------------------------------------

void TraceModel::build_arrows() {
    const Trace& t = *trace_;
    const std::size_t n = lane_index_.size();
    auto is_entity = [&](std::uint32_t f) { return lane_of(f) >= 0 || group_of(f) >= 0; };
    std::vector<std::uint32_t> awaiting(n, 0);     // what a task last awaited

    for (std::uint32_t i = 0; i < t.events.size(); ++i) {
        const TraceEvent& ev = t.events[i];
        switch (ev.kind) {
            case EventKind::StepEnd:
                if (ev.subject < n) awaiting[ev.subject] = ev.other < n ? ev.other : 0;
                if (ev.other != 0 && ev.other < n && is_entity(ev.other)) {
                    arrows.push_back({ArrowKind::Awaits, ev.subject, ev.other, i, ev.time, ev.time});
                }
                break;
            case EventKind::StepBegin: {
                // An exception thrown into a task that awaited a row: the
                // awaited thing's crash or cancellation reached it.
                if (ev.text == kNoString || ev.subject >= n) break;
                const std::uint32_t from = awaiting[ev.subject];
                if (from == 0 || !is_entity(from)) break;
                DoneKind d = DoneKind::Pending;
                double t_from = ev.time;
                if (auto l = lane_of(from); l >= 0) {
                    d = lanes[static_cast<std::size_t>(l)].done;
                    t_from = lanes[static_cast<std::size_t>(l)].end;
                } else if (auto g = group_of(from); g >= 0) {
                    d = groups[static_cast<std::size_t>(g)].done;
                    t_from = groups[static_cast<std::size_t>(g)].end;
                }
                if (d == DoneKind::Crashed || d == DoneKind::Cancelled)
                    arrows.push_back({d == DoneKind::Crashed ? ArrowKind::ExceptionPropagated
                                                            : ArrowKind::CancelPropagated,
                                      from, ev.subject, i, std::min(t_from, ev.time), ev.time});
                break;
            }
            case EventKind::CancelRequested: {
                // Who passed the cancellation on, as the trace's cause says:
                // a gather cancelling its children, a task cancelling what it
                // awaits (Task.cancel -> _fut_waiter.cancel()), a TaskGroup
                // cancelling on a child's error, or the task that called cancel().
                const std::uint32_t x = ev.subject;
                if (x >= n || !is_entity(x)) break;
                const TraceCancel& c = t.cancel(ev);
                std::uint32_t from = 0;
                switch (c.cause) {
                    case CancelCause::Kind::Group:
                    case CancelCause::Kind::Awaiter:
                    case CancelCause::Kind::TaskGroup: from = c.source; break;
                    case CancelCause::Kind::Code: from = c.requester; break;
                    default: break;
                }
                if (from != 0 && from != x && from < n && is_entity(from))
                    arrows.push_back({ArrowKind::CancelPropagated, from, x, i, ev.time, ev.time});
                break;
            }
            case EventKind::FutureDone: {
                // gather without return_exceptions: the first child's crash
                // becomes the group's exception.
                const auto g = group_of(ev.subject);
                if (g < 0 || done_kind(t, ev) != DoneKind::Crashed) break;
                std::uint32_t best = 0, best_event = kNone;
                double best_time = ev.time;
                for (std::uint32_t child : t.groups[static_cast<std::size_t>(g)].children) {
                    std::uint32_t de = kNone;
                    double dt = 0;
                    DoneKind dk = DoneKind::Pending;
                    if (auto l = lane_of(child); l >= 0) {
                        const Lane& lane = lanes[static_cast<std::size_t>(l)];
                        de = lane.done_event, dt = lane.end, dk = lane.done;
                    } else if (auto cg = group_of(child); cg >= 0) {
                        const GroupNode& sub = groups[static_cast<std::size_t>(cg)];
                        de = sub.done_event, dt = sub.end, dk = sub.done;
                    }
                    if (dk == DoneKind::Crashed && de < i && (best_event == kNone || de < best_event))
                        best = child, best_event = de, best_time = dt;
                }
                if (best != 0)
                    arrows.push_back({ArrowKind::ExceptionPropagated, best, ev.subject, i, best_time, ev.time});
                break;
            }
            default: break;
        }
    }
    // Index by target so that a frame finds the arrows of its visible rows.
    arrow_offsets_.assign(n + 1, 0);
    for (const Arrow& a : arrows) ++arrow_offsets_[a.to + 1];
    for (std::size_t i = 0; i < n; ++i) arrow_offsets_[i + 1] += arrow_offsets_[i];
    std::vector<Arrow> sorted(arrows.size());
    std::vector<std::uint32_t> fill(arrow_offsets_.begin(), arrow_offsets_.end() - 1);
    for (const Arrow& a : arrows) sorted[fill[a.to]++] = a;
    arrows = std::move(sorted);
}

std::pair<const Arrow*, const Arrow*> TraceModel::arrows_to(std::uint32_t future) const {
    if (future + 1 >= arrow_offsets_.size()) return {nullptr, nullptr};
    return {arrows.data() + arrow_offsets_[future], arrows.data() + arrow_offsets_[future + 1]};
}

// ---- queries -----------------------------------------------------------------

LaneStatus TraceModel::lane_status(const Lane& lane, std::size_t event_index) const {
    LaneStatus st;
    const Span span = events_of(lane.future);
    const std::uint32_t* end = std::lower_bound(span.begin(), span.end(), event_index);
    if (end == span.begin()) return st;
    st.last_event = *(end - 1);
    if (lane.done_event != kNone && lane.done_event < event_index) {
        st.state = lane.done == DoneKind::Crashed     ? LaneState::Crashed
                   : lane.done == DoneKind::Cancelled ? LaneState::Cancelled
                                                      : LaneState::Finished;
        return st;
    }
    const auto& events = trace_->events;
    bool state_known = false;
    for (const std::uint32_t* it = end; it != span.begin();) {
        const TraceEvent& ev = events[*--it];
        if (ev.kind == EventKind::CancelRequested) {
            if (!state_known) st.cancel_requested = true;
            continue;
        }
        if (state_known) break;
        state_known = true;
        switch (ev.kind) {
            case EventKind::TaskCreated: st.state = LaneState::Scheduled; break;
            case EventKind::StepBegin:
            case EventKind::Printed: st.state = LaneState::Running; break;
            case EventKind::StepEnd:
                if (ev.other != 0) {
                    st.state = LaneState::Suspended;
                    st.awaiting = ev.other;
                } else {
                    st.state = LaneState::Scheduled;  // a bare yield: back in the ready queue
                }
                break;
            default: st.state = LaneState::Scheduled; break;
        }
        // A pending cancel only matters until the step that delivers it.
        if (ev.kind == EventKind::StepBegin || ev.kind == EventKind::Printed) st.cancel_requested = false;
        break;
    }
    return st;
}

std::int32_t TraceModel::lane_line(const Lane& lane, std::size_t event_index) const {
    const Span span = events_of(lane.future);
    const std::uint32_t* end = std::lower_bound(span.begin(), span.end(), event_index);
    for (const std::uint32_t* it = end; it != span.begin();) {
        const TraceEvent& ev = trace_->events[*--it];
        // StepEnd's text slot holds the line number itself, not a string index.
        if (ev.kind == EventKind::StepEnd && ev.text != kNoString) return static_cast<std::int32_t>(ev.text);
    }
    return 0;
}

std::uint32_t TraceModel::last_cancel_request(std::uint32_t future, std::size_t event_index) const {
    const Span span = events_of(future);
    const std::uint32_t* end = std::lower_bound(span.begin(), span.end(), event_index);
    for (const std::uint32_t* it = end; it != span.begin();) {
        --it;
        if (trace_->events[*it].kind == EventKind::CancelRequested) return *it;
    }
    return kNone;
}

std::string TraceModel::lane_name(const Lane& lane) const { return future_name(lane.future); }

std::string TraceModel::lane_function(const Lane& lane) const {
    const TraceFuture* f = trace_->future(lane.future);
    return f ? std::string(trace_->str(f->function)) : std::string();
}

std::string TraceModel::lane_call(const Lane& lane) const {
    if (const std::string_view call = trace_->call_text(lane.future); !call.empty()) return std::string(call);
    return lane_function(lane);
}

std::string_view TraceModel::group_label(const GroupNode& g) const {
    return trace_->str(trace_->groups[g.group].label);
}

std::string TraceModel::group_title(const GroupNode& g) const {
    const TraceGroup& tg = trace_->groups[g.group];
    std::string title;
    if (const auto label = trace_->str(tg.label); !label.empty()) title = std::string(label) + " = ";
    const std::string count = std::to_string(tg.children.size());
    // The timeout as the program got it (Python's repr), so that a value
    // that is not what the user typed shows as it is.
    auto timeout = [&](const char* name) { return tg.timeout < 0 ? std::string() : name + aio::optional_repr(tg.timeout); };
    switch (tg.kind) {
        case GroupInfo::Kind::Gather:
            title += "gather(" + count + (tg.return_exceptions ? ", return_exceptions" : "") + ")";
            break;
        case GroupInfo::Kind::Wait:
            title += "wait(" + count;
            if (const auto rw = trace_->str(tg.return_when); !rw.empty()) title += ", " + std::string(rw);
            title += timeout(", timeout=") + ")";
            break;
        case GroupInfo::Kind::WaitFor:
            title += "wait_for(" + (tg.children.empty() ? std::string("coroutine") : future_name(tg.children.front())) +
                     (tg.timeout < 0 ? ", timeout=None" : timeout(", timeout=")) + ")";
            break;
        case GroupInfo::Kind::AsCompleted: title += "as_completed(" + count + timeout(", timeout=") + ")"; break;
    }
    return title;
}

std::string TraceModel::group_end_text(const GroupNode& g, std::size_t event_index) const {
    const TraceGroup& tg = trace_->groups[g.group];
    if (g.finished_event == kNone || g.finished_event >= event_index) {
        if (g.created_event != kNone && g.created_event >= event_index) return "not called yet";
        return tg.kind == GroupInfo::Kind::AsCompleted ? "iterating" : "waiting";
    }
    std::string text(group_end_name(tg.end));
    if (tg.kind == GroupInfo::Kind::Wait && tg.end != GroupEnd::NeverReturned)
        text += " (done " + std::to_string(tg.done.size()) + ", pending " + std::to_string(tg.pending.size()) + ")";
    if (tg.kind == GroupInfo::Kind::AsCompleted && tg.end == GroupEnd::Returned) text = "all completed";
    char at[48];
    std::snprintf(at, sizeof at, " at t=%.6f", tg.ended_at);
    return text + at;
}

std::string TraceModel::cancel_cause_text(std::uint32_t cancel_event) const {
    const TraceEvent& e = trace_->events[cancel_event];
    const TraceCancel& c = trace_->cancel(e);
    const std::string detail(trace_->str(c.detail));
    switch (c.cause) {
        case CancelCause::Kind::Code: {
            std::string text = (c.requester != 0 ? future_name(c.requester) : std::string("the program")) + " called cancel()";
            if (c.line > 0) text += " at line " + std::to_string(c.line);
            return text;
        }
        case CancelCause::Kind::LoopCallback:
            return "a loop callback called cancel()" + (c.line > 0 ? " at line " + std::to_string(c.line) : std::string());
        case CancelCause::Kind::Intervention: return "intervention: " + detail;
        case CancelCause::Kind::Group: {
            const auto g = group_of(c.source);
            const std::string who = g >= 0 ? group_title(groups[static_cast<std::size_t>(g)]) : future_name(c.source);
            return who + " was cancelled, so it cancelled its children";
        }
        case CancelCause::Kind::Awaiter: return future_name(c.source) + " was cancelled, so it cancelled what it awaits";
        case CancelCause::Kind::Shutdown: {
            // main is Task-1, the first lane (runners.py creates it first).
            std::string text = "asyncio.run() shutdown: main had ";
            if (lanes.empty() || lanes.front().done_event == kNone || lanes.front().done_event > cancel_event) return text + "finished";
            const TraceEvent& d = trace_->events[lanes.front().done_event];
            switch (done_kind(*trace_, d)) {
                case DoneKind::Crashed: return text + "raised " + trace_->text(d.text);
                case DoneKind::Cancelled: return text + "been cancelled";
                default: return text + "returned";
            }
        }
        case CancelCause::Kind::Timeout: return detail + " expired";
        case CancelCause::Kind::TaskGroup: return "TaskGroup aborted: " + future_name(c.source) + " raised " + detail;
    }
    return "?";
}

std::string TraceModel::cancel_chain_text(std::uint32_t cancel_event) const {
    std::vector<std::uint32_t> chain{cancel_event};
    // A cause passed on names its source, whose own latest cancel request
    // (before this one) is the link before; bounded, in case of a cycle.
    for (int links = 0; links < 32; ++links) {
        const TraceEvent& e = trace_->events[chain.back()];
        const TraceCancel& c = trace_->cancel(e);
        if ((c.cause != CancelCause::Kind::Group && c.cause != CancelCause::Kind::Awaiter) || c.source == 0) break;
        const std::uint32_t before = last_cancel_request(c.source, chain.back());
        if (before == kNone) break;
        chain.push_back(before);
    }
    std::string text;
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) text += (text.empty() ? "" : " \u2192 ") + cancel_cause_text(*it);
    return text;
}

std::string TraceModel::future_name(std::uint32_t future) const {
    if (auto g = group_of(future); g >= 0) {
        const auto label = group_label(groups[static_cast<std::size_t>(g)]);
        if (!label.empty()) return std::string(label);
    }
    const TraceFuture* f = trace_->future(future);
    if (f == nullptr) return "future #" + std::to_string(future);
    return trace_->name(*f);
}

}  // namespace loopscope::gui
