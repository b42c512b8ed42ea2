// Python's int operators past 64 bits (longobject.c), on GMP: the slow path
// that ops.cpp takes when an operand is a BigInt or an int64 result would
// overflow. Every result is normalised (an Int whenever it fits).
#pragma once

#include <string>

#include "engine/py/ast.hpp"
#include "engine/seed.hpp"
#include "engine/value.hpp"

namespace loopscope::py {

// a OP b for two ints (Bool, Int or BigInt): +, -, *, /, //, %, **, <<, >>,
// &, |, ^ with CPython's results and errors.
Value big_int_op(BinOpKind op, const Value& a, const Value& b);
// -v, ~v, abs(v) of an int.
Value int_negate(const Value& v);
Value int_invert(const Value& v);
Value int_abs(const Value& v);
// pow(base, exp, mod) for three ints (a negative exp is a modular inverse).
Value int_pow_mod(const Value& base, const Value& exp, const Value& mod);
// round(v, ndigits) for an int and a negative ndigits (round half to even).
Value int_round(const Value& v, const Value& ndigits);

// float(v) of a number: OverflowError "int too large to convert to float".
double float_of(const Value& v);
// int(f): the integer toward zero, with CPython's errors for inf and NaN.
Value int_of_float(double f);
// int(text, base): base 0 or 2..36 (-1 for a base past int64), CPython's
// whitespace, sign, prefix and underscore rules, messages and digit limit.
Value int_from_text(const std::string& text, std::int64_t base);
// random.seed(n) of a big int: the words of abs(n) (engine/seed.hpp).
Seed seed_of(const Value& n);

}  // namespace loopscope::py
