// The playhead: an event index and a virtual time.
//
// Virtual time stands still while callbacks run, so many events share one
// instant; the index says how far into the instant we are. Events [0, event)
// have happened. The whole trace is kept, so moving back is as cheap as
// moving forward.
#pragma once

#include <cstddef>

#include "engine/trace.hpp"

namespace loopscope::gui {

struct Playhead {
    std::size_t event = 0;
    double time = 0;
};

// Everything up to and including time t, for t within the run: a time
// past the end (or before 0) is the end (or 0), never a time the run did not reach.
Playhead playhead_at_time(const Trace& trace, double t);
// At time t, before any event of t has happened (the start of that instant).
Playhead playhead_before_time(const Trace& trace, double t);
// One event forward (dir > 0) or back.
Playhead step_event(const Trace& trace, Playhead p, int dir);
// To the end of the next instant (dir > 0), or the end of the previous one.
Playhead step_instant(const Trace& trace, Playhead p, int dir);
// To the end of the next callback the loop ran that has events still to
// happen (dir > 0), or back to the end of the previous one; by pass the
// same with the passes of _run_once. Without the loop's detail in the
// trace, these step by event.
Playhead step_callback(const Trace& trace, Playhead p, int dir);
Playhead step_pass(const Trace& trace, Playhead p, int dir);
// Play: virtual time moves on by dt (clamped to the end of the trace).
Playhead advance(const Trace& trace, Playhead p, double dt);
Playhead playhead_end(const Trace& trace);
double trace_end_time(const Trace& trace);
bool at_end(const Trace& trace, const Playhead& p);

}  // namespace loopscope::gui
