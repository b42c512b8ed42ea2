// The interpreter's language beyond functions and coroutines: with, async
// with, async for, generators, classes and super(), tracebacks, the guards,
// and the runtime errors' messages. Each expected transcript is what CPython
// 3.11 prints for the same program (checked by hand with
// tests/py_corpus/vscript.py; the corpus checks the longer programs).
#include <doctest/doctest.h>

#include <string>

#include "engine/py/run_file.hpp"
#include "tests/engine/py/py_run.hpp"
#include "tests/support/cpython.hpp"

using namespace loopscope;
using namespace loopscope::py;

namespace {
std::string run(const std::string& src, const FileRunOptions& options = {}) { return test::run_transcript(src, options); }

// The text of a line printed at time 0, for short checks.
std::string at0(const std::string& text) { return "0.000000 | " + text + "\n"; }

// What python3 printed (lines ending in newlines), as transcript lines at time 0.
std::string at0_lines(const std::string& printed) {
    std::string out;
    for (std::size_t start = 0; start < printed.size();) {
        const std::size_t end = printed.find('\n', start);
        out += at0(printed.substr(start, end - start));
        start = end == std::string::npos ? printed.size() : end + 1;
    }
    return out;
}

// What `print(repr(e))` shows for the exception a statement raises.
std::string error_of(const std::string& statement) {
    return run("try:\n    " + statement + "\nexcept BaseException as e:\n    print(type(e).__name__ + ': ' + str(e))\n");
}
}  // namespace

TEST_CASE("interp language: with calls __enter__/__exit__ and a true __exit__ swallows") {
    const std::string cls =
        "class R:\n"
        "    def __init__(self, s):\n        self.s = s\n"
        "    def __enter__(self):\n        print('in')\n        return 7\n"
        "    def __exit__(self, t, e, tb):\n        print('out', t.__name__ if t else None)\n        return self.s\n";
    CHECK(run(cls + "with R(False) as v:\n    print(v)\n") == at0("in") + at0("7") + at0("out None"));
    CHECK(run(cls + "with R(True):\n    raise KeyError(1)\nprint('after')\n") == at0("in") + at0("out KeyError") + at0("after"));
    CHECK(run(cls + "try:\n    with R(False):\n        raise KeyError(1)\nexcept KeyError:\n    print('passed')\n") ==
          at0("in") + at0("out KeyError") + at0("passed"));
    CHECK(run(cls + "def f():\n    with R(False):\n        return 1\nprint(f())\n") == at0("in") + at0("out None") + at0("1"));
    CHECK(error_of("with 1:\n        pass") == at0("TypeError: 'int' object does not support the context manager protocol"));
}

TEST_CASE("interp language: async with and async for on user classes") {
    CHECK(run("import asyncio\n"
              "class S:\n"
              "    async def __aenter__(self):\n        await asyncio.sleep(1)\n        return 'v'\n"
              "    async def __aexit__(self, t, e, tb):\n        print('exit', t is None)\n"
              "class It:\n"
              "    def __init__(self):\n        self.i = 0\n"
              "    def __aiter__(self):\n        return self\n"
              "    async def __anext__(self):\n        self.i += 1\n        if self.i > 2:\n            raise StopAsyncIteration\n"
              "        await asyncio.sleep(1)\n        return self.i\n"
              "async def main():\n"
              "    async with S() as v:\n        print(v)\n"
              "    async for i in It():\n        print(i)\n"
              "asyncio.run(main())\n") ==
          "1.000000 | v\n1.000000 | exit True\n2.000000 | 1\n3.000000 | 2\n");
    CHECK(run("import asyncio\nasync def main():\n    async with 1:\n        pass\nasyncio.run(main())\n")
              .find("TypeError: 'int' object does not support the asynchronous context manager protocol") != std::string::npos);
}

TEST_CASE("interp language: async generators suspend their consumer's task") {
    CHECK(run("import asyncio\n"
              "async def g():\n    for i in range(2):\n        await asyncio.sleep(1)\n        yield i\n"
              "async def main():\n    async for x in g():\n        print(x)\n"
              "asyncio.run(main())\n") == "1.000000 | 0\n2.000000 | 1\n");
}

TEST_CASE("interp language: generators") {
    const std::string gen = "def g(n):\n    for i in range(n):\n        yield i * i\n    return 'r'\n";
    CHECK(run(gen + "print(list(g(4)), sum(g(3)))\n") == at0("[0, 1, 4, 9] 5"));
    CHECK(run(gen + "it = g(1)\nprint(next(it), next(it, 'end'))\n") == at0("0 end"));
    CHECK(run(gen + "it = g(0)\ntry:\n    next(it)\nexcept StopIteration:\n    print('stop')\n") == at0("stop"));
    CHECK(run("def g():\n    try:\n        yield 1\n        yield 2\n    finally:\n        print('closed')\n"
              "for x in g():\n    break\nprint('after')\n") == at0("closed") + at0("after"));
    CHECK(run("def g():\n    x = yield\n    print('sent', x)\n    yield 5\nit = g()\nprint(next(it), next(it))\n") ==
          at0("sent None") + at0("None 5"));
    CHECK(run("def g():\n    yield 1\nprint(type(g()).__name__)\n") == at0("generator"));
}

TEST_CASE("interp language: classes, inheritance and super()") {
    const std::string classes =
        "class A:\n    k = 1\n    def __init__(self, x):\n        self.x = x\n    def f(self):\n        return 'A' + str(self.x)\n"
        "class B(A):\n    def __init__(self, x, y):\n        super().__init__(x)\n        self.y = y\n"
        "    def f(self):\n        return super().f() + 'B' + str(self.y)\n    def __str__(self):\n        return 'B!'\n";
    CHECK(run(classes + "b = B(1, 2)\nprint(b.f(), b.k, B.k, str(b), isinstance(b, A))\n") == at0("A1B2 1 1 B! True"));
    CHECK(run("class E(Exception):\n    def __init__(self, c):\n        super().__init__('code', c)\n        self.c = c\n"
              "    def __str__(self):\n        return f'E{self.c}'\n"
              "try:\n    raise E(3)\nexcept E as e:\n    print(e, repr(e), e.args, e.c)\n") ==
          at0("E3 E('code', 3) ('code', 3) 3"));
    CHECK(error_of("super()") == at0("RuntimeError: super(): no arguments"));
    CHECK(run("def f(self):\n    return super()\ntry:\n    f(1)\nexcept RuntimeError as e:\n    print(e)\n") ==
          at0("super(): __class__ cell not found"));
}

TEST_CASE("interp language: queues and locks run CPython's code") {
    CHECK(run("import asyncio\n"
              "async def main():\n"
              "    q = asyncio.Queue(1)\n"
              "    async def prod():\n        for i in range(3):\n            await q.put(i)\n            print('put', i)\n"
              "    t = asyncio.create_task(prod())\n"
              "    for _ in range(3):\n        await asyncio.sleep(1)\n        print('get', q.get_nowait())\n"
              "    await t\n"
              "    try:\n        q.get_nowait()\n    except asyncio.QueueEmpty:\n        print('empty')\n"
              "    lock = asyncio.Lock()\n"
              "    async with lock:\n        print(lock.locked())\n"
              "    print(lock.locked())\n"
              "asyncio.run(main())\n") ==
          "0.000000 | put 0\n1.000000 | get 0\n1.000000 | put 1\n2.000000 | get 1\n2.000000 | put 2\n3.000000 | get 2\n"
          "3.000000 | empty\n3.000000 | True\n3.000000 | False\n");
}

TEST_CASE("interp language: loop callbacks take Python functions") {
    CHECK(run("import asyncio\n"
              "def cb(*a):\n    print('cb', a, asyncio.get_running_loop().time())\n"
              "async def main():\n"
              "    loop = asyncio.get_running_loop()\n"
              "    loop.call_later(2, cb, 'late')\n    h = loop.call_later(1, cb, 'x')\n    h.cancel()\n"
              "    loop.call_soon(cb, 1)\n"
              "    f = loop.create_future()\n    f.add_done_callback(cb)\n    loop.call_at(1.5, f.set_result, 9)\n"
              "    print(await f)\n    await asyncio.sleep(1)\n"
              "asyncio.run(main())\n") ==
          "0.000000 | cb (1,) 0.0\n1.500000 | cb (<Future finished result=9>,) 1.5\n1.500000 | 9\n2.000000 | cb ('late',) 2.0\n");
}

TEST_CASE("interp language: tracebacks list the script's frames") {
    CHECK(run("def inner():\n    raise KeyError('k')\n\ndef outer():\n    try:\n        inner()\n    except KeyError as e:\n"
              "        raise e\n\nouter()\n") ==
          "0.000000 | main raised KeyError('k')\n"
          "0.000000 | Traceback (most recent call last):\n"
          "0.000000 |   File \"t.py\", line 10, in <module>\n0.000000 |     outer()\n"
          "0.000000 |   File \"t.py\", line 8, in outer\n0.000000 |     raise e\n"
          "0.000000 |   File \"t.py\", line 6, in outer\n0.000000 |     inner()\n"
          "0.000000 |   File \"t.py\", line 2, in inner\n0.000000 |     raise KeyError('k')\n"
          "0.000000 | KeyError: 'k'\n");
    // A bare raise adds no entry; asyncio's exceptions are module-qualified.
    CHECK(run("import asyncio\ndef f():\n    try:\n        raise asyncio.CancelledError()\n    except BaseException:\n"
              "        raise\nf()\n") ==
          "0.000000 | main raised CancelledError()\n"
          "0.000000 | Traceback (most recent call last):\n"
          "0.000000 |   File \"t.py\", line 7, in <module>\n0.000000 |     f()\n"
          "0.000000 |   File \"t.py\", line 4, in f\n0.000000 |     raise asyncio.CancelledError()\n"
          "0.000000 | asyncio.exceptions.CancelledError\n");
}

TEST_CASE("interp language: runaway code is stopped by the guards") {
    FileRunOptions o;
    o.max_statements = 5000;
    FileRunResult r = run_py_source("while True:\n    pass\n", "t.py", o);
    REQUIRE(r.report.stopped);
    CHECK(r.report.stopped->detail == "step limit of 5000 Python statements reached");
    r = run_py_source("import asyncio\nasync def main():\n    while True:\n        pass\nasyncio.run(main())\n", "t.py", o);
    REQUIRE(r.report.stopped);
    CHECK(r.report.stopped->detail == "step limit of 5000 Python statements reached");
    o.max_statements = 1'000'000;
    o.max_memory_bytes = 1;  // any process is past it at the first check
    r = run_py_source("while True:\n    pass\n", "t.py", o);
    REQUIRE(r.report.stopped);
    CHECK(r.report.stopped->detail.rfind("memory limit of 0 MiB reached", 0) == 0);
    CHECK(run("def f(n):\n    return f(n + 1)\ntry:\n    f(0)\nexcept RecursionError as e:\n    print(e)\n") ==
          at0("maximum recursion depth exceeded"));
}

TEST_CASE("interp language: runtime error messages are CPython's") {
    CHECK(error_of("undefined") == at0("NameError: name 'undefined' is not defined"));
    CHECK(error_of("[1][3]") == at0("IndexError: list index out of range"));
    CHECK(error_of("{}['k']") == at0("KeyError: 'k'"));
    CHECK(error_of("1 / 0") == at0("ZeroDivisionError: division by zero"));
    CHECK(error_of("'a' + 1") == at0("TypeError: can only concatenate str (not \"int\") to str"));
    CHECK(error_of("None.x") == at0("AttributeError: 'NoneType' object has no attribute 'x'"));
    CHECK(error_of("a, b = [1]") == at0("ValueError: not enough values to unpack (expected 2, got 1)"));
    CHECK(error_of("next(iter([]))") == at0("StopIteration: "));
    CHECK(error_of("int('x')") == at0("ValueError: invalid literal for int() with base 10: 'x'"));
    CHECK(error_of("(lambda x: x)()") == at0("TypeError: <lambda>() missing 1 required positional argument: 'x'"));
    CHECK(error_of("len(5)") == at0("TypeError: object of type 'int' has no len()"));
    CHECK(error_of("-'a'") == at0("TypeError: bad operand type for unary -: 'str'"));
    CHECK(error_of("for x in 5:\n        pass") == at0("TypeError: 'int' object is not iterable"));
    CHECK(error_of("assert 1 == 2, 'msg'") == at0("AssertionError: msg"));
}

// Task-N numbering with names, as python3 (3.11 on every machine) gives it:
// asyncio.create_task(name=...) and TaskGroup.create_task(name=...) take a
// number and then rename the task; loop.create_task(name=...) takes none.
// (3.13 changed the first two, so the corpus avoids depending on it.)
TEST_CASE("interp language: named tasks and the Task-N counter match python3") {
    const std::string program =
        "import asyncio\n"
        "async def job():\n    await asyncio.sleep(0)\n"
        "async def main():\n"
        "    a = asyncio.create_task(job(), name='a')\n"
        "    b = asyncio.create_task(job())\n"
        "    c = asyncio.get_running_loop().create_task(job(), name='c')\n"
        "    d = asyncio.create_task(job())\n"
        "    async with asyncio.TaskGroup() as tg:\n"
        "        e = tg.create_task(job(), name='e')\n"
        "        f = tg.create_task(job())\n"
        "    f.set_name(f.get_name() + '!')\n"
        "    print(*[t.get_name() for t in (a, b, c, d, e, f)])\n"
        "asyncio.run(main())\n";
    const std::string cpython = test::run_cpython(program);
    REQUIRE(cpython.find("Task-") != std::string::npos);
    CHECK(run(program) == at0_lines(cpython));
}

TEST_CASE("interp language: a NAME=VALUE set for a plain script is refused, not ignored") {
    FileRunOptions options;
    options.sets = {"n=3"};
    CHECK(run("print(1)\n", options) == "error: t.py is a script, not a scenario file: it has no PARAMS for 'n=3'");
    CHECK(run("print(1)\n") == at0("1"));
}

TEST_CASE("interp language: locals, del, rebinding and unbound names match python3") {
    // A function's first locals live in its frame and the rest spill to the
    // heap (LocalVars): rebinding, del and closures must not care where.
    const std::string program =
        "def many(p, q=2, *rest, k=3):\n"
        "    a, b, c, d, e, f = 1, 2, 3, 4, 5, 6\n"
        "    del b\n"
        "    g = a + c\n"
        "    del a\n"
        "    try:\n        print(a)\n    except NameError as err:\n        print('gone:', type(err).__name__)\n"
        "    a = 10\n"
        "    def inner():\n        return a + g + k + len(rest)\n"
        "    return [p, q, c, d, e, f, g, inner()]\n"
        "def few(x):\n    y = x\n    del x\n    x = y * 2\n    return x, y\n"
        "shadowed = 'global'\n"
        "def reads_before_binding():\n    print(shadowed)\n    shadowed = 'local'\n"
        "def free_before_binding():\n    def inner():\n        return late\n    r = inner()\n    late = 1\n    return r\n"
        "def deletes_unbound():\n    del never\n    never = 1\n"
        "def deletes_global():\n    global shadowed\n    del shadowed\n"
        "for fn in (reads_before_binding, free_before_binding, deletes_unbound, deletes_global, deletes_global):\n"
        "    try:\n        fn()\n    except NameError as err:\n        print(type(err).__name__ + ':', err)\n"
        "print(many(0, 1, 7, 8, k=4))\n"
        "print(few(5))\n";
    const std::string cpython = test::run_cpython(program);
    REQUIRE(cpython.find("gone:") != std::string::npos);
    CHECK(run(program) == at0_lines(cpython));
}
