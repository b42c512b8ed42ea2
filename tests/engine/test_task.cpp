// engine/task: steps, wake-ups, and cancellation as a request.
#include <doctest/doctest.h>

#include "tests/engine/engine_fixture.hpp"

using namespace loopscope;
using loopscope::test::EngineRun;

namespace {

Coro<Value> body_that_logs(EngineRun& r) {
    r.log({"body ran"});
    co_await aio::sleep(1);
    co_return Value("done");
}

Coro<Value> cancel_before_first_step(EngineRun& r) {
    Ref<Task> t = aio::create_task(body_that_logs(r));
    t->cancel();
    try {
        co_await t;
    } catch (PyError& e) {
        r.log({"awaiting it raised", repr(*e.exc)});
    }
    r.log({"cancelled", t->cancelled()});
    co_return Value{};
}

Coro<Value> refuses_cancel(EngineRun& r) {
    try {
        co_await aio::sleep(10);
    } catch (PyError& e) {
        r.log({"child caught", repr(*e.exc), aio::current_task()->cancelling()});
        aio::current_task()->uncancel();
    }
    co_await aio::sleep(1);
    co_return Value("kept going");
}

Coro<Value> cancel_is_a_request(EngineRun& r) {
    Ref<Task> t = aio::create_task(refuses_cancel(r));
    co_await aio::sleep(1);
    r.log({"cancel() returned", t->cancel(Value("please"))});
    r.log({"cancelled right after", t->cancelled(), t->cancelling()});
    Value v = co_await t;
    r.log({"result", v, "cancelled", t->cancelled(), "cancelling", t->cancelling()});
    r.log({"cancel() on a done task", t->cancel()});
    r.log({t->name()});
    co_return Value{};
}

Coro<Value> cancel_message_travels(EngineRun& r) {
    Ref<Task> t = aio::create_task(body_that_logs(r));
    co_await aio::sleep(0.5);
    t->cancel(Value("enough"));
    try {
        co_await t;
    } catch (PyError& e) {
        r.log({"raised", repr(*e.exc)});
    }
    co_return Value{};
}

// Results and exceptions of finished frames reach the frame that awaited
// them: directly, and through wait_for, which drives its coroutine inline
// from inside the awaiting chain (a resumption within a resumption).
Coro<Value> leaf_returns(int x) {
    co_await aio::sleep(0.1);
    co_return Value(x * 2);
}

Coro<Value> leaf_raises() {
    co_await aio::sleep(0.1);
    raise(exc_types::ValueError, "leaf");
    co_return Value{};
}

Coro<Value> middle(EngineRun& r) {
    Value a = co_await leaf_returns(3);
    try {
        co_await leaf_raises();
    } catch (PyError& e) {
        r.log({"middle caught", repr(*e.exc)});
    }
    Value b = co_await aio::wait_for(leaf_returns(5), 10.0);
    try {
        co_await aio::wait_for(leaf_raises(), 10.0);
    } catch (PyError& e) {
        r.log({"wait_for raised", repr(*e.exc)});
    }
    co_return Value(a.as_int() + b.as_int());
}

Coro<Value> nested_outcomes(EngineRun& r) {
    Value v = co_await middle(r);
    r.log({"middle returned", v});
    co_await leaf_raises();  // uncaught: the task's own outcome
    co_return Value{};
}

}  // namespace

TEST_CASE("a task cancelled before its first step never runs its body") {
    EngineRun r;
    r.run(cancel_before_first_step(r));
    CHECK(r.log.text().find("body ran") == std::string::npos);
    CHECK(r.log.text() == test::run_on_cpython(R"PY(
async def body_that_logs():
    log("body ran")
    await asyncio.sleep(1)
    return "done"
async def main():
    t = asyncio.create_task(body_that_logs())
    t.cancel()
    try:
        await t
    except BaseException as e:
        log("awaiting it raised", repr(e))
    log("cancelled", t.cancelled())
)PY"));
}

TEST_CASE("cancel() is a request the coroutine can refuse; cancelling()/uncancel() count requests") {
    EngineRun r;
    r.run(cancel_is_a_request(r));
    CHECK(r.log.text().find("result kept going cancelled False") != std::string::npos);
    CHECK(r.log.text() == test::run_on_cpython(R"PY(
async def refuses_cancel():
    try:
        await asyncio.sleep(10)
    except BaseException as e:
        log("child caught", repr(e), asyncio.current_task().cancelling())
        asyncio.current_task().uncancel()
    await asyncio.sleep(1)
    return "kept going"
async def main():
    t = asyncio.create_task(refuses_cancel())
    await asyncio.sleep(1)
    log("cancel() returned", t.cancel("please"))
    log("cancelled right after", t.cancelled(), t.cancelling())
    v = await t
    log("result", v, "cancelled", t.cancelled(), "cancelling", t.cancelling())
    log("cancel() on a done task", t.cancel())
    log(t.get_name())
)PY"));
}

TEST_CASE("the cancel message reaches whoever awaits the task") {
    EngineRun r;
    r.run(cancel_message_travels(r));
    CHECK(r.log.text() == test::run_on_cpython(R"PY(
async def body_that_logs():
    log("body ran")
    await asyncio.sleep(1)
    return "done"
async def main():
    t = asyncio.create_task(body_that_logs())
    await asyncio.sleep(0.5)
    t.cancel("enough")
    try:
        await t
    except BaseException as e:
        log("raised", repr(e))
)PY"));
}

TEST_CASE("finished frames hand their result or exception to the frame awaiting them, also inside wait_for") {
    EngineRun r;
    r.run(nested_outcomes(r));
    CHECK(r.log.lines.size() == 4);
    CHECK(r.log.text() == test::run_on_cpython(R"PY(
async def leaf_returns(x):
    await asyncio.sleep(0.1)
    return x * 2
async def leaf_raises():
    await asyncio.sleep(0.1)
    raise ValueError("leaf")
async def middle():
    a = await leaf_returns(3)
    try:
        await leaf_raises()
    except ValueError as e:
        log("middle caught", repr(e))
    b = await asyncio.wait_for(leaf_returns(5), 10.0)
    try:
        await asyncio.wait_for(leaf_raises(), 10.0)
    except ValueError as e:
        log("wait_for raised", repr(e))
    return a + b
async def main():
    v = await middle()
    log("middle returned", v)
    await leaf_raises()
)PY"));
}
