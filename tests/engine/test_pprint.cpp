// pformat against CPython's pprint.pformat. Each value travels to Python as
// its repr() (a valid literal for the kinds used here), so both sides format
// the same object; all cases of a test go through one python3 run.
#include <doctest/doctest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "engine/pprint.hpp"
#include "engine/value.hpp"
#include "tests/support/cpython.hpp"

using loopscope::Value;
using loopscope::test::run_cpython;

namespace {

constexpr const char* kSeparator = "\n@@@@\n";

// Formats every value at every width on both sides and compares them one by one.
void check_against_cpython(const std::vector<Value>& values, const std::vector<int>& widths) {
    std::string code = "import pprint\nvalues = [\n";
    for (const auto& v : values) code += loopscope::repr(v) + ",\n";
    code += "]\nfor w in [";
    for (const int w : widths) code += std::to_string(w) + ",";
    code += "]:\n    for v in values:\n        print(pprint.pformat(v, width=w), end='\\n@@@@\\n')\n";
    const std::string py = run_cpython(code);

    std::size_t pos = 0;
    for (const int w : widths) {
        for (const auto& v : values) {
            const auto end = py.find(kSeparator, pos);
            REQUIRE(end != std::string::npos);
            const std::string expected = py.substr(pos, end - pos);
            pos = end + std::string(kSeparator).size();
            INFO("width " << w << ", value " << loopscope::repr(v));
            CHECK(loopscope::pformat(v, w) == expected);
        }
    }
    CHECK(pos == py.size());
}

Value strings(std::vector<std::string> items) {
    std::vector<Value> out;
    for (auto& s : items) out.emplace_back(std::move(s));
    return Value::list(std::move(out));
}

// What the scenarios print: a list of groups, each a list of 'group i.j'.
Value groups(int n_groups, int per_group) {
    std::vector<Value> outer;
    for (int i = 1; i <= n_groups; ++i) {
        std::vector<Value> inner;
        for (int j = 1; j <= per_group; ++j)
            inner.emplace_back("group " + std::to_string(i) + "." + std::to_string(j));
        outer.push_back(Value::list(std::move(inner)));
    }
    return Value::list(std::move(outer));
}

// Random nested values: words (some long, with line breaks, quotes or
// Cyrillic), ints, floats, bools, None, and lists/tuples/sets of them. Sets
// hold distinct small ints in ascending order, which is also CPython's
// iteration order for them, so a set that fits on a line prints alike.
class Generator {
public:
    explicit Generator(unsigned seed) : gen_(seed) {}

    Value value(int depth) {
        const int pick = below(depth > 3 ? 6 : 10);
        switch (pick) {
            case 0: return Value(static_cast<std::int64_t>(gen_()) - (std::int64_t{1} << 31));
            case 1: return Value(static_cast<double>(below(1000000)) / 64.0);
            case 2: return Value(below(2) == 0);
            case 3: return Value();
            case 4:
            case 5: return Value(text());
            case 6: return Value::list(items(depth));
            case 7: return Value::tuple(items(depth));
            case 8: return small_int_set();
            default: return Value::list(items(depth));
        }
    }

private:
    int below(int n) { return static_cast<int>(gen_() % static_cast<unsigned>(n)); }

    std::vector<Value> items(int depth) {
        std::vector<Value> out;
        const int n = below(7);
        for (int i = 0; i < n; ++i) out.push_back(value(depth + 1));
        return out;
    }

    Value small_int_set() {
        std::vector<Value> out;
        for (int i = 0; i < 8; ++i)
            if (below(3) == 0) out.emplace_back(i);
        return Value::set(std::move(out));
    }

    std::string text() {
        static const std::vector<std::string> words = {
            "task", "group", "1.1", "waiting", "done", "it's", "\"quoted\"", "Привет", "мир",
            "a\\b", "tab\t", "line\n", "crlf\r\n", "   ", "x", "averyveryverylongwordwithoutanyspaces_0123456789",
        };
        std::string out;
        const int n = below(4) == 0 ? 12 + below(20) : below(5);
        for (int i = 0; i < n; ++i) {
            if (i > 0 && below(4) != 0) out += ' ';
            out += words[static_cast<std::size_t>(below(static_cast<int>(words.size())))];
        }
        return out;
    }

    std::mt19937 gen_;
};

}  // namespace

TEST_CASE("pformat wraps lists, tuples, sets and strings as CPython does") {
    const std::string long_text =
        "The quick brown fox jumps over the lazy dog and keeps on running far beyond the "
        "edge of the eighty column terminal window";
    const std::vector<Value> values = {
        groups(3, 4),
        groups(3, 10),
        groups(1, 12),
        Value::list({groups(2, 6), Value::tuple({"done", 3})}),
        strings({"short", "list"}),
        Value::list(),
        Value::tuple({}),
        Value::set({}),
        Value::tuple({Value(long_text)}),  // one-item tuple: room for ",)"
        Value::tuple({groups(2, 7)}),
        Value(long_text),
        Value(long_text + "\nsecond line\nthird line that is itself rather long, long enough to need a split\n"),
        Value::list({Value(long_text), Value(1), Value(long_text)}),
        Value::list({Value::list({Value::list({Value(long_text)})})}),
        Value("averyveryverylongwordwithoutanyspacesaveryveryverylongwordwithoutanyspacesaveryveryverylong"),
        Value("Очень длинная строка на русском языке, которая не помещается в одну строку терминала"),
        Value("quote's and \"doubles\" and back\\slashes, repeated: quote's and \"doubles\" and more"),
        Value::set({"task-10", "task-2", "task-1", "waiting for the network", "done with it", "alpha",
                    "a much longer member name to force wrapping"}),
        // Sets long enough to wrap at every width used: CPython sorts only
        // then, and a one-line set would show its hash order.
        Value::set({5, -3, 100, 7, 2, 99999999999, 0, 42, 8, 13, 21, 34, 55, 89, 144, 233, 377, 610, 987,
                    1597, 2584, 4181, 6765, 10946, 17711, 28657, 46368, 75025, 121393, 196418, 317811}),
        Value::list({Value::set({"zeta", "alpha", "mid", "beta", "gamma", "delta", "epsilon", "eta", "theta",
                                 "iota", "kappa", "lambda", "mu", "nu", "xi", "omicron", "pi", "rho"}),
                     Value::tuple({1.5, 2.25, -0.0, 1e-7, 1e22})}),
        Value::list({Value(true), Value(), Value(1.0 / 3), Value(std::int64_t{-12345678901234}), groups(2, 3)}),
        Value::list({Value(loopscope::Exc(new loopscope::ExceptionObject(
                         loopscope::exc_types::ValueError, {Value(long_text)}))),
                     "after"}),
    };
    check_against_cpython(values, {80, 40, 20, 1, 120});
}

TEST_CASE("pformat matches CPython on random nested values at several widths") {
    Generator gen(12345);
    std::vector<Value> values;
    for (int i = 0; i < 150; ++i) values.push_back(gen.value(0));
    check_against_cpython(values, {80, 60, 30, 12, 3});
}

TEST_CASE("pformat of values that fit is their repr") {
    // No CPython needed: the one-line form is repr() whenever it fits.
    const Value v = Value::list({"a", Value::tuple({1}), Value::set({2, 1})});
    CHECK(loopscope::pformat(v) == "['a', (1,), {2, 1}]");
    CHECK(loopscope::pformat(Value("x"), 1) == "'x'");
}
