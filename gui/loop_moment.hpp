// Where the playhead stands in the loop's work: which pass of _run_once,
// which callback of it, and the pass's callbacks in the order they ran.
//
// A pass takes ntodo = len(self._ready) callbacks from the ready queue and
// runs exactly those (base_events.py _run_once): what the queue held when
// the pass began is the pass's callback list, which the trace records and
// the conformance test holds equal to CPython's. What callbacks schedule
// while the pass runs joins the queue behind them and runs in a later pass;
// the trace says where each callback ran, not when it was scheduled, so the
// panel shows a pass's queue as it began, and marks what has run.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "engine/trace.hpp"

namespace loopscope::gui {

class TraceModel;

struct LoopMoment {
    enum class Where : std::uint8_t {
        NoDetail,    // the trace holds no loop work (or none up to here)
        BeforeLoop,  // nothing the loop ran has happened yet (main not started)
        InPass,      // inside pass `pass`, at callback `callback`
        PastDetail,  // later than the callbacks whose detail the trace kept (TraceLoopDetail::cut)
    };
    Where where = Where::NoDetail;
    std::uint32_t pass = kNoPass;
    std::uint32_t callback = kNoPass;  // index in trace.callbacks: the one whose events happened last
    bool callback_done = false;        // all of its events have happened (else it is running)
    std::uint32_t pass_begin = 0, pass_end = 0;  // the pass's callbacks, [begin, end)
    bool unordered = false;  // the pass is in asyncio.run's shutdown: the order is the set's, Python's to choose

    // Where callback c of this pass stands at the moment.
    enum class Progress : std::uint8_t { Ran, Running, Waiting };
    [[nodiscard]] Progress progress(std::uint32_t c) const {
        if (c < callback || (c == callback && callback_done)) return Progress::Ran;
        return c == callback ? Progress::Running : Progress::Waiting;
    }
};

// The moment after events [0, event) have happened.
LoopMoment loop_moment(const Trace& trace, std::size_t event);

// The events callback `c` caused: [first_event, end_event).
std::size_t callback_end_event(const Trace& trace, std::uint32_t c);
std::size_t pass_end_event(const Trace& trace, std::uint32_t pass);

// One line saying what a callback does, as CPython's code does it, e.g.
// "Task.__step: runs Task-7's coroutine" or "Task.__wakeup: resumes Task-1
// (group2 is done)".
// `c` indexes trace.callbacks.
std::string describe_callback(const TraceModel& m, std::uint32_t c);

}  // namespace loopscope::gui
