#include "engine/py/int_ops.hpp"

#include <cmath>
#include <cstring>
#include <string_view>

#include "engine/bigint.hpp"
#include "engine/py/interp.hpp"

namespace loopscope::py {

using bigint::Mpz;

namespace {
bool is_big(const Value& v) { return v.kind() == Value::Kind::BigInt; }

std::uint64_t bit_length(mpz_srcptr z) { return mpz_sgn(z) == 0 ? 0 : mpz_sizeinbase(z, 2); }

// An int of `bits` bits is about to be made: the memory guard's MemoryError
// before GMP tries (and aborts) on an impossible size, and the time guard's
// stop before one that would take minutes (interp.hpp).
void check_bits(std::uint64_t bits) { check_integer_size(bits); }

[[noreturn]] void modulo_by_zero() { raise(exc_types::ZeroDivisionError, "integer modulo by zero"); }
[[noreturn]] void division_by_zero() { raise(exc_types::ZeroDivisionError, "integer division or modulo by zero"); }

Value power(const Value& a, const Value& b) {
    if (bigint::sign(b) < 0) {
        // int ** negative int is float ** float (long_pow hands it to float_pow).
        const double x = float_of(a), y = float_of(b);
        if (x == 0) raise(exc_types::ZeroDivisionError, "0.0 cannot be raised to a negative power");
        return Value(std::pow(x, y));
    }
    const Mpz x(a);
    if (mpz_cmp_si(x.get(), 1) == 0 || mpz_sgn(x.get()) == 0) return a;  // 1 ** n, 0 ** n (n > 0)
    if (mpz_cmp_si(x.get(), -1) == 0) return Value(std::int64_t{mpz_odd_p(Mpz(b).get()) ? -1 : 1});
    if (is_big(b)) raise(MemoryError);  // at least 2 ** 2**63: more than any memory
    const auto n = static_cast<std::uint64_t>(b.as_int());
    const std::uint64_t base_bits = bit_length(x.get());
    if (n > 0 && base_bits > ~std::uint64_t{0} / n) raise(MemoryError);
    check_bits(base_bits * n);
    Mpz r;
    mpz_pow_ui(r.get(), x.get(), n);
    return bigint::from_mpz(r.get());
}

Value shift(BinOpKind op, const Value& a, const Value& b) {
    if (bigint::sign(b) < 0) raise(exc_types::ValueError, "negative shift count");
    const Mpz x(a);
    if (mpz_sgn(x.get()) == 0) return Value(std::int64_t{0});
    if (op == BinOpKind::RShift) {
        if (is_big(b)) return Value(std::int64_t{mpz_sgn(x.get()) < 0 ? -1 : 0});
        Mpz r;
        mpz_fdiv_q_2exp(r.get(), x.get(), static_cast<mp_bitcnt_t>(b.as_int()));  // floor, as Python's >>
        return bigint::from_mpz(r.get());
    }
    if (is_big(b)) raise(MemoryError);
    const auto n = static_cast<std::uint64_t>(b.as_int());
    check_bits(bit_length(x.get()) + n);
    Mpz r;
    mpz_mul_2exp(r.get(), x.get(), static_cast<mp_bitcnt_t>(n));
    return bigint::from_mpz(r.get());
}
}  // namespace

double float_of(const Value& v) {
    if (v.kind() == Value::Kind::Float) return v.as_float();
    const std::optional<double> d = bigint::to_double(v);
    if (!d) raise(OverflowError, "int too large to convert to float");
    return *d;
}

Value int_of_float(double f) {
    if (std::isnan(f)) raise(exc_types::ValueError, "cannot convert float NaN to integer");
    if (std::isinf(f)) raise(OverflowError, "cannot convert float infinity to integer");
    return bigint::from_double(std::trunc(f));
}

namespace {
int digit_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'z') return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
    return 99;
}
}  // namespace

Value int_from_text(const std::string& text, std::int64_t base) {
    if (base != 0 && (base < 2 || base > 36)) raise(exc_types::ValueError, "int() base must be >= 2 and <= 36, or 0");
    const auto invalid = [&]() {
        // "%.200R": the repr, cut to 200 characters.
        std::string shown = str_repr(text);
        if (shown.size() > 200) shown.resize(200);
        raise(exc_types::ValueError, "invalid literal for int() with base " + std::to_string(base) + ": " + shown);
    };
    constexpr std::string_view kSpace = " \t\n\r\f\v";
    const std::size_t first = text.find_first_not_of(kSpace);
    if (first == std::string::npos) invalid();
    const std::string_view s = std::string_view(text).substr(first, text.find_last_not_of(kSpace) - first + 1);
    std::size_t i = 0;
    const bool negative = s[i] == '-';
    if (s[i] == '-' || s[i] == '+') ++i;
    int b = static_cast<int>(base);
    bool after_prefix = false;
    if (i + 1 < s.size() && s[i] == '0') {
        const char p = static_cast<char>(s[i + 1] | 0x20);
        const int prefixed = p == 'x' ? 16 : p == 'o' ? 8 : p == 'b' ? 2 : 0;
        if (prefixed != 0 && (b == 0 || b == prefixed)) {
            b = prefixed;
            i += 2;
            after_prefix = true;
        }
    }
    const bool literal_rules = b == 0;  // base 0: a decimal may not start with 0 unless it is 0
    if (b == 0) b = 10;
    // Underscores only between digits (or right after a prefix), one at a time.
    std::string digits;
    bool need_digit = !after_prefix;
    for (; i < s.size(); ++i) {
        const char c = s[i];
        if (c == '_') {
            if (need_digit) invalid();
            need_digit = true;
            continue;
        }
        if (digit_value(c) >= b) invalid();
        digits += c;
        need_digit = false;
    }
    if (need_digit || digits.empty()) invalid();
    if (literal_rules && !after_prefix && digits[0] == '0' && digits.find_first_not_of('0') != std::string::npos) invalid();
    if (digits.size() <= 18 && b == 10) {
        const std::int64_t v = std::stoll(digits);
        return Value(negative ? -v : v);
    }
    return bigint::parse_digits(digits, b, negative);
}

Seed seed_of(const Value& n) {
    Mpz m(n);
    mpz_abs(m.get(), m.get());
    std::vector<std::uint32_t> words((mpz_sizeinbase(m.get(), 2) + 31) / 32 + 1);
    std::size_t count = 0;
    mpz_export(words.data(), &count, -1, sizeof(std::uint32_t), 0, 0, m.get());  // least significant first
    words.resize(count);
    Mpz z(n);
    std::string text(mpz_sizeinbase(z.get(), 10) + 2, '\0');
    mpz_get_str(text.data(), 10, z.get());
    text.resize(std::strlen(text.c_str()));
    return Seed(std::move(words), std::move(text));
}

Value big_int_op(BinOpKind op, const Value& a, const Value& b) {
    switch (op) {
        case BinOpKind::Div: {
            if (bigint::sign(b) == 0) raise(exc_types::ZeroDivisionError, "division by zero");
            const std::optional<double> q = bigint::true_divide(a, b);
            if (!q) raise(OverflowError, "integer division result too large for a float");
            return Value(*q);
        }
        case BinOpKind::Pow: return power(a, b);
        case BinOpKind::LShift:
        case BinOpKind::RShift: return shift(op, a, b);
        default: break;
    }
    const Mpz x(a), y(b);
    Mpz r;
    switch (op) {
        case BinOpKind::Add: mpz_add(r.get(), x.get(), y.get()); break;
        case BinOpKind::Sub: mpz_sub(r.get(), x.get(), y.get()); break;
        case BinOpKind::Mul:
            check_bits(bit_length(x.get()) + bit_length(y.get()));
            mpz_mul(r.get(), x.get(), y.get());
            break;
        case BinOpKind::FloorDiv:
            if (mpz_sgn(y.get()) == 0) division_by_zero();
            mpz_fdiv_q(r.get(), x.get(), y.get());
            break;
        case BinOpKind::Mod:
            if (mpz_sgn(y.get()) == 0) modulo_by_zero();
            mpz_fdiv_r(r.get(), x.get(), y.get());  // the sign of the divisor
            break;
        // Two's complement on an infinite sign extension, as Python's.
        case BinOpKind::BitAnd: mpz_and(r.get(), x.get(), y.get()); break;
        case BinOpKind::BitOr: mpz_ior(r.get(), x.get(), y.get()); break;
        case BinOpKind::BitXor: mpz_xor(r.get(), x.get(), y.get()); break;
        default:
            raise(exc_types::TypeError, "unsupported operand type(s) for @: 'int' and 'int'");
    }
    return bigint::from_mpz(r.get());
}

Value int_negate(const Value& v) {
    Mpz r(v);
    mpz_neg(r.get(), r.get());
    return bigint::from_mpz(r.get());
}

Value int_invert(const Value& v) {
    Mpz r(v);
    mpz_com(r.get(), r.get());  // -(v + 1)
    return bigint::from_mpz(r.get());
}

Value int_abs(const Value& v) {
    Mpz r(v);
    mpz_abs(r.get(), r.get());
    return bigint::from_mpz(r.get());
}

Value int_pow_mod(const Value& base, const Value& exp, const Value& mod) {
    const Mpz b(base), e(exp), m(mod);
    if (mpz_sgn(m.get()) == 0) raise(exc_types::ValueError, "pow() 3rd argument cannot be 0");
    Mpz am, r;
    mpz_abs(am.get(), m.get());
    if (mpz_cmp_ui(am.get(), 1) == 0) return Value(std::int64_t{0});  // everything is 0 modulo 1
    if (mpz_sgn(e.get()) < 0) {
        // pow(b, -e, m) is pow(inverse of b modulo m, e, m).
        Mpz inv;
        if (mpz_invert(inv.get(), b.get(), am.get()) == 0)
            raise(exc_types::ValueError, "base is not invertible for the given modulus");
        Mpz pe;
        mpz_neg(pe.get(), e.get());
        mpz_powm(r.get(), inv.get(), pe.get(), am.get());
    } else {
        mpz_powm(r.get(), b.get(), e.get(), am.get());
    }
    // The result takes the modulus's sign, as % does.
    if (mpz_sgn(m.get()) < 0 && mpz_sgn(r.get()) != 0) mpz_add(r.get(), r.get(), m.get());
    return bigint::from_mpz(r.get());
}

Value int_round(const Value& v, const Value& ndigits) {
    if (bigint::sign(ndigits) >= 0) return bigint::from_mpz(Mpz(v).get());
    // long_round: the nearest multiple of 10**-ndigits, halves to even.
    if (is_big(ndigits)) return Value(std::int64_t{0});
    const Mpz x(v);
    const auto places = static_cast<std::uint64_t>(-(ndigits.as_int() + 1)) + 1;
    if (places > mpz_sizeinbase(x.get(), 10) + 1) return Value(std::int64_t{0});
    Mpz p, q, r, twice;
    mpz_ui_pow_ui(p.get(), 10, places);
    mpz_fdiv_qr(q.get(), r.get(), x.get(), p.get());
    mpz_mul_2exp(twice.get(), r.get(), 1);
    const int c = mpz_cmp(twice.get(), p.get());
    if (c > 0 || (c == 0 && mpz_odd_p(q.get()))) mpz_add_ui(q.get(), q.get(), 1);
    mpz_mul(q.get(), q.get(), p.get());
    return bigint::from_mpz(q.get());
}

}  // namespace loopscope::py
