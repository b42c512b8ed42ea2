// Plain scripts (asyncio.run / run_until_complete, no PARAMS/TARGETS/main)
// record a trace like scenario files: tasks, groups, steps and lines, one
// time line for all the loops a script makes, the same bytes every run.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "engine/py/run_file.hpp"

using namespace loopscope;
using namespace loopscope::py;

namespace {

FileRunResult traced(const std::string& src, bool record = true) {
    FileRunOptions options;
    options.record_trace = record;
    FileRunResult r = run_py_source(src, "t.py", options);
    REQUIRE(r.error.empty());
    return r;
}

std::string transcript_of(const RunReport& report) {
    std::string out;
    for (const TranscriptLine& line : report.transcript) out += format_transcript_line(line) + "\n";
    return out;
}

std::string json_of(const Trace& trace) {
    std::ostringstream out;
    write_trace_json(trace, out);
    return out.str();
}

// The tasks in creation order, as "Task-N fn".
std::vector<std::string> tasks_of(const Trace& trace) {
    std::vector<std::string> out;
    for (const TraceEvent& ev : trace.events) {
        if (ev.kind != EventKind::TaskCreated) continue;
        const TraceFuture* f = trace.future(ev.subject);
        REQUIRE(f != nullptr);
        out.push_back(trace.name(*f) + " " + std::string(trace.str(f->function)));
    }
    return out;
}

std::string name_of(const Trace& trace, std::uint32_t id) {
    const TraceFuture* f = trace.future(id);
    return f ? trace.name(*f) : "?";
}

// The time of the Printed event with `text` (the first one), or -1.
double printed_at(const Trace& trace, const std::string& text) {
    for (const TraceEvent& ev : trace.events)
        if (ev.kind == EventKind::Printed && trace.str(ev.text) == text) return ev.time;
    return -1;
}

const std::string kGatherWait = R"(import asyncio

async def work(n):
    await asyncio.sleep(n)
    print("work", n)
    return n

async def main():
    results = await asyncio.gather(work(1), work(2))
    print("gathered", results)
    done, pending = await asyncio.wait([asyncio.create_task(work(3))], timeout=5)
    print("waited", len(done), len(pending))

print("before")
asyncio.run(main())
)";

const std::string kTwoRuns = R"(import asyncio

async def work(n):
    await asyncio.sleep(n)
    print("work", n)

async def main(k):
    await asyncio.gather(work(k), work(2 * k))

asyncio.run(main(1))
print("between")
asyncio.run(main(0.5))
print("after")
)";

}  // namespace

TEST_CASE("a plain script's trace has its tasks, groups, steps, lines and prints") {
    FileRunResult r = traced(kGatherWait);
    const Trace& t = r.report.trace;
    CHECK(tasks_of(t) == std::vector<std::string>{"Task-1 main", "Task-2 work", "Task-3 work", "Task-4 work"});

    REQUIRE(t.groups.size() == 2);
    const TraceGroup& gather = t.groups[0];
    CHECK(gather.kind == GroupInfo::Kind::Gather);
    CHECK(name_of(t, gather.owner) == "Task-1");
    REQUIRE(gather.children.size() == 2);
    CHECK(name_of(t, gather.children[0]) == "Task-2");
    CHECK(name_of(t, gather.children[1]) == "Task-3");
    const TraceGroup& wait = t.groups[1];
    CHECK(wait.kind == GroupInfo::Kind::Wait);
    CHECK(wait.timeout == 5);
    REQUIRE(wait.children.size() == 1);
    CHECK(name_of(t, wait.children[0]) == "Task-4");

    // main suspends at the gather (line 9), then at the wait (line 11); the
    // workers at their sleep (line 4).
    std::vector<std::uint32_t> main_lines, work_lines;
    for (const TraceEvent& ev : t.events) {
        if (ev.kind != EventKind::StepEnd) continue;
        (name_of(t, ev.subject) == "Task-1" ? main_lines : work_lines).push_back(ev.text);
    }
    CHECK(main_lines == std::vector<std::uint32_t>{9, 11, 11});
    CHECK(work_lines == std::vector<std::uint32_t>{4, 4, 4, 4, 4, 4});

    // What it printed, at the times the transcript says; the line printed
    // before asyncio.run waits for the loop and comes first, at 0.
    REQUIRE(!t.events.empty());
    CHECK(t.events[0].kind == EventKind::Printed);
    CHECK(printed_at(t, "before") == 0.0);
    CHECK(printed_at(t, "work 1") == 1.0);
    CHECK(printed_at(t, "gathered [1, 2]") == 2.0);
    CHECK(printed_at(t, "waited 1 0") == 5.0);
    CHECK(t.events.back().time == 5.0);
}

TEST_CASE("recording a script's trace does not change its transcript, and off records nothing") {
    FileRunResult on = traced(kGatherWait);
    FileRunResult off = traced(kGatherWait, false);
    CHECK(transcript_of(on.report) == transcript_of(off.report));
    CHECK(off.report.trace.events.empty());
    CHECK(transcript_of(on.report) ==
          "0.000000 | before\n1.000000 | work 1\n2.000000 | work 2\n2.000000 | gathered [1, 2]\n"
          "5.000000 | work 3\n5.000000 | waited 1 0\n");
}

TEST_CASE("a script with two asyncio.run calls makes one trace: the second loop continues the first's time line") {
    FileRunResult r = traced(kTwoRuns);
    const Trace& t = r.report.trace;
    // The transcript keeps CPython's times: the second loop starts at 0 again.
    CHECK(transcript_of(r.report) ==
          "1.000000 | work 1\n2.000000 | work 2\n2.000000 | between\n"
          "0.500000 | work 0.5\n1.000000 | work 1.0\n1.000000 | after\n");
    // The trace runs the second loop after the first.
    for (std::size_t i = 1; i < t.events.size(); ++i) REQUIRE(t.events[i - 1].time <= t.events[i].time);
    CHECK(printed_at(t, "between") == 2.0);
    CHECK(printed_at(t, "work 0.5") == 2.5);
    CHECK(printed_at(t, "after") == 3.0);
    // Task numbers go on counting, as tasks.py's one _task_name_counter
    // does; Runner.close() took two (shutdown_asyncgens and
    // shutdown_default_executor run as tasks).
    CHECK(tasks_of(t) == std::vector<std::string>{"Task-1 main", "Task-2 work", "Task-3 work", "Task-6 main",
                                                  "Task-7 work", "Task-8 work"});
    std::vector<double> mains;
    for (const TraceEvent& ev : t.events)
        if (ev.kind == EventKind::TaskCreated && ev.other == 0) mains.push_back(ev.time);
    CHECK(mains == std::vector<double>{0.0, 2.0});
    // Each loop's futures keep their own rows: no id is reused.
    std::vector<std::uint32_t> created;
    for (const TraceEvent& ev : t.events)
        if (ev.kind == EventKind::TaskCreated) created.push_back(ev.subject);
    for (std::size_t i = 1; i < created.size(); ++i) CHECK(created[i - 1] < created[i]);
    REQUIRE(t.groups.size() == 2);
    CHECK(t.groups[0].children != t.groups[1].children);
}

TEST_CASE("a loop run again after another loop ran stays on the trace's time line") {
    FileRunResult r = traced(R"(import asyncio

async def nap(d, tag):
    await asyncio.sleep(d)
    print(tag)

loop = asyncio.new_event_loop()
loop.run_until_complete(nap(1, "a"))
asyncio.run(nap(3, "b"))
loop.run_until_complete(nap(1, "c"))
loop.close()
)");
    const Trace& t = r.report.trace;
    for (std::size_t i = 1; i < t.events.size(); ++i) REQUIRE(t.events[i - 1].time <= t.events[i].time);
    CHECK(printed_at(t, "a") == 1.0);
    CHECK(printed_at(t, "b") == 4.0);
    // The first loop's clock says 2 when "c" prints; it is shifted past "b".
    CHECK(printed_at(t, "c") == 5.0);
    CHECK(tasks_of(t) == std::vector<std::string>{"Task-1 nap", "Task-2 nap", "Task-5 nap"});
}

TEST_CASE("a script's trace names tasks by their default Task-N or the name they were given") {
    // The default names are kept as numbers, given names as strings. A row
    // shows the name the task starts running with: create_task(name=...)
    // names it right after making it; a rename while it runs does not
    // relabel it.
    FileRunResult r = traced(R"(import asyncio

async def work(n):
    await asyncio.sleep(n)
    if n == 3:
        asyncio.current_task().set_name("renamed")

async def main():
    await asyncio.gather(work(1), asyncio.create_task(work(2), name="fetcher"), work(3))

asyncio.run(main())
)");
    const Trace& t = r.report.trace;
    // CPython 3.11 names them so: the named task still takes a number.
    CHECK(tasks_of(t) == std::vector<std::string>{"Task-1 main", "fetcher work", "Task-3 work", "Task-4 work"});
    std::ostringstream json;
    write_trace_json(t, json);
    const auto doc = nlohmann::json::parse(json.str());
    std::vector<std::string> task_rows;
    for (const auto& row : doc["futures"])
        if (row["kind"] == "task") task_rows.push_back(row["name"]);
    CHECK(task_rows == std::vector<std::string>{"Task-1", "fetcher", "Task-3", "Task-4"});
}

TEST_CASE("a script's loops number their tasks on from each other, as CPython does") {
    // CPython 3.11 under tests/py_corpus/vscript.py prints the same.
    FileRunResult r = traced(R"(import asyncio

async def nap(d):
    await asyncio.sleep(d)
    print(asyncio.current_task().get_name())

async def boom():
    await asyncio.sleep(0)
    raise ValueError("x")

loop = asyncio.new_event_loop()
loop.run_until_complete(nap(1))
try:
    asyncio.run(boom())
except ValueError as e:
    print("caught", e)
asyncio.run(nap(1))
loop.run_until_complete(nap(2))
loop.close()
)", false);
    CHECK(transcript_of(r.report) == "1.000000 | Task-1\n0.000000 | caught x\n1.000000 | Task-5\n1.000000 | Task-8\n");
    CHECK(r.report.tasks_created == 4);
}

TEST_CASE("a script's trace is the same bytes on every run") {
    const std::string a = json_of(traced(kTwoRuns).report.trace);
    const std::string b = json_of(traced(kTwoRuns).report.trace);
    CHECK(a.size() > 1000);
    CHECK(a == b);
    CHECK(json_of(traced(kGatherWait).report.trace) == json_of(traced(kGatherWait).report.trace));
}

TEST_CASE("a script's tasks carry the call their coroutine came from, as the code wrote it") {
    const FileRunResult r = traced(R"PY(import asyncio

async def coro(tag, n=2, *rest, flag=False, **extra):
    await asyncio.sleep(0)

class Worker:
    async def run(self, job):
        await asyncio.sleep(0)

async def main():
    await asyncio.gather(coro('group 1.3'), coro('x', 5, 6, 7, flag=True, colour='red'),
                         coro(list(range(100))), Worker().run(3))
    t = asyncio.create_task(coro("a" * 100))
    await t
    await asyncio.create_task(coro(n=4, tag='kw'))

asyncio.run(main())
)PY");
    const Trace& t = r.report.trace;
    std::vector<std::string> calls;
    for (const Trace::TaskCall& c : t.calls) calls.emplace_back(t.call_text(c.task));
    CHECK(calls == std::vector<std::string>{
                       "main()",
                       "coro('group 1.3')",
                       "coro('x', 5, 6, 7, flag=True, colour='red')",
                       "coro(<list of 100>)",
                       "Worker.run(3)",
                       "coro('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...)",
                       "coro(n=4, tag='kw')",
                   });
}
