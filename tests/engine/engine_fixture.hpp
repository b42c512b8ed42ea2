// Running engine coroutines in tests, and the same program on CPython.
//
// A test writes its asyncio program twice: once as C++ coroutines logging
// through `Log`, once as Python logging through `log(...)`; run_on_cpython
// runs the Python one on CPython's own asyncio under the conformance
// harness's virtual clock (tests/conformance/vloop.py) and returns the log.
#pragma once

#include <string>
#include <vector>

#include "engine/asyncio.hpp"
#include "engine/trace.hpp"
#include "tests/support/cpython.hpp"

namespace loopscope::test {

// print(*args)-style lines, stamped with the loop's virtual time like a transcript.
class Log {
public:
    explicit Log(Loop& loop) : loop_(loop) {}
    void operator()(const std::vector<Value>& args);
    [[nodiscard]] std::string text() const;
    std::vector<std::string> lines;

private:
    Loop& loop_;
};

// A loop that is running for the test's scope, with a Log bound to it.
struct EngineRun {
    Loop loop;
    aio::RunningLoopScope running{loop};
    Log log{loop};

    // loop.run_until_complete(main()); a raised exception becomes a log line
    // "raised <repr>" so that tests compare it like CPython's side does.
    void run(Coro<Value> main);
};

// An EngineRun whose loop records its trace (engine/trace.hpp).
struct RecordedRun {
    EngineRun run;
    Trace trace;
    TraceRecorder recorder{run.loop, trace};
    RecordedRun() { run.loop.set_observer(&recorder); }
    ~RecordedRun() { run.loop.set_observer(nullptr); }
    RecordedRun(const RecordedRun&) = delete;
    RecordedRun& operator=(const RecordedRun&) = delete;
};

// Runs `program` (Python source defining `async def main()` that calls
// `log(*args)`) on a fresh harness VirtualLoop and returns the log text, in
// the same format as Log::text().
std::string run_on_cpython(const std::string& program);

}  // namespace loopscope::test
