// What the trace says about how waiting calls ended (wait, wait_for,
// as_completed) and why each cancel() was called: the fields the app's
// Outcome panel and tooltips read, recorded by the engine, not guessed.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "engine/py/run_file.hpp"

using namespace loopscope;
using namespace loopscope::py;

namespace {

Trace trace_of(const std::string& src) {
    FileRunOptions options;
    options.record_trace = true;
    FileRunResult r = run_py_source(src, "t.py", options);
    REQUIRE(r.error.empty());
    return std::move(r.report.trace);
}

std::vector<std::string> names(const Trace& t, const std::vector<std::uint32_t>& ids) {
    std::vector<std::string> out;
    for (std::uint32_t id : ids) out.push_back(t.name(*t.future(id)));
    return out;
}

const TraceGroup& group_of_kind(const Trace& t, GroupInfo::Kind kind, std::size_t nth = 0) {
    for (const TraceGroup& g : t.groups)
        if (g.kind == kind && nth-- == 0) return g;
    FAIL("no such group");
    return t.groups.front();
}

// The causes of the cancel requests on the task called `name`, in order.
std::vector<CancelCause::Kind> causes_on(const Trace& t, const std::string& name) {
    std::vector<CancelCause::Kind> out;
    for (const TraceEvent& e : t.events)
        if (e.kind == EventKind::CancelRequested && t.future(e.subject) && t.name(*t.future(e.subject)) == name)
            out.push_back(t.cancel(e).cause);
    return out;
}

}  // namespace

TEST_CASE("wait() records the sets it returned, a timeout, and a return that never came") {
    const Trace t = trace_of(R"(
import asyncio
async def nap(d):
    await asyncio.sleep(d)
    return d
async def main():
    a = asyncio.create_task(nap(1))
    b = asyncio.create_task(nap(3))
    done, pending = await asyncio.wait([a, b], return_when=asyncio.FIRST_COMPLETED)
    done, pending = await asyncio.wait([b], timeout=0.5)
    w = asyncio.create_task(asyncio.wait([b]))
    await asyncio.sleep(0.1)
    w.cancel()
    await asyncio.sleep(5)
asyncio.run(main())
)");
    const TraceGroup& first = group_of_kind(t, GroupInfo::Kind::Wait, 0);
    REQUIRE(first.ended);
    CHECK(first.end == GroupEnd::Returned);
    CHECK(first.ended_at == 1.0);
    CHECK(names(t, first.done) == std::vector<std::string>{"Task-2"});
    CHECK(names(t, first.pending) == std::vector<std::string>{"Task-3"});
    const TraceGroup& second = group_of_kind(t, GroupInfo::Kind::Wait, 1);
    CHECK(second.end == GroupEnd::TimedOut);
    CHECK(second.ended_at == 1.5);
    CHECK(second.done.empty());
    CHECK(names(t, second.pending) == std::vector<std::string>{"Task-3"});
    const TraceGroup& third = group_of_kind(t, GroupInfo::Kind::Wait, 2);
    CHECK(third.end == GroupEnd::NeverReturned);
    CHECK(third.ended_at == doctest::Approx(1.6));
    CHECK(third.done.empty());
    CHECK(third.pending.empty());
    // The GroupFinished events carry the same ends, in order.
    std::vector<GroupEnd> ends;
    for (const TraceEvent& e : t.events)
        if (e.kind == EventKind::GroupFinished) ends.push_back(static_cast<GroupEnd>(e.flag));
    CHECK(ends == std::vector<GroupEnd>{GroupEnd::Returned, GroupEnd::TimedOut, GroupEnd::NeverReturned});
    // main's own cancel() of the waiting task is the program's, at its line.
    const std::vector<CancelCause::Kind> on_w = causes_on(t, "Task-4");
    REQUIRE(on_w.size() == 1);
    CHECK(on_w[0] == CancelCause::Kind::Code);
    for (const TraceEvent& e : t.events)
        if (e.kind == EventKind::CancelRequested && t.name(*t.future(e.subject)) == "Task-4") CHECK(t.cancel(e).line == 13);
}

TEST_CASE("wait_for and as_completed are groups that end returned, timed out or raised") {
    const Trace t = trace_of(R"(
import asyncio
async def nap(d):
    await asyncio.sleep(d)
    return d
async def boom():
    raise ValueError("x")
async def main():
    await asyncio.wait_for(nap(1), timeout=2)
    try:
        await asyncio.wait_for(nap(5), timeout=1)
    except TimeoutError:
        pass
    try:
        await asyncio.wait_for(boom(), timeout=1)
    except ValueError:
        pass
    for c in asyncio.as_completed([nap(1), nap(2)]):
        await c
    try:
        for c in asyncio.as_completed([nap(1), nap(9)], timeout=3):
            await c
    except TimeoutError:
        pass
asyncio.run(main())
)");
    const TraceGroup& ok = group_of_kind(t, GroupInfo::Kind::WaitFor, 0);
    CHECK(ok.end == GroupEnd::Returned);
    CHECK(ok.timeout == 2);
    CHECK(ok.children.empty());  // a coroutine runs inline in the caller: no future to show
    CHECK(group_of_kind(t, GroupInfo::Kind::WaitFor, 1).end == GroupEnd::TimedOut);
    CHECK(group_of_kind(t, GroupInfo::Kind::WaitFor, 1).ended_at == 2.0);
    CHECK(group_of_kind(t, GroupInfo::Kind::WaitFor, 2).end == GroupEnd::Raised);
    const TraceGroup& all = group_of_kind(t, GroupInfo::Kind::AsCompleted, 0);
    CHECK(all.children.size() == 2);
    CHECK(all.end == GroupEnd::Returned);
    const TraceGroup& late = group_of_kind(t, GroupInfo::Kind::AsCompleted, 1);
    CHECK(late.end == GroupEnd::TimedOut);
    CHECK(late.ended_at == 7.0);  // it starts at t=4, after the waits above, and times out 3 s later
    // The timeout of the second wait_for cancelled main (the task it runs in).
    const std::vector<CancelCause::Kind> on_main = causes_on(t, "Task-1");
    REQUIRE(!on_main.empty());
    CHECK(on_main.front() == CancelCause::Kind::Timeout);
    for (const TraceEvent& e : t.events)
        if (e.kind == EventKind::CancelRequested) {
            if (t.cancel(e).cause == CancelCause::Kind::Timeout) CHECK(t.str(t.cancel(e).detail) == "wait_for(timeout=1)");
        }
}

TEST_CASE("cancel causes: a gather passes it on, a task passes it to what it awaits, TaskGroup aborts, run() shuts down") {
    const Trace t = trace_of(R"(
import asyncio
async def nap(d):
    await asyncio.sleep(d)
async def boom():
    await asyncio.sleep(1)
    raise ValueError("x")
async def waits_on_gather(g):
    await g
async def main():
    g = asyncio.gather(nap(5), nap(5))
    w = asyncio.create_task(waits_on_gather(g))
    await asyncio.sleep(0.5)
    w.cancel()
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(boom())
            tg.create_task(nap(5))
    except* ValueError:
        pass
    asyncio.create_task(nap(100))
    raise RuntimeError("main ends")
asyncio.run(main())
)");
    // Task-2, Task-3: gather's children; Task-4: waits_on_gather; then the TaskGroup's Task-5 (boom), Task-6 (nap).
    CHECK(causes_on(t, "Task-4") == std::vector<CancelCause::Kind>{CancelCause::Kind::Code});
    CHECK(causes_on(t, "Task-2") == std::vector<CancelCause::Kind>{CancelCause::Kind::Group});
    CHECK(causes_on(t, "Task-6") == std::vector<CancelCause::Kind>{CancelCause::Kind::TaskGroup});
    CHECK(causes_on(t, "Task-7") == std::vector<CancelCause::Kind>{CancelCause::Kind::Shutdown});
    bool gather_cancel = false;
    for (const TraceEvent& e : t.events) {
        if (e.kind != EventKind::CancelRequested) continue;
        const TraceCancel& c = t.cancel(e);
        if (t.future(e.subject)->kind == FutureKind::Gathering) {
            gather_cancel = true;
            CHECK(c.cause == CancelCause::Kind::Awaiter);  // Task-4 was cancelled and cancelled the gather it awaited
            CHECK(t.name(*t.future(c.source)) == "Task-4");
        }
        if (c.cause == CancelCause::Kind::TaskGroup) {
            CHECK(t.name(*t.future(c.source)) == "Task-5");
            CHECK(t.str(c.detail) == "ValueError('x')");
        }
    }
    CHECK(gather_cancel);
}
