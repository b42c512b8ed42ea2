// Python's operators on values: truth, arithmetic, comparison, formatting.
#include <cctype>
#include <cmath>
#include <limits>
#include <cstdio>

#include "engine/bigint.hpp"
#include "engine/py/int_ops.hpp"
#include "engine/py/interp.hpp"
#include "engine/recursion.hpp"

namespace loopscope::py {

namespace {
using K = Value::Kind;
bool is_num(const Value& v) { return bigint::is_integer(v) || v.kind() == K::Float; }
bool is_int(const Value& v) { return bigint::is_integer(v); }
bool is_small_int(const Value& v) { return v.kind() == K::Int || v.kind() == K::Bool; }

const char* op_symbol(BinOpKind op) {
    switch (op) {
        case BinOpKind::Add: return "+";
        case BinOpKind::Sub: return "-";
        case BinOpKind::Mul: return "*";
        case BinOpKind::Div: return "/";
        case BinOpKind::FloorDiv: return "//";
        case BinOpKind::Mod: return "%";
        case BinOpKind::Pow: return "** or pow()";
        case BinOpKind::LShift: return "<<";
        case BinOpKind::RShift: return ">>";
        case BinOpKind::BitOr: return "|";
        case BinOpKind::BitXor: return "^";
        case BinOpKind::BitAnd: return "&";
        case BinOpKind::MatMul: return "@";
    }
    return "?";
}

[[noreturn]] void unsupported(BinOpKind op, const Value& a, const Value& b) {
    // A str, list or tuple times a non-int is sequence repetition refused
    // (sq_repeat), which CPython words apart.
    auto is_sequence = [](const Value& v) {
        return v.kind() == Value::Kind::Str || v.kind() == Value::Kind::List || v.kind() == Value::Kind::Tuple;
    };
    if (op == BinOpKind::Mul && (is_sequence(a) || is_sequence(b)))
        raise(exc_types::TypeError, "can't multiply sequence by non-int of type '" + type_name(is_sequence(a) ? b : a) + "'");
    raise(exc_types::TypeError, std::string("unsupported operand type(s) for ") + op_symbol(op) + ": '" + type_name(a) +
                                    "' and '" + type_name(b) + "'");
}

// Two int64s; what does not fit int64 (or needs care, like an exact
// true division) goes to the arbitrary-precision path, int_ops.cpp.
Value int_op(BinOpKind op, std::int64_t x, std::int64_t y) {
    std::int64_t r = 0;
    switch (op) {
        case BinOpKind::Add:
            if (__builtin_add_overflow(x, y, &r)) break;
            return Value(r);
        case BinOpKind::Sub:
            if (__builtin_sub_overflow(x, y, &r)) break;
            return Value(r);
        case BinOpKind::Mul:
            if (__builtin_mul_overflow(x, y, &r)) break;
            return Value(r);
        case BinOpKind::Div:
            if (y == 0) raise(exc_types::ZeroDivisionError, "division by zero");
            // Both exact in a double: one IEEE division is correctly rounded.
            if (x >= -(std::int64_t{1} << 53) && x <= (std::int64_t{1} << 53) && y >= -(std::int64_t{1} << 53) &&
                y <= (std::int64_t{1} << 53))
                return Value(static_cast<double>(x) / static_cast<double>(y));
            break;
        case BinOpKind::FloorDiv: {
            if (y == 0) raise(exc_types::ZeroDivisionError, "integer division or modulo by zero");
            if (y == -1 && x == INT64_MIN) break;
            std::int64_t q = x / y;
            if ((x % y != 0) && ((x < 0) != (y < 0))) --q;
            return Value(q);
        }
        case BinOpKind::Mod: {
            if (y == 0) raise(exc_types::ZeroDivisionError, "integer modulo by zero");
            if (y == -1) return Value(std::int64_t{0});
            std::int64_t m = x % y;
            if (m != 0 && ((m < 0) != (y < 0))) m += y;
            return Value(m);
        }
        case BinOpKind::Pow: {
            if (y < 0) break;
            std::int64_t result = 1, base = x, e = y;
            bool overflowed = false;
            while (e > 0 && !overflowed) {
                if (e & 1) overflowed = __builtin_mul_overflow(result, base, &result);
                e >>= 1;
                if (e > 0 && !overflowed) overflowed = __builtin_mul_overflow(base, base, &base);
            }
            if (overflowed) break;
            return Value(result);
        }
        case BinOpKind::LShift:
            if (y < 0) raise(exc_types::ValueError, "negative shift count");
            if (x == 0) return Value(std::int64_t{0});
            if (y >= 63 || x > (INT64_MAX >> y) || x < (INT64_MIN >> y)) break;
            return Value(x << y);
        case BinOpKind::RShift:
            if (y < 0) raise(exc_types::ValueError, "negative shift count");
            return Value(y >= 63 ? (x < 0 ? -1 : 0) : x >> y);
        case BinOpKind::BitOr: return Value(x | y);
        case BinOpKind::BitXor: return Value(x ^ y);
        case BinOpKind::BitAnd: return Value(x & y);
        case BinOpKind::MatMul: unsupported(op, Value(x), Value(y));
    }
    return big_int_op(op, Value(x), Value(y));
}

Value float_op(BinOpKind op, const Value& a, const Value& b) {
    const double x = float_of(a), y = float_of(b);
    switch (op) {
        case BinOpKind::Add: return Value(x + y);
        case BinOpKind::Sub: return Value(x - y);
        case BinOpKind::Mul: return Value(x * y);
        case BinOpKind::Div:
            if (y == 0) raise(exc_types::ZeroDivisionError, "float division by zero");
            return Value(x / y);
        case BinOpKind::FloorDiv:
            if (y == 0) raise(exc_types::ZeroDivisionError, "float floor division by zero");
            return Value(std::floor(x / y));
        case BinOpKind::Mod: {
            if (y == 0) raise(exc_types::ZeroDivisionError, "float modulo by zero");
            double m = std::fmod(x, y);
            if (m != 0 && ((m < 0) != (y < 0))) m += y;
            return Value(m);
        }
        case BinOpKind::Pow:
            if (x == 0 && y < 0) raise(exc_types::ZeroDivisionError, "0.0 cannot be raised to a negative power");
            return Value(std::pow(x, y));
        default: unsupported(op, a, b);
    }
}

// str/list/tuple * n: the size is known before anything is allocated, so
// an impossible one is CPython's error at once (unicode_repeat's
// OverflowError past PY_SSIZE_T_MAX, list_repeat's MemoryError), and a
// merely too large one the memory guard's MemoryError.
Value repeat(const Value& seq, std::int64_t n) {
    constexpr auto kMaxSize = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    if (seq.kind() == K::Str) {
        const std::string& s = seq.as_str();
        std::string out;
        if (n > 0 && !s.empty()) {
            const auto count = static_cast<std::uint64_t>(n);
            if (s.size() > kMaxSize / count) raise(OverflowError, "repeated string is too long");
            check_allocation(s.size() * count, 1);
            out.reserve(s.size() * count);
            for (std::int64_t i = 0; i < n; ++i) out += s;
        }
        return Value(std::move(out));
    }
    std::vector<Value> out;
    if (n > 0 && !seq.items().empty()) {
        const auto count = static_cast<std::uint64_t>(n);
        if (seq.items().size() > kMaxSize / count) raise(MemoryError);
        check_allocation(seq.items().size() * count, sizeof(Value));
        out.reserve(seq.items().size() * count);
    }
    for (std::int64_t i = 0; i < n; ++i) out.insert(out.end(), seq.items().begin(), seq.items().end());
    return seq.kind() == K::List ? Value::list(std::move(out)) : Value::tuple(std::move(out));
}

// A repeat count: past int64 it cannot be a size, negative or not
// (sequence_repeat's PyNumber_AsSsize_t).
std::int64_t repeat_count(const Value& n) {
    if (is_small_int(n)) return n.as_int();
    raise(OverflowError, "cannot fit 'int' into an index-sized integer");
}

// PySequence_Contains: PyObject_RichCompareBool, where an object is equal to itself.
bool contains_item(const std::vector<Value>& items, const Value& v) {
    const RefCounted* id = v.identity();
    for (const Value& x : items)
        if ((id != nullptr && x.identity() == id) || x == v) return true;
    return false;
}
}  // namespace

bool truthy(const Value& v) {
    switch (v.kind()) {
        case K::None: return false;
        case K::Bool: return v.as_bool();
        case K::Int: return v.as_int() != 0;
        case K::Float: return v.as_float() != 0.0;
        case K::Str: return !v.as_str().empty();
        case K::List:
        case K::Tuple:
        case K::Set: return !v.items().empty();
        case K::Object:
            if (const DictObj* d = as<DictObj>(v)) return d->size() > 0;
            if (const RangeObj* r = as<RangeObj>(v)) return r->length() > 0;
            return true;
        default: return true;
    }
}

Value binary_op(BinOpKind op, const Value& a, const Value& b) {
    if (is_small_int(a) && is_small_int(b)) return int_op(op, a.as_int(), b.as_int());
    if (is_int(a) && is_int(b)) {
        if (op == BinOpKind::MatMul) unsupported(op, a, b);
        return big_int_op(op, a, b);
    }
    if (is_num(a) && is_num(b)) return float_op(op, a, b);
    if (op == BinOpKind::Add) {
        if (a.kind() == K::Str && b.kind() == K::Str) return Value(a.as_str() + b.as_str());
        if ((a.kind() == K::List || a.kind() == K::Tuple) && a.kind() == b.kind()) {
            std::vector<Value> out = a.items();
            out.insert(out.end(), b.items().begin(), b.items().end());
            return a.kind() == K::List ? Value::list(std::move(out)) : Value::tuple(std::move(out));
        }
    }
    if (op == BinOpKind::Mul) {
        const bool a_seq = a.kind() == K::Str || a.kind() == K::List || a.kind() == K::Tuple;
        const bool b_seq = b.kind() == K::Str || b.kind() == K::List || b.kind() == K::Tuple;
        if (a_seq && is_int(b)) return repeat(a, repeat_count(b));
        if (b_seq && is_int(a)) return repeat(b, repeat_count(a));
    }
    if (op == BinOpKind::Mod && a.kind() == K::Str) return Value(percent_format(a.as_str(), b));
    if (op == BinOpKind::Add && a.kind() == K::Str)
        raise(exc_types::TypeError, "can only concatenate str (not \"" + type_name(b) + "\") to str");
    if (op == BinOpKind::Add && a.kind() == K::List)
        raise(exc_types::TypeError, "can only concatenate list (not \"" + type_name(b) + "\") to list");
    if (op == BinOpKind::Add && a.kind() == K::Tuple)
        raise(exc_types::TypeError, "can only concatenate tuple (not \"" + type_name(b) + "\") to tuple");
    if (a.kind() == K::Set && b.kind() == K::Set) {
        std::vector<Value> out;
        switch (op) {
            case BinOpKind::BitOr:
                out = a.items();
                for (const Value& x : b.items())
                    if (!contains_item(out, x)) out.push_back(x);
                return Value::set(std::move(out));
            case BinOpKind::BitAnd:
                for (const Value& x : a.items())
                    if (contains_item(b.items(), x)) out.push_back(x);
                return Value::set(std::move(out));
            case BinOpKind::Sub:
                for (const Value& x : a.items())
                    if (!contains_item(b.items(), x)) out.push_back(x);
                return Value::set(std::move(out));
            case BinOpKind::BitXor:
                for (const Value& x : a.items())
                    if (!contains_item(b.items(), x)) out.push_back(x);
                for (const Value& x : b.items())
                    if (!contains_item(a.items(), x)) out.push_back(x);
                return Value::set(std::move(out));
            default: break;
        }
    }
    if (op == BinOpKind::BitOr) {
        const DictObj* x = as<DictObj>(a);
        const DictObj* y = as<DictObj>(b);
        if (x != nullptr && y != nullptr) {
            auto* d = new DictObj;
            Value out = obj_value(d);
            x->for_each([&](const Value& k, const Value& v) { d->set(k, v); });
            y->for_each([&](const Value& k, const Value& v) { d->set(k, v); });
            return out;
        }
    }
    unsupported(op, a, b);
}

bool less_than(const Value& a, const Value& b) {
    if (is_num(a) && is_num(b)) {
        if (is_small_int(a) && is_small_int(b)) return a.as_int() < b.as_int();
        if (is_int(a) && is_int(b)) return bigint::compare(a, b) < 0;
        // An int and a float compare exactly; NaN is unordered.
        if (a.kind() == K::Float && b.kind() == K::Float) return a.as_float() < b.as_float();
        if (a.kind() == K::Float) return !std::isnan(a.as_float()) && bigint::compare_with_float(b, a.as_float()) > 0;
        return !std::isnan(b.as_float()) && bigint::compare_with_float(a, b.as_float()) < 0;
    }
    if (a.kind() == K::Str && b.kind() == K::Str) return a.as_str() < b.as_str();
    if ((a.kind() == K::List || a.kind() == K::Tuple) && a.kind() == b.kind()) {
        const auto& x = a.items();
        const auto& y = b.items();
        recursion::Scope level(" in comparison");
        for (std::size_t i = 0; i < x.size() && i < y.size(); ++i) {
            if (x[i].identity() != nullptr && x[i].identity() == y[i].identity()) continue;
            if (x[i] == y[i]) continue;
            return less_than(x[i], y[i]);
        }
        return x.size() < y.size();
    }
    raise(exc_types::TypeError, "'<' not supported between instances of '" + type_name(a) + "' and '" + type_name(b) + "'");
}

namespace {
bool identical(const Value& a, const Value& b) {
    if (a.kind() != b.kind()) return false;
    switch (a.kind()) {
        case K::None: return true;
        case K::Bool: return a.as_bool() == b.as_bool();
        case K::Int: return a.as_int() == b.as_int();
        case K::Float: return a.as_float() == b.as_float();
        default: return a.identity() == b.identity();
    }
}

bool contains(const Value& container, const Value& item) {
    switch (container.kind()) {
        case K::Str:
            if (item.kind() != K::Str)
                raise(exc_types::TypeError, "'in <string>' requires string as left operand, not " + type_name(item));
            return container.as_str().find(item.as_str()) != std::string::npos;
        case K::List:
        case K::Tuple: return contains_item(container.items(), item);
        case K::Set:
            (void)hash_value(item);
            return contains_item(container.items(), item);
        case K::Object:
            if (const DictObj* d = as<DictObj>(container)) return d->get(item) != nullptr;
            if (const RangeObj* r = as<RangeObj>(container)) {
                if (!is_small_int(item)) return false;
                const std::int64_t v = item.as_int();
                if (r->step > 0 ? (v < r->start || v >= r->stop) : (v > r->start || v <= r->stop)) return false;
                return (v - r->start) % r->step == 0;
            }
            break;
        default: break;
    }
    raise(exc_types::TypeError, "argument of type '" + type_name(container) + "' is not iterable");
}
}  // namespace

bool compare(CmpKind op, const Value& a, const Value& b) {
    switch (op) {
        case CmpKind::Eq: return a == b;
        case CmpKind::NotEq: return !(a == b);
        case CmpKind::Lt: return less_than(a, b);
        case CmpKind::Gt: return less_than(b, a);
        case CmpKind::LtE:
            if (a.kind() == K::Set && b.kind() == K::Set) {
                for (const Value& x : a.items())
                    if (!contains_item(b.items(), x)) return false;
                return true;
            }
            return !less_than(b, a);
        case CmpKind::GtE: return !less_than(a, b);
        case CmpKind::Is: return identical(a, b);
        case CmpKind::IsNot: return !identical(a, b);
        case CmpKind::In: return contains(b, a);
        case CmpKind::NotIn: return !contains(b, a);
    }
    return false;
}

// ---- format() -------------------------------------------------------------------

namespace {
struct Spec {
    char fill = ' ';
    char align = 0;
    char sign = '-';
    bool alt = false;
    int width = -1;
    char grouping = 0;
    int precision = -1;
    char type = 0;
};

Spec parse_spec(std::string_view s) {
    Spec sp;
    std::size_t i = 0;
    auto is_align = [](char c) { return c == '<' || c == '>' || c == '^' || c == '='; };
    if (s.size() >= 2 && is_align(s[1])) {
        sp.fill = s[0];
        sp.align = s[1];
        i = 2;
    } else if (!s.empty() && is_align(s[0])) {
        sp.align = s[0];
        i = 1;
    }
    if (i < s.size() && (s[i] == '+' || s[i] == '-' || s[i] == ' ')) sp.sign = s[i++];
    if (i < s.size() && s[i] == '#') sp.alt = true, ++i;
    if (i < s.size() && s[i] == '0') {
        if (sp.align == 0) {
            sp.fill = '0';
            sp.align = '=';
        }
        ++i;
    }
    if (i < s.size() && s[i] >= '0' && s[i] <= '9') {
        sp.width = 0;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') sp.width = sp.width * 10 + (s[i++] - '0');
    }
    if (i < s.size() && (s[i] == ',' || s[i] == '_')) sp.grouping = s[i++];
    if (i < s.size() && s[i] == '.') {
        ++i;
        sp.precision = 0;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') sp.precision = sp.precision * 10 + (s[i++] - '0');
    }
    if (i < s.size()) sp.type = s[i++];
    if (i != s.size()) raise(exc_types::ValueError, "Invalid format specifier");
    return sp;
}

std::size_t display_len(const std::string& s) {
    std::size_t n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

// `every`: 3 for decimal, 4 for the `_` grouping of hex, octal and binary.
std::string group_digits(const std::string& digits, char sep, std::size_t every = 3) {
    std::string out;
    const std::size_t n = digits.size();
    for (std::size_t i = 0; i < n; ++i) {
        if (i > 0 && (n - i) % every == 0) out += sep;
        out += digits[i];
    }
    return out;
}

std::string pad(std::string sign, std::string body, const Spec& sp, char default_align) {
    const char align = sp.align ? sp.align : default_align;
    const std::size_t len = display_len(sign) + display_len(body);
    if (sp.width < 0 || len >= static_cast<std::size_t>(sp.width)) return sign + body;
    const std::size_t n = static_cast<std::size_t>(sp.width) - len;
    const std::string fill(n, sp.fill);
    switch (align) {
        case '<': return sign + body + fill;
        case '^': return std::string(n / 2, sp.fill) + sign + body + std::string(n - n / 2, sp.fill);
        case '=': return sign + fill + body;
        default: return fill + sign + body;
    }
}

std::string c_format(const char* fmt, int precision, double v) {
    char buf[512];
    std::snprintf(buf, sizeof buf, fmt, precision, v);
    return buf;
}
}  // namespace

std::string format_spec(const Value& v, std::string_view spec) {
    if (spec.empty()) return str(v);
    Spec sp = parse_spec(spec);
    if (v.kind() == K::Str || (!is_num(v))) {
        if (sp.type != 0 && sp.type != 's') {
            raise(exc_types::ValueError, std::string("Unknown format code '") + sp.type + "' for object of type '" + type_name(v) + "'");
        }
        std::string s = v.kind() == K::Str ? v.as_str() : str(v);
        if (sp.precision >= 0 && display_len(s) > static_cast<std::size_t>(sp.precision)) {
            std::size_t bytes = 0, chars = 0;
            while (bytes < s.size() && chars < static_cast<std::size_t>(sp.precision)) {
                ++bytes;
                while (bytes < s.size() && (static_cast<unsigned char>(s[bytes]) & 0xC0) == 0x80) ++bytes;
                ++chars;
            }
            s.resize(bytes);
        }
        return pad("", s, sp, '<');
    }
    const bool as_int = is_int(v) && (sp.type == 0 || sp.type == 'd' || sp.type == 'x' || sp.type == 'X' ||
                                      sp.type == 'o' || sp.type == 'b' || sp.type == 'n');
    if (as_int) {
        const int base = sp.type == 'x' || sp.type == 'X' ? 16 : sp.type == 'o' ? 8 : sp.type == 'b' ? 2 : 10;
        std::string digits = bigint::to_string(v.kind() == K::Bool ? Value(v.as_int()) : v, base);
        const bool neg = digits[0] == '-';
        if (neg) digits.erase(0, 1);
        if (sp.type == 'X')
            for (char& c : digits) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        if (sp.grouping) digits = group_digits(digits, sp.grouping == '_' && base != 10 ? '_' : sp.grouping, base == 10 ? 3 : 4);
        std::string sign = neg ? "-" : sp.sign == '+' ? "+" : sp.sign == ' ' ? " " : "";
        if (sp.alt && base != 10) sign += base == 16 ? (sp.type == 'X' ? "0X" : "0x") : base == 8 ? "0o" : "0b";
        return pad(sign, digits, sp, '>');
    }
    double d = float_of(v);
    if (sp.type == 'd' || sp.type == 'x' || sp.type == 'o' || sp.type == 'b')
        raise(exc_types::ValueError, std::string("Unknown format code '") + sp.type + "' for object of type 'float'");
    const bool neg = std::signbit(d) && !std::isnan(d);
    const double mag = std::fabs(d);
    std::string body;
    const int prec = sp.precision < 0 ? 6 : sp.precision;
    switch (sp.type) {
        case 'f':
        case 'F': body = c_format("%.*f", prec, mag); break;
        case 'e': body = c_format("%.*e", prec, mag); break;
        case 'E': body = c_format("%.*E", prec, mag); break;
        case '%': body = c_format("%.*f", prec, mag * 100) + "%"; break;
        case 'g':
        case 'G':
            body = c_format(sp.type == 'g' ? "%.*g" : "%.*G", sp.precision == 0 ? 1 : prec, mag);
            if (sp.alt && body.find('.') == std::string::npos) body += '.';
            break;
        case 0:
            if (sp.precision < 0) {
                body = float_repr(mag);
            } else {
                body = c_format("%.*g", sp.precision == 0 ? 1 : sp.precision, mag);
                // Python's format with precision and no type: like 'g' but
                // always shows a digit after the point when exponent used.
            }
            break;
        default: raise(exc_types::ValueError, std::string("Unknown format code '") + sp.type + "' for object of type 'float'");
    }
    if (std::isinf(mag)) body = "inf";
    if (std::isnan(d)) body = "nan";
    if (sp.grouping) {
        std::size_t end = body.find_first_of(".eE%");
        if (end == std::string::npos) end = body.size();
        body = group_digits(body.substr(0, end), sp.grouping) + body.substr(end);
    }
    std::string sign = neg ? "-" : sp.sign == '+' ? "+" : sp.sign == ' ' ? " " : "";
    return pad(sign, body, sp, '>');
}

// ---- printf-style % -----------------------------------------------------------------

namespace {
// %d, %x, %o of an int past 64 bits, with printf's flags: '-' left, '0'
// zero fill, '+' and ' ' sign, '#' prefix, precision as minimum digits.
std::string printf_big(const Value& v, int base, char type, const std::string& flags, const std::string& width,
                       const std::string& precision) {
    std::string digits = bigint::to_string(v, base);
    const bool neg = digits[0] == '-';
    if (neg) digits.erase(0, 1);
    if (type == 'X')
        for (char& c : digits) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    const auto has = [&](char f) { return flags.find(f) != std::string::npos; };
    if (precision.size() > 1) {
        const auto p = static_cast<std::size_t>(std::stoi(precision.substr(1)));
        if (digits.size() < p) digits.insert(0, p - digits.size(), '0');
    }
    std::string sign = neg ? "-" : has('+') ? "+" : has(' ') ? " " : "";
    if (has('#') && base != 10) sign += base == 8 ? "0o" : type == 'X' ? "0X" : "0x";
    const std::size_t w = width.empty() ? 0 : static_cast<std::size_t>(std::stoi(width));
    const std::size_t len = sign.size() + digits.size();
    if (len >= w) return sign + digits;
    if (has('-')) return sign + digits + std::string(w - len, ' ');
    if (has('0')) return sign + std::string(w - len, '0') + digits;
    return std::string(w - len, ' ') + sign + digits;
}
}  // namespace

std::string percent_format(const std::string& fmt, const Value& args) {
    std::vector<Value> items;
    if (args.kind() == K::Tuple) {
        items = args.items();
    } else {
        items.push_back(args);
    }
    std::size_t next = 0;
    std::string out;
    for (std::size_t i = 0; i < fmt.size(); ++i) {
        if (fmt[i] != '%') {
            out += fmt[i];
            continue;
        }
        if (++i >= fmt.size()) raise(exc_types::ValueError, "incomplete format");
        if (fmt[i] == '%') {
            out += '%';
            continue;
        }
        std::string flags;
        while (i < fmt.size() && std::string_view("-+ #0").find(fmt[i]) != std::string_view::npos) flags += fmt[i++];
        std::string width;
        while (i < fmt.size() && fmt[i] >= '0' && fmt[i] <= '9') width += fmt[i++];
        std::string precision;
        if (i < fmt.size() && fmt[i] == '.') {
            ++i;
            precision = ".";
            while (i < fmt.size() && fmt[i] >= '0' && fmt[i] <= '9') precision += fmt[i++];
        }
        if (i >= fmt.size()) raise(exc_types::ValueError, "incomplete format");
        const char type = fmt[i];
        if (next >= items.size()) raise(exc_types::TypeError, "not enough arguments for format string");
        const Value& v = items[next++];
        std::string piece;
        char buf[512];
        const std::string cfmt = "%" + flags + width + precision;
        switch (type) {
            case 's':
            case 'r':
            case 'a': {
                std::string s = type == 's' ? (current_interp() ? current_interp()->to_str(v) : str(v))
                                            : (current_interp() ? current_interp()->to_repr(v) : repr(v));
                if (precision.size() > 1) s = s.substr(0, static_cast<std::size_t>(std::stoi(precision.substr(1))));
                const int w = width.empty() ? 0 : std::stoi(width);
                const std::size_t len = display_len(s);
                if (static_cast<std::size_t>(w) > len) {
                    const std::string fill(static_cast<std::size_t>(w) - len, ' ');
                    s = flags.find('-') != std::string::npos ? s + fill : fill + s;
                }
                piece = s;
                break;
            }
            case 'd':
            case 'i':
            case 'u': {
                if (!is_num(v)) raise(exc_types::TypeError, "%d format: a real number is required, not " + type_name(v));
                const Value n = is_int(v) ? v : int_of_float(v.as_float());
                if (n.kind() == K::BigInt) {
                    piece = printf_big(n, 10, type, flags, width, precision);
                    break;
                }
                std::snprintf(buf, sizeof buf, (cfmt + "lld").c_str(), static_cast<long long>(n.as_int()));
                piece = buf;
                break;
            }
            case 'x':
            case 'X':
            case 'o':
                if (!is_int(v)) raise(exc_types::TypeError, std::string("%") + type + " format: an integer is required, not " + type_name(v));
                if (v.kind() == K::BigInt) {
                    piece = printf_big(v, type == 'o' ? 8 : 16, type, flags, width, precision);
                    break;
                }
                std::snprintf(buf, sizeof buf, (cfmt + "ll" + type).c_str(), static_cast<long long>(v.as_int()));
                piece = buf;
                break;
            case 'f':
            case 'F':
            case 'e':
            case 'E':
            case 'g':
            case 'G':
                if (!is_num(v)) raise(exc_types::TypeError, "must be real number, not " + type_name(v));
                std::snprintf(buf, sizeof buf, (cfmt + type).c_str(), float_of(v));
                piece = buf;
                break;
            case 'c':
                piece = v.kind() == K::Str ? v.as_str() : std::string(1, static_cast<char>(v.as_int()));
                break;
            default:
                raise(exc_types::ValueError, std::string("unsupported format character '") + type + "'");
        }
        out += piece;
    }
    if (next < items.size() && args.kind() == K::Tuple)
        raise(exc_types::TypeError, "not all arguments converted during string formatting");
    if (next < items.size() && args.kind() != K::Tuple && !items.empty() && next == 0)
        raise(exc_types::TypeError, "not all arguments converted during string formatting");
    return out;
}

}  // namespace loopscope::py
