// The evaluator, end to end on the engine: small programs and the transcript
// they print (each checked against CPython when the corpus runs; here the
// expected text is written out so that the unit tests need no Python).
#include <doctest/doctest.h>

#include <string>

#include "engine/py/run_file.hpp"
#include "tests/engine/py/py_run.hpp"

using namespace loopscope;
using namespace loopscope::py;

namespace {
std::string run(const std::string& src, const FileRunOptions& options = {}) { return test::run_transcript(src, options); }
}  // namespace

TEST_CASE("interp: asyncio.run, sleep and gather on virtual time") {
    CHECK(run("import asyncio\n"
              "async def c(t, d):\n    await asyncio.sleep(d)\n    print(t)\n    return t\n"
              "async def main():\n    print(await asyncio.gather(c('a', 2), c('b', 1)))\n"
              "asyncio.run(main())\n") ==
          "1.000000 | b\n2.000000 | a\n2.000000 | ['a', 'b']\n");
}

TEST_CASE("interp: an exception escaping the script is reported like main's") {
    CHECK(run("import asyncio\nasync def main():\n    await asyncio.sleep(1)\n    raise ValueError('x')\nasyncio.run(main())\n") ==
          "1.000000 | main raised ValueError('x')\n"
          "1.000000 | Traceback (most recent call last):\n"
          "1.000000 |   File \"t.py\", line 5, in <module>\n"
          "1.000000 |     asyncio.run(main())\n"
          "1.000000 |   File \"t.py\", line 4, in main\n"
          "1.000000 |     raise ValueError('x')\n"
          "1.000000 | ValueError: x\n");
}

TEST_CASE("interp: never-retrieved task exceptions are reported") {
    CHECK(run("import asyncio\nasync def bad():\n    raise KeyError(1)\n"
              "async def main():\n    t = asyncio.create_task(bad())\n    await asyncio.sleep(1)\n"
              "asyncio.run(main())\n") ==
          "1.000000 | !! Task exception was never retrieved: Task-2 KeyError(1)\n");
}

TEST_CASE("interp: a deadlock stops the run") {
    CHECK(run("import asyncio\nasync def main():\n    await asyncio.Event().wait()\nasyncio.run(main())\n") ==
          "0.000000 | deadlock\n");
}

TEST_CASE("interp: scenario files take --set on PARAMS") {
    const std::string src =
        "import asyncio\nPARAMS = {'n': 2}\nTARGETS = {}\n"
        "async def main(p):\n    print(p['n'] * 10)\n";
    CHECK(run(src) == "0.000000 | 20\n");
    FileRunOptions o;
    o.sets = {"n=5"};
    CHECK(run(src, o) == "0.000000 | 50\n");
    o.sets = {"m=5"};
    CHECK(run(src, o) == "error: unknown parameter 'm' for t.py (known: n)");
}

TEST_CASE("interp: runtime errors are Python exceptions") {
    CHECK(run("try:\n    x = y\nexcept NameError as e:\n    print(e)\n") == "0.000000 | name 'y' is not defined\n");
    CHECK(run("def f(a):\n    pass\ntry:\n    f()\nexcept TypeError as e:\n    print(e)\n") ==
          "0.000000 | f() missing 1 required positional argument: 'a'\n");
    CHECK(run("class E(Exception):\n    pass\ntry:\n    raise E('m')\nexcept Exception as e:\n    print(repr(e), isinstance(e, E))\n") ==
          "0.000000 | E('m') True\n");
    CHECK(run("def f(n):\n    return f(n + 1)\ntry:\n    f(0)\nexcept RecursionError as e:\n    print(e)\n") ==
          "0.000000 | maximum recursion depth exceeded\n");
}

TEST_CASE("interp: language features") {
    CHECK(run("x = [i * i for i in range(4) if i]\nprint(x, {k: v for k, v in zip('ab', x)}, f'{x[0]:03d}')\n") ==
          "0.000000 | [1, 4, 9] {'a': 1, 'b': 4} 001\n");
    CHECK(run("def mk():\n    n = 0\n    def inc():\n        nonlocal n\n        n += 1\n        return n\n    return inc\n"
              "i = mk()\ni()\nprint(i(), '%5.1f|' % 2.25, '{:>4}'.format('a'))\n") ==
          "0.000000 | 2   2.2|    a\n");
    CHECK(run("try:\n    pass\nfinally:\n    print('fin')\nfor i in range(3):\n    if i == 1:\n        break\nelse:\n    print('no')\nprint(i)\n") ==
          "0.000000 | fin\n0.000000 | 1\n");
}

TEST_CASE("interp: parse errors are one line with file:line:col") {
    CHECK(run("def f():\n    yield from g()\n") == "error: t.py:2:5: unsupported yield from");
}

TEST_CASE("interp: functools.partial binds arguments for calls and loop callbacks; reduce folds") {
    const std::string out = run(
        "import asyncio, functools\n"
        "def f(a, b, *, c=0):\n"
        "    print(a, b, c)\n"
        "g = functools.partial(functools.partial(f, 1), c=5)\n"
        "g(2)\n"
        "g(3, c=6)\n"
        "print(functools.reduce(lambda x, y: x * 10 + y, [1, 2, 3]))\n"
        "print(functools.reduce(lambda x, y: x + y, [], 'empty'))\n"
        "async def main():\n"
        "    asyncio.get_running_loop().call_soon(functools.partial(f, 'soon', 'x'))\n"
        "    await asyncio.sleep(0)\n"
        "asyncio.run(main())\n"
        "for bad in (lambda: functools.partial(), lambda: functools.partial(3), lambda: functools.reduce(min, [])):\n"
        "    try:\n"
        "        bad()\n"
        "    except TypeError as e:\n"
        "        print(e)\n");
    CHECK(out == "0.000000 | 1 2 5\n"
                 "0.000000 | 1 3 6\n"
                 "0.000000 | 123\n"
                 "0.000000 | empty\n"
                 "0.000000 | soon x 0\n"
                 "0.000000 | type 'partial' takes at least one argument\n"
                 "0.000000 | the first argument must be callable\n"
                 "0.000000 | reduce() of empty iterable with no initial value\n");
}
