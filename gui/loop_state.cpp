#include "gui/loop_state.hpp"

#include <cstdio>
#include <unordered_map>

#include "gui/trace_model.hpp"

namespace loopscope::gui {

namespace {

bool group_live(const GroupNode& g, std::size_t event) { return g.done_event == kNone || g.done_event >= event; }

// The timer that will end a sleep future, if it is in the heap.
const QueuedCall* timer_of(const std::vector<QueuedCall>& timers, std::uint32_t future) {
    for (const QueuedCall& c : timers)
        if (c.target == future) return &c;
    return nullptr;
}

std::string time_text(double t) {
    char text[32];
    std::snprintf(text, sizeof text, "t=%.6f", t);
    return text;
}

}  // namespace

const LoopState& LoopStateCache::at(const TraceModel& m, std::size_t event) {
    const Trace& trace = m.trace();
    if (&trace == trace_ && event == event_) return state_;
    if (&trace != trace_) {
        trace_ = &trace;
        replay_.reset();
    }
    event_ = event;
    state_ = LoopState{};
    state_.moment = loop_moment(trace, event);
    if (state_.moment.where == LoopMoment::Where::NoDetail || state_.moment.where == LoopMoment::Where::PastDetail)
        return state_;
    // Before the first callback its call is still queued; a callback runs
    // once taken, and has returned once its events are over.
    const bool before_loop = state_.moment.where == LoopMoment::Where::BeforeLoop;
    const std::uint32_t callback = before_loop ? 0 : state_.moment.callback;
    const Stage stage = before_loop ? Stage::Before : state_.moment.callback_done ? Stage::Through : Stage::Running;
    const std::uint64_t position = std::uint64_t{callback} * 3 + static_cast<std::uint64_t>(stage);
    if (replay_ == nullptr || position < position_) {
        replay_ = std::make_unique<LoopReplay>(trace);
        position_ = kNowhere;
    }
    if (position != position_) {
        switch (stage) {
            case Stage::Before: replay_->run_before(callback); break;
            case Stage::Running: replay_->run_to(callback); break;
            case Stage::Through: replay_->run_through(callback); break;
        }
        position_ = position;
    }
    state_.queues = replay_->queues(kQueueShown);
    state_.callback_running = stage == Stage::Running;
    state_.known = replay_->consistent() && !(trace.loop_detail.cut && callback + 1 >= trace.callbacks.size());
    // The chains, and for those that end on a sleep, its timer in the heap.
    state_.chains = await_chains(m, event, kChainsShown);
    if (state_.known) {
        std::vector<std::uint32_t> awaited;
        for (const AwaitChain& c : state_.chains)
            if (c.awaits != 0) awaited.push_back(c.awaits);
        const std::vector<QueuedCall> timers = replay_->sleep_timers(awaited);
        for (AwaitChain& c : state_.chains)
            if (const QueuedCall* timer = timer_of(timers, c.awaits))
                c.waits_on = "a sleep, its timer at " + time_text(timer->when) + (timer->cancelled ? " (cancelled)" : "");
    }
    return state_;
}

std::string chain_link_name(const TraceModel& m, std::uint32_t future) {
    if (m.lane_of(future) >= 0) {
        const Lane& lane = m.lanes[static_cast<std::size_t>(m.lane_of(future))];
        return m.lane_name(lane) + " " + m.lane_function(lane);
    }
    if (const auto g = m.group_of(future); g >= 0) {
        const GroupNode& node = m.groups[static_cast<std::size_t>(g)];
        return m.group_label(node).empty() ? m.group_title(node) : std::string(m.group_label(node));
    }
    return m.future_name(future);
}


std::vector<AwaitChain> await_chains(const TraceModel& m, std::size_t event, std::size_t cap) {
    // Who awaits each live task and group: a task awaiting it directly
    // (preferred), else the live group it is a child of.
    std::unordered_map<std::uint32_t, std::uint32_t> awaiter;
    std::unordered_map<std::uint32_t, LaneStatus> live;
    for (const Lane& lane : m.lanes) {
        const LaneStatus st = m.lane_status(lane, event);
        if (st.state == LaneState::NotCreated || st.state == LaneState::Finished || st.state == LaneState::Crashed ||
            st.state == LaneState::Cancelled)
            continue;
        live.emplace(lane.future, st);
    }
    const auto is_live = [&](std::uint32_t f) {
        if (live.contains(f)) return true;
        const auto g = m.group_of(f);
        return g >= 0 && group_live(m.groups[static_cast<std::size_t>(g)], event) &&
               m.groups[static_cast<std::size_t>(g)].created_event < event;
    };
    for (const auto& [task, st] : live)
        if (st.state == LaneState::Suspended && st.awaiting != 0 && is_live(st.awaiting)) awaiter[st.awaiting] = task;
    for (const GroupNode& g : m.groups) {
        if (!group_live(g, event) || g.created_event >= event) continue;
        const TraceGroup& tg = m.trace().groups[g.group];
        for (const std::uint32_t child : tg.children)
            if (is_live(child)) awaiter.emplace(child, tg.group);
    }
    std::vector<AwaitChain> out;
    for (const Lane& lane : m.lanes) {  // creation order
        const auto it = live.find(lane.future);
        if (it == live.end()) continue;
        const LaneStatus& st = it->second;
        if (st.state == LaneState::Suspended && st.awaiting != 0 && is_live(st.awaiting)) continue;  // not a leaf
        if (out.size() == cap) break;
        AwaitChain chain;
        for (std::uint32_t f = lane.future; chain.links.size() < 32;) {
            chain.links.insert(chain.links.begin(), f);
            const auto up = awaiter.find(f);
            if (up == awaiter.end()) break;
            f = up->second;
        }
        switch (st.state) {
            case LaneState::Scheduled: chain.waits_on = "ready: its next __step is queued"; break;
            case LaneState::Running: chain.waits_on = "running"; break;
            default: {
                chain.awaits = st.awaiting;
                chain.waits_on = m.future_name(st.awaiting);
                break;
            }
        }
        out.push_back(std::move(chain));
    }
    return out;
}

std::string queued_by_text(const TraceModel& m, const QueuedCall& call) {
    const std::string line = call.line != 0 ? ", at line " + std::to_string(call.line) : std::string();
    if (call.queued_by == kNoPass || call.queued_by >= m.trace().callbacks.size())
        return "queued before the loop ran its first callback" + line;
    const TraceCallback& by = m.trace().callbacks[call.queued_by];
    const std::string target = by.target != 0 ? " of " + m.future_name(by.target) : std::string();
    return "queued by " + std::string(callback_kind_name(by.kind)) + target + line;
}

std::string describe_queued(const TraceModel& m, const QueuedCall& call, std::size_t event) {
    const std::string name(callback_kind_name(call.kind));
    const std::string target = call.target != 0 ? m.future_name(call.target) : std::string("?");
    const auto says = [&name](const std::string& what) { return name + ": " + what; };
    const auto cancel_pending = [&] {
        const auto lane = m.lane_of(call.target);
        return lane >= 0 && m.lane_status(m.lanes[static_cast<std::size_t>(lane)], event).cancel_requested;
    };
    std::string text;
    switch (call.kind) {
        case CallbackKind::TaskStep:
            text = says(cancel_pending() ? "throws CancelledError into " + target + "'s coroutine (a cancel is pending)"
                                         : "runs " + target + "'s coroutine to its next await");
            break;
        case CallbackKind::TaskWakeup: {
            std::string awaited = call.other != 0 ? m.future_name(call.other) : std::string("what it awaited");
            std::string how;
            if (cancel_pending()) {
                // task.cancel() cancelled the future it awaited: result() raises.
                how = ", so CancelledError is thrown in (a cancel is pending)";
            } else if (const auto lane = m.lane_of(call.other); lane >= 0) {
                const DoneKind d = m.lanes[static_cast<std::size_t>(lane)].done;
                how = d == DoneKind::Cancelled ? ", so CancelledError is thrown in"
                      : d == DoneKind::Crashed ? ", so its exception is thrown in" : "";
            } else if (const auto g = m.group_of(call.other); g >= 0) {
                const DoneKind d = m.groups[static_cast<std::size_t>(g)].done;
                how = d == DoneKind::Cancelled ? ", so CancelledError is thrown in"
                      : d == DoneKind::Crashed ? ", so its exception is thrown in" : "";
            }
            text = says("resumes " + target + "'s coroutine: " + awaited + " is done" + how);
            break;
        }
        case CallbackKind::GatherDone: text = says(target + " is done: its gather counts it"); break;
        case CallbackKind::WaitOnCompletion: text = says(target + " is done: wait() counts it"); break;
        case CallbackKind::SetResultUnlessCancelled: text = says("a sleep ends: its future gets its result"); break;
        case CallbackKind::ReleaseWaiter: text = says("wakes wait()'s waiter (" + target + ")"); break;
        case CallbackKind::ShieldInnerDone: text = says("the shielded " + target + " is done: passes its outcome on"); break;
        case CallbackKind::ShieldOuterDone: text = says("the shield's outer future is done"); break;
        case CallbackKind::TimeoutOnTimeout: text = says("the deadline: cancels the task in the block"); break;
        case CallbackKind::TaskGroupOnTaskDone: text = says(target + " is done: the TaskGroup counts it"); break;
        case CallbackKind::AsCompletedOnCompletion: text = says(target + " is done: as_completed hands it out"); break;
        case CallbackKind::AsCompletedOnTimeout: text = says("as_completed's timeout"); break;
        case CallbackKind::RunUntilCompleteCb: text = says(target + " is done: the loop stops"); break;
        case CallbackKind::InterventionCancel: text = says("your cancel, as the timer fires"); break;
        case CallbackKind::Python: text = "calls " + std::string(m.trace().str(call.other)) + "()"; break;
        case CallbackKind::Unknown: text = name; break;
    }
    if (call.cancelled) text += call.timer ? "  [cancelled: dropped, never run]" : "  [cancelled: skipped]";
    return text;
}

}  // namespace loopscope::gui
