// The loop's work at the playhead (gui/loop_moment.*) and stepping through
// it by callback and by pass (gui/playhead.*), on gather_groups with group2
// cancelled at t=1.5: the engine's callback sequence is CPython's (the
// conformance test), so these check the reading of it.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "engine/callback_kind.hpp"
#include "engine/run.hpp"
#include "gui/loop_moment.hpp"
#include "gui/playhead.hpp"
#include "gui/trace_model.hpp"
#include "scenarios/registry.hpp"
#include "tests/gui/scenario_runs.hpp"

using namespace loopscope;
using namespace loopscope::gui;

using test::cancelled_group2;

TEST_CASE("stepping by callback visits every callback that caused events, in the order the loop ran them") {
    const RunReport r = cancelled_group2();
    const Trace& t = r.trace;
    REQUIRE(t.callbacks.size() > 50);
    CHECK(loop_moment(t, 0).where == LoopMoment::Where::BeforeLoop);
    Playhead p;
    std::uint32_t last = 0, visited = 0;
    bool first = true;
    while (!at_end(t, p)) {
        const Playhead next = step_callback(t, p, +1);
        REQUIRE(next.event > p.event);
        p = next;
        const LoopMoment m = loop_moment(t, p.event);
        REQUIRE(m.where == LoopMoment::Where::InPass);
        CHECK(m.callback_done);  // a step lands after the callback's last event
        CHECK(callback_end_event(t, m.callback) == p.event);
        if (!first) CHECK(m.callback > last);
        // Whatever it skipped caused no event.
        for (std::uint32_t c = first ? 0 : last + 1; c < m.callback; ++c)
            CHECK(t.callbacks[c].first_event == callback_end_event(t, c));
        CHECK(m.pass_begin <= m.callback);
        CHECK(m.callback < m.pass_end);
        CHECK(p.time == t.events[p.event - 1].time);
        last = m.callback;
        first = false;
        ++visited;
    }
    CHECK(visited > 40);
    // And back again, to the start.
    std::size_t back_steps = 0;
    while (p.event > 0) {
        const Playhead prev = step_callback(t, p, -1);
        REQUIRE(prev.event < p.event);
        p = prev;
        ++back_steps;
    }
    CHECK(back_steps >= visited - 1);
}

TEST_CASE("stepping by pass lands on the passes' boundaries, and a pass lists the callbacks it took") {
    const RunReport r = cancelled_group2();
    const Trace& t = r.trace;
    Playhead p;
    std::size_t steps = 0;
    while (!at_end(t, p)) {
        p = step_pass(t, p, +1);
        const LoopMoment m = loop_moment(t, p.event);
        REQUIRE(m.where == LoopMoment::Where::InPass);
        CHECK(pass_end_event(t, m.pass) == p.event);
        // ntodo is the ready queue's length when the pass began: the callbacks it ran.
        CHECK(m.pass_end - m.pass_begin == t.passes[m.pass].ntodo);
        ++steps;
    }
    CHECK(steps > 10);
}

TEST_CASE("the cancel cascade at t=1.5, callback by callback, named as CPython runs it") {
    const RunReport r = cancelled_group2();
    const Trace& t = r.trace;
    const TraceModel model(t);
    // The intervention's callback, then each next one.
    std::uint32_t c = 0;
    while (c < t.callbacks.size() && t.callbacks[c].kind != CallbackKind::InterventionCancel) ++c;
    REQUIRE(c < t.callbacks.size());
    Playhead p{t.callbacks[c].first_event, 1.5};
    std::vector<std::string> said;
    for (int i = 0; i < 6; ++i) {
        p = step_callback(t, p, +1);
        const LoopMoment m = loop_moment(t, p.event);
        said.push_back(describe_callback(model, m.callback));
        CHECK(p.time == 1.5);
    }
    CHECK(said[0] == "intervention.cancel: your cancel: group2.cancel()");
    // group2's children are cancelled: cancelling a task cancels the sleep
    // it awaits, whose done-callback is the task's __wakeup, which throws
    // CancelledError into the coroutine (tasks.py Task.__wakeup).
    for (int i = 1; i <= 3; ++i)
        CHECK(said[static_cast<std::size_t>(i)] == "Task.__wakeup: resumes Task-" + std::to_string(6 + i) +
                                                       ": future is done, so CancelledError() is thrown into its coroutine");
    // The first cancelled child ends the gather at once (return_exceptions=False).
    CHECK(said[4] == "gather._done_callback: Task-7 is done, and so is its gather, group2: CancelledError()");
}
