// The tokenizer and parser on hostile input (tests/fuzz/fuzz_parse.cpp fuzzes
// them in CI): the limits that keep their recursion off the end of the stack,
// and every syntax error and "unsupported" message they give, each with the
// exact line:col, as `loopscope run FILE.py` prints it.
#include <doctest/doctest.h>

#include <string>
#include <string_view>

#include "engine/py/parser.hpp"

using namespace loopscope::py;

namespace {
std::string error_of(const std::string& src) {
    try {
        parse_module(src, "t.py");
    } catch (const SyntaxProblem& p) {
        return format_problem("t.py", p);
    }
    return "no error";
}

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
