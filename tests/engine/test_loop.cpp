// engine/loop: one place runs callbacks, FIFO, on float virtual time.
#include <doctest/doctest.h>

#include "tests/engine/engine_fixture.hpp"

using namespace loopscope;
using loopscope::test::EngineRun;

namespace {

struct Recorder : RefCounted {
    std::vector<std::string> calls;
    Loop* loop = nullptr;
    void note(const Value& v) {
        calls.push_back(str(v));
        // A callback that schedules another: it must run in the next pass.
        if (v.kind() == Value::Kind::Str && v.as_str() == "spawn") loop->call_soon(bind<&Recorder::note>(this), Value("spawned"));
    }
};

Coro<Value> sleep_three_tenths(EngineRun& r) {
    co_await aio::sleep(0.1);
    co_await aio::sleep(0.1);
    co_await aio::sleep(0.1);
    r.log({r.loop.time()});
    co_return Value{};
}

Coro<Value> interleave(EngineRun& r, std::string name) {
    r.log({name, 1});
    co_await aio::sleep(0);
    r.log({name, 2});
    co_await aio::sleep(0);
    r.log({name, 3});
    co_return Value{};
}

Coro<Value> two_interleaving(EngineRun& r) {
    Ref<Task> a = aio::create_task(interleave(r, "a"));
    Ref<Task> b = aio::create_task(interleave(r, "b"));
    co_await a;
    co_await b;
    co_return Value{};
}

Coro<Value> wait_forever(EngineRun&) {
    Ref<Future> never = aio::get_running_loop().create_future();
    co_await never;
    co_return Value{};
}

Coro<Value> spin(EngineRun&) {
    for (;;) co_await aio::sleep(0);
}

Coro<Value> sleep_long(EngineRun&) {
    for (;;) co_await aio::sleep(1000);
}

Coro<Value> sleep_for(EngineRun&, double delay) {
    co_await aio::sleep(delay);
    co_return Value{};
}

// Timers cancelled in bulk: more than 100 scheduled and over half cancelled
// makes _run_once rebuild the heap with heapify, which reorders ties.
Coro<Value> bulk_cancel(EngineRun& r) {
    Loop& loop = aio::get_running_loop();
    Ref<Recorder> rec(new Recorder);
    std::vector<Ref<Handle>> handles;
    for (int i = 0; i < 150; ++i)
        handles.push_back(loop.call_later(1 + (i % 3), bind<&Recorder::note>(rec.get()), Value(i)));
    for (int i = 0; i < 150; i += 2) handles[static_cast<std::size_t>(i)]->cancel();
    for (int i = 1; i < 40; i += 4) handles[static_cast<std::size_t>(i)]->cancel();
    co_await aio::sleep(5);
    std::string order;
    for (const std::string& c : rec->calls) order += c + ",";
    r.log({order});
    co_return Value{};
}

// The same through asyncio.sleep, whose timer is folded into its future
// (engine/scheduled.hpp): cancelling sleeping tasks cancels those timers,
// which must count towards the rebuild exactly as TimerHandles do.
Coro<Value> tied_sleeper(EngineRun& r, int i) {
    co_await aio::sleep(1 + (i % 3));
    r.log({i});
    co_return Value{};
}

Coro<Value> bulk_cancel_sleeps(EngineRun& r) {
    std::vector<Ref<Task>> tasks;
    for (int i = 0; i < 150; ++i) tasks.push_back(aio::create_task(tied_sleeper(r, i)));
    co_await aio::sleep(0.5);
    for (int i = 0; i < 150; i += 2) tasks[static_cast<std::size_t>(i)]->cancel();
    for (int i = 1; i < 40; i += 4) tasks[static_cast<std::size_t>(i)]->cancel();
    co_await aio::sleep(5);
    co_return Value{};
}

}  // namespace

TEST_CASE("the ready queue is FIFO and callbacks scheduled by callbacks wait for the next pass") {
    Loop loop;
    Ref<Recorder> rec(new Recorder);
    rec->loop = &loop;
    loop.call_soon(bind<&Recorder::note>(rec.get()), Value("first"));
    loop.call_soon(bind<&Recorder::note>(rec.get()), Value("spawn"));
    loop.call_soon(bind<&Recorder::note>(rec.get()), Value("third"));
    loop.run_once();
    CHECK(rec->calls == std::vector<std::string>{"first", "spawn", "third"});
    loop.run_once();
    CHECK(rec->calls.back() == "spawned");
}

TEST_CASE("a cancelled handle is skipped when its turn comes") {
    Loop loop;
    Ref<Recorder> rec(new Recorder);
    loop.call_soon(bind<&Recorder::note>(rec.get()), Value("a"));
    loop.call_soon(bind<&Recorder::note>(rec.get()), Value("b"))->cancel();
    loop.run_once();
    CHECK(rec->calls == std::vector<std::string>{"a"});
}

TEST_CASE("virtual time adds delays with the same float operations as CPython") {
    EngineRun r;
    r.run(sleep_three_tenths(r));
    CHECK(r.loop.time() == 0.1 + 0.1 + 0.1);
    CHECK(r.log.text() == "0.300000 0.30000000000000004\n");
    CHECK(r.log.text() == test::run_on_cpython(R"PY(
async def main():
    for _ in range(3):
        await asyncio.sleep(0.1)
    log(asyncio.get_running_loop().time())
)PY"));
}

TEST_CASE("timers within the clock resolution of now fire in the same pass") {
    Loop loop;
    Ref<Recorder> rec(new Recorder);
    loop.call_at(1.0, bind<&Recorder::note>(rec.get()), Value("on time"));
    loop.call_at(1.0 + 5e-10, bind<&Recorder::note>(rec.get()), Value("within 1 ns"));
    loop.call_at(1.0 + 2e-9, bind<&Recorder::note>(rec.get()), Value("later"));
    loop.run_once();
    CHECK(loop.time() == 1.0);
    CHECK(rec->calls == std::vector<std::string>{"on time", "within 1 ns"});
    loop.run_once();
    CHECK(rec->calls.back() == "later");
}

TEST_CASE("sleep(0) yields exactly one pass, interleaving tasks as CPython does") {
    EngineRun r;
    r.run(two_interleaving(r));
    CHECK(r.log.text() == test::run_on_cpython(R"PY(
async def interleave(name):
    log(name, 1)
    await asyncio.sleep(0)
    log(name, 2)
    await asyncio.sleep(0)
    log(name, 3)
async def main():
    a = asyncio.create_task(interleave("a"))
    b = asyncio.create_task(interleave("b"))
    await a
    await b
)PY"));
}

TEST_CASE("bulk-cancelled timers are dropped with heapify, as _run_once does") {
    EngineRun r;
    r.run(bulk_cancel(r));
    CHECK(r.log.text() == test::run_on_cpython(R"PY(
async def main():
    loop = asyncio.get_running_loop()
    calls = []
    handles = [loop.call_later(1 + (i % 3), calls.append, i) for i in range(150)]
    for i in range(0, 150, 2): handles[i].cancel()
    for i in range(1, 40, 4): handles[i].cancel()
    await asyncio.sleep(5)
    log("".join("%d," % c for c in calls))
)PY"));
}

TEST_CASE("cancelled sleeps count towards the heap rebuild as cancelled TimerHandles do") {
    EngineRun r;
    r.run(bulk_cancel_sleeps(r));
    CHECK(r.log.lines.size() == 65);  // 150 sleepers, 75 even and 10 odd ones cancelled
    CHECK(r.log.text() == test::run_on_cpython(R"PY(
async def sleeper(i):
    await asyncio.sleep(1 + (i % 3))
    log(i)
async def main():
    tasks = [asyncio.create_task(sleeper(i)) for i in range(150)]
    await asyncio.sleep(0.5)
    for i in range(0, 150, 2): tasks[i].cancel()
    for i in range(1, 40, 4): tasks[i].cancel()
    await asyncio.sleep(5)
)PY"));
}

TEST_CASE("a run that can never finish reports which tasks wait on what") {
    EngineRun r;
    Ref<Task> main = r.loop.create_task(make_body(wait_forever(r)));
    try {
        r.loop.run_until_complete(main);
        FAIL("a deadlock must stop the run");
    } catch (const LoopStopped& s) {
        CHECK(s.stop.reason == LoopStop::Reason::Deadlock);
        CHECK(s.stop.detail.find("Task-1 (wait_forever) waits on <Future pending>") != std::string::npos);
    }
}

TEST_CASE("the step limit and the virtual-time limit stop runaway runs") {
    {
        EngineRun r;
        r.loop.set_limits({1000, 1e9});
        try {
            r.loop.run_until_complete(r.loop.create_task(make_body(spin(r))));
            FAIL("the step limit must stop the run");
        } catch (const LoopStopped& s) {
            CHECK(s.stop.reason == LoopStop::Reason::StepLimit);
            CHECK(r.loop.callbacks_run() <= 1002);
        }
    }
    {
        EngineRun r;
        r.loop.set_limits({1'000'000, 10'000});
        try {
            r.loop.run_until_complete(r.loop.create_task(make_body(sleep_long(r))));
            FAIL("the time limit must stop the run");
        } catch (const LoopStopped& s) {
            CHECK(s.stop.reason == LoopStop::Reason::TimeLimit);
            CHECK(r.loop.time() == 11'000);
        }
    }
}

TEST_CASE("a timer the clock-resolution window cannot reach stops the run instead of spinning") {
    // From 2**24 s on, t + 1e-9 == t: _run_once's end_time equals the
    // deadline, the timer is never popped, and each pass is the last one again.
    CHECK(16'777'216.0 + Loop::kClockResolution == 16'777'216.0);
    CHECK(16'777'215.0 + Loop::kClockResolution != 16'777'215.0);
    for (double delay : {2e7, 16'777'216.0}) {
        EngineRun r;
        try {
            r.loop.run_until_complete(r.loop.create_task(make_body(sleep_for(r, delay))));
            FAIL("a stalled clock must stop the run");
        } catch (const LoopStopped& s) {
            CHECK(s.stop.reason == LoopStop::Reason::ClockStall);
            CHECK(r.loop.time() == delay);
            CHECK(s.stop.detail.find("virtual time stalled at") == 0);
        }
    }
    // Just below 2**24 the window still works.
    EngineRun r;
    r.loop.run_until_complete(r.loop.create_task(make_body(sleep_for(r, 16'777'215.0))));
    CHECK(r.loop.time() == 16'777'215.0);
}

TEST_CASE("the virtual-time limit is checked where the clock moves, before the timers due then run") {
    EngineRun r;
    r.loop.set_limits({1'000'000, 1500});
    try {
        r.loop.run_until_complete(r.loop.create_task(make_body(sleep_for(r, 2000))));
        FAIL("the time limit must stop the run");
    } catch (const LoopStopped& s) {
        CHECK(s.stop.reason == LoopStop::Reason::TimeLimit);
        CHECK(r.loop.time() == 2000);
        CHECK(r.loop.callbacks_run() == 1);  // the task's first step; not the timer's wake-up
    }
}
