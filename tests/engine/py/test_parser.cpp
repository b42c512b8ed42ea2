// The parser: one check per construct of the subset, and every error message.
#include <doctest/doctest.h>

#include <string>

#include "engine/py/parser.hpp"
#include "tests/engine/py/parse_error.hpp"

using namespace loopscope::py;

namespace {
std::string error_of(const std::string& src) { return loopscope::test::parse_error_of(src); }

Module parse(const std::string& src) { return parse_module(src, "t.py"); }
}  // namespace

TEST_CASE("parser: statements of the subset parse") {
    const char* ok[] = {
        "import asyncio\nimport asyncio as aio, random\nfrom typing import Optional, Set\nfrom pprint import (pprint,)\n",
        "def f(a, b=1, *args, c, d=2, **kw) -> int:\n    return a\n",
        "async def f(x: int, *, timeout: Optional[int] = None):\n    await g()\n",
        "if a:\n    pass\nelif b:\n    pass\nelse:\n    pass\n",
        "for i, (a, b) in enumerate(x):\n    break\nelse:\n    pass\n",
        "while x:\n    continue\n",
        "try:\n    pass\nexcept (A, B) as e:\n    raise\nexcept C:\n    raise X from e\nelse:\n    pass\nfinally:\n    pass\n",
        "def f():\n    global g\n    def h():\n        nonlocal g\n",
        "async def f():\n    async with asyncio.TaskGroup() as tg, asyncio.timeout(1):\n        pass\n",
        "class E(Exception):\n    pass\nclass P:\n    def m(self):\n        return 1\n",
        "a, *b = c = [1, 2]\nx += 1\ny: int = 2\nz: int\ndel a, b[0]\nassert x, 'msg'\n",
        "x = 1; y = 2;\n",
    };
    for (const char* src : ok) CHECK_NOTHROW(parse(src));
}

TEST_CASE("parser: expressions with Python's precedence parse") {
    const char* ok[] = {
        "x = not a == b and c or d if e else f\n",
        "x = a < b <= c != d is not e in f not in g\n",
        "x = -a ** -b * c // d % e + f - g << 1 | 2 & 3 ^ 4\n",
        "x = lambda a, b=2, *c: a + b\n",
        "x = [i for i in y if i for j in z], {k: v for k, v in d.items()}, {s for s in t}\n",
        "x = sum(i * i for i in range(10))\n",
        "x = f(*a, b, *c, k=1, **d)[1:2, ::3].attr\n",
        "x = f'{a!r:>{w}} {b:.2f} {{lit}} {c=}' 'plain' \"%s\" % (1,)\n",
        "x = {}, {1: 2, **d}, (), (1,), [*a, *b], {1, 2}\n",
        "x = 0x1f + 1_000 + 1e-3 + .5 + True + None\n",
        "async def f():\n    x = [await t for t in ts]\n    return await g(await h())\n",
    };
    for (const char* src : ok) CHECK_NOTHROW(parse(src));
}

TEST_CASE("parser: await marks reach the statements that need a coroutine frame") {
    Module m = parse("async def f():\n    x = 1\n    y = await g()\n    if y:\n        await h()\n");
    REQUIRE(m.body.size() == 1);
    const auto& body = m.body[0]->func->body;
    CHECK_FALSE(body[0]->has_await);
    CHECK(body[1]->has_await);
    CHECK(body[2]->has_await);
}

TEST_CASE("parser: unsupported constructs are named with file:line:col") {
    CHECK(error_of("@dec\nx = 1\n") == "t.py:2:1: invalid syntax");  // a decorator decorates a def or a class
    CHECK(error_of("def f():\n    yield from g()\n") == "t.py:2:5: unsupported yield from");
    CHECK(error_of("yield 1\n") == "t.py:1:1: 'yield' outside function");
    CHECK(error_of("async def f():\n    return (x async for x in y)\n") == "t.py:2:15: unsupported asynchronous generator expression");
    CHECK(error_of("match x:\n    case 1: pass\n") == "t.py:1:1: unsupported match statement");
    CHECK(error_of("if (n := 3):\n    pass\n") == "t.py:1:7: unsupported assignment expression (:=)");
    CHECK(error_of("x = 1j\n") == "t.py:1:5: unsupported complex number");
    CHECK(error_of("x = b'a'\n") == "t.py:1:5: unsupported bytes literal");
    CHECK(error_of("from . import x\n") == "t.py:1:6: unsupported relative import");
    CHECK(error_of("from a import *\n") == "t.py:1:15: unsupported import *");
    CHECK(error_of("try:\n    pass\nexcept* E:\n    pass\n") == "no error");
    CHECK(error_of("try:\n    pass\nexcept*:\n    pass\n") == "t.py:3:8: expected one or more exception types");
    CHECK(error_of("try:\n    pass\nexcept* E:\n    pass\nexcept F:\n    pass\n") ==
          "t.py:5:1: cannot have both 'except' and 'except*' on the same 'try'");
    CHECK(error_of("def f():\n    try:\n        pass\n    except* E:\n        return 1\n") ==
          "t.py:5:9: 'break', 'continue' and 'return' cannot appear in an except* block");
    CHECK(error_of("for i in x:\n    try:\n        pass\n    except* E:\n        for j in y:\n            break\n") == "no error");
    CHECK(error_of("x = ...\n") == "t.py:1:5: unsupported Ellipsis");
    CHECK(error_of("class A(metaclass=M):\n    pass\n") == "t.py:1:9: unsupported class keyword argument");
    CHECK(error_of("x = 99999999999999999999\n") == "no error");  // an int past 64 bits
    CHECK(error_of("async def f():\n    x = [y async for y in z]\n") == "no error");
    CHECK(error_of("def f():\n    x = [y async for y in z]\n") ==
          "t.py:2:12: asynchronous comprehension outside of an asynchronous function");
}

TEST_CASE("parser: syntax errors say what CPython says") {
    CHECK(error_of("def f():\nreturn 1\n") == "t.py:2:1: expected an indented block");
    CHECK(error_of("if x\n    pass\n") == "t.py:1:5: expected ':'");
    CHECK(error_of("  x = 1\n") == "t.py:1:3: unexpected indent");
    CHECK(error_of("return 1\n") == "t.py:1:1: 'return' outside function");
    CHECK(error_of("break\n") == "t.py:1:1: 'break' outside loop");
    CHECK(error_of("continue\n") == "t.py:1:1: 'continue' not properly in loop");
    CHECK(error_of("def f():\n    await g()\n") == "t.py:2:5: 'await' outside async function");
    CHECK(error_of("def f():\n    async with x:\n        pass\n") == "t.py:2:5: 'async with' outside async function");
    CHECK(error_of("f() = 1\n") == "t.py:1:1: cannot assign to function call");
    CHECK(error_of("a + 1 = 2\n") == "t.py:1:1: cannot assign to expression");
    CHECK(error_of("f() += 1\n") == "t.py:1:5: 'function call' is an illegal expression for augmented assignment");
    CHECK(error_of("a, *b, *c = d\n") == "t.py:1:1: multiple starred expressions in assignment");
    CHECK(error_of("f(a=1, b)\n") == "t.py:1:8: positional argument follows keyword argument");
    CHECK(error_of("f(a=1, a=2)\n") == "t.py:1:8: keyword argument repeated: a");
    CHECK(error_of("f(x for x in y, 1)\n") == "t.py:1:3: Generator expression must be parenthesized");
    CHECK(error_of("def f(a=1, b):\n    pass\n") == "t.py:1:12: parameter without a default follows parameter with a default");
    CHECK(error_of("def f(a, a):\n    pass\n") == "t.py:1:10: duplicate argument 'a' in function definition");
    CHECK(error_of("x = 1 if y\n") == "t.py:1:11: expected 'else' after 'if' expression");
    CHECK(error_of("try:\n    pass\nx = 1\n") == "t.py:3:1: expected 'except' or 'finally' block");
    CHECK(error_of("nonlocal x\n") == "t.py:1:1: nonlocal declaration not allowed at module level");
    CHECK(error_of("x = f'{}'\n") == "t.py:1:5: f-string: empty expression not allowed");
    CHECK(error_of("x = f'{a'\n") == "t.py:1:5: f-string: expecting '}'");
    CHECK(error_of("x = f'a}'\n") == "t.py:1:5: f-string: single '}' is not allowed");
    CHECK(error_of("x = 007\n") == "t.py:1:5: leading zeros in decimal integer literals are not permitted");
    CHECK(error_of("x = (1 2)\n") == "t.py:1:8: expected ')'");
    CHECK(error_of("x = = 1\n") == "t.py:1:5: invalid syntax");
}
