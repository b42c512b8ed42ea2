// The timeline's pass axis (gui/pass_axis.*) and the Event loop tab's
// reading of the queues (gui/loop_state.*), on gather_groups with group2
// cancelled at t=1.5.
#include <doctest/doctest.h>

#include <string>

#include "engine/run.hpp"
#include "gui/loop_state.hpp"
#include "gui/pass_axis.hpp"
#include "gui/trace_model.hpp"
#include "scenarios/registry.hpp"
#include "tests/gui/scenario_runs.hpp"

using namespace loopscope;
using namespace loopscope::gui;

using test::cancelled_group2;

TEST_CASE("each event sits in its pass's column, in event order, and the axis finds it back") {
    const RunReport r = cancelled_group2();
    const Trace& t = r.trace;
    const PassAxis axis(t);
    REQUIRE(axis.columns() == t.passes.size() + 1);
    double last = -1;
    for (std::size_t e = 0; e < t.events.size(); ++e) {
        const double u = axis.at_event(e);
        CHECK(u > last);  // strictly: no two events of a pass share a place
        last = u;
        // Its column is its pass's (column 0: before the first pass).
        std::size_t column = 0;
        while (column < t.passes.size() && t.passes[column].first_event <= e) ++column;
        CHECK(static_cast<std::size_t>(u) == column);
        CHECK(axis.event_at(u) == e);
        if (column > 0) CHECK(axis.column_time(column) == t.passes[column - 1].time);
    }
    CHECK(axis.event_at(axis.end()) == t.events.size());
}

TEST_CASE("the loop state cache gives the same queues stepping forward as jumping back") {
    const RunReport r = cancelled_group2();
    const Trace& t = r.trace;
    const TraceModel m(t);
    LoopStateCache stepped, fresh;
    for (std::size_t e = 0; e <= t.events.size(); e += 7) {
        const LoopState& a = stepped.at(m, e);
        LoopStateCache jump;
        const LoopState& b = jump.at(m, e);
        REQUIRE(a.known == b.known);
        CHECK(a.queues.ready_total == b.queues.ready_total);
        CHECK(a.queues.timers_total == b.queues.timers_total);
        CHECK(a.callback_running == b.callback_running);
    }
    // Before the loop ran anything, main's first step waits in the ready queue.
    const LoopState& start = fresh.at(m, 0);
    REQUIRE(start.known);
    REQUIRE(start.queues.ready.size() == 1);
    CHECK(start.queues.ready[0].kind == CallbackKind::TaskStep);
    CHECK(m.future_name(start.queues.ready[0].target) == "Task-1");
    CHECK_FALSE(start.callback_running);
    // Back from the end to the start: the cache replays again.
    const std::size_t end_ready = stepped.at(m, t.events.size()).queues.ready_total;
    CHECK(fresh.at(m, t.events.size()).queues.ready_total == end_ready);
    CHECK(stepped.at(m, 1).queues.ready_total == fresh.at(m, 1).queues.ready_total);
}

TEST_CASE("await chains run from main down to the sleeping tasks, each leaf once") {
    const RunReport r = cancelled_group2();
    const TraceModel m(r.trace);
    LoopStateCache cache;
    // At t=1.4 every group is pending: main → all_groups → groupN → Task → a sleep.
    std::size_t event = 0;
    while (event < r.trace.events.size() && r.trace.events[event].time < 1.4) ++event;
    const LoopState& s = cache.at(m, event);
    const auto& chains = s.chains;
    REQUIRE(!chains.empty());
    for (const AwaitChain& c : chains) {
        REQUIRE(c.links.size() == 4);
        CHECK(chain_link_name(m, c.links[0]) == "Task-1 main");
        CHECK(chain_link_name(m, c.links[1]) == "all_groups");
        CHECK(c.waits_on.starts_with("a sleep, its timer at t="));
    }
}
