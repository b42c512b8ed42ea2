// The tokenizer and parser on hostile input (tests/fuzz/fuzz_parse.cpp fuzzes
// them in CI): the limits that keep their recursion off the end of the stack,
// and every syntax error and "unsupported" message they give, each with the
// exact line:col, as `loopscope run FILE.py` prints it (those already pinned
// in test_parser.cpp and test_tokenizer.cpp are not repeated here).
#include <doctest/doctest.h>

#include <string>
#include <string_view>

#include "engine/py/parser.hpp"
#include "tests/engine/py/parse_error.hpp"

using namespace loopscope::py;

namespace {
std::string error_of(const std::string& src) { return loopscope::test::parse_error_of(src); }

std::string times(std::string_view s, int n) {
    std::string out;
    for (int i = 0; i < n; ++i) out += s;
    return out;
}

// `if x:` nested `levels` deep, then `body` one level further in.
std::string indented(int levels, const std::string& body) {
    std::string out;
    for (int i = 0; i < levels; ++i) out += std::string(static_cast<std::size_t>(i), ' ') + "if x:\n";
    return out + std::string(static_cast<std::size_t>(levels), ' ') + body + "\n";
}

constexpr int kDeep = 100000;  // deep enough to overflow any stack without the limits
}  // namespace

// ---- the limits -------------------------------------------------------------------

TEST_CASE("robustness: brackets nest 200 deep, as in CPython") {
    CHECK(error_of("x = " + times("(", 200) + "1" + times(")", 200) + "\n") == "no error");
    // CPython 3.11-3.13 say the same at the same place: the 201st bracket.
    CHECK(error_of("x = " + times("(", 201) + "1" + times(")", 201) + "\n") == "t.py:1:205: too many nested parentheses");
    CHECK(error_of("x = " + times("[{(", 67) + "1" + times(")}]", 67) + "\n") == "t.py:1:205: too many nested parentheses");
    CHECK(error_of("x = (\n\n\n" + times("[", kDeep) + "\n") == "t.py:4:200: too many nested parentheses");
}

TEST_CASE("robustness: brackets in an f-string's fields count with those around it") {
    // The fields are tokenized apart; without this, f-strings within
    // f-strings multiplied the depth. The field's own `{` counts as one.
    const std::string inner = "f'{" + times("(", 49) + "1" + times(")", 49) + "}'";
    CHECK(error_of("x = " + times("(", 150) + inner + times(")", 150) + "\n") == "no error");
    const std::string deeper = "f'{" + times("(", 50) + "1" + times(")", 50) + "}'";
    CHECK(error_of("x = " + times("(", 150) + deeper + times(")", 150) + "\n") ==
          "t.py:1:155: f-string: too many nested parentheses");
    // Four f-strings inside each other, each in 199 brackets.
    std::string nest = times("(", 199) + "1" + times(")", 199);
    nest = times("(", 199) + "f\"{" + nest + "}\"" + times(")", 199);
    nest = times("(", 199) + "f'{" + nest + "}'" + times(")", 199);
    nest = times("(", 199) + "f\"\"\"{" + nest + "}\"\"\"" + times(")", 199);
    CHECK(error_of("x = " + times("(", 199) + "f'''{" + nest + "}'''" + times(")", 199) + "\n") ==
          "t.py:1:204: f-string: too many nested parentheses");
}

TEST_CASE("robustness: 99 levels of indentation, as in CPython") {
    CHECK(error_of(indented(99, "pass")) == "no error");
    // CPython: IndentationError at line 101 (it gives column 1).
    CHECK(error_of(indented(100, "pass")) == "t.py:101:101: too many levels of indentation");
    std::string tabs;
    for (int i = 0; i < 100; ++i) tabs += std::string(static_cast<std::size_t>(i), '\t') + "if x:\n";
    CHECK(error_of(tabs + std::string(100, '\t') + "pass\n") == "t.py:101:101: too many levels of indentation");
}

TEST_CASE("robustness: f-string format specs hold fields two deep, as in CPython 3.11") {
    CHECK(error_of("x = f'{a:{b}}'\n") == "no error");
    CHECK(error_of("x = f'{a:{b:{c}}}'\n") == "t.py:1:5: f-string: expressions nested too deeply");
    // Each level was a recursive call: this overflowed the stack.
    CHECK(error_of("x = f'{a:" + times("{a:", kDeep) + times("}", kDeep + 1) + "'\n") ==
          "t.py:1:5: f-string: expressions nested too deeply");
}

TEST_CASE("robustness: deep recursion and long chains stop at 1000 levels with one line") {
    // Each of these overflowed the stack (in the parser, or later in the
    // recursive walks over the tree: await marks, destructors) before the
    // limit. CPython accepts them at 1000 and says "too complex to parse"
    // (or "maximum recursion depth exceeded during compilation") at 10000.
    struct Case {
        std::string (*make)(int n);
        const char* error;  // at kDeep
    };
    const Case cases[] = {
        {[](int n) { return "x = " + times("-", n) + "1\n"; }, "t.py:1:1004: too complex to parse: nested too deeply"},
        {[](int n) { return "x = " + times("not ", n) + "1\n"; }, "t.py:1:4001: too complex to parse: nested too deeply"},
        {[](int n) { return "x = 2" + times("**2", n) + "\n"; }, "t.py:1:3003: too complex to parse: nested too deeply"},
        {[](int n) { return "x = " + times("1 if 1 else ", n) + "1\n"; },
         "t.py:1:12005: too complex to parse: nested too deeply"},
        {[](int n) { return "x = " + times("lambda: ", n) + "1\n"; }, "t.py:1:8005: too complex to parse: nested too deeply"},
        {[](int n) { return "x = 1" + times("+1", n) + "\n"; }, "t.py:1:2004: too complex to parse: nested too deeply"},
        {[](int n) { return "x = a" + times(".b", n) + "\n"; }, "t.py:1:2004: too complex to parse: nested too deeply"},
        {[](int n) { return "x = a" + times("()", n) + "\n"; }, "t.py:1:2004: too complex to parse: nested too deeply"},
        {[](int n) { return "x = a" + times("[0]", n) + "\n"; }, "t.py:1:3001: too complex to parse: nested too deeply"},
        {[](int n) { return "if x:\n pass\n" + times("elif x:\n pass\n", n); },
         "t.py:1999:6: too complex to parse: nested too deeply"},
        {[](int n) { return "x = f'{" + times("-", n) + "1}'\n"; }, "t.py:1:5: f-string: too complex to parse: nested too deeply"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.make(3));
        CHECK(error_of(c.make(900)) == "no error");
        CHECK(error_of(c.make(kDeep)) == c.error);
    }
    // Flat lists are not nesting: no limit.
    CHECK(error_of("x = 1" + times(" < 2", kDeep) + "\n") == "no error");
    CHECK(error_of("x = a" + times(" and a", kDeep) + "\n") == "no error");
    CHECK(error_of("x = 'a'" + times(" 'a'", kDeep) + "\n") == "no error");
    CHECK(error_of("x = 1" + times(", 1", kDeep) + "\n") == "no error");
}

TEST_CASE("robustness: the deepest input within the limits parses on the default stack") {
    // Brackets cost the most stack per level, statements come next: the
    // worst case fills both limits and then the remaining nesting levels.
    // Run under ASan in CI (big frames), this is the margin check.
    const std::string deepest = times("(", 199) + times("lambda: ", 700) + "1" + times(")", 199);
    CHECK(error_of(indented(98, "def f():\n" + std::string(99, ' ') + "x = " + deepest)) == "no error");
    const std::string fields = "f'{" + times("(", 98) + "f\"{" + times("(", 98) + times("-", 700) + "1" +
                               times(")", 98) + "}\"" + times(")", 98) + "}'";
    CHECK(error_of(indented(99, "x = " + fields)) == "no error");
}

TEST_CASE("robustness: an integer literal needs a digit after its prefix") {
    // strtoull read nothing and gave 0: `0x` was accepted as 0.
    CHECK(error_of("x = 0x\n") == "t.py:1:5: invalid hexadecimal literal");
    CHECK(error_of("x = 0o\n") == "t.py:1:5: invalid octal literal");
    CHECK(error_of("x = 0b\n") == "t.py:1:5: invalid binary literal");
    CHECK(error_of("x = 0x_\n") == "t.py:1:5: invalid hexadecimal literal");
    CHECK(error_of("x = 0x_1f + 0o7 + 0b1\n") == "no error");
}

// ---- every message ------------------------------------------------------------------

TEST_CASE("errors: the tokenizer's messages, at their line:col") {
    CHECK(error_of("a = 1 \\ 2\n") == "t.py:1:7: unexpected character after line continuation character");
    CHECK(error_of("f(1, 2\n") == "t.py:1:2: '(' was never closed");
    CHECK(error_of("x = [1,\n") == "t.py:1:5: '[' was never closed");
    CHECK(error_of("d = {\n") == "t.py:1:5: '{' was never closed");
    CHECK(error_of("if a:\n        b\n    c\n") == "t.py:3:5: unindent does not match any outer indentation level");
    CHECK(error_of("x = '''abc\n") == "t.py:1:5: unterminated triple-quoted string literal");
    CHECK(error_of("x = 'abc\n") == "t.py:1:5: unterminated string literal");
    CHECK(error_of("x = 'abc") == "t.py:1:5: unterminated string literal");
    CHECK(error_of("a = 12abc\n") == "t.py:1:7: invalid decimal literal");
    CHECK(error_of("x = 1)\n") == "t.py:1:6: unmatched ')'");
    CHECK(error_of("x = 1]\n") == "t.py:1:6: unmatched ']'");
    CHECK(error_of("x = }\n") == "t.py:1:5: unmatched '}'");
    CHECK(error_of("a = 1 $ 2\n") == "t.py:1:7: invalid character '$'");
    CHECK(error_of("a = !b\n") == "t.py:1:5: invalid character '!'");
    CHECK(error_of("a = b?\n") == "t.py:1:6: invalid character '?'");
    CHECK(error_of("a = `b`\n") == "t.py:1:5: invalid character '`'");
    CHECK(error_of("a = \x01\n") == "t.py:1:5: invalid character");
    // too many nested parentheses, too many levels of indentation: above.
}

TEST_CASE("errors: the parser's syntax errors, at their line:col") {
    CHECK(error_of("if x:\n    a\n        b\n") == "t.py:3:9: unexpected indent");
    CHECK(error_of("if x: pass\n  y\n") == "t.py:2:3: unexpected indent");
    CHECK(error_of("x = a[1:2:3:4]\n") == "t.py:1:12: expected ']'");
    CHECK(error_of("x = {1, 2: 3}\n") == "t.py:1:10: expected '}'");
    CHECK(error_of("x = {1: 2, 3}\n") == "t.py:1:13: expected ':'");
    CHECK(error_of("from a import (b c)\n") == "t.py:1:18: expected ')'");
    CHECK(error_of("for x y:\n    pass\n") == "t.py:1:7: expected 'in'");
    CHECK(error_of("x = [a for a y]\n") == "t.py:1:14: expected 'in'");
    CHECK(error_of("import 1\n") == "t.py:1:8: invalid syntax");
    CHECK(error_of("async x = 1\n") == "t.py:1:7: invalid syntax");
    CHECK(error_of("x = 1 2\n") == "t.py:1:7: invalid syntax");
    CHECK(error_of("from a\n") == "t.py:1:7: invalid syntax");
    CHECK(error_of("try:\n    pass\nelse:\n    pass\n") == "t.py:3:1: invalid syntax");
    CHECK(error_of("x = not\n") == "t.py:1:8: invalid syntax");
    CHECK(error_of("async def f():\n    await await g()\n") == "t.py:2:11: invalid syntax");
    CHECK(error_of("x = [1, *]\n") == "t.py:1:10: unmatched ']'");
    CHECK(error_of("return\n") == "t.py:1:1: 'return' outside function");
    CHECK(error_of("class A:\n    return 1\n") == "t.py:2:5: 'return' outside function");
    CHECK(error_of("while x:\n    def f():\n        break\n") == "t.py:3:9: 'break' outside loop");
    CHECK(error_of("x = await g()\n") == "t.py:1:5: 'await' outside async function");
    CHECK(error_of("def f():\n    async with a:\n        pass\n") == "t.py:2:5: 'async with' outside async function");
    CHECK(error_of("def f():\n    async for x in y:\n        pass\n") == "t.py:2:5: 'async for' outside async function");
    CHECK(error_of("a, b += 1\n") == "t.py:1:6: 'tuple' is an illegal expression for augmented assignment");
    CHECK(error_of("for *a in b:\n    pass\n") == "t.py:1:5: starred assignment target must be in a list or tuple");
    CHECK(error_of("[a, f()] = b\n") == "t.py:1:5: cannot assign to function call");
    CHECK(error_of("x = (1, 2) = 3\n") == "t.py:1:6: cannot assign to literal");
    CHECK(error_of("lambda x: x = 1\n") == "t.py:1:1: cannot assign to lambda");
    CHECK(error_of("del f()\n") == "t.py:1:5: cannot delete function call");
    CHECK(error_of("x = *a\n") == "t.py:1:5: can't use starred expression here");
    CHECK(error_of("x = (*a)\n") == "t.py:1:5: cannot use starred expression here");
    CHECK(error_of("try:\n    pass\nexcept A, B:\n    pass\n") == "t.py:3:9: multiple exception types must be parenthesized");
    CHECK(error_of("def f(**kw, a):\n    pass\n") == "t.py:1:13: arguments cannot follow var-keyword argument");
    CHECK(error_of("def f(*a, *b):\n    pass\n") == "t.py:1:11: * argument may appear only once");
    CHECK(error_of("lambda a=1, b: 0\n") == "t.py:1:13: parameter without a default follows parameter with a default");
    CHECK(error_of("f(**a, b)\n") == "t.py:1:8: positional argument follows keyword argument");
    CHECK(error_of("f(1, x for x in y)\n") == "t.py:1:6: Generator expression must be parenthesized");
    CHECK(error_of("x = 01\n") == "t.py:1:5: leading zeros in decimal integer literals are not permitted");
    CHECK(error_of("x = 0b12\n") == "t.py:1:5: invalid binary literal");
    CHECK(error_of("x = 0o8\n") == "t.py:1:5: invalid octal literal");
    CHECK(error_of("x = '\\x4'\n") == "t.py:1:5: truncated escape in string literal");
    CHECK(error_of("x = '\\u12'\n") == "t.py:1:5: truncated escape in string literal");
    // f-strings: errors inside a field point at the f-string.
    CHECK(error_of("x = f'}'\n") == "t.py:1:5: f-string: single '}' is not allowed");
    CHECK(error_of("x = f'{a!r'\n") == "t.py:1:5: f-string: expecting '}'");
    CHECK(error_of("x = f'{a:>10'\n") == "t.py:1:5: f-string: expecting '}'");
    CHECK(error_of("x = f'{ }'\n") == "t.py:1:5: f-string: empty expression not allowed");
    CHECK(error_of("x = f'{a!x}'\n") == "t.py:1:5: f-string: invalid conversion character");
    CHECK(error_of("x = f'{a!}'\n") == "t.py:1:5: f-string: invalid conversion character");
    CHECK(error_of("x = f'{a $ b}'\n") == "t.py:1:5: f-string: invalid character '$'");
    CHECK(error_of("x = f'''\n{a b}'''\n") == "t.py:1:5: f-string: expected ')'");
    CHECK(error_of("x = f'{x:{a b}}'\n") == "t.py:1:5: f-string: expected ')'");
    CHECK(error_of("def f():\n    x = f'{await g()}'\n") == "t.py:2:9: 'await' outside async function");
    // A field is parsed as `(field)`; the scan for its end does not know
    // escapes, so a field can close that parenthesis early.
    CHECK(error_of("x = f\"{'\\'' ) 1 ( '\\''}\"\n") == "t.py:1:5: f-string: invalid syntax");
}

TEST_CASE("errors: unsupported syntax is named, at its line:col") {
    CHECK(error_of("with a:\n    pass\n") == "no error");
    CHECK(error_of("match = 1\nmatch(x)\n") == "no error");
    CHECK(error_of("async def f():\n    async for x in y:\n        pass\n") == "no error");
    CHECK(error_of("x = [y async for y in z]\n") == "t.py:1:8: asynchronous comprehension outside of an asynchronous function");
    CHECK(error_of("def f():\n    yield\n") == "no error");
    CHECK(error_of("x = y = yield\n") == "t.py:1:9: 'yield' outside function");
    CHECK(error_of("x = (yield)\n") == "t.py:1:6: 'yield' outside function");
    CHECK(error_of("x += yield\n") == "t.py:1:6: 'yield' outside function");
    CHECK(error_of("x = f'{yield}'\n") == "t.py:1:5: f-string: 'yield' outside function");
    CHECK(error_of("y := 1\n") == "t.py:1:3: unsupported assignment expression (:=)");
    CHECK(error_of("x = (y := 1)\n") == "t.py:1:8: unsupported assignment expression (:=)");
    CHECK(error_of("if y := 1:\n    pass\n") == "t.py:1:6: unsupported assignment expression (:=)");
    CHECK(error_of("f(y := 1)\n") == "t.py:1:5: unsupported assignment expression (:=)");
    CHECK(error_of("class A(B, metaclass=M):\n    pass\n") == "t.py:1:12: unsupported class keyword argument");
    CHECK(error_of("x = 9223372036854775807\n") == "no error");
    CHECK(error_of("x = 9223372036854775808\n") == "no error");
    CHECK(error_of("x = 0xffffffffffffffffff\n") == "no error");
    // A decimal literal past sys.get_int_max_str_digits() (4300) is CPython's SyntaxError; hex is not limited.
    CHECK(error_of("x = " + std::string(4300, '9') + "\n") == "no error");
    CHECK(error_of("x = " + std::string(4301, '9') + "\n") ==
          "t.py:1:5: Exceeds the limit (4300 digits) for integer string conversion: value has 4301 digits; use "
          "sys.set_int_max_str_digits() to increase the limit - Consider hexadecimal for huge integer literals to "
          "avoid decimal conversion limits.");
    CHECK(error_of("x = 0x" + std::string(5000, 'f') + "\n") == "no error");
    CHECK(error_of("x = 1.5J\n") == "t.py:1:5: unsupported complex number");
    CHECK(error_of("x = rb'a'\n") == "t.py:1:5: unsupported bytes literal");
    CHECK(error_of("x = '\\N{DASH}'\n") == "t.py:1:5: unsupported \\N{...} escape");
}
