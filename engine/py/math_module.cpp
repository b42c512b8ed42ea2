// Python's math module (Modules/mathmodule.c): the functions teaching code
// calls, with CPython's results, argument checks and messages.
//
// Integer functions (factorial, comb, perm, gcd, lcm, isqrt) work on
// unbounded ints through GMP, with the memory guard asked before a result
// is built; the float functions follow math_1's rule for errors: a NaN
// from a non-NaN argument is "math domain error", an infinity from a finite
// one is "math range error" (OverflowError) where the function can
// overflow and a domain error where it cannot (log(0)).
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include "engine/bigint.hpp"
#include "engine/py/int_ops.hpp"
#include "engine/py/interp.hpp"

namespace loopscope::py {

namespace {

#define MATHFN(name) Value name([[maybe_unused]] Interp& in, [[maybe_unused]] const Value& self, [[maybe_unused]] Args& a)

using bigint::Mpz;

[[noreturn]] void domain_error() { raise(exc_types::ValueError, "math domain error"); }
[[noreturn]] void range_error() { raise(OverflowError, "math range error"); }

// ---- arguments -------------------------------------------------------------

// METH_O: "math.sqrt() takes exactly one argument (2 given)".
const Value& one_arg(Args& a, std::string_view fn) {
    if (a.pos.size() != 1 || !a.kw.empty())
        raise(exc_types::TypeError, "math." + std::string(fn) + "() takes exactly one argument (" +
                                        std::to_string(a.pos.size() + a.kw.size()) + " given)");
    return a.pos[0];
}

// _PyArg_CheckPositional: "atan2 expected 2 arguments, got 1".
void positional(Args& a, std::string_view fn, std::size_t min, std::size_t max) {
    if (!a.kw.empty()) raise(exc_types::TypeError, std::string(fn) + "() takes no keyword arguments");
    const std::size_t n = a.pos.size();
    auto count = [](std::size_t k) { return std::to_string(k) + (k == 1 ? " argument" : " arguments"); };
    if (n < min)
        raise(exc_types::TypeError, std::string(fn) + " expected " + (min == max ? "" : "at least ") + count(min) +
                                        ", got " + std::to_string(n));
    if (n > max)
        raise(exc_types::TypeError, std::string(fn) + " expected " + (min == max ? "" : "at most ") + count(max) +
                                        ", got " + std::to_string(n));
}

// PyFloat_AsDouble: an int (OverflowError past DBL_MAX) or a float.
double real(const Value& v) {
    if (v.kind() == Value::Kind::Float) return v.as_float();
    if (bigint::is_integer(v)) return float_of(v);
    raise(exc_types::TypeError, "must be real number, not " + type_name(v));
}

// An int argument (PyNumber_Index): bools count, floats do not.
const Value& integer(const Value& v) {
    if (!bigint::is_integer(v)) raise(exc_types::TypeError, "'" + type_name(v) + "' object cannot be interpreted as an integer");
    return v;
}

Value from(const Mpz& z) { return bigint::from_mpz(z.get()); }

// ---- floats ------------------------------------------------------------------

// math_1: f(x) with CPython's error rule.
Value math_1(const Value& arg, double (*f)(double), bool can_overflow) {
    const double x = real(arg);
    const double r = f(x);
    if (std::isnan(r) && !std::isnan(x)) domain_error();
    if (std::isinf(r) && std::isfinite(x)) {
        if (can_overflow) range_error();
        domain_error();
    }
    return Value(r);
}

#define MATH_1(name, f, can_overflow) \
    MATHFN(m_##name) { return math_1(one_arg(a, #name), [](double x) { return f(x); }, can_overflow); }

MATH_1(sqrt, std::sqrt, false)
MATH_1(exp, std::exp, true)
MATH_1(expm1, std::expm1, true)
MATH_1(sin, std::sin, false)
MATH_1(cos, std::cos, false)
MATH_1(tan, std::tan, false)
MATH_1(asin, std::asin, false)
MATH_1(acos, std::acos, false)
MATH_1(atan, std::atan, false)
MATH_1(sinh, std::sinh, true)
MATH_1(cosh, std::cosh, true)
MATH_1(tanh, std::tanh, false)
MATH_1(fabs, std::fabs, false)
MATH_1(erf, std::erf, false)
MATH_1(erfc, std::erfc, false)

// loghelper: the log of an int too large for a float is taken from its
// mantissa and exponent (log(2**2000) works); zero and negatives are domain
// errors, as is a non-positive float.
double log_of(const Value& v, double (*f)(double)) {
    if (bigint::is_integer(v)) {
        if (bigint::sign(v) <= 0) domain_error();
        if (std::optional<double> x = bigint::to_double(v)) return f(*x);
        // _PyLong_Frexp: v = x * 2**e with x in [0.5, 1), correctly rounded.
        mpz_srcptr z = bigint::mpz_of(v);
        const auto bits = static_cast<long>(mpz_sizeinbase(z, 2));
        Mpz top;
        mpz_tdiv_q_2exp(top.get(), z, static_cast<mp_bitcnt_t>(bits - 64));
        const bool sticky = mpz_scan1(z, 0) < static_cast<mp_bitcnt_t>(bits - 64);
        double x = *bigint::scaled_to_double(top.get(), -64, sticky);
        long e = bits;
        if (x == 1.0) {
            x = 0.5;
            ++e;
        }
        return f(x) + f(2.0) * static_cast<double>(e);
    }
    const double x = real(v);
    if (std::isnan(x)) return x;
    if (x <= 0) domain_error();
    return f(x);
}

double ln(double x) { return std::log(x); }

MATHFN(m_log) {
    positional(a, "log", 1, 2);
    const double num = log_of(a.pos[0], ln);
    if (a.pos.size() == 1) return Value(num);
    const double den = log_of(a.pos[1], ln);
    if (den == 0) raise(exc_types::ZeroDivisionError, "float division by zero");
    return Value(num / den);
}
MATHFN(m_log2) { return Value(log_of(one_arg(a, "log2"), [](double x) { return std::log2(x); })); }
MATHFN(m_log10) { return Value(log_of(one_arg(a, "log10"), [](double x) { return std::log10(x); })); }
MATHFN(m_log1p) { return math_1(one_arg(a, "log1p"), [](double x) { return std::log1p(x); }, false); }

// math_pow: C99's pow with CPython's errors (0 ** negative and a negative
// base with a fractional exponent are domain errors).
MATHFN(m_pow) {
    positional(a, "pow", 2, 2);
    const double x = real(a.pos[0]), y = real(a.pos[1]);
    const double r = std::pow(x, y);
    if (std::isfinite(x) && std::isfinite(y)) {
        if (std::isnan(r)) domain_error();
        if (std::isinf(r)) {
            if (x == 0) domain_error();
            range_error();
        }
    }
    return Value(r);
}

MATHFN(m_atan2) {
    positional(a, "atan2", 2, 2);
    return Value(std::atan2(real(a.pos[0]), real(a.pos[1])));
}

MATHFN(m_fmod) {
    positional(a, "fmod", 2, 2);
    const double x = real(a.pos[0]), y = real(a.pos[1]);
    if (std::isinf(y) && std::isfinite(x)) return Value(x);
    const double r = std::fmod(x, y);
    if (std::isnan(r) && !std::isnan(x) && !std::isnan(y)) domain_error();
    return Value(r);
}

MATHFN(m_copysign) {
    positional(a, "copysign", 2, 2);
    return Value(std::copysign(real(a.pos[0]), real(a.pos[1])));
}

MATHFN(m_modf) {
    const double x = real(one_arg(a, "modf"));
    if (std::isinf(x)) return Value::tuple({Value(std::copysign(0.0, x)), Value(x)});
    double whole = 0;
    const double frac = std::modf(x, &whole);
    return Value::tuple({Value(frac), Value(whole)});
}

// The constants as mathmodule.c writes them (Py_MATH_PI / 180.0).
MATHFN(m_degrees) { return Value(real(one_arg(a, "degrees")) * (180.0 / M_PI)); }
MATHFN(m_radians) { return Value(real(one_arg(a, "radians")) * (M_PI / 180.0)); }

MATHFN(m_isfinite) { return Value(static_cast<bool>(std::isfinite(real(one_arg(a, "isfinite"))))); }
MATHFN(m_isinf) { return Value(static_cast<bool>(std::isinf(real(one_arg(a, "isinf"))))); }
MATHFN(m_isnan) { return Value(static_cast<bool>(std::isnan(real(one_arg(a, "isnan"))))); }

// isclose(a, b, *, rel_tol=1e-09, abs_tol=0.0), as math_isclose_impl.
MATHFN(m_isclose) {
    const Value* args[4] = {nullptr, nullptr, nullptr, nullptr};  // a, b, rel_tol, abs_tol
    static constexpr std::string_view names[4] = {"a", "b", "rel_tol", "abs_tol"};
    if (a.pos.size() > 2)
        raise(exc_types::TypeError, "isclose() takes exactly 2 positional arguments (" + std::to_string(a.pos.size()) + " given)");
    for (std::size_t i = 0; i < a.pos.size(); ++i) args[i] = &a.pos[i];
    for (auto& [k, v] : a.kw) {
        std::size_t i = 0;
        while (i < 4 && sym_name(k) != names[i]) ++i;
        if (i == 4) raise(exc_types::TypeError, "isclose() got an unexpected keyword argument '" + sym_name(k) + "'");
        if (args[i] != nullptr)
            raise(exc_types::TypeError, "argument for isclose() given by name ('" + sym_name(k) + "') and position (" +
                                            std::to_string(i + 1) + ")");
        args[i] = &v;
    }
    for (std::size_t i = 0; i < 2; ++i)
        if (args[i] == nullptr)
            raise(exc_types::TypeError, "isclose() missing required argument '" + std::string(names[i]) + "' (pos " +
                                            std::to_string(i + 1) + ")");
    const double x = real(*args[0]), y = real(*args[1]);
    const double rel_tol = args[2] ? real(*args[2]) : 1e-09, abs_tol = args[3] ? real(*args[3]) : 0.0;
    if (rel_tol < 0.0 || abs_tol < 0.0) raise(exc_types::ValueError, "tolerances must be non-negative");
    if (x == y) return Value(true);
    if (std::isinf(x) || std::isinf(y)) return Value(false);
    const double diff = std::fabs(y - x);
    return Value((diff <= std::fabs(rel_tol * y)) || (diff <= std::fabs(rel_tol * x)) || (diff <= abs_tol));
}

// ---- from floats to ints -------------------------------------------------------

// floor/ceil/trunc: an int is returned as it is; a float rounds, with
// int()'s errors for infinities and NaN.
Value rounded(const Value& v, double (*f)(double), std::string_view fn) {
    if (bigint::is_integer(v)) return v.kind() == Value::Kind::Bool ? Value(v.as_int()) : v;
    if (v.kind() == Value::Kind::Float) return int_of_float(f(v.as_float()));
    if (fn == "trunc") raise(exc_types::TypeError, "type " + type_name(v) + " doesn't define __trunc__ method");
    raise(exc_types::TypeError, "must be real number, not " + type_name(v));
}
MATHFN(m_floor) { return rounded(one_arg(a, "floor"), [](double x) { return std::floor(x); }, "floor"); }
MATHFN(m_ceil) { return rounded(one_arg(a, "ceil"), [](double x) { return std::ceil(x); }, "ceil"); }
MATHFN(m_trunc) { return rounded(one_arg(a, "trunc"), [](double x) { return std::trunc(x); }, "trunc"); }

// ---- integers ------------------------------------------------------------------

// The memory and time guards, before GMP builds a result of about `bits` bits.
void reserve_bits(double bits) {
    if (!(bits < 1e18)) bits = 1e18;
    check_integer_size(static_cast<std::uint64_t>(bits));
}

// n! has about lgamma(n + 1) / ln 2 bits.
double factorial_bits(double n) { return std::lgamma(n + 1) / std::log(2.0) + 64; }

MATHFN(m_factorial) {
    const Value& v = integer(one_arg(a, "factorial"));
    if (bigint::sign(v) < 0) raise(exc_types::ValueError, "factorial() not defined for negative values");
    if (v.kind() == Value::Kind::BigInt) raise(OverflowError, "factorial() argument should not exceed 9223372036854775807");
    const auto n = static_cast<unsigned long>(v.as_int());
    reserve_bits(factorial_bits(static_cast<double>(n)));
    Mpz r;
    mpz_fac_ui(r.get(), n);
    return from(r);
}

MATHFN(m_isqrt) {
    const Value& v = integer(one_arg(a, "isqrt"));
    if (bigint::sign(v) < 0) raise(exc_types::ValueError, "isqrt() argument must be nonnegative");
    Mpz n(v), r;
    mpz_sqrt(r.get(), n.get());
    return from(r);
}

// comb(n, k) and perm(n, k): C(n, k) = n! / (k! (n-k)!), P(n, k) = C(n, k) k!.
Value binomial(const Value& nv, const Value& kv, bool permutations) {
    integer(nv);
    integer(kv);
    if (bigint::sign(nv) < 0) raise(exc_types::ValueError, "n must be a non-negative integer");
    if (bigint::sign(kv) < 0) raise(exc_types::ValueError, "k must be a non-negative integer");
    Mpz n(nv), k(kv);
    if (mpz_cmp(k.get(), n.get()) > 0) return Value(std::int64_t{0});
    // C(n, k) = C(n, n - k): the smaller one is the work (for comb).
    Mpz rest;
    mpz_sub(rest.get(), n.get(), k.get());
    mpz_srcptr small = !permutations && mpz_cmp(rest.get(), k.get()) < 0 ? rest.get() : k.get();
    if (!mpz_fits_slong_p(small))
        raise(OverflowError, std::string(permutations ? "k" : "min(n - k, k)") + " must not exceed 9223372036854775807");
    const unsigned long kk = mpz_get_ui(small);
    const double log2_n = static_cast<double>(mpz_sizeinbase(n.get(), 2));
    reserve_bits(static_cast<double>(kk) * log2_n + 64);
    Mpz r;
    mpz_bin_ui(r.get(), n.get(), kk);
    if (permutations) {
        Mpz f;
        mpz_fac_ui(f.get(), kk);
        mpz_mul(r.get(), r.get(), f.get());
    }
    return from(r);
}

MATHFN(m_comb) {
    positional(a, "comb", 2, 2);
    return binomial(a.pos[0], a.pos[1], false);
}

MATHFN(m_perm) {
    positional(a, "perm", 1, 2);
    if (a.pos.size() == 1 || a.pos[1].is_none()) {
        // perm(n) is n!, and says so in its errors.
        Args fa;
        fa.pos = {a.pos[0]};
        return m_factorial(in, self, fa);
    }
    return binomial(a.pos[0], a.pos[1], true);
}

// gcd(*integers) and lcm(*integers): gcd() is 0, lcm() is 1; both are >= 0.
Value gcd_or_lcm(Args& a, std::string_view fn, bool lcm) {
    if (!a.kw.empty()) raise(exc_types::TypeError, std::string(fn) + "() takes no keyword arguments");
    Mpz r;
    mpz_set_ui(r.get(), lcm ? 1 : 0);
    for (const Value& v : a.pos) {
        Mpz x(integer(v));
        if (lcm) {
            mpz_lcm(r.get(), r.get(), x.get());
        } else {
            mpz_gcd(r.get(), r.get(), x.get());
        }
    }
    return from(r);
}
MATHFN(m_gcd) { return gcd_or_lcm(a, "gcd", false); }
MATHFN(m_lcm) { return gcd_or_lcm(a, "lcm", true); }

// prod(iterable, *, start=1): start * item * item ... with `*`'s own rules.
MATHFN(m_prod) {
    Value total(std::int64_t{1});
    for (auto& [k, v] : a.kw) {
        if (sym_name(k) != "start") raise(exc_types::TypeError, "prod() got an unexpected keyword argument '" + sym_name(k) + "'");
        total = v;
    }
    if (a.pos.size() != 1)
        raise(exc_types::TypeError, a.pos.empty() ? std::string("prod() missing required argument 'iterable' (pos 1)")
                                                  : "prod() takes exactly 1 positional argument (" + std::to_string(a.pos.size()) + " given)");
    Iterator it(a.pos[0]);
    Value v;
    while (it.next(v)) {
        in.count_step();
        total = binary_op(BinOpKind::Mul, total, v);
    }
    return total;
}

#undef MATH_1
#undef MATHFN

}  // namespace

void install_math_module(std::unordered_map<std::string, Value>& modules) {
    auto* math = new ModuleObj("math");
    modules["math"] = obj_value(math);
    const std::pair<std::string_view, BuiltinFn> fns[] = {
        {"sqrt", m_sqrt},       {"exp", m_exp},         {"expm1", m_expm1},       {"sin", m_sin},
        {"cos", m_cos},         {"tan", m_tan},         {"asin", m_asin},         {"acos", m_acos},
        {"atan", m_atan},       {"sinh", m_sinh},       {"cosh", m_cosh},         {"tanh", m_tanh},
        {"fabs", m_fabs},       {"erf", m_erf},         {"erfc", m_erfc},         {"log", m_log},
        {"log2", m_log2},       {"log10", m_log10},     {"log1p", m_log1p},       {"pow", m_pow},
        {"atan2", m_atan2},     {"fmod", m_fmod},       {"copysign", m_copysign}, {"modf", m_modf},
        {"degrees", m_degrees}, {"radians", m_radians}, {"isfinite", m_isfinite}, {"isinf", m_isinf},
        {"isnan", m_isnan},     {"isclose", m_isclose}, {"floor", m_floor},       {"ceil", m_ceil},
        {"trunc", m_trunc},     {"factorial", m_factorial}, {"isqrt", m_isqrt},   {"comb", m_comb},
        {"perm", m_perm},       {"gcd", m_gcd},         {"lcm", m_lcm},           {"prod", m_prod}};
    for (auto [name, f] : fns) math->add(name, obj_value(new BuiltinObj(std::string(name), f)));
    math->add("pi", Value(M_PI));
    math->add("e", Value(M_E));
    math->add("tau", Value(2 * M_PI));
    math->add("inf", Value(std::numeric_limits<double>::infinity()));
    math->add("nan", Value(std::numeric_limits<double>::quiet_NaN()));
}

}  // namespace loopscope::py
