// Python ints past 64 bits: a Value of kind BigInt holds a counted GMP
// integer. An int that fits int64 is always a Value of kind Int (every
// result goes through from_mpz), so the small form stays the fast path and a
// BigInt never equals an Int.
//
// Sections: the object · conversions · text (with CPython's 4300-digit
// limit) · comparison with floats · hash.
#pragma once

#include <gmp.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/value.hpp"

namespace loopscope {

class BigIntObject : public RefCounted {
public:
    BigIntObject() { mpz_init(z); }
    BigIntObject(const BigIntObject&) = delete;
    BigIntObject& operator=(const BigIntObject&) = delete;
    ~BigIntObject() override { mpz_clear(z); }
    mpz_t z;
};

namespace bigint {

// An mpz_t that clears itself: the working integer of the slow paths.
class Mpz {
public:
    Mpz() { mpz_init(z_); }
    explicit Mpz(const Value& v);  // Bool, Int or BigInt
    Mpz(const Mpz&) = delete;
    Mpz& operator=(const Mpz&) = delete;
    ~Mpz() { mpz_clear(z_); }
    mpz_ptr get() noexcept { return z_; }
    [[nodiscard]] mpz_srcptr get() const noexcept { return z_; }

private:
    mpz_t z_;
};

// ---- conversions ---------------------------------------------------------

// Bool, Int or BigInt.
[[nodiscard]] inline bool is_integer(const Value& v) noexcept {
    return v.kind() == Value::Kind::Int || v.kind() == Value::Kind::Bool || v.kind() == Value::Kind::BigInt;
}
void set_mpz(mpz_ptr out, const Value& v);       // v: Bool, Int or BigInt
void set_mpz(mpz_ptr out, std::int64_t i) noexcept;
// The Python int of `z`: an Int when it fits int64, else a BigInt.
Value from_mpz(mpz_srcptr z);
// A BigInt's integer (v must be a BigInt).
mpz_srcptr mpz_of(const Value& v);
[[nodiscard]] int sign(const Value& v);  // -1, 0, 1 of an integer Value

// m * 2**exp (m >= 0), correctly rounded to the nearest double, ties to even;
// `sticky` says the true value is a little above m * 2**exp (a remainder
// dropped below the last bit of m). Nothing when the result is past
// DBL_MAX's rounding range. The rounding of CPython's int->float and int/int.
std::optional<double> scaled_to_double(mpz_srcptr m, long exp, bool sticky = false);
// float(v) for an integer Value; nothing when too large (OverflowError).
std::optional<double> to_double(const Value& v);
// a / b for integer Values, correctly rounded (long_true_divide); nothing
// when the quotient is too large for a float. b must not be zero.
std::optional<double> true_divide(const Value& a, const Value& b);
// int(f) for a finite double: the exact integer toward zero.
Value from_double(double f);

// ---- text ------------------------------------------------------------------

// sys.get_int_max_str_digits(): 0 for no limit. Each interpreter run starts
// at CPython's default.
constexpr int kDefaultMaxStrDigits = 4300;
constexpr int kMinMaxStrDigits = 640;  // sys.set_int_max_str_digits's smallest nonzero value
int& max_str_digits() noexcept;

// Digits of abs(v) in `base` (2..36, lower case) with a leading '-' when
// negative. Base 10 raises CPython's ValueError past max_str_digits().
std::string to_string(const Value& v, int base = 10);
// Python's int(text, base) for the text after sign, prefix and underscores
// have been checked: `digits` holds only digits valid in `base`.
// Base 10 past max_str_digits() raises CPython's ValueError.
Value parse_digits(std::string_view digits, int base, bool negative);

// ---- comparison with floats ------------------------------------------------

// -1, 0 or 1 as the integer `i` compares with finite or infinite `f`, exactly
// (float_richcompare); f must not be NaN.
int compare_with_float(const Value& i, double f);
// -1, 0 or 1 for two integer Values.
int compare(const Value& a, const Value& b);

// ---- hash ------------------------------------------------------------------

// long_hash: abs(v) modulo 2**61 - 1, with v's sign; -1 becomes -2.
std::int64_t hash(const Value& v);

}  // namespace bigint
}  // namespace loopscope
