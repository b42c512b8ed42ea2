#include "gui/loop_moment.hpp"

#include <algorithm>

#include "engine/callback_kind.hpp"
#include "gui/trace_model.hpp"

namespace loopscope::gui {

std::size_t callback_end_event(const Trace& trace, std::uint32_t c) {
    return c + 1 < trace.callbacks.size() ? trace.callbacks[c + 1].first_event : trace.events.size();
}

std::size_t pass_end_event(const Trace& trace, std::uint32_t pass) {
    return pass + 1 < trace.passes.size() ? trace.passes[pass + 1].first_event : trace.events.size();
}

LoopMoment loop_moment(const Trace& trace, std::size_t event) {
    LoopMoment m;
    if (trace.callbacks.size() == 0 || trace.passes.size() == 0) return m;
    m.where = LoopMoment::Where::BeforeLoop;
    if (event == 0) return m;
    // The last callback whose first event has happened: events [0, event)
    // have, so callbacks with first_event < event started (several that
    // caused no event share the next one's first_event).
    const std::size_t last = std::min(event, trace.events.size()) - 1;
    std::uint32_t lo = 0, hi = static_cast<std::uint32_t>(trace.callbacks.size());
    if (trace.callbacks[0].first_event > last) return m;
    while (hi - lo > 1) {
        const std::uint32_t mid = lo + (hi - lo) / 2;
        if (trace.callbacks[mid].first_event <= last) lo = mid; else hi = mid;
    }
    // The last callback a cut trace kept ends who knows where: what follows
    // its first event is past the detail.
    if (trace.loop_detail.cut && lo + 1 == trace.callbacks.size() && event > trace.callbacks[lo].first_event + 1) {
        m.where = LoopMoment::Where::PastDetail;
        return m;
    }
    m.where = LoopMoment::Where::InPass;
    m.callback = lo;
    m.callback_done = callback_end_event(trace, lo) <= event;
    m.pass = trace.pass_of(lo);
    m.pass_begin = trace.passes[m.pass].first_callback;
    m.pass_end = m.pass + 1 < trace.passes.size() ? trace.passes[m.pass + 1].first_callback
                                                  : static_cast<std::uint32_t>(trace.callbacks.size());
    m.unordered = trace.loop_detail.unordered_from_pass != kNoPass && m.pass >= trace.loop_detail.unordered_from_pass;
    return m;
}

std::string describe_callback(const TraceModel& m, std::uint32_t c) {
    const TraceCallback& cb = m.trace().callbacks[c];
    const std::string name(callback_kind_name(cb.kind));
    const std::string target = cb.target != 0 ? m.future_name(cb.target) : std::string("?");
    auto says = [&name](const std::string& what) { return name + ": " + what; };
    // The first event a callback caused: a step says whether it throws
    // something in, a cancel says what it cancelled.
    const Trace& t = m.trace();
    const bool has_event = cb.first_event < callback_end_event(t, c);  // one that caused none shares the next's
    const TraceEvent first = has_event ? t.events[cb.first_event] : TraceEvent{};
    const bool throws = has_event && first.kind == EventKind::StepBegin && first.subject == cb.target && first.text != kNoString;
    const std::string thrown = throws ? t.text(first.text) : std::string();
    switch (cb.kind) {
        case CallbackKind::TaskStep:
            return says(throws ? "throws " + thrown + " into " + target + "'s coroutine"
                               : "runs " + target + "'s coroutine to its next await");
        case CallbackKind::TaskWakeup: {
            const std::string awaited = cb.other != 0 ? m.future_name(cb.other) : std::string("what it awaited");
            return says("resumes " + target + ": " + awaited + " is done" +
                        (throws ? ", so " + thrown + " is thrown into its coroutine" : std::string()));
        }
        case CallbackKind::GatherDone:
            // The child that decides the gather completes its outer future there and then.
            if (has_event && first.kind == EventKind::FutureDone) {
                std::string outcome = t.text(first.text);
                if (outcome.empty()) outcome = "cancelled";
                if (outcome.size() > 60) outcome = outcome.substr(0, 57) + "...";
                return says(target + " is done, and so is its gather, " + m.future_name(first.subject) + ": " + outcome);
            }
            return says(target + " is done: its gather counts it");
        case CallbackKind::WaitOnCompletion: return says(target + " is done: wait() counts it");
        case CallbackKind::SetResultUnlessCancelled: return says("the sleep's timer fires: " + target + " gets its result");
        case CallbackKind::ReleaseWaiter: return says("wakes wait()'s waiter (" + target + ")");
        case CallbackKind::ShieldInnerDone: return says("the shielded " + target + " is done: passes its outcome on");
        case CallbackKind::ShieldOuterDone: return says("the shield's outer future is done");
        case CallbackKind::TimeoutOnTimeout: return says("the timeout's deadline: cancels the task in the block");
        case CallbackKind::TaskGroupOnTaskDone: return says(target + " is done: the TaskGroup counts it");
        case CallbackKind::AsCompletedOnCompletion: return says(target + " is done: as_completed hands it out");
        case CallbackKind::AsCompletedOnTimeout: return says("as_completed's timeout fires");
        case CallbackKind::RunUntilCompleteCb: return says(target + " is done: the loop stops");
        case CallbackKind::InterventionCancel: {
            const bool cancels = has_event && first.kind == EventKind::CancelRequested;
            return says("your cancel: " + (cancels ? m.future_name(first.subject) : target) + ".cancel()");
        }
        case CallbackKind::Python: return "calls " + std::string(m.trace().str(cb.other)) + "()";
        case CallbackKind::Unknown: break;
    }
    return name;
}

}  // namespace loopscope::gui
