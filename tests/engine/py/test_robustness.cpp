// What no script may do to the interpreter: crash it, hang it, or run it out
// of memory or stack. Where CPython answers (a RecursionError, a
// MemoryError, `[[...]]`), tests/py_corpus/cases/ holds the program and
// checks the transcript against CPython; here are the cases only the
// engine's guards can answer (CPython itself hangs or crashes on them), and
// the limits behind them.
#include <doctest/doctest.h>

#include <chrono>
#include <string>

#include "engine/py/run_file.hpp"
#include "engine/recursion.hpp"
#include "tests/engine/py/py_run.hpp"

using namespace loopscope;
using namespace loopscope::py;

namespace {
std::string run(const std::string& src, const FileRunOptions& options = {}) { return test::run_transcript(src, options); }
std::string at0(const std::string& text) { return "0.000000 | " + text + "\n"; }

// Runs `src` and returns the guard's reason ("" when the run was not stopped)
// and the real seconds it took.
struct Stopped {
    std::string reason;
    double seconds;
};
Stopped run_stopped(const std::string& src, const FileRunOptions& options) {
    const auto start = std::chrono::steady_clock::now();
    FileRunResult r = run_py_source(src, "t.py", options);
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    return {r.report.stopped ? r.report.stopped->detail : std::string(), took.count()};
}

FileRunOptions quick() {
    FileRunOptions o;
    o.max_wall_seconds = 1.0;
    return o;
}
}  // namespace

TEST_CASE("robustness: a raised recursion limit is bounded by the real stack") {
    // CPython 3.11 crashes here; the stack guard raises RecursionError instead.
    CHECK(run("import sys\nsys.setrecursionlimit(10**8)\ndef f(n):\n    return f(n + 1)\n"
              "try:\n    f(0)\nexcept RecursionError as e:\n    print(e)\n") == at0("maximum recursion depth exceeded"));
    // Native recursion too: repr of a 200,000-deep list under that limit.
    CHECK(run("import sys\nsys.setrecursionlimit(10**8)\nx = []\nfor i in range(200000):\n    x = [x]\n"
              "try:\n    repr(x)\nexcept RecursionError as e:\n    print(e)\n") ==
          at0("maximum recursion depth exceeded while getting the repr of an object"));
    // A chain of awaits stops at its own bound, whatever the limit, and a
    // task left waiting at the bottom of a deep one is torn down safely.
    CHECK(run("import sys, asyncio\nsys.setrecursionlimit(10**8)\nasync def f(n):\n    await f(n + 1)\n"
              "try:\n    asyncio.run(f(0))\nexcept RecursionError as e:\n    print(e)\n") ==
          at0("maximum recursion depth exceeded"));
    // The chain below grows until the engine refuses the next frame, and
    // its bottom frame then waits: the deepest chain this build allows.
    CHECK(run("import sys, asyncio\nsys.setrecursionlimit(10**8)\nasync def f(ev):\n    try:\n        await f(ev)\n"
              "    except RecursionError:\n        await ev.wait()\nasync def main():\n"
              "    t = asyncio.ensure_future(f(asyncio.Event()))\n    await asyncio.sleep(1)\n    print('left waiting')\n"
              "loop = asyncio.new_event_loop()\nloop.run_until_complete(main())\n") == "1.000000 | left waiting\n");
}

TEST_CASE("robustness: each run starts at the default limit, at depth 0") {
    CHECK(run("import sys\nsys.setrecursionlimit(50)\n").find("error") == std::string::npos);
    CHECK(recursion::state().depth == 0);
    CHECK(run("import sys\nprint(sys.getrecursionlimit())\n") == at0("1000"));
    // A limit below the depth already reached is refused (3.11's message).
    CHECK(run("import sys\ndef f(n):\n    if n:\n        return f(n - 1)\n    try:\n        sys.setrecursionlimit(3)\n"
              "    except RecursionError as e:\n        print(e)\nf(5)\n") ==
          at0("cannot set the recursion limit to 3 at the recursion depth 7: the limit is too low"));
    CHECK(recursion::state().depth == 0);
}

TEST_CASE("robustness: runaway code is stopped within seconds of real time") {
    CHECK(FileRunOptions{}.max_wall_seconds <= 5.0);
    // Recursion that catches RecursionError and recurses again takes
    // 2**1000 calls (CPython never ends either).
    Stopped s = run_stopped("def g(n):\n    try:\n        return g(n + 1)\n    except RecursionError:\n        return g(n + 1)\ng(0)\n",
                            quick());
    CHECK(s.reason == "real-time limit of 1 s reached");
    CHECK(s.seconds < 5.0);
    // sum() over an endless generator steps through it (no vector grows).
    s = run_stopped("def naturals():\n    n = 0\n    while True:\n        yield n\n        n += 1\nprint(sum(naturals()))\n",
                    quick());
    CHECK(s.reason == "real-time limit of 1 s reached");
    CHECK(s.seconds < 5.0);
    // A task that only ever yields to the loop.
    s = run_stopped("import asyncio\nasync def main():\n    while True:\n        await asyncio.sleep(0)\nasyncio.run(main())\n",
                    quick());
    CHECK(s.reason == "real-time limit of 1 s reached");
    CHECK(s.seconds < 5.0);
    // A native loop with no statement in it: max() over a huge range.
    s = run_stopped("print(max(range(10**15)))\n", quick());
    CHECK(s.reason == "real-time limit of 1 s reached");
    CHECK(s.seconds < 5.0);
    // One integer operation of minutes (a single GMP call, under the
    // memory guard): stopped before it starts.
    for (const char* src : {"x = 3 ** (10**10)\n", "import math\nx = math.factorial(10**9)\n",
                            "x = 10**(10**8)\ny = x * x * x\n"}) {
        s = run_stopped(src, quick());
        CHECK_MESSAGE(s.reason.find("is more than one operation may build within the real-time limit") != std::string::npos, src);
        CHECK(s.seconds < 5.0);
    }
}

TEST_CASE("robustness: a huge allocation is a MemoryError before it is made") {
    const auto start = std::chrono::steady_clock::now();
    CHECK(run("try:\n    'a' * 10**12\nexcept MemoryError as e:\n    print(repr(e))\n") == at0("MemoryError()"));
    // Under the 4 GiB guard but past a lowered one.
    FileRunOptions o;
    o.max_memory_bytes = std::uint64_t{256} << 20;
    CHECK(run("try:\n    x = [0] * (10**8)\nexcept MemoryError as e:\n    print(repr(e))\n", o) == at0("MemoryError()"));
    CHECK(run("try:\n    x = list(range(10**8))\nexcept MemoryError as e:\n    print(repr(e))\n", o) == at0("MemoryError()"));
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    CHECK(took.count() < 5.0);
}
