// engine/bigint: the int64/GMP split and the conversions CPython rounds.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "engine/bigint.hpp"

using namespace loopscope;

namespace {
// 2**n as a Value.
Value pow2(unsigned long n) {
    bigint::Mpz z;
    mpz_ui_pow_ui(z.get(), 2, n);
    return bigint::from_mpz(z.get());
}
Value parse(const char* digits, bool negative = false) { return bigint::parse_digits(digits, 10, negative); }
}  // namespace

TEST_CASE("bigint: a result that fits int64 is an Int, only a larger one a BigInt") {
    CHECK(pow2(62).kind() == Value::Kind::Int);
    CHECK(pow2(63).kind() == Value::Kind::BigInt);
    CHECK(parse("9223372036854775808", true).kind() == Value::Kind::Int);  // -2**63
    CHECK(parse("9223372036854775809", true).kind() == Value::Kind::BigInt);
    bigint::Mpz z(pow2(63));
    mpz_sub_ui(z.get(), z.get(), 1);
    const Value back = bigint::from_mpz(z.get());
    REQUIRE(back.kind() == Value::Kind::Int);
    CHECK(back.as_int() == std::numeric_limits<std::int64_t>::max());
}

TEST_CASE("bigint: repr, equality and hash as CPython's") {
    CHECK(repr(pow2(100)) == "1267650600228229401496703205376");
    CHECK(repr(parse("1267650600228229401496703205376", true)) == "-1267650600228229401496703205376");
    CHECK(pow2(100) == parse("1267650600228229401496703205376"));
    CHECK(!(pow2(100) == pow2(101)));
    CHECK(pow2(100) == Value(std::ldexp(1.0, 100)));  // exact int == float
    CHECK(!(parse("9223372036854775807") == Value(9.223372036854775807e18)));
    CHECK(bigint::hash(pow2(100)) == 549755813888);      // hash(2**100)
    CHECK(bigint::hash(pow2(61)) == 1);                  // hash(2**61): modulo 2**61 - 1
    CHECK(bigint::hash(parse("2305843009213693952", true)) == -2);  // hash(-2**61) is -1, and -1 is -2
}

TEST_CASE("bigint: int -> float rounds to nearest, ties to even, and says when it overflows") {
    // 2**1024 - 2**970 is halfway between DBL_MAX and 2**1024: even is 2**1024, too large.
    bigint::Mpz half(pow2(1024));
    mpz_sub(half.get(), half.get(), bigint::Mpz(pow2(970)).get());
    CHECK(!bigint::to_double(bigint::from_mpz(half.get())).has_value());
    mpz_sub_ui(half.get(), half.get(), 1);
    CHECK(bigint::to_double(bigint::from_mpz(half.get())) == std::numeric_limits<double>::max());
    // 2**54 + 3 is between 2**54 + 2 and 2**54 + 4: ties go to ...4.
    bigint::Mpz tie(pow2(54));
    mpz_add_ui(tie.get(), tie.get(), 3);
    CHECK(bigint::to_double(bigint::from_mpz(tie.get())) == 18014398509481988.0);
}

TEST_CASE("bigint: int / int is correctly rounded, subnormals included") {
    CHECK(bigint::true_divide(pow2(100), pow2(98)) == 4.0);
    CHECK(bigint::true_divide(Value(std::int64_t{1}), pow2(1074)) == std::ldexp(1.0, -1074));
    CHECK(bigint::true_divide(Value(std::int64_t{1}), pow2(1076)) == 0.0);  // below half the least subnormal
    CHECK(!bigint::true_divide(pow2(1100), Value(std::int64_t{3})).has_value());
    // (2**53 + 1) / 1 rounds to 2**53, not a double's truncation of the int.
    bigint::Mpz odd(pow2(53));
    mpz_add_ui(odd.get(), odd.get(), 1);
    CHECK(bigint::true_divide(bigint::from_mpz(odd.get()), Value(std::int64_t{1})) == 9007199254740992.0);
}

TEST_CASE("bigint: the int/str digit limit") {
    bigint::max_str_digits() = bigint::kDefaultMaxStrDigits;
    const std::string limit_4300(4300, '9');
    CHECK(bigint::to_string(parse(limit_4300.c_str())) == limit_4300);
    CHECK_THROWS_AS(bigint::to_string(pow2(14300)), PyError);  // 4305 digits
    CHECK_THROWS_AS(parse(std::string(4301, '1').c_str()), PyError);
    CHECK(bigint::to_string(pow2(20000), 16).size() == 5001);  // powers of two are not limited
    bigint::max_str_digits() = 0;
    CHECK(bigint::to_string(pow2(20000)).size() == 6021);
    bigint::max_str_digits() = bigint::kDefaultMaxStrDigits;
}
