// engine/trace: the loop's work (passes of _run_once, the callbacks each ran,
// their kinds and targets) on small programs, exactly. The CPython side of
// these sequences is checked scenario by scenario in tests/conformance.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "engine/trace.hpp"
#include "tests/engine/engine_fixture.hpp"

using namespace loopscope;

namespace {

// "pass P kind target" per callback; a future that is no task reads "future".
std::vector<std::string> loop_work(const Trace& t) {
    std::vector<std::string> out;
    for (std::uint32_t i = 0; i < t.callbacks.size(); ++i) {
        const TraceCallback& c = t.callbacks[i];
        std::string target = "-";
        if (const TraceFuture* f = t.future(c.target)) target = f->kind == FutureKind::Task ? t.name(*f) : "future";
        out.push_back("pass " + std::to_string(t.pass_of(i)) + " " + std::string(callback_kind_name(c.kind)) + " " + target);
    }
    return out;
}

Coro<Value> sleeper(double delay) {
    co_await aio::sleep(delay);
    co_return Value(delay);
}

Coro<Value> gather_two_sleeps() {
    std::vector<aio::Awaitable> children;
    children.emplace_back(aio::create_task(sleeper(1)));
    children.emplace_back(aio::create_task(sleeper(2)));
    co_await aio::gather(std::move(children));
    co_return Value{};
}

Coro<Value> await_task(Ref<Task> t) { co_return co_await t; }

Coro<Value> two_await_one() {
    Ref<Task> shared = aio::create_task(sleeper(1));
    Ref<Task> a = aio::create_task(await_task(shared));
    Ref<Task> b = aio::create_task(await_task(shared));
    co_await a;
    co_await b;  // done by now: no suspension, as Task.__await__ returns at once
    co_return Value{};
}

using Recorded = test::RecordedRun;

}  // namespace

TEST_CASE("gather of two sleeps: each pass and callback, as CPython runs them") {
    Recorded r;
    r.run.run(gather_two_sleeps());
    // asyncio.sleep's timer is futures._set_result_unless_cancelled on the
    // sleep's future; its done-callback is the task's __wakeup, which (the
    // task now done) schedules the gather's _done_callback.
    CHECK(loop_work(r.trace) == std::vector<std::string>{
                                    "pass 0 Task.__step Task-1",
                                    "pass 1 Task.__step Task-2",
                                    "pass 1 Task.__step Task-3",
                                    "pass 2 futures._set_result_unless_cancelled future",
                                    "pass 3 Task.__wakeup Task-2",
                                    "pass 4 gather._done_callback Task-2",
                                    "pass 5 futures._set_result_unless_cancelled future",
                                    "pass 6 Task.__wakeup Task-3",
                                    "pass 7 gather._done_callback Task-3",
                                    "pass 8 Task.__wakeup Task-1",
                                    "pass 9 base_events._run_until_complete_cb Task-1",
                                });
    REQUIRE(r.trace.passes.size() == 10);
    CHECK(r.trace.passes[1].time == 0.0);
    CHECK(r.trace.passes[2].time == 1.0);
    CHECK(r.trace.passes[5].time == 2.0);
    CHECK(r.trace.passes[1].ntodo == 2);
    // A callback's events follow it: Task-2's first step begins in its callback.
    const TraceCallback& step2 = r.trace.callbacks[1];
    CHECK(r.trace.events[step2.first_event].kind == EventKind::StepBegin);
    CHECK(r.trace.name(*r.trace.future(r.trace.events[step2.first_event].subject)) == "Task-2");
    CHECK(r.trace.loop_detail.unordered_from_pass == kNoPass);
    CHECK_FALSE(r.trace.loop_detail.cut);
}

TEST_CASE("two tasks awaiting one: wake-ups in the order they were added") {
    Recorded r;
    r.run.run(two_await_one());
    const std::vector<std::string> work = loop_work(r.trace);
    CHECK(work == std::vector<std::string>{
                      "pass 0 Task.__step Task-1",
                      "pass 1 Task.__step Task-2",
                      "pass 1 Task.__step Task-3",
                      "pass 1 Task.__step Task-4",
                      "pass 2 futures._set_result_unless_cancelled future",
                      "pass 3 Task.__wakeup Task-2",
                      "pass 4 Task.__wakeup Task-3",
                      "pass 4 Task.__wakeup Task-4",
                      "pass 5 Task.__wakeup Task-1",
                      "pass 6 base_events._run_until_complete_cb Task-1",
                  });
}

TEST_CASE("past its limit the trace stops recording the loop's work and says so") {
    Recorded r;
    r.recorder.limit_loop_detail(3);
    r.run.run(gather_two_sleeps());
    CHECK(r.trace.callbacks.size() == 3);
    CHECK(r.trace.loop_detail.cut);
}
