#include "engine/value.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "engine/bigint.hpp"
#include "engine/future.hpp"
#include "engine/recursion.hpp"
#include "engine/utf8.hpp"

namespace loopscope {

struct Value::StrObject : RefCounted {
    explicit StrObject(std::string s) : text(std::move(s)) {}
    std::string text;
};

struct Value::SeqObject : RefCounted {
    explicit SeqObject(std::vector<Value> v) : items(std::move(v)) {}
    std::vector<Value> items;
};

Value::Value(std::string s) : kind_(Kind::Str) { adopt(Ref<RefCounted>(new StrObject(std::move(s))).detach()); }
Value::Value(Exc exc) : kind_(exc ? Kind::Exception : Kind::None) { adopt(exc.detach()); }
Value::Value(Ref<Future> fut) : kind_(fut ? Kind::Future : Kind::None) { adopt(fut.detach()); }
Value::Value(Ref<OpaqueObject> obj) : kind_(obj ? Kind::Object : Kind::None) { adopt(obj.detach()); }
Value::Value(Ref<BigIntObject> big) : kind_(big ? Kind::BigInt : Kind::None) { adopt(big.detach()); }

Value Value::list(std::vector<Value> items) {
    Value v;
    v.kind_ = Kind::List;
    v.adopt(Ref<RefCounted>(new SeqObject(std::move(items))).detach());
    return v;
}
Value Value::tuple(std::vector<Value> items) {
    Value v = list(std::move(items));
    v.kind_ = Kind::Tuple;
    return v;
}
Value Value::set(std::vector<Value> items) {
    Value v = list(std::move(items));
    v.kind_ = Kind::Set;
    return v;
}

static std::logic_error kind_error(const char* wanted) {
    return std::logic_error(std::string("Value is not a ") + wanted);
}

bool Value::as_bool() const {
    if (kind_ != Kind::Bool) throw kind_error("bool");
    return scalar_.b;
}
std::int64_t Value::as_int() const {
    if (kind_ == Kind::Bool) return scalar_.b ? 1 : 0;
    if (kind_ != Kind::Int) throw kind_error("int");
    return scalar_.i;
}
double Value::as_float() const {
    if (kind_ == Kind::Float) return scalar_.f;
    if (kind_ == Kind::BigInt) {
        const std::optional<double> d = bigint::to_double(*this);
        return d ? *d : bigint::sign(*this) * HUGE_VAL;
    }
    return static_cast<double>(as_int());
}
const BigIntObject& Value::big() const {
    if (kind_ != Kind::BigInt) throw kind_error("big int");
    return *static_cast<const BigIntObject*>(obj());
}
const std::string& Value::as_str() const {
    if (kind_ != Kind::Str) throw kind_error("str");
    return static_cast<const StrObject*>(obj())->text;
}
const std::vector<Value>& Value::items() const {
    if (!is_sequence()) throw kind_error("sequence");
    return static_cast<const SeqObject*>(obj())->items;
}
std::vector<Value>& Value::mutable_items() {
    if (!is_sequence()) throw kind_error("sequence");
    return static_cast<SeqObject*>(obj())->items;
}
Exc Value::as_exception() const {
    if (kind_ != Kind::Exception) throw kind_error("exception");
    return Exc(static_cast<ExceptionObject*>(obj()));
}
Ref<Future> Value::as_future() const {
    if (kind_ != Kind::Future) throw kind_error("future");
    return Ref<Future>(static_cast<Future*>(obj()));
}
Future& Value::future() const {
    if (kind_ != Kind::Future) throw kind_error("future");
    return *static_cast<Future*>(obj());
}

bool operator==(const Value& a, const Value& b) {
    using K = Value::Kind;
    const bool a_num = a.kind_ == K::Bool || a.kind_ == K::Int || a.kind_ == K::Float || a.kind_ == K::BigInt;
    const bool b_num = b.kind_ == K::Bool || b.kind_ == K::Int || b.kind_ == K::Float || b.kind_ == K::BigInt;
    if (a_num && b_num) {
        if (a.kind_ == K::Float && b.kind_ == K::Float) return a.scalar_.f == b.scalar_.f;
        // An int and a float compare exactly (float_richcompare), not
        // through a rounded float(int).
        if (a.kind_ == K::Float) return !std::isnan(a.scalar_.f) && bigint::compare_with_float(b, a.scalar_.f) == 0;
        if (b.kind_ == K::Float) return !std::isnan(b.scalar_.f) && bigint::compare_with_float(a, b.scalar_.f) == 0;
        if (a.kind_ != K::BigInt && b.kind_ != K::BigInt) return a.as_int() == b.as_int();
        return bigint::compare(a, b) == 0;
    }
    if (a.kind_ != b.kind_) return false;
    switch (a.kind_) {
        case K::None: return true;
        case K::Str: return a.as_str() == b.as_str();
        case K::List:
        case K::Tuple:
        case K::Set: {
            // list_richcompare: each pair of items through
            // PyObject_RichCompareBool, which takes one object as equal to
            // itself (a list that holds itself equals itself), one recursion
            // level per container.
            const auto& x = a.items();
            const auto& y = b.items();
            if (x.size() != y.size()) return false;
            if (a.obj() == b.obj()) return true;
            recursion::Scope level(" in comparison");
            for (std::size_t i = 0; i < x.size(); ++i) {
                if (x[i].obj() != nullptr && x[i].obj() == y[i].obj()) continue;
                if (!(x[i] == y[i])) return false;
            }
            return true;
        }
        case K::Object: return a.object()->equals(*b.object());
        default: return a.obj() == b.obj();
    }
}

// ---- str() / repr() -------------------------------------------------------

std::string float_repr(double f) {
    if (std::isnan(f)) return "nan";
    if (std::isinf(f)) return f > 0 ? "inf" : "-inf";
    // Shortest round-trip digits, in scientific form: "d.ddde[+-]x".
    char buf[64];
    auto res = std::to_chars(buf, buf + sizeof buf, f, std::chars_format::scientific);
    std::string sci(buf, res.ptr);
    const bool negative = sci[0] == '-';
    if (negative) sci.erase(0, 1);
    const auto e_pos = sci.find('e');
    std::string digits = sci.substr(0, e_pos);
    digits.erase(std::remove(digits.begin(), digits.end(), '.'), digits.end());
    const int exponent = std::stoi(sci.substr(e_pos + 1));
    // CPython (float_repr_style 'short', format code 'r'): positional when
    // -4 <= exponent < 16, else exponent form with at least two digits.
    std::string out = negative ? "-" : "";
    if (exponent < -4 || exponent >= 16) {
        out += digits[0];
        if (digits.size() > 1) out += "." + digits.substr(1);
        char exp_buf[16];
        std::snprintf(exp_buf, sizeof exp_buf, "e%c%02d", exponent < 0 ? '-' : '+', std::abs(exponent));
        return out + exp_buf;
    }
    if (exponent < 0) {
        out += "0." + std::string(static_cast<size_t>(-exponent - 1), '0') + digits;
        return out;
    }
    const auto int_len = static_cast<size_t>(exponent) + 1;
    if (digits.size() <= int_len) {
        out += digits + std::string(int_len - digits.size(), '0') + ".0";
    } else {
        out += digits.substr(0, int_len) + "." + digits.substr(int_len);
    }
    return out;
}

// Code points >= 0x80 that str.isprintable() rejects, apart from unassigned
// ones (Cn): Cc, Cf, Zs (other than space), Zl, Zp, Cs, Co. unicode_repr()
// escapes exactly the non-printable code points; leaving Cn out keeps the
// table the same under the Unicode versions of 3.11, 3.12 and 3.13 (an
// unassigned code point is printed raw here but escaped by CPython).
static bool is_unprintable(char32_t cp) {
    struct Range {
        char32_t first, last;
    };
    static constexpr std::array<Range, 27> ranges{{
        {0x80, 0xA0}, {0xAD, 0xAD}, {0x600, 0x605}, {0x61C, 0x61C}, {0x6DD, 0x6DD},
        {0x70F, 0x70F}, {0x890, 0x891}, {0x8E2, 0x8E2}, {0x1680, 0x1680}, {0x180E, 0x180E},
        {0x2000, 0x200F}, {0x2028, 0x202F}, {0x205F, 0x2064}, {0x2066, 0x206F}, {0x3000, 0x3000},
        {0xD800, 0xF8FF}, {0xFEFF, 0xFEFF}, {0xFFF9, 0xFFFB}, {0x110BD, 0x110BD}, {0x110CD, 0x110CD},
        {0x13430, 0x1343F}, {0x1BCA0, 0x1BCA3}, {0x1D173, 0x1D17A}, {0xE0001, 0xE0001},
        {0xE0020, 0xE007F}, {0xF0000, 0xFFFFD}, {0x100000, 0x10FFFD},
    }};
    if (cp < 0x80) return cp < 0x20 || cp == 0x7F;
    for (const Range& r : ranges)
        if (cp >= r.first && cp <= r.last) return true;
    return false;
}

std::string str_repr(std::string_view s) {
    // unicode_repr(): single quotes unless the text has ' and no ".
    const bool has_single = s.find('\'') != std::string_view::npos;
    const bool has_double = s.find('"') != std::string_view::npos;
    const char quote = (has_single && !has_double) ? '"' : '\'';
    std::string out(1, quote);
    for (size_t i = 0; i < s.size();) {
        const size_t start = i;
        const char32_t cp = utf8::next_code_point(s, i);
        char esc[16];
        if (cp == static_cast<char32_t>(quote) || cp == U'\\') {
            out += '\\';
            out += static_cast<char>(cp);
        } else if (cp == U'\n') {
            out += "\\n";
        } else if (cp == U'\r') {
            out += "\\r";
        } else if (cp == U'\t') {
            out += "\\t";
        } else if (is_unprintable(cp)) {
            // \xhh below 0x100, \uhhhh in the BMP, \Uhhhhhhhh above, lower-case hex.
            const auto u = static_cast<unsigned>(cp);
            if (cp < 0x100) std::snprintf(esc, sizeof esc, "\\x%02x", u);
            else if (cp < 0x10000) std::snprintf(esc, sizeof esc, "\\u%04x", u);
            else std::snprintf(esc, sizeof esc, "\\U%08x", u);
            out += esc;
        } else {
            out.append(s.substr(start, i - start));
        }
    }
    out += quote;
    return out;
}

static std::string join_reprs(const std::vector<Value>& items) {
    std::string out;
    for (size_t i = 0; i < items.size(); ++i) {
        if (i) out += ", ";
        out += repr(items[i]);
    }
    return out;
}

bool (*exception_repr_hook)(const ExceptionObject& e, std::string& out) = nullptr;

std::string repr(const ExceptionObject& e) {
    if (exception_repr_hook != nullptr) {
        std::string custom;
        if (exception_repr_hook(e, custom)) return custom;
    }
    return std::string(e.type().name) + "(" + join_reprs(e.args()) + ")";
}

std::string str(const ExceptionObject& e) {
    const auto& args = e.args();
    // BaseExceptionGroup.__str__: "msg (1 sub-exception)" / "(n sub-exceptions)".
    if (e.is(exc_types::BaseExceptionGroup) && !args.empty()) {
        const auto n = e.group.size();
        return str(args[0]) + " (" + std::to_string(n) + " sub-exception" + (n == 1 ? ")" : "s)");
    }
    // KeyError.__str__ shows a lone argument's repr: str(KeyError('k')) is "'k'".
    if (e.is(exc_types::KeyError) && args.size() == 1) return repr(args[0]);
    // OSError.__str__ (TimeoutError included): with 2 to 5 arguments they are
    // errno, strerror and filename: "[Errno 1] msg" or "[Errno 1] msg: 'f'".
    // A None filename counts as absent; None errno/strerror print as None.
    if (e.is(exc_types::OSError) && args.size() >= 2 && args.size() <= 5) {
        std::string out = "[Errno " + str(args[0]) + "] " + str(args[1]);
        if (args.size() >= 3 && !args[2].is_none()) {
            out += ": " + repr(args[2]);
            if (args.size() == 5 && !args[4].is_none()) out += " -> " + repr(args[4]);
        }
        return out;
    }
    if (args.empty()) return "";
    if (args.size() == 1) return str(args[0]);
    return repr(Value::tuple(args));
}

// list_repr, tuplerepr, set_repr: a container met again inside its own
// repr is `[...]`, `(...)`, `set(...)` (Py_ReprEnter); each level of
// nesting is a recursion level (PyObject_Repr's Py_EnterRecursiveCall).
static std::string container_repr(const Value& v) {
    using K = Value::Kind;
    const auto& items = v.items();
    if (items.empty()) return v.kind() == K::List ? "[]" : v.kind() == K::Tuple ? "()" : "set()";
    recursion::ReprGuard guard(v.identity());
    if (!guard.entered()) return v.kind() == K::List ? "[...]" : v.kind() == K::Tuple ? "(...)" : "set(...)";
    recursion::Scope level(" while getting the repr of an object");
    switch (v.kind()) {
        case K::List: return "[" + join_reprs(items) + "]";
        case K::Tuple:
            if (items.size() == 1) return "(" + repr(items[0]) + ",)";
            return "(" + join_reprs(items) + ")";
        default: return "{" + join_reprs(items) + "}";
    }
}

std::string repr(const Value& v) {
    using K = Value::Kind;
    switch (v.kind()) {
        case K::None: return "None";
        case K::Bool: return v.as_bool() ? "True" : "False";
        case K::Int: return std::to_string(v.as_int());
        case K::BigInt: return bigint::to_string(v);
        case K::Float: return float_repr(v.as_float());
        case K::Str: return str_repr(v.as_str());
        case K::List:
        case K::Tuple:
        case K::Set: return container_repr(v);
        case K::Exception: return repr(*v.as_exception());
        case K::Future: return future_repr(*v.as_future());
        case K::Object: return v.object()->repr();
    }
    return "?";
}

std::string str(const Value& v) {
    if (v.kind() == Value::Kind::Str) return v.as_str();
    if (v.kind() == Value::Kind::Exception) return str(*v.as_exception());
    if (v.kind() == Value::Kind::Object) return v.object()->str();
    return repr(v);
}

std::string print_line(const std::vector<Value>& args) {
    std::string out;
    for (size_t i = 0; i < args.size(); ++i) {
        if (i) out += ' ';
        out += str(args[i]);
    }
    return out;
}

}  // namespace loopscope
