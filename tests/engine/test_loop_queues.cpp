// engine/loop_queues: the ready queue and the timer heap rebuilt from a trace.
// CPython's own _ready and _scheduled at the same points are compared case by
// case in tests/conformance (`loopscope run --queues` against vloop.py
// --queues); here: the replay agrees with the run everywhere, and the heap's
// ties come out in heapq's order, asked of CPython's heapq.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "engine/loop_queues.hpp"
#include "engine/run.hpp"
#include "scenarios/registry.hpp"
#include "tests/engine/engine_fixture.hpp"
#include "tests/support/cpython.hpp"

using namespace loopscope;

namespace {

Coro<Value> sleeper(double delay) {
    co_await aio::sleep(delay);
    co_return Value{};
}

// Seven tasks sleep to the same deadline: their timers tie in the heap,
// where they all are when main wakes at 0.5.
Coro<Value> seven_equal_sleeps() {
    std::vector<aio::Awaitable> children;
    for (int i = 0; i < 7; ++i) children.emplace_back(aio::create_task(sleeper(1.0)));
    co_await aio::sleep(0.5);
    co_await aio::gather(std::move(children));
    co_return Value{};
}

using Recorded = test::RecordedRun;

}  // namespace

TEST_CASE("the replayed queues give every built-in scenario's callbacks in the order they ran") {
    for (const Scenario& s : builtin_scenarios()) {
        CAPTURE(s.name);
        for (const bool cancel : {false, true}) {
            RunRequest req;
            if (s.name == "scale") req.params["n"] = Value(300);
            if (cancel) req.cancels.push_back({"Task-3", 1.25});
            const RunReport report = run_scenario(s, req);
            LoopReplay replay(report.trace);
            // Callback by callback: each is the next uncancelled call of the queue.
            for (std::uint32_t k = 0; k < report.trace.callbacks.size(); ++k) replay.run_to(k);
            CHECK(replay.consistent());
            replay.run_to(static_cast<std::uint32_t>(report.trace.callbacks.size()));
            CHECK(replay.consistent());
            // The run is over: nothing is left to run.
            const LoopQueues end = replay.queues(10);
            for (const QueuedCall& c : end.ready) CHECK(c.cancelled);
        }
    }
}

TEST_CASE("just before a callback is taken, its call is at the ready queue's front") {
    const RunReport report = run_scenario(*find_scenario("gather_groups"), RunRequest{});
    const Trace& t = report.trace;
    for (const std::uint32_t k : {0u, 1u, 17u, 40u, static_cast<std::uint32_t>(t.callbacks.size() - 1)}) {
        CAPTURE(k);
        LoopReplay replay(t);
        replay.run_before(k);
        const LoopQueues q = replay.queues(1000);
        REQUIRE_FALSE(q.ready.empty());
        std::size_t front = 0;
        while (front < q.ready.size() && q.ready[front].cancelled) ++front;  // skipped as taken
        REQUIRE(front < q.ready.size());
        CHECK(q.ready[front].kind == t.callbacks[k].kind);
        CHECK(q.ready[front].target == t.callbacks[k].target);
        // Taking it leaves the rest.
        replay.run_to(k);
        CHECK(replay.queues(1000).ready.size() == q.ready.size() - front - 1);
        CHECK(replay.consistent());
    }
}

TEST_CASE("a replay from the start and one step by step agree") {
    const RunReport report = run_scenario(*find_scenario("gather_groups"), RunRequest{});
    LoopReplay stepped(report.trace);
    for (std::uint32_t k : {0u, 5u, 17u, 40u}) {
        stepped.run_to(k);
        const LoopQueues a = stepped.queues(1000), b = loop_queues_at(report.trace, k, 1000);
        REQUIRE(a.ready.size() == b.ready.size());
        REQUIRE(a.timers.size() == b.timers.size());
        for (std::size_t i = 0; i < a.timers.size(); ++i) CHECK(a.timers[i].op == b.timers[i].op);
        CHECK(a.callback == k);
    }
}

TEST_CASE("timers with equal deadlines stand in the order heapq pops them") {
    Recorded r;
    r.run.run(seven_equal_sleeps());
    // main's wake-up at 0.5: the seven sleep timers wait in the heap.
    std::uint32_t wakeup = 0;
    while (r.trace.callbacks[wakeup].kind != CallbackKind::TaskWakeup) ++wakeup;
    CHECK(r.trace.passes[r.trace.pass_of(wakeup)].time == 0.5);
    const LoopQueues q = loop_queues_at(r.trace, wakeup, 100);
    REQUIRE(q.timers.size() == 7);
    // Each timer by its place among the pushes (main's sleep is the first).
    std::vector<std::uint32_t> pushed;
    for (const TraceLoopOp& op : r.trace.loop_ops)
        if (op.op == TraceLoopOp::Op::Timer) pushed.push_back(op.target);
    std::string order;
    for (const QueuedCall& c : q.timers) {
        for (std::size_t i = 0; i < pushed.size(); ++i)
            if (pushed[i] == c.target) order += std::to_string(i);
    }
    // The same pushes and pop on CPython's heapq: main's timer (0.5), the
    // seven (1.0), then main's popped. TimerHandle compares _when only.
    const std::string cpython = test::run_cpython(
        "import heapq\n"
        "class T:\n"
        "    def __init__(s, when, i): s.when, s.i = when, i\n"
        "    def __lt__(s, o): return s.when < o.when\n"
        "h = [T(0.5, 0)]\n"
        "for i in range(1, 8): heapq.heappush(h, T(1.0, i))\n"
        "heapq.heappop(h)\n"
        "print(''.join(str(heapq.heappop(h).i) for _ in range(7)), end='')\n");
    CHECK(order == cpython);
    CHECK(order != "1234567");  // ties are not insertion order: the check can tell
}
