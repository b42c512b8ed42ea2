// engine/py/int_ops: Python ints past 64 bits in scripts, and the errors
// CPython 3.11 raises at their edges (messages checked against python3; the
// full behaviour is tests/py_corpus/cases/big_ints.py).
#include <doctest/doctest.h>

#include <string>

#include "tests/engine/py/py_run.hpp"

using namespace loopscope;

namespace {
// What `print(repr(expr))` prints, or `Type: message` when it raises.
std::string eval(const std::string& expr) {
    const std::string src = "try:\n    print(repr(" + expr + "))\nexcept Exception as e:\n    print(type(e).__name__ + ': ' + str(e))\n";
    std::string out = test::run_transcript(src);
    const std::string prefix = "0.000000 | ";
    if (out.rfind(prefix, 0) == 0) out = out.substr(prefix.size());
    if (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
}
}  // namespace

TEST_CASE("int_ops: int64 overflow goes on past 64 bits, and back") {
    CHECK(eval("9223372036854775807 + 1") == "9223372036854775808");
    CHECK(eval("-9223372036854775808 - 1") == "-9223372036854775809");
    CHECK(eval("3037000500 * 3037000500") == "9223372037000250000");
    CHECK(eval("2 ** 100") == "1267650600228229401496703205376");
    CHECK(eval("1 << 64") == "18446744073709551616");
    CHECK(eval("-(-9223372036854775808)") == "9223372036854775808");
    CHECK(eval("(-9223372036854775808) // -1") == "9223372036854775808");
    CHECK(eval("type(2 ** 64 - 2 ** 64 + 1).__name__") == "'int'");
    CHECK(eval("(2 ** 64) // (2 ** 60)") == "16");
}

TEST_CASE("int_ops: errors past 64 bits say what CPython says") {
    CHECK(eval("float(10 ** 400)") == "OverflowError: int too large to convert to float");
    CHECK(eval("10 ** 400 / 1") == "OverflowError: integer division result too large for a float");
    CHECK(eval("10 ** 400 + 0.5") == "OverflowError: int too large to convert to float");
    CHECK(eval("10 ** 20 % 0") == "ZeroDivisionError: integer modulo by zero");
    CHECK(eval("10 % 0") == "ZeroDivisionError: integer modulo by zero");
    CHECK(eval("10 ** 20 // 0") == "ZeroDivisionError: integer division or modulo by zero");
    CHECK(eval("pow(2, -1, 4)") == "ValueError: base is not invertible for the given modulus");
    CHECK(eval("pow(2, 10, 0)") == "ValueError: pow() 3rd argument cannot be 0");
    CHECK(eval("2 ** 70 >> -1") == "ValueError: negative shift count");
    CHECK(eval("[1, 2][10 ** 20]") == "IndexError: cannot fit 'int' into an index-sized integer");
    CHECK(eval("'ab' * 10 ** 20") == "OverflowError: cannot fit 'int' into an index-sized integer");
    CHECK(eval("int(float('inf'))") == "OverflowError: cannot convert float infinity to integer");
}

TEST_CASE("int_ops: the 4300-digit limit on int/str conversion") {
    CHECK(eval("len(str(10 ** 4299))") == "4300");
    CHECK(eval("str(10 ** 4300)") ==
          "ValueError: Exceeds the limit (4300 digits) for integer string conversion; use "
          "sys.set_int_max_str_digits() to increase the limit");
    CHECK(eval("int('1' * 4301)") ==
          "ValueError: Exceeds the limit (4300 digits) for integer string conversion: value has 4301 digits; use "
          "sys.set_int_max_str_digits() to increase the limit");
    CHECK(test::run_transcript("import sys\ntry:\n    sys.set_int_max_str_digits(100)\nexcept ValueError as e:\n    print(e)\n") ==
          "0.000000 | maxdigits must be 0 or larger than 640\n");
    // Each run starts at the default again.
    CHECK(test::run_transcript("import sys\nsys.set_int_max_str_digits(0)\nprint(len(str(10 ** 5000)))\n") ==
          "0.000000 | 5001\n");
    CHECK(eval("str(10 ** 4300)").rfind("ValueError: Exceeds the limit (4300 digits)", 0) == 0);
}
