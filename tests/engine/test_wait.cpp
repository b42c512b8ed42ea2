// engine/wait: FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED, timeout, and
// cancelling the waiter leaves the tasks alone.
#include <doctest/doctest.h>

#include "tests/engine/engine_fixture.hpp"

using namespace loopscope;
using loopscope::test::EngineRun;

namespace {

Coro<Value> after(EngineRun& r, double delay, int v, bool crash) {
    co_await aio::sleep(delay);
    r.log({"child", v});
    if (crash) raise(exc_types::ValueError);
    co_return Value(v);
}

std::string names(const std::vector<Ref<Future>>& fs) {
    std::string out;
    for (const Ref<Future>& f : fs) out += static_cast<const Task&>(*f).name() + " ";
    return out;
}

Coro<Value> wait_case(EngineRun& r, aio::ReturnWhen rw, std::optional<double> timeout) {
    std::vector<Ref<Future>> tasks;
    tasks.push_back(aio::create_task(after(r, 3, 1, false)));
    tasks.push_back(aio::create_task(after(r, 1, 2, false)));
    tasks.push_back(aio::create_task(after(r, 2, 3, true)));
    auto [done, pending] = co_await aio::wait(tasks, timeout, rw);
    r.log({"done", names(done), "pending", names(pending)});
    for (const Ref<Future>& t : pending) t->cancel();
    co_await aio::sleep(0);
    for (const Ref<Future>& t : tasks)
        if (!t->cancelled()) t->exception();  // retrieve everything
    co_return Value{};
}

Coro<Value> all_cases(EngineRun& r) {
    for (auto rw : {aio::ReturnWhen::FirstCompleted, aio::ReturnWhen::FirstException, aio::ReturnWhen::AllCompleted}) {
        for (std::optional<double> timeout : {std::optional<double>{}, std::optional<double>{0.5}, std::optional<double>{2.5}}) {
            r.log({"case", std::string(aio::to_string(rw)), timeout ? Value(*timeout) : Value{}});
            co_await wait_case(r, rw, timeout);
        }
    }
    co_return Value{};
}

Coro<Value> cancel_the_waiter(EngineRun& r) {
    Ref<Task> work = aio::create_task(after(r, 5, 1, false));
    const std::vector<Ref<Future>> just_work{work};
    Ref<Task> waiting = aio::create_task(aio::wait(just_work));
    co_await aio::sleep(2);
    waiting->cancel();
    try {
        co_await waiting;
    } catch (PyError& e) {
        r.log({"waiter", repr(*e.exc)});
    }
    r.log({"work still pending", !work->done()});
    Value work_result = co_await work;
    r.log({"work result", work_result});
    try {
        const std::vector<Ref<Future>> nothing;
        co_await aio::wait(nothing);
    } catch (PyError& e) {
        r.log({"empty wait", repr(*e.exc)});
    }
    co_return Value{};
}

}  // namespace

TEST_CASE("wait's three return_when modes with and without timeout match CPython") {
    EngineRun r;
    r.run(all_cases(r));
    CHECK(r.log.text().find("done Task-3  pending Task-2 Task-4") != std::string::npos);  // FIRST_COMPLETED at t=1
    CHECK(r.log.text() == test::run_on_cpython(R"PY(
async def after(delay, v, crash):
    await asyncio.sleep(delay)
    log("child", v)
    if crash:
        raise ValueError
    return v
async def wait_case(rw, timeout):
    tasks = [asyncio.create_task(after(3, 1, False)), asyncio.create_task(after(1, 2, False)),
             asyncio.create_task(after(2, 3, True))]
    done, pending = await asyncio.wait(tasks, timeout=timeout, return_when=rw)
    order = lambda s: "".join(t.get_name() + " " for t in tasks if t in s)
    log("done", order(done), "pending", order(pending))
    for t in [t for t in tasks if t in pending]:
        t.cancel()
    await asyncio.sleep(0)
    for t in tasks:
        t.cancelled() or t.exception()
async def main():
    for rw in ("FIRST_COMPLETED", "FIRST_EXCEPTION", "ALL_COMPLETED"):
        for timeout in (None, 0.5, 2.5):
            log("case", rw, timeout)
            await wait_case(rw, timeout)
)PY"));
}

TEST_CASE("cancelling a task that waits in wait() leaves the waited tasks running") {
    EngineRun r;
    r.run(cancel_the_waiter(r));
    CHECK(r.log.text() == test::run_on_cpython(R"PY(
async def after(delay, v, crash):
    await asyncio.sleep(delay)
    log("child", v)
    return v
async def main():
    work = asyncio.create_task(after(5, 1, False))
    waiting = asyncio.create_task(asyncio.wait([work]))
    await asyncio.sleep(2)
    waiting.cancel()
    try:
        await waiting
    except BaseException as e:
        log("waiter", repr(e))
    log("work still pending", not work.done())
    log("work result", await work)
    try:
        await asyncio.wait([])
    except BaseException as e:
        log("empty wait", repr(e))
)PY"));
}
