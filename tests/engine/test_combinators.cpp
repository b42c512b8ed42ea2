// engine/shield, wait_for, as_completed, Event, timeout, TaskGroup.
#include <doctest/doctest.h>

#include "tests/engine/engine_fixture.hpp"

using namespace loopscope;
using loopscope::test::EngineRun;

namespace {

Coro<Value> after(EngineRun& r, double delay, int v, bool crash) {
    co_await aio::sleep(delay);
    r.log({"child", v});
    if (crash) raise(exc_types::ValueError, std::to_string(v));
    co_return Value(v);
}

Coro<Value> combinators(EngineRun& r) {
    // shield: cancelling the outer leaves the inner running.
    Ref<Task> inner = aio::create_task(after(r, 2, 1, false));
    Ref<Future> outer = aio::shield(inner);
    co_await aio::sleep(1);
    outer->cancel();
    try {
        co_await outer;
    } catch (PyError& e) {
        r.log({"shield outer", repr(*e.exc), "inner done", inner->done()});
    }
    Value inner_result = co_await inner;  // GCC 12 rejects co_await inside a braced list
    r.log({"inner result", inner_result});

    // wait_for on a task: in time, and too late (the task is cancelled).
    Ref<Task> quick = aio::create_task(after(r, 1, 2, false));
    Value in_time = co_await aio::wait_for(quick, 5.0);
    r.log({"wait_for in time", in_time});
    Ref<Task> slow = aio::create_task(after(r, 5, 3, false));
    try {
        co_await aio::wait_for(slow, 1.0);
    } catch (PyError& e) {
        r.log({"wait_for late", repr(*e.exc), "task cancelled", slow->cancelled()});
    }

    // as_completed: results in completion order.
    std::vector<aio::Awaitable> tasks;
    tasks.emplace_back(aio::create_task(after(r, 3, 10, false)));
    tasks.emplace_back(aio::create_task(after(r, 1, 11, false)));
    tasks.emplace_back(aio::create_task(after(r, 2, 12, false)));
    for (Coro<Value>& next : aio::as_completed(std::move(tasks))) {
        Value v = co_await std::move(next);
        r.log({"as_completed", v});
    }

    // Event: waiters wake when it is set.
    Ref<aio::Event> ev(new aio::Event);
    Ref<Task> waiter = aio::create_task(ev->wait());
    co_await aio::sleep(1);
    r.log({"event set?", ev->is_set(), "waiter done?", waiter->done()});
    ev->set();
    Value gave = co_await waiter;
    r.log({"event wait gave", gave});
    co_return Value{};
}

Coro<Value> slow_body(EngineRun& r) {
    co_await aio::sleep(10);
    r.log({"never printed"});
    co_return Value{};
}

// The body of `async with asyncio.TaskGroup() as tg:`.
Coro<Value> task_group_body(EngineRun& r, Ref<aio::TaskGroup> tg) {
    tg->create_task(after(r, 1, 5, false));
    tg->create_task(after(r, 2, 6, true));
    tg->create_task(after(r, 3, 7, false));
    co_return Value{};
}

Coro<Value> timeouts_and_groups(EngineRun& r) {
    try {
        co_await aio::with_timeout(1.5, slow_body(r));
    } catch (PyError& e) {
        r.log({"timeout", repr(*e.exc), "cancelling", aio::current_task()->cancelling()});
    }
    Value v = co_await aio::with_timeout(5.0, after(r, 1, 4, false));
    r.log({"within timeout", v});

    Ref<aio::TaskGroup> tg(new aio::TaskGroup);
    try {
        co_await tg->run(task_group_body(r, tg));
    } catch (PyError& e) {
        r.log({"task group", repr(*e.exc)});
    }
    co_return Value{};
}

}  // namespace

TEST_CASE("shield, wait_for, as_completed and Event behave as CPython's") {
    EngineRun r;
    r.run(combinators(r));
    CHECK(r.log.text() == test::run_on_cpython(R"PY(
async def after(delay, v, crash):
    await asyncio.sleep(delay)
    log("child", v)
    if crash:
        raise ValueError(str(v))
    return v
async def main():
    inner = asyncio.create_task(after(2, 1, False))
    outer = asyncio.shield(inner)
    await asyncio.sleep(1)
    outer.cancel()
    try:
        await outer
    except BaseException as e:
        log("shield outer", repr(e), "inner done", inner.done())
    log("inner result", await inner)
    quick = asyncio.create_task(after(1, 2, False))
    log("wait_for in time", await asyncio.wait_for(quick, 5.0))
    slow = asyncio.create_task(after(5, 3, False))
    try:
        await asyncio.wait_for(slow, 1.0)
    except BaseException as e:
        log("wait_for late", repr(e), "task cancelled", slow.cancelled())
    tasks = [asyncio.create_task(after(3, 10, False)), asyncio.create_task(after(1, 11, False)),
             asyncio.create_task(after(2, 12, False))]
    for nxt in asyncio.as_completed(tasks):
        log("as_completed", await nxt)
    ev = asyncio.Event()
    waiter = asyncio.create_task(ev.wait())
    await asyncio.sleep(1)
    log("event set?", ev.is_set(), "waiter done?", waiter.done())
    ev.set()
    log("event wait gave", await waiter)
)PY"));
}

TEST_CASE("asyncio.timeout and TaskGroup behave as CPython's") {
    EngineRun r;
    r.run(timeouts_and_groups(r));
    CHECK(r.log.text() == test::run_on_cpython(R"PY(
async def after(delay, v, crash):
    await asyncio.sleep(delay)
    log("child", v)
    if crash:
        raise ValueError(str(v))
    return v
async def slow_body():
    await asyncio.sleep(10)
    log("never printed")
async def main():
    try:
        async with asyncio.timeout(1.5):
            await slow_body()
    except BaseException as e:
        log("timeout", repr(e), "cancelling", asyncio.current_task().cancelling())
    async with asyncio.timeout(5.0):
        v = await after(1, 4, False)
    log("within timeout", v)
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(after(1, 5, False))
            tg.create_task(after(2, 6, True))
            tg.create_task(after(3, 7, False))
    except BaseException as e:
        log("task group", repr(e))
)PY"));
}
