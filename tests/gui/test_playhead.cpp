// The playhead: event index + virtual time, stepping both ways by event and
// by instant, playing (gui/playhead.*).
#include <doctest/doctest.h>

#include "gui/playhead.hpp"
#include "trace_builder.hpp"

using namespace loopscope;
using namespace loopscope::gui;

namespace {
// Events 0-2 at t=0, 3-4 at t=1, 5 at t=2.5.
Trace instants() {
    test::TraceBuilder b;
    const auto t = b.task("Task-1");
    for (double time : {0.0, 0.0, 0.0, 1.0, 1.0, 2.5}) b.ev(time, EventKind::StepBegin, t);
    return b.t;
}
}  // namespace

TEST_CASE("a time puts the playhead after every event up to it") {
    const Trace t = instants();
    CHECK(playhead_at_time(t, 0.0).event == 3);
    CHECK(playhead_at_time(t, 0.5).event == 3);
    CHECK(playhead_at_time(t, 1.0).event == 5);
    CHECK(playhead_at_time(t, 9.0).event == 6);
    CHECK(playhead_at_time(t, -1.0).time == 0.0);
    CHECK(playhead_at_time(t, 0.5).time == 0.5);
}

TEST_CASE("a time past the end of the run is the end: the playhead never shows a time the run did not reach") {
    const Trace t = instants();
    const Playhead past = playhead_at_time(t, 9.0);
    CHECK(past.event == 6);
    CHECK(past.time == 2.5);
    CHECK(playhead_at_time(t, 2.5).time == 2.5);
    CHECK(playhead_at_time(Trace{}, 3.0).time == 0.0);  // an empty run ends at 0
}

TEST_CASE("stepping by event goes through an instant one event at a time") {
    const Trace t = instants();
    Playhead p;
    p = step_event(t, p, +1);
    CHECK(p.event == 1);
    CHECK(p.time == 0.0);
    p = Playhead{3, 0.7};
    p = step_event(t, p, +1);
    CHECK(p.event == 4);
    CHECK(p.time == 1.0);
    p = step_event(t, p, -1);
    CHECK(p.event == 3);
    CHECK(p.time == 0.0);
    p = step_event(t, Playhead{1, 0}, -1);
    CHECK(p.event == 0);
    CHECK(step_event(t, p, -1).event == 0);  // nothing before the start
    CHECK(step_event(t, playhead_end(t), +1).event == 6);
}

TEST_CASE("stepping by instant jumps to the end of the next or previous instant") {
    const Trace t = instants();
    Playhead p;
    p = step_instant(t, p, +1);
    CHECK(p.event == 3);
    CHECK(p.time == 0.0);
    p = step_instant(t, p, +1);
    CHECK(p.event == 5);
    CHECK(p.time == 1.0);
    p = step_instant(t, Playhead{4, 1.0}, +1);  // mid-instant: finish it first
    CHECK(p.event == 5);
    p = step_instant(t, Playhead{5, 1.0}, -1);
    CHECK(p.event == 3);
    CHECK(p.time == 0.0);
    p = step_instant(t, p, -1);
    CHECK(p.event == 0);
    CHECK(p.time == 0.0);
}

TEST_CASE("playing moves time on and never undoes a step") {
    const Trace t = instants();
    Playhead p = advance(t, Playhead{}, 0.5);
    CHECK(p.time == 0.5);
    CHECK(p.event == 3);
    p = advance(t, Playhead{4, 1.0}, 0.1);  // stepped into the instant at 1: stays past it
    CHECK(p.event == 5);
    p = advance(t, p, 100);
    CHECK(p.time == 2.5);
    CHECK(at_end(t, p));
}
