// The trace of a plain script's run: one recorder per event loop the script
// makes (asyncio.run, new_event_loop, get_event_loop), all into one Trace.
//
// The loops share future ids (Interp::future_ids) and each recorder keeps
// the trace's times from going back (TraceRecorder::add), so a script that
// runs two loops one after the other reads as one run. Prints go to the loop
// that runs, else to the newest one; prints before any loop exists wait for
// the first loop, at its time 0.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/trace.hpp"

namespace loopscope::py {

class Interp;

class ScriptTrace {
public:
    explicit ScriptTrace(Trace& out) : trace_(out) {}
    ~ScriptTrace();  // detaches from the loops, which outlive it (Interp owns them)
    ScriptTrace(const ScriptTrace&) = delete;
    ScriptTrace& operator=(const ScriptTrace&) = delete;

    // A new loop: record it from now on.
    void attach(Loop& loop);
    // A line the script printed.
    void printed(const Interp& in, const std::string& line);

private:
    Trace& trace_;
    std::vector<Loop*> loops_;
    std::vector<std::unique_ptr<TraceRecorder>> recorders_;  // recorders_[i] watches loops_[i]
    std::vector<std::string> early_;  // printed before any loop existed
};

}  // namespace loopscope::py
