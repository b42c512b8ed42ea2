// engine/gather: result order, return_exceptions, crashes, cancellation, and
// the exact state of the gathering future afterwards.
#include <doctest/doctest.h>

#include "tests/engine/engine_fixture.hpp"

using namespace loopscope;
using loopscope::test::EngineRun;

namespace {

Coro<Value> after(EngineRun& r, double delay, Value v, bool crash) {
    co_await aio::sleep(delay);
    r.log({"child", v, crash ? "crashes" : "returns"});
    if (crash) raise(exc_types::ValueError, str(v));
    co_return v;
}

void log_state(EngineRun& r, const char* what, Ref<Future> g) {
    std::string exc = "-";
    if (g->done() && !g->cancelled() && g->peek_exception()) exc = repr(*g->peek_exception());
    r.log({what, "done", g->done(), "cancelled", g->cancelled(), "exception", exc});
}

Coro<Value> gather_case(EngineRun& r, bool return_exceptions, double cancel_at) {
    std::vector<aio::Awaitable> aws;
    aws.emplace_back(after(r, 3, Value("slow"), false));
    aws.emplace_back(after(r, 1, Value("fast"), false));
    aws.emplace_back(after(r, 2, Value("bad"), true));
    aws.emplace_back(after(r, 4, Value("slowest"), false));
    Ref<Future> g = aio::gather(std::move(aws), return_exceptions);
    if (cancel_at >= 0) {
        co_await aio::sleep(cancel_at);
        r.log({"cancel returned", g->cancel()});
    }
    try {
        Value v = co_await g;
        r.log({"gather gave", v});
    } catch (PyError& e) {
        r.log({"gather raised", repr(*e.exc)});
    }
    log_state(r, "gather", g);
    co_await aio::sleep(5);  // the siblings go on running
    log_state(r, "later", g);
    co_return Value{};
}

const char* kPythonGatherCase = R"PY(
async def after(delay, v, crash):
    await asyncio.sleep(delay)
    log("child", v, "crashes" if crash else "returns")
    if crash:
        raise ValueError(str(v))
    return v
def log_state(what, g):
    exc = "-"
    if g.done() and not g.cancelled() and g.exception() is not None:
        exc = repr(g.exception())
    log(what, "done", g.done(), "cancelled", g.cancelled(), "exception", exc)
async def gather_case(return_exceptions, cancel_at):
    g = asyncio.gather(after(3, "slow", False), after(1, "fast", False), after(2, "bad", True),
                       after(4, "slowest", False), return_exceptions=return_exceptions)
    if cancel_at >= 0:
        await asyncio.sleep(cancel_at)
        log("cancel returned", g.cancel())
    try:
        v = await g
        log("gather gave", v)
    except BaseException as e:
        log("gather raised", repr(e))
    log_state("gather", g)
    await asyncio.sleep(5)
    log_state("later", g)
)PY";

Coro<Value> all_cases(EngineRun& r) {
    for (bool re : {false, true}) {
        for (double cancel_at : {-1.0, 0.0, 1.5, 2.5}) {
            r.log({"case", re, cancel_at});
            co_await gather_case(r, re, cancel_at);
        }
    }
    co_return Value{};
}

Coro<Value> duplicates_and_empty(EngineRun& r) {
    Ref<Task> t = aio::create_task(after(r, 1, Value(7), false));
    const std::vector<Ref<Future>> three_times{t, t, t};  // GCC 12 rejects a braced list inside co_await
    Value v = co_await aio::gather(three_times);
    r.log({"duplicates", v});
    Value empty = co_await aio::gather(std::vector<aio::Awaitable>{});
    r.log({"empty", empty});
    co_return Value{};
}

}  // namespace

TEST_CASE("gather over crashes and cancellations matches CPython case by case") {
    EngineRun r;
    r.run(all_cases(r));
    // Spot checks that read as the seed explains it.
    const std::string text = r.log.text();
    CHECK(text.find("gather raised ValueError('bad')") != std::string::npos);
    CHECK(text.find("gather gave ['slow', 'fast', ValueError('bad'), 'slowest']") != std::string::npos);
    CHECK(text == test::run_on_cpython(std::string(kPythonGatherCase) + R"PY(
async def main():
    for re in (False, True):
        for cancel_at in (-1.0, 0.0, 1.5, 2.5):
            log("case", re, cancel_at)
            await gather_case(re, cancel_at)
)PY"));
}

TEST_CASE("gather de-duplicates a repeated future and accepts no arguments") {
    EngineRun r;
    r.run(duplicates_and_empty(r));
    CHECK(r.log.text() == test::run_on_cpython(R"PY(
async def after(delay, v, crash):
    await asyncio.sleep(delay)
    log("child", v, "crashes" if crash else "returns")
    return v
async def main():
    t = asyncio.create_task(after(1, 7, False))
    log("duplicates", await asyncio.gather(t, t, t))
    log("empty", await asyncio.gather())
)PY"));
}
