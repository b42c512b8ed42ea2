#include "engine/bigint.hpp"

#include <algorithm>
#include <cfloat>
#include <climits>
#include <cmath>
#include <cstring>
#include <stdexcept>

namespace loopscope::bigint {

static_assert(sizeof(long) == sizeof(std::int64_t), "mpz_*_si take an int64 as a long (LP64)");

namespace {
constexpr std::int64_t kExactInDouble = std::int64_t{1} << 53;  // every int up to this is a double
}  // namespace

Mpz::Mpz(const Value& v) {
    mpz_init(z_);
    set_mpz(z_, v);
}

// ---- conversions ---------------------------------------------------------

void set_mpz(mpz_ptr out, std::int64_t i) noexcept { mpz_set_si(out, static_cast<long>(i)); }

void set_mpz(mpz_ptr out, const Value& v) {
    if (v.kind() == Value::Kind::BigInt) {
        mpz_set(out, mpz_of(v));
    } else {
        set_mpz(out, v.as_int());
    }
}

Value from_mpz(mpz_srcptr z) {
    if (mpz_fits_slong_p(z) != 0) return Value(static_cast<std::int64_t>(mpz_get_si(z)));
    Ref<BigIntObject> big(new BigIntObject);
    mpz_set(big->z, z);
    return Value(std::move(big));
}

mpz_srcptr mpz_of(const Value& v) { return v.big().z; }

int sign(const Value& v) {
    if (v.kind() == Value::Kind::BigInt) return mpz_sgn(mpz_of(v));
    const std::int64_t i = v.as_int();
    return (i > 0) - (i < 0);
}

std::optional<double> scaled_to_double(mpz_srcptr m, long exp, bool sticky) {
    if (mpz_sgn(m) == 0) return 0.0;
    const auto bits = static_cast<long>(mpz_sizeinbase(m, 2));
    // The last bit kept: 53 significant bits, or fewer below DBL_MIN (the
    // subnormals' fixed unit 2**-1074).
    const long unit = std::max<long>(bits + exp - DBL_MANT_DIG, -1074);
    const long shift = unit - exp;
    Mpz q;
    if (shift > 0) {
        mpz_fdiv_q_2exp(q.get(), m, static_cast<mp_bitcnt_t>(shift));
        const bool half = mpz_tstbit(m, static_cast<mp_bitcnt_t>(shift - 1)) != 0;
        const bool below_half = sticky || static_cast<long>(mpz_scan1(m, 0)) < shift - 1;
        if (half && (below_half || mpz_odd_p(q.get()))) mpz_add_ui(q.get(), q.get(), 1);
    } else {
        mpz_mul_2exp(q.get(), m, static_cast<mp_bitcnt_t>(-shift));
    }
    // q <= 2**53 is exact in a double; q * 2**unit must stay below 2**1024.
    if (static_cast<long>(mpz_sizeinbase(q.get(), 2)) + unit > DBL_MAX_EXP) return std::nullopt;
    return std::ldexp(mpz_get_d(q.get()), static_cast<int>(unit));
}

std::optional<double> to_double(const Value& v) {
    // A hardware int64 -> double conversion rounds to nearest, ties to even.
    if (v.kind() != Value::Kind::BigInt) return static_cast<double>(v.as_int());
    Mpz m;
    mpz_abs(m.get(), mpz_of(v));
    const std::optional<double> d = scaled_to_double(m.get(), 0);
    if (!d) return std::nullopt;
    return mpz_sgn(mpz_of(v)) < 0 ? -*d : *d;
}

std::optional<double> true_divide(const Value& a, const Value& b) {
    if (a.kind() != Value::Kind::BigInt && b.kind() != Value::Kind::BigInt) {
        const std::int64_t x = a.as_int(), y = b.as_int();
        // Both exact in a double: one IEEE division is correctly rounded.
        if (x >= -kExactInDouble && x <= kExactInDouble && y >= -kExactInDouble && y <= kExactInDouble)
            return static_cast<double>(x) / static_cast<double>(y);
    }
    Mpz x(a), y(b);
    const bool negative = (mpz_sgn(x.get()) < 0) != (mpz_sgn(y.get()) < 0);
    mpz_abs(x.get(), x.get());
    mpz_abs(y.get(), y.get());
    const auto signed_result = [&](double d) { return negative ? -d : d; };
    if (mpz_sgn(x.get()) == 0) return signed_result(0.0);
    const long diff = static_cast<long>(mpz_sizeinbase(x.get(), 2)) - static_cast<long>(mpz_sizeinbase(y.get(), 2));
    if (diff > DBL_MAX_EXP + 1) return std::nullopt;
    if (diff < -1074 - DBL_MANT_DIG - 2) return signed_result(0.0);
    // Scale so the quotient has at least 55 bits: two below the 53 kept,
    // plus the remainder as the sticky bit, round exactly once.
    const long k = DBL_MANT_DIG + 2 - diff;
    if (k >= 0) mpz_mul_2exp(x.get(), x.get(), static_cast<mp_bitcnt_t>(k));
    else mpz_mul_2exp(y.get(), y.get(), static_cast<mp_bitcnt_t>(-k));
    Mpz q, r;
    mpz_tdiv_qr(q.get(), r.get(), x.get(), y.get());
    const std::optional<double> d = scaled_to_double(q.get(), -k, mpz_sgn(r.get()) != 0);
    if (!d) return std::nullopt;
    return signed_result(*d);
}

Value from_double(double f) {
    if (f > -9.2233720368547758e18 && f < 9.2233720368547758e18) return Value(static_cast<std::int64_t>(f));
    Mpz z;
    mpz_set_d(z.get(), f);  // exact: a double this large is an integer
    return from_mpz(z.get());
}

// ---- text ------------------------------------------------------------------

int& max_str_digits() noexcept {
    thread_local int limit = kDefaultMaxStrDigits;
    return limit;
}

std::string to_string(const Value& v, int base) {
    if (v.kind() != Value::Kind::BigInt && base == 10) return std::to_string(v.as_int());
    Mpz owned;
    mpz_srcptr z = v.kind() == Value::Kind::BigInt ? mpz_of(v) : (set_mpz(owned.get(), v), owned.get());
    const std::size_t estimate = mpz_sizeinbase(z, base);  // exact or one too many
    const int limit = max_str_digits();
    const auto over_limit = [&](std::size_t digits) {
        return base == 10 && limit > 0 && digits > static_cast<std::size_t>(limit);
    };
    if (over_limit(estimate > 1 ? estimate - 1 : estimate)) {
        raise(exc_types::ValueError, "Exceeds the limit (" + std::to_string(limit) +
                                         " digits) for integer string conversion; use sys.set_int_max_str_digits() "
                                         "to increase the limit");
    }
    std::string out(estimate + 2, '\0');
    mpz_get_str(out.data(), base, z);
    out.resize(std::strlen(out.c_str()));
    if (over_limit(out.size() - (out[0] == '-' ? 1 : 0))) {
        raise(exc_types::ValueError, "Exceeds the limit (" + std::to_string(limit) +
                                         " digits) for integer string conversion; use sys.set_int_max_str_digits() "
                                         "to increase the limit");
    }
    return out;
}

Value parse_digits(std::string_view digits, int base, bool negative) {
    const int limit = max_str_digits();
    // PyLong_FromString: the limit is on bases that are not powers of two.
    if ((base & (base - 1)) != 0 && limit > 0 && digits.size() > static_cast<std::size_t>(limit)) {
        raise(exc_types::ValueError, "Exceeds the limit (" + std::to_string(limit) +
                                         " digits) for integer string conversion: value has " +
                                         std::to_string(digits.size()) +
                                         " digits; use sys.set_int_max_str_digits() to increase the limit");
    }
    Mpz z;
    if (mpz_set_str(z.get(), std::string(digits).c_str(), base) != 0)
        throw std::logic_error("bigint::parse_digits: digits not checked");
    if (negative) mpz_neg(z.get(), z.get());
    return from_mpz(z.get());
}

// ---- comparison with floats ------------------------------------------------

int compare_with_float(const Value& i, double f) {
    if (std::isinf(f)) return f > 0 ? -1 : 1;
    if (i.kind() != Value::Kind::BigInt) {
        const std::int64_t x = i.as_int();
        if (x >= -kExactInDouble && x <= kExactInDouble) {
            const auto d = static_cast<double>(x);
            return (d > f) - (d < f);
        }
    }
    const Mpz z(i);
    const int c = mpz_cmp_d(z.get(), f);  // exact
    return (c > 0) - (c < 0);
}

int compare(const Value& a, const Value& b) {
    if (a.kind() != Value::Kind::BigInt && b.kind() != Value::Kind::BigInt) {
        const std::int64_t x = a.as_int(), y = b.as_int();
        return (x > y) - (x < y);
    }
    const Mpz x(a), y(b);
    const int c = mpz_cmp(x.get(), y.get());
    return (c > 0) - (c < 0);
}

// ---- hash ------------------------------------------------------------------

std::int64_t hash(const Value& v) {
    constexpr unsigned long kModulus = (1UL << 61) - 1;  // _PyHASH_MODULUS
    const Mpz z(v);
    // mpz_tdiv_ui: abs(z) modulo the modulus.
    auto h = static_cast<std::int64_t>(mpz_tdiv_ui(z.get(), kModulus));
    if (mpz_sgn(z.get()) < 0) h = -h;
    return h == -1 ? -2 : h;
}

}  // namespace loopscope::bigint
