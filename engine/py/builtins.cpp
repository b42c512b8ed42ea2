// Python's builtins, the methods of built-in types, and the modules the
// interpreter offers: asyncio (on the engine), random (CPython-exact),
// pprint, time (virtual), typing, sys.
//
// Sections: argument helpers · builtins · methods (str, list, tuple, set,
// dict, future, exception, Event, TaskGroup, loop) · asyncio · random ·
// other modules · installation.
#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>

#include "engine/bigint.hpp"
#include "engine/identity_map.hpp"
#include "engine/pprint.hpp"
#include "engine/py/callbacks.hpp"
#include "engine/py/int_ops.hpp"
#include "engine/py/interp.hpp"
#include "engine/recursion.hpp"
#include "engine/task.hpp"
#include "engine/utf8.hpp"

namespace loopscope::py {

enum class MT : std::uint8_t { Str, List, Tuple, Set, Dict, Future, Exception, Event, TaskGroup, Loop, Timeout, Range, Handle, Count };

namespace {

std::unordered_map<Sym, BuiltinFn> g_methods[static_cast<int>(MT::Count)];

#define PYFN(name) Value name([[maybe_unused]] Interp& in, [[maybe_unused]] const Value& self, [[maybe_unused]] Args& a)

// ---- argument helpers ----------------------------------------------------------------

const Value* kwarg(Args& a, std::string_view name) {
    if (a.kw.empty()) return nullptr;  // the usual case: no interning of the name
    const Sym s = intern(name);
    for (auto& [k, v] : a.kw)
        if (k == s) return &v;
    return nullptr;
}

Value opt(Args& a, std::size_t i, std::string_view name, Value def = {}) {
    if (i < a.pos.size()) return a.pos[i];
    if (const Value* v = kwarg(a, name)) return *v;
    return def;
}

Value req(Args& a, std::size_t i, std::string_view name, std::string_view fn) {
    if (i < a.pos.size()) return a.pos[i];
    if (const Value* v = kwarg(a, name)) return *v;
    raise(exc_types::TypeError, std::string(fn) + "() missing required argument '" + std::string(name) + "' (pos " +
                                    std::to_string(i + 1) + ")");
}

bool is_num(const Value& v) { return bigint::is_integer(v) || v.kind() == Value::Kind::Float; }

double number(const Value& v, std::string_view what) {
    if (!is_num(v)) raise(exc_types::TypeError, std::string(what) + " must be a number, not " + type_name(v));
    return float_of(v);
}

// An int argument that C code takes as a Py_ssize_t (PyNumber_AsSsize_t).
std::int64_t integer(const Value& v, std::string_view what) {
    if (!bigint::is_integer(v))
        raise(exc_types::TypeError, "'" + type_name(v) + "' object cannot be interpreted as an integer" + (what.empty() ? "" : ""));
    if (v.kind() == Value::Kind::BigInt) raise(OverflowError, "Python int too large to convert to C ssize_t");
    return v.as_int();
}

std::optional<double> opt_number(const Value& v, std::string_view what) {
    if (v.is_none()) return std::nullopt;
    return number(v, what);
}

Value make_class(Interp& in, std::vector<Ref<ClassObj>>& registry, std::string name, BuiltinType t, BuiltinFn ctor) {
    (void)in;
    auto* c = new ClassObj;
    c->name = std::move(name);
    c->builtin = t;
    c->ctor = ctor;
    registry.emplace_back(c);
    return obj_value(c);
}

// ---- builtins -----------------------------------------------------------------------

PYFN(b_print) {
    std::string sep = " ", end = "\n";
    if (const Value* v = kwarg(a, "sep"); v != nullptr && !v->is_none()) sep = in.to_str(*v);
    if (const Value* v = kwarg(a, "end"); v != nullptr && !v->is_none()) end = in.to_str(*v);
    if (const Value* v = kwarg(a, "file"); v != nullptr && !v->is_none()) {
        ModuleObj* m = as<ModuleObj>(*v);
        if (m == nullptr || m->name != "sys.stdout") return {};  // stderr is not part of the transcript
    }
    std::string text;
    for (std::size_t i = 0; i < a.pos.size(); ++i) {
        if (i) text += sep;
        text += in.to_str(a.pos[i]);
    }
    in.write(text + end);
    return {};
}

PYFN(b_len) {
    if (a.pos.size() != 1) raise(exc_types::TypeError, "len() takes exactly one argument (" + std::to_string(a.pos.size()) + " given)");
    const Value& v = a.pos[0];
    switch (v.kind()) {
        case Value::Kind::Str: return Value(utf8::code_point_count(v.as_str()));
        case Value::Kind::List:
        case Value::Kind::Tuple:
        case Value::Kind::Set: return Value(static_cast<std::int64_t>(v.items().size()));
        default: break;
    }
    if (DictObj* d = as<DictObj>(v)) return Value(static_cast<std::int64_t>(d->size()));
    if (RangeObj* r = as<RangeObj>(v)) return Value(r->length());
    raise(exc_types::TypeError, "object of type '" + type_name(v) + "' has no len()");
}

PYFN(b_range) {
    if (a.pos.empty() || a.pos.size() > 3) raise(exc_types::TypeError, "range expected at least 1 argument, got " + std::to_string(a.pos.size()));
    std::int64_t start = 0, stop = 0, step = 1;
    if (a.pos.size() == 1) {
        stop = integer(a.pos[0], "");
    } else {
        start = integer(a.pos[0], "");
        stop = integer(a.pos[1], "");
        if (a.pos.size() == 3) step = integer(a.pos[2], "");
    }
    if (step == 0) raise(exc_types::ValueError, "range() arg 3 must not be zero");
    return obj_value(new RangeObj(start, stop, step));
}

PYFN(b_enumerate) {
    std::vector<Value> items = in.to_vector(req(a, 0, "iterable", "enumerate"));
    std::int64_t start = opt(a, 1, "start", Value(std::int64_t{0})).as_int();
    std::vector<Value> out;
    out.reserve(items.size());
    for (Value& v : items) out.push_back(Value::tuple({Value(start++), std::move(v)}));
    return obj_value(new IteratorObj(Iterator(Value::list(std::move(out)))));
}

PYFN(b_zip) {
    std::vector<std::vector<Value>> seqs;
    std::size_t n = SIZE_MAX;
    for (const Value& v : a.pos) {
        seqs.push_back(in.to_vector(v));
        n = std::min(n, seqs.back().size());
    }
    if (seqs.empty()) n = 0;
    std::vector<Value> out;
    for (std::size_t i = 0; i < n; ++i) {
        std::vector<Value> t;
        for (auto& s : seqs) t.push_back(s[i]);
        out.push_back(Value::tuple(std::move(t)));
    }
    return obj_value(new IteratorObj(Iterator(Value::list(std::move(out)))));
}

void sort_values(Interp& in, std::vector<Value>& items, const Value& key, bool reverse) {
    if (key.is_none()) {
        std::stable_sort(items.begin(), items.end(), [&](const Value& x, const Value& y) {
            return reverse ? less_than(y, x) : less_than(x, y);
        });
        return;
    }
    std::vector<std::pair<Value, Value>> keyed;
    keyed.reserve(items.size());
    for (Value& v : items) keyed.emplace_back(in.call1(key, v), v);
    std::stable_sort(keyed.begin(), keyed.end(), [&](const auto& x, const auto& y) {
        return reverse ? less_than(y.first, x.first) : less_than(x.first, y.first);
    });
    for (std::size_t i = 0; i < items.size(); ++i) items[i] = std::move(keyed[i].second);
}

PYFN(b_sorted) {
    std::vector<Value> items = in.to_vector(req(a, 0, "iterable", "sorted"));
    const Value* key = kwarg(a, "key");
    const Value* rev = kwarg(a, "reverse");
    sort_values(in, items, key ? *key : Value{}, rev ? truthy(*rev) : false);
    return Value::list(std::move(items));
}

PYFN(b_reversed) {
    std::vector<Value> items = in.to_vector(req(a, 0, "sequence", "reversed"));
    std::reverse(items.begin(), items.end());
    return obj_value(new IteratorObj(Iterator(Value::list(std::move(items)))));
}

PYFN(b_isinstance) {
    if (a.pos.size() != 2) raise(exc_types::TypeError, "isinstance expected 2 arguments, got " + std::to_string(a.pos.size()));
    return Value(in.isinstance(a.pos[0], a.pos[1]));
}

PYFN(b_issubclass) {
    ClassObj* c = as<ClassObj>(req(a, 0, "cls", "issubclass"));
    if (c == nullptr) raise(exc_types::TypeError, "issubclass() arg 1 must be a class");
    Value target = req(a, 1, "class_or_tuple", "issubclass");
    std::vector<Value> targets = target.kind() == Value::Kind::Tuple ? target.items() : std::vector<Value>{target};
    for (const Value& t : targets) {
        ClassObj* tc = as<ClassObj>(t);
        if (tc != nullptr && c->is_subclass_of(*tc)) return Value(true);
    }
    return Value(false);
}

PYFN(b_repr) { return Value(in.to_repr(req(a, 0, "obj", "repr"))); }
PYFN(b_id) { return Value(static_cast<std::int64_t>(reinterpret_cast<std::uintptr_t>(req(a, 0, "obj", "id").identity()))); }
PYFN(b_hash) { return Value(static_cast<std::int64_t>(hash_value(req(a, 0, "obj", "hash")))); }
PYFN(b_callable) {
    const Value v = req(a, 0, "obj", "callable");
    return Value(as<FunctionObj>(v) || as<BuiltinObj>(v) || as<BoundMethodObj>(v) || as<ClassObj>(v));
}

PYFN(b_str) {
    if (a.pos.empty()) return Value(std::string());
    return Value(in.to_str(a.pos[0]));
}

PYFN(b_int) {
    if (a.pos.empty()) return Value(std::int64_t{0});
    const Value& v = a.pos[0];
    const Value* base = a.pos.size() > 1 ? &a.pos[1] : kwarg(a, "base");
    if (base != nullptr && v.kind() != Value::Kind::Str)
        raise(exc_types::TypeError, "int() can't convert non-string with explicit base");
    switch (v.kind()) {
        case Value::Kind::Bool: return Value(v.as_int());
        case Value::Kind::Int:
        case Value::Kind::BigInt: return v;
        case Value::Kind::Float: return int_of_float(v.as_float());
        case Value::Kind::Str: {
            if (base == nullptr) return int_from_text(v.as_str(), 10);
            if (!bigint::is_integer(*base))
                raise(exc_types::TypeError, "'" + type_name(*base) + "' object cannot be interpreted as an integer");
            return int_from_text(v.as_str(), base->kind() == Value::Kind::BigInt ? -1 : base->as_int());
        }
        default: break;
    }
    raise(exc_types::TypeError, "int() argument must be a string, a bytes-like object or a real number, not '" + type_name(v) + "'");
}

PYFN(b_float) {
    if (a.pos.empty()) return Value(0.0);
    const Value& v = a.pos[0];
    if (is_num(v)) return Value(float_of(v));
    if (v.kind() == Value::Kind::Str) {
        std::string s = v.as_str();
        const auto b = s.find_first_not_of(" \t\n");
        const auto e = s.find_last_not_of(" \t\n");
        std::string t = b == std::string::npos ? "" : s.substr(b, e - b + 1);
        std::string low;
        for (char c : t) low += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (low == "inf" || low == "+inf" || low == "infinity") return Value(HUGE_VAL);
        if (low == "-inf" || low == "-infinity") return Value(-HUGE_VAL);
        if (low == "nan" || low == "+nan" || low == "-nan") return Value(std::nan(""));
        char* end = nullptr;
        const double d = t.empty() ? 0 : std::strtod(t.c_str(), &end);
        if (t.empty() || end == nullptr || *end != '\0' || low.find_first_of("xp") != std::string::npos)
            raise(exc_types::ValueError, "could not convert string to float: " + str_repr(s));
        return Value(d);
    }
    raise(exc_types::TypeError, "float() argument must be a string or a real number, not '" + type_name(v) + "'");
}

PYFN(b_bool) { return Value(a.pos.empty() ? false : truthy(a.pos[0])); }
PYFN(b_list) { return a.pos.empty() ? Value::list({}) : Value::list(in.to_vector(a.pos[0])); }
PYFN(b_tuple) { return a.pos.empty() ? Value::tuple({}) : Value::tuple(in.to_vector(a.pos[0])); }
PYFN(b_set) {
    Value s = Value::set({});
    if (a.pos.empty()) return s;
    for (Value& v : in.to_vector(a.pos[0])) {
        (void)hash_value(v);
        auto& items = s.mutable_items();
        if (std::find(items.begin(), items.end(), v) == items.end()) items.push_back(v);
    }
    return s;
}
PYFN(b_dict) {
    Value dv = in.make_dict();
    DictObj* d = as<DictObj>(dv);
    if (!a.pos.empty()) {
        if (DictObj* src = as<DictObj>(a.pos[0])) {
            src->for_each([&](const Value& k, const Value& v) { d->set(k, v); });
        } else {
            for (const Value& item : in.to_vector(a.pos[0])) {
                std::vector<Value> kv = in.to_vector(item);
                if (kv.size() != 2) raise(exc_types::ValueError, "dictionary update sequence element has length " + std::to_string(kv.size()) + "; 2 is required");
                d->set(kv[0], kv[1]);
            }
        }
    }
    for (auto& [k, v] : a.kw) d->set(Value(sym_name(k)), v);
    return dv;
}

// min_max: one item at a time, as CPython does, so that min() of a
// generator never holds its items.
Value min_max(Interp& in, Args& a, bool want_max, const char* name) {
    const Value* key = kwarg(a, "key");
    Iterator it(a.pos.size() == 1 ? a.pos[0] : Value::tuple(a.pos));
    Value item, best, best_key;
    bool any = false;
    while (it.next(item)) {
        in.count_step();
        Value k = key ? in.call1(*key, item) : item;
        if (!any || (want_max ? less_than(best_key, k) : less_than(k, best_key))) {
            best = std::move(item);
            best_key = std::move(k);
            any = true;
        }
    }
    if (!any) {
        if (const Value* d = kwarg(a, "default")) return *d;
        raise(exc_types::ValueError, std::string(name) + "() iterable argument is empty");
    }
    return best;
}

PYFN(b_min) { return min_max(in, a, false, "min"); }
PYFN(b_max) { return min_max(in, a, true, "max"); }

// property(fget=None, fset=None), staticmethod(f), classmethod(f), and a
// property's .setter(f): the decorators' descriptors (DescriptorObj).
PYFN(b_property) {
    auto* d = new DescriptorObj(DescriptorObj::Kind::Property, opt(a, 0, "fget"));
    d->setter = opt(a, 1, "fset");
    return obj_value(d);
}
PYFN(b_staticmethod) { return obj_value(new DescriptorObj(DescriptorObj::Kind::StaticMethod, req(a, 0, "function", "staticmethod"))); }
PYFN(b_classmethod) { return obj_value(new DescriptorObj(DescriptorObj::Kind::ClassMethod, req(a, 0, "function", "classmethod"))); }
PYFN(b_property_setter) {
    const auto* old = as<DescriptorObj>(self);
    auto* d = new DescriptorObj(DescriptorObj::Kind::Property, old->fn);
    d->setter = req(a, 0, "fset", "setter");
    return obj_value(d);
}

// sum, any, all step through their iterable (an endless generator is the
// guards' to stop, not a vector that grows until memory runs out).
PYFN(b_sum) {
    Value total = opt(a, 1, "start", Value(std::int64_t{0}));
    Iterator it(req(a, 0, "iterable", "sum"));
    Value v;
    while (it.next(v)) {
        in.count_step();
        total = binary_op(BinOpKind::Add, total, v);
    }
    return total;
}
PYFN(b_any) {
    Iterator it(req(a, 0, "iterable", "any"));
    Value v;
    while (it.next(v)) {
        in.count_step();
        if (truthy(v)) return Value(true);
    }
    return Value(false);
}
PYFN(b_all) {
    Iterator it(req(a, 0, "iterable", "all"));
    Value v;
    while (it.next(v)) {
        in.count_step();
        if (!truthy(v)) return Value(false);
    }
    return Value(true);
}
PYFN(b_abs) {
    const Value v = req(a, 0, "x", "abs");
    if (v.kind() == Value::Kind::Float) return Value(std::fabs(v.as_float()));
    if (!bigint::is_integer(v)) raise(exc_types::TypeError, "bad operand type for abs(): '" + type_name(v) + "'");
    if (v.kind() == Value::Kind::BigInt || v.as_int() == INT64_MIN) return int_abs(v);
    const std::int64_t i = v.as_int();
    return Value(i < 0 ? -i : i);
}
PYFN(b_round) {
    const Value v = req(a, 0, "number", "round");
    const Value nd = opt(a, 1, "ndigits");
    if (nd.is_none()) {
        if (bigint::is_integer(v)) return v.kind() == Value::Kind::Bool ? Value(v.as_int()) : v;
        return int_of_float(std::nearbyint(number(v, "round")));
    }
    if (bigint::is_integer(v)) {
        if (!bigint::is_integer(nd))
            raise(exc_types::TypeError, "'" + type_name(nd) + "' object cannot be interpreted as an integer");
        return int_round(v, nd);
    }
    char buf[512];
    std::snprintf(buf, sizeof buf, "%.*f", static_cast<int>(std::max<std::int64_t>(0, nd.as_int())), number(v, "round"));
    return Value(std::strtod(buf, nullptr));
}
PYFN(b_divmod) {
    const Value x = req(a, 0, "x", "divmod"), y = req(a, 1, "y", "divmod");
    return Value::tuple({binary_op(BinOpKind::FloorDiv, x, y), binary_op(BinOpKind::Mod, x, y)});
}
PYFN(b_pow) {
    const Value base = req(a, 0, "base", "pow"), exp = req(a, 1, "exp", "pow");
    const Value mod = opt(a, 2, "mod");
    if (mod.is_none()) return binary_op(BinOpKind::Pow, base, exp);
    if (!bigint::is_integer(base) || !bigint::is_integer(exp) || !bigint::is_integer(mod)) {
        if (is_num(base) && is_num(exp) && is_num(mod))
            raise(exc_types::TypeError, "pow() 3rd argument not allowed unless all arguments are integers");
        raise(exc_types::TypeError, "unsupported operand type(s) for ** or pow(): '" + type_name(base) + "', '" +
                                        type_name(exp) + "', '" + type_name(mod) + "'");
    }
    return int_pow_mod(base, exp, mod);
}
PYFN(b_type) {
    if (a.pos.size() != 1) raise(exc_types::TypeError, "type() takes 1 argument here");
    return in.type_of(a.pos[0]);
}
PYFN(b_iter) {
    return iter_object(req(a, 0, "object", "iter"));
}
PYFN(b_next) {
    Value it = req(a, 0, "iterator", "next");
    IteratorObj* io = as<IteratorObj>(it);
    Value out;
    if (as<GeneratorObj>(it) != nullptr || as<InstanceObj>(it) != nullptr) {
        if (py_next(it, out)) return out;
    } else if (io == nullptr) {
        raise(exc_types::TypeError, "'" + type_name(it) + "' object is not an iterator");
    } else if (io->iter.next(out)) {
        return out;
    }
    if (a.pos.size() > 1) return a.pos[1];
    raise(make_exception(StopIteration));
}
PYFN(b_getattr) {
    const Value obj = req(a, 0, "object", "getattr");
    const Value name = req(a, 1, "name", "getattr");
    if (name.kind() != Value::Kind::Str) raise(exc_types::TypeError, "attribute name must be string");
    if (auto v = in.try_get_attr(obj, intern(name.as_str()))) return *v;
    if (a.pos.size() > 2) return a.pos[2];
    return in.get_attr(obj, intern(name.as_str()));
}
PYFN(b_hasattr) {
    const Value name = req(a, 1, "name", "hasattr");
    if (name.kind() != Value::Kind::Str) raise(exc_types::TypeError, "attribute name must be string");
    return Value(in.try_get_attr(req(a, 0, "obj", "hasattr"), intern(name.as_str())).has_value());
}
PYFN(b_setattr) {
    in.set_attr(req(a, 0, "obj", "setattr"), intern(req(a, 1, "name", "setattr").as_str()), req(a, 2, "value", "setattr"));
    return {};
}
PYFN(b_map) {
    const Value fn = req(a, 0, "func", "map");
    std::vector<std::vector<Value>> seqs;
    std::size_t n = SIZE_MAX;
    for (std::size_t i = 1; i < a.pos.size(); ++i) {
        seqs.push_back(in.to_vector(a.pos[i]));
        n = std::min(n, seqs.back().size());
    }
    if (seqs.empty()) raise(exc_types::TypeError, "map() must have at least two arguments.");
    std::vector<Value> out;
    for (std::size_t i = 0; i < n; ++i) {
        Args call;
        for (auto& s : seqs) call.pos.push_back(s[i]);
        out.push_back(in.call(fn, call));
    }
    return obj_value(new IteratorObj(Iterator(Value::list(std::move(out)))));
}
PYFN(b_filter) {
    const Value fn = req(a, 0, "function", "filter");
    std::vector<Value> out;
    for (const Value& v : in.to_vector(req(a, 1, "iterable", "filter")))
        if (fn.is_none() ? truthy(v) : truthy(in.call1(fn, v))) out.push_back(v);
    return obj_value(new IteratorObj(Iterator(Value::list(std::move(out)))));
}
PYFN(b_format) {
    const Value v = req(a, 0, "value", "format");
    const Value spec = opt(a, 1, "format_spec", Value(std::string()));
    return Value(spec.as_str().empty() ? in.to_str(v) : format_spec(v, spec.as_str()));
}
PYFN(b_chr) {
    std::string out;
    auto cp = static_cast<std::uint32_t>(integer(req(a, 0, "i", "chr"), ""));
    utf8::append(out, cp);
    return Value(out);
}
PYFN(b_ord) {
    const Value v = req(a, 0, "c", "ord");
    if (v.kind() != Value::Kind::Str) raise(exc_types::TypeError, "ord() expected string of length 1, but " + type_name(v) + " found");
    const std::string& s = v.as_str();
    if (s.empty()) raise(exc_types::TypeError, "ord() expected a character, but string of length 0 found");
    const auto c = static_cast<unsigned char>(s[0]);
    std::uint32_t cp = c;
    std::size_t n = 1;
    if (c >= 0xF0) cp = c & 0x07, n = 4;
    else if (c >= 0xE0) cp = c & 0x0F, n = 3;
    else if (c >= 0xC0) cp = c & 0x1F, n = 2;
    for (std::size_t i = 1; i < n && i < s.size(); ++i) cp = (cp << 6) | (static_cast<unsigned char>(s[i]) & 0x3F);
    if (s.size() != n) raise(exc_types::TypeError, "ord() expected a character, but string of length > 1 found");
    return Value(static_cast<std::int64_t>(cp));
}
// super(type, obj); the zero-argument form is resolved by the evaluator,
// which knows the calling frame (CPython's __class__ cell).
PYFN(b_super) {
    if (a.pos.empty()) raise(exc_types::RuntimeError, "super(): no arguments");
    ClassObj* c = as<ClassObj>(a.pos[0]);
    if (c == nullptr || a.pos.size() != 2) raise(exc_types::TypeError, "super() argument 1 must be a type");
    return obj_value(new SuperObj(c, a.pos[1]));
}
PYFN(b_object) { return obj_value(new InstanceObj(Ref<ClassObj>(as<ClassObj>(in.builtin("object"))))); }

// ---- methods: str ---------------------------------------------------------------------------

std::string strip_chars(const std::string& s, const Value& chars, bool left, bool right) {
    const std::string set = chars.is_none() ? std::string(" \t\n\r\f\v") : chars.as_str();
    std::size_t b = 0, e = s.size();
    if (left)
        while (b < e && set.find(s[b]) != std::string::npos) ++b;
    if (right)
        while (e > b && set.find(s[e - 1]) != std::string::npos) --e;
    return s.substr(b, e - b);
}

PYFN(s_strip) { return Value(strip_chars(self.as_str(), opt(a, 0, "chars"), true, true)); }
PYFN(s_lstrip) { return Value(strip_chars(self.as_str(), opt(a, 0, "chars"), true, false)); }
PYFN(s_rstrip) { return Value(strip_chars(self.as_str(), opt(a, 0, "chars"), false, true)); }
PYFN(s_upper) {
    std::string s = self.as_str();
    for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return Value(s);
}
PYFN(s_lower) {
    std::string s = self.as_str();
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return Value(s);
}
PYFN(s_title) {
    std::string s = self.as_str();
    bool prev = false;
    for (char& c : s) {
        const bool alpha = std::isalpha(static_cast<unsigned char>(c)) != 0;
        c = static_cast<char>(alpha && !prev ? std::toupper(static_cast<unsigned char>(c)) : std::tolower(static_cast<unsigned char>(c)));
        prev = alpha;
    }
    return Value(s);
}
PYFN(s_capitalize) {
    std::string s = self.as_str();
    for (std::size_t i = 0; i < s.size(); ++i)
        s[i] = static_cast<char>(i == 0 ? std::toupper(static_cast<unsigned char>(s[i])) : std::tolower(static_cast<unsigned char>(s[i])));
    return Value(s);
}
PYFN(s_startswith) {
    const Value p = req(a, 0, "prefix", "startswith");
    std::vector<Value> ps = p.kind() == Value::Kind::Tuple ? p.items() : std::vector<Value>{p};
    for (const Value& x : ps)
        if (self.as_str().starts_with(x.as_str())) return Value(true);
    return Value(false);
}
PYFN(s_endswith) {
    const Value p = req(a, 0, "suffix", "endswith");
    std::vector<Value> ps = p.kind() == Value::Kind::Tuple ? p.items() : std::vector<Value>{p};
    for (const Value& x : ps)
        if (self.as_str().ends_with(x.as_str())) return Value(true);
    return Value(false);
}
PYFN(s_replace) {
    const std::string& s = self.as_str();
    const std::string from = req(a, 0, "old", "replace").as_str(), to = req(a, 1, "new", "replace").as_str();
    std::int64_t count = opt(a, 2, "count", Value(std::int64_t{-1})).as_int();
    std::string out;
    std::size_t i = 0;
    if (from.empty()) return Value(s);
    while (count != 0) {
        const std::size_t j = s.find(from, i);
        if (j == std::string::npos) break;
        out += s.substr(i, j - i) + to;
        i = j + from.size();
        --count;
    }
    return Value(out + s.substr(i));
}
PYFN(s_find) {
    const std::size_t j = self.as_str().find(req(a, 0, "sub", "find").as_str());
    return Value(j == std::string::npos ? std::int64_t{-1} : static_cast<std::int64_t>(j));
}
PYFN(s_index) {
    const std::size_t j = self.as_str().find(req(a, 0, "sub", "index").as_str());
    if (j == std::string::npos) raise(exc_types::ValueError, "substring not found");
    return Value(static_cast<std::int64_t>(j));
}
PYFN(s_count) {
    const std::string sub = req(a, 0, "sub", "count").as_str();
    const std::string& s = self.as_str();
    if (sub.empty()) return Value(static_cast<std::int64_t>(s.size() + 1));
    std::int64_t n = 0;
    for (std::size_t i = s.find(sub); i != std::string::npos; i = s.find(sub, i + sub.size())) ++n;
    return Value(n);
}
PYFN(s_join) {
    const std::vector<Value> items = in.to_vector(req(a, 0, "iterable", "join"));
    // PyUnicode_Join: the items' types and the total size first, then one allocation.
    const std::string& sep = self.as_str();
    std::uint64_t size = items.empty() ? 0 : sep.size() * (items.size() - 1);
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (items[i].kind() != Value::Kind::Str)
            raise(exc_types::TypeError, "sequence item " + std::to_string(i) + ": expected str instance, " +
                                            type_name(items[i]) + " found");
        size += items[i].as_str().size();
    }
    check_allocation(size, 1);
    std::string out;
    out.reserve(size);
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i) out += sep;
        out += items[i].as_str();
    }
    return Value(std::move(out));
}
PYFN(s_split) {
    const std::string& s = self.as_str();
    const Value sep = opt(a, 0, "sep");
    std::int64_t maxsplit = opt(a, 1, "maxsplit", Value(std::int64_t{-1})).as_int();
    std::vector<Value> out;
    if (sep.is_none()) {
        std::size_t i = 0;
        while (true) {
            while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
            if (i >= s.size()) break;
            if (maxsplit == 0) {
                std::size_t e = s.size();
                while (e > i && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
                out.emplace_back(s.substr(i, e - i));
                break;
            }
            std::size_t j = i;
            while (j < s.size() && !std::isspace(static_cast<unsigned char>(s[j]))) ++j;
            out.emplace_back(s.substr(i, j - i));
            --maxsplit;
            i = j;
        }
        return Value::list(std::move(out));
    }
    const std::string d = sep.as_str();
    if (d.empty()) raise(exc_types::ValueError, "empty separator");
    std::size_t i = 0;
    while (maxsplit != 0) {
        const std::size_t j = s.find(d, i);
        if (j == std::string::npos) break;
        out.emplace_back(s.substr(i, j - i));
        i = j + d.size();
        --maxsplit;
    }
    out.emplace_back(s.substr(i));
    return Value::list(std::move(out));
}
PYFN(s_rsplit) {
    const Value sep = opt(a, 0, "sep");
    const std::int64_t maxsplit = opt(a, 1, "maxsplit", Value(std::int64_t{-1})).as_int();
    if (maxsplit < 0 || sep.is_none()) return s_split(in, self, a);
    const std::string& s = self.as_str();
    const std::string d = sep.as_str();
    std::vector<Value> out;
    std::size_t end = s.size();
    std::int64_t left = maxsplit;
    while (left != 0) {
        if (end < d.size()) break;
        const std::size_t j = s.rfind(d, end - d.size());
        if (j == std::string::npos) break;
        out.emplace_back(s.substr(j + d.size(), end - j - d.size()));
        end = j;
        --left;
    }
    out.emplace_back(s.substr(0, end));
    std::reverse(out.begin(), out.end());
    return Value::list(std::move(out));
}
PYFN(s_splitlines) {
    std::vector<Value> out;
    const std::string& s = self.as_str();
    std::size_t i = 0;
    while (i < s.size()) {
        const std::size_t j = s.find('\n', i);
        if (j == std::string::npos) {
            out.emplace_back(s.substr(i));
            break;
        }
        out.emplace_back(s.substr(i, j - i));
        i = j + 1;
    }
    return Value::list(std::move(out));
}
PYFN(s_partition) {
    const std::string& s = self.as_str();
    const std::string d = req(a, 0, "sep", "partition").as_str();
    const std::size_t j = s.find(d);
    if (j == std::string::npos) return Value::tuple({Value(s), Value(""), Value("")});
    return Value::tuple({Value(s.substr(0, j)), Value(d), Value(s.substr(j + d.size()))});
}
PYFN(s_rpartition) {
    const std::string& s = self.as_str();
    const std::string d = req(a, 0, "sep", "rpartition").as_str();
    const std::size_t j = s.rfind(d);
    if (j == std::string::npos) return Value::tuple({Value(""), Value(""), Value(s)});
    return Value::tuple({Value(s.substr(0, j)), Value(d), Value(s.substr(j + d.size()))});
}
Value justify(const Value& self, Args& a, char how) {
    const std::int64_t width = req(a, 0, "width", "just").as_int();
    const std::string fill = opt(a, 1, "fillchar", Value(" ")).as_str();
    Value len_arg = self;
    std::int64_t n = 0;
    for (unsigned char c : self.as_str())
        if ((c & 0xC0) != 0x80) ++n;
    if (width <= n) return self;
    const auto total = static_cast<std::size_t>(width - n);
    auto rep = [&](std::size_t k) {
        std::string out;
        for (std::size_t i = 0; i < k; ++i) out += fill;
        return out;
    };
    if (how == '<') return Value(self.as_str() + rep(total));
    if (how == '>') return Value(rep(total) + self.as_str());
    const std::size_t left = total / 2 + (total & static_cast<std::size_t>(width) & 1);
    return Value(rep(left) + self.as_str() + rep(total - left));
}
PYFN(s_ljust) { return justify(self, a, '<'); }
PYFN(s_rjust) { return justify(self, a, '>'); }
PYFN(s_center) { return justify(self, a, '^'); }
PYFN(s_zfill) {
    const std::int64_t width = req(a, 0, "width", "zfill").as_int();
    std::string s = self.as_str();
    if (static_cast<std::int64_t>(s.size()) >= width) return self;
    const std::size_t pad = static_cast<std::size_t>(width) - s.size();
    const std::size_t at = !s.empty() && (s[0] == '-' || s[0] == '+') ? 1 : 0;
    s.insert(at, pad, '0');
    return Value(s);
}
PYFN(s_isdigit) {
    const std::string& s = self.as_str();
    return Value(!s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }));
}
PYFN(s_isalpha) {
    const std::string& s = self.as_str();
    return Value(!s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }));
}
PYFN(s_isspace) {
    const std::string& s = self.as_str();
    return Value(!s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }));
}

// str.format: {} {0} {name} with !r/!s and :spec; attribute and index lookups in fields.
PYFN(s_format) {
    const std::string& f = self.as_str();
    std::string out;
    std::size_t auto_index = 0;
    for (std::size_t i = 0; i < f.size(); ++i) {
        const char c = f[i];
        if (c == '{' && i + 1 < f.size() && f[i + 1] == '{') {
            out += '{';
            ++i;
            continue;
        }
        if (c == '}' && i + 1 < f.size() && f[i + 1] == '}') {
            out += '}';
            ++i;
            continue;
        }
        if (c == '}') raise(exc_types::ValueError, "Single '}' encountered in format string");
        if (c != '{') {
            out += c;
            continue;
        }
        std::size_t j = i + 1;
        int depth = 0;
        while (j < f.size() && (f[j] != '}' || depth > 0)) {
            if (f[j] == '{') ++depth;
            if (f[j] == '}') --depth;
            ++j;
        }
        if (j >= f.size()) raise(exc_types::ValueError, "Single '{' encountered in format string");
        std::string field = f.substr(i + 1, j - i - 1);
        i = j;
        std::string spec;
        char conv = 0;
        if (auto colon = field.find(':'); colon != std::string::npos) {
            spec = field.substr(colon + 1);
            field = field.substr(0, colon);
        }
        if (auto bang = field.find('!'); bang != std::string::npos) {
            conv = bang + 1 < field.size() ? field[bang + 1] : 0;
            field = field.substr(0, bang);
        }
        // nested {} in the spec
        if (spec.find('{') != std::string::npos) {
            Args sub = a;
            Value inner = s_format(in, Value(spec), sub);
            spec = inner.as_str();
        }
        std::size_t name_end = field.find_first_of(".[");
        std::string head = field.substr(0, name_end);
        Value v;
        if (head.empty()) {
            if (auto_index >= a.pos.size()) raise(exc_types::IndexError, "Replacement index " + std::to_string(auto_index) + " out of range for positional args tuple");
            v = a.pos[auto_index++];
        } else if (std::all_of(head.begin(), head.end(), [](char x) { return x >= '0' && x <= '9'; })) {
            const std::size_t k = static_cast<std::size_t>(std::stoul(head));
            if (k >= a.pos.size()) raise(exc_types::IndexError, "Replacement index " + head + " out of range for positional args tuple");
            v = a.pos[k];
        } else {
            const Value* kv = kwarg(a, head);
            if (kv == nullptr) raise(Exc(new ExceptionObject(exc_types::KeyError, {Value(head)})));
            v = *kv;
        }
        while (name_end != std::string::npos && name_end < field.size()) {
            if (field[name_end] == '.') {
                std::size_t e = field.find_first_of(".[", name_end + 1);
                v = in.get_attr(v, intern(field.substr(name_end + 1, e == std::string::npos ? std::string::npos : e - name_end - 1)));
                name_end = e;
            } else {
                std::size_t e = field.find(']', name_end);
                std::string key = field.substr(name_end + 1, e - name_end - 1);
                Args ka;
                const bool digits = !key.empty() && std::all_of(key.begin(), key.end(), [](char x) { return x >= '0' && x <= '9'; });
                Value kv = digits ? Value(static_cast<std::int64_t>(std::stoll(key))) : Value(key);
                if (DictObj* d = as<DictObj>(v)) {
                    const Value* got = d->get(kv);
                    if (got == nullptr) raise(Exc(new ExceptionObject(exc_types::KeyError, {kv})));
                    v = *got;
                } else {
                    v = v.items().at(static_cast<std::size_t>(kv.as_int()));
                }
                name_end = e + 1 < field.size() ? e + 1 : std::string::npos;
            }
        }
        if (conv == 'r' || conv == 'a') v = Value(in.to_repr(v));
        if (conv == 's') v = Value(in.to_str(v));
        out += spec.empty() ? in.to_str(v) : format_spec(v, spec);
    }
    return Value(out);
}

// ---- methods: list, tuple ---------------------------------------------------------------------

PYFN(l_append) {
    Value l = self;
    l.mutable_items().push_back(req(a, 0, "object", "append"));
    return {};
}
PYFN(l_extend) {
    Value l = self;
    std::vector<Value> extra = in.to_vector(req(a, 0, "iterable", "extend"));
    l.mutable_items().insert(l.mutable_items().end(), extra.begin(), extra.end());
    return {};
}
PYFN(l_pop) {
    Value l = self;
    auto& items = l.mutable_items();
    if (items.empty()) raise(exc_types::IndexError, "pop from empty list");
    std::int64_t i = opt(a, 0, "index", Value(std::int64_t{-1})).as_int();
    const auto n = static_cast<std::int64_t>(items.size());
    if (i < 0) i += n;
    if (i < 0 || i >= n) raise(exc_types::IndexError, "pop index out of range");
    Value v = items[static_cast<std::size_t>(i)];
    items.erase(items.begin() + i);
    return v;
}
PYFN(l_insert) {
    Value l = self;
    auto& items = l.mutable_items();
    std::int64_t i = req(a, 0, "index", "insert").as_int();
    const auto n = static_cast<std::int64_t>(items.size());
    if (i < 0) i = std::max<std::int64_t>(0, i + n);
    i = std::min(i, n);
    items.insert(items.begin() + i, req(a, 1, "object", "insert"));
    return {};
}
PYFN(l_remove) {
    Value l = self;
    auto& items = l.mutable_items();
    const Value x = req(a, 0, "value", "remove");
    auto it = std::find(items.begin(), items.end(), x);
    if (it == items.end()) raise(exc_types::ValueError, "list.remove(x): x not in list");
    items.erase(it);
    return {};
}
PYFN(l_index) {
    const auto& items = self.items();
    const Value x = req(a, 0, "value", "index");
    auto it = std::find(items.begin(), items.end(), x);
    if (it == items.end()) raise(exc_types::ValueError, in.to_repr(x) + " is not in " + type_name(self));
    return Value(static_cast<std::int64_t>(it - items.begin()));
}
PYFN(l_count) {
    const Value x = req(a, 0, "value", "count");
    return Value(static_cast<std::int64_t>(std::count(self.items().begin(), self.items().end(), x)));
}
PYFN(l_sort) {
    Value l = self;
    const Value* key = kwarg(a, "key");
    const Value* rev = kwarg(a, "reverse");
    sort_values(in, l.mutable_items(), key ? *key : Value{}, rev ? truthy(*rev) : false);
    return {};
}
PYFN(l_reverse) {
    Value l = self;
    std::reverse(l.mutable_items().begin(), l.mutable_items().end());
    return {};
}
PYFN(l_clear) {
    Value l = self;
    l.mutable_items().clear();
    return {};
}
PYFN(l_copy) { return self.kind() == Value::Kind::Set ? Value::set(self.items()) : Value::list(self.items()); }

// ---- methods: set ------------------------------------------------------------------------------

void set_insert(Value& s, const Value& v) {
    (void)hash_value(v);
    auto& items = s.mutable_items();
    if (std::find(items.begin(), items.end(), v) == items.end()) items.push_back(v);
}
PYFN(st_add) {
    Value s = self;
    set_insert(s, req(a, 0, "elem", "add"));
    return {};
}
PYFN(st_discard) {
    Value s = self;
    auto& items = s.mutable_items();
    auto it = std::find(items.begin(), items.end(), req(a, 0, "elem", "discard"));
    if (it != items.end()) items.erase(it);
    return {};
}
PYFN(st_remove) {
    Value s = self;
    auto& items = s.mutable_items();
    const Value x = req(a, 0, "elem", "remove");
    auto it = std::find(items.begin(), items.end(), x);
    if (it == items.end()) raise(Exc(new ExceptionObject(exc_types::KeyError, {x})));
    items.erase(it);
    return {};
}
PYFN(st_pop) {
    Value s = self;
    auto& items = s.mutable_items();
    if (items.empty()) raise(exc_types::KeyError, "pop from an empty set");
    Value v = items.front();
    items.erase(items.begin());
    return v;
}
PYFN(st_update) {
    Value s = self;
    for (const Value& arg : a.pos)
        for (const Value& v : in.to_vector(arg)) set_insert(s, v);
    return {};
}
PYFN(st_union) {
    Value out = Value::set(self.items());
    for (const Value& arg : a.pos)
        for (const Value& v : in.to_vector(arg)) set_insert(out, v);
    return out;
}
PYFN(st_intersection) {
    std::vector<Value> other = in.to_vector(req(a, 0, "other", "intersection"));
    std::vector<Value> out;
    for (const Value& v : self.items())
        if (std::find(other.begin(), other.end(), v) != other.end()) out.push_back(v);
    return Value::set(std::move(out));
}
PYFN(st_difference) {
    std::vector<Value> other = in.to_vector(req(a, 0, "other", "difference"));
    std::vector<Value> out;
    for (const Value& v : self.items())
        if (std::find(other.begin(), other.end(), v) == other.end()) out.push_back(v);
    return Value::set(std::move(out));
}
PYFN(st_issubset) {
    std::vector<Value> other = in.to_vector(req(a, 0, "other", "issubset"));
    for (const Value& v : self.items())
        if (std::find(other.begin(), other.end(), v) == other.end()) return Value(false);
    return Value(true);
}

// ---- methods: dict ---------------------------------------------------------------------------

DictObj& dict(const Value& v) { return *as<DictObj>(v); }
PYFN(d_get) {
    const Value* v = dict(self).get(req(a, 0, "key", "get"));
    return v ? *v : opt(a, 1, "default");
}
PYFN(d_keys) { return Value::list(dict(self).keys()); }
PYFN(d_values) { return Value::list(dict(self).values()); }
PYFN(d_items) { return Value::list(dict(self).items()); }
PYFN(d_pop) {
    const Value k = req(a, 0, "key", "pop");
    if (const Value* v = dict(self).get(k)) {
        Value out = *v;
        dict(self).erase(k);
        return out;
    }
    if (a.pos.size() > 1) return a.pos[1];
    raise(Exc(new ExceptionObject(exc_types::KeyError, {k})));
}
PYFN(d_setdefault) {
    const Value k = req(a, 0, "key", "setdefault");
    if (const Value* v = dict(self).get(k)) return *v;
    Value d = opt(a, 1, "default");
    dict(self).set(k, d);
    return d;
}
PYFN(d_update) {
    if (!a.pos.empty()) {
        if (DictObj* src = as<DictObj>(a.pos[0])) {
            std::vector<Value> items = src->items();
            for (const Value& kv : items) dict(self).set(kv.items()[0], kv.items()[1]);
        } else {
            for (const Value& item : in.to_vector(a.pos[0])) {
                std::vector<Value> kv = in.to_vector(item);
                dict(self).set(kv.at(0), kv.at(1));
            }
        }
    }
    for (auto& [k, v] : a.kw) dict(self).set(Value(sym_name(k)), v);
    return {};
}
PYFN(d_clear) {
    dict(self).clear();
    return {};
}
PYFN(d_copy) {
    Value out = in.make_dict();
    dict(self).for_each([&](const Value& k, const Value& v) { dict(out).set(k, v); });
    return out;
}

// ---- methods: futures and tasks ------------------------------------------------------------------

// fut.cancel(msg): the program's own request, made at the line running now.
PYFN(f_cancel) {
    Ref<Future> fut = self.as_future();
    Loop& loop = fut->loop();
    const Task* running = loop.current_task();
    const CancelCauseScope cause(loop, {running ? CancelCause::Kind::Code : CancelCause::Kind::LoopCallback,
                                        running ? running->id() : 0, {}, in.current_line()});
    return Value(fut->cancel(opt(a, 0, "msg")));
}
PYFN(f_cancelled) { return Value(self.as_future()->cancelled()); }
PYFN(f_done) { return Value(self.as_future()->done()); }
PYFN(f_result) { return self.as_future()->result(); }
PYFN(f_exception) {
    Exc e = self.as_future()->exception();
    return e ? Value(e) : Value{};
}
Task& task_of(const Value& self, const char* what) {
    Ref<Future> f = self.as_future();
    if (f->kind() != FutureKind::Task) raise(AttributeError, "'" + type_name(self) + "' object has no attribute '" + what + "'");
    return static_cast<Task&>(*f);
}
PYFN(f_get_name) { return Value(task_of(self, "get_name").name()); }
PYFN(f_set_name) {
    task_of(self, "set_name").set_name(in.to_str(req(a, 0, "value", "set_name")));
    return {};
}
PYFN(f_cancelling) { return Value(static_cast<std::int64_t>(task_of(self, "cancelling").cancelling())); }
PYFN(f_uncancel) { return Value(static_cast<std::int64_t>(task_of(self, "uncancel").uncancel())); }
PYFN(f_set_result) {
    self.as_future()->set_result(req(a, 0, "result", "set_result"));
    return {};
}
PYFN(f_set_exception) {
    Value e = req(a, 0, "exception", "set_exception");
    if (ClassObj* c = as<ClassObj>(e); c != nullptr && c->exc_type != nullptr) e = Value(make_exception(*c->exc_type));
    if (e.kind() != Value::Kind::Exception) raise(exc_types::TypeError, "invalid exception object");
    self.as_future()->set_exception(e.as_exception());
    return {};
}

// ---- methods: exceptions ---------------------------------------------------------------------

PYFN(e_with_traceback) { return self; }

// ---- asyncio -------------------------------------------------------------------------------

// gather/shield/ensure_future outside a coroutine use the policy's loop, as
// events.get_event_loop() does for them.
struct LoopFallback {
    std::optional<aio::RunningLoopScope> scope;
    explicit LoopFallback(Interp& in) {
        if (Interp::running_loop() == nullptr) scope.emplace(in.get_event_loop());
    }
};

aio::Awaitable awaitable(Interp& in, const Value& v, const char* fn) {
    if (v.kind() == Value::Kind::Future) return aio::Awaitable(v.as_future());
    if (in.is_coroutine(v)) return aio::Awaitable(in.make_task_body(v));
    (void)fn;
    raise(exc_types::TypeError, "An asyncio.Future, a coroutine or an awaitable is required");
}

PYFN(a_sleep) {
    const double delay = number(req(a, 0, "delay", "sleep"), "delay");
    return obj_value(new AioCoroObj(aio::sleep(delay, opt(a, 1, "result"))));
}

PYFN(a_gather) {
    const Value* re = kwarg(a, "return_exceptions");
    LoopFallback fb(in);
    // gather() hands the same future or coroutine twice to one task.
    std::vector<aio::Awaitable> aws;
    // By identity: a hash map, since gather(*[w(i) for i in range(10**6)])
    // must not compare every argument with every other.
    IdentityMap<Ref<Future>> seen(a.pos.size());
    bool any_coro = false;
    for (const Value& v : a.pos) any_coro = any_coro || in.is_coroutine(v);
    if (!any_coro) {
        for (const Value& v : a.pos) aws.push_back(awaitable(in, v, "gather"));
    } else {
        for (const Value& v : a.pos) {
            if (!in.is_coroutine(v)) {
                aws.push_back(awaitable(in, v, "gather"));
                continue;
            }
            if (Ref<Future>* known = seen.find(v.identity())) {
                aws.emplace_back(*known);
                continue;
            }
            aio::Awaitable aw(in.make_task_body(v));
            Ref<Future> fut = aw.ensure_future();
            seen.insert(v.identity(), fut);
            aws.emplace_back(fut);
        }
    }
    return Value(aio::gather(std::move(aws), re ? truthy(*re) : false));
}

Coro<Value> wait_coro(std::vector<Ref<Future>> fs, std::optional<double> timeout, aio::ReturnWhen rw, Exc error) {
    if (error) raise(error);
    aio::WaitResult r = co_await aio::wait(std::move(fs), timeout, rw);
    co_return aio::to_value(std::move(r));
}

// tasks.wait's checks, in its order; wait is `async def`, so each one is
// raised when the coroutine is awaited, never by the call. The first that
// fails, or nullptr.
Exc wait_argument_error(Interp& in, const Value& fsv, const Value& timeout, const Value& rwv,
                        std::vector<Ref<Future>>& fs, std::optional<double>& timeout_s, aio::ReturnWhen& rw) {
    // if futures.isfuture(fs) or coroutines.iscoroutine(fs)
    if (fsv.kind() == Value::Kind::Future || in.is_coroutine(fsv))
        return make_exception(exc_types::TypeError, "expect a list of futures, not " + type_name(fsv));
    try {
        if (!truthy(fsv)) return make_exception(exc_types::ValueError, "Set of Tasks/Futures is empty.");
        const auto parsed = rwv.kind() == Value::Kind::Str ? aio::parse_return_when(rwv.as_str()) : std::nullopt;
        if (!parsed) return make_exception(exc_types::ValueError, "Invalid return_when value: " + in.to_str(rwv));
        rw = *parsed;
        // fs = set(fs), then: any(coroutines.iscoroutine(f) for f in fs)
        const std::vector<Value> items = in.to_vector(fsv);
        for (const Value& v : items) {
            if (v.kind() == Value::Kind::List || v.kind() == Value::Kind::Set || as<DictObj>(v) != nullptr)
                return make_exception(exc_types::TypeError, "unhashable type: '" + type_name(v) + "'");
        }
        for (const Value& v : items)
            if (in.is_coroutine(v)) return make_exception(exc_types::TypeError, "Passing coroutines is forbidden, use tasks explicitly.");
        // _wait: loop.call_later(timeout, ...), then f.add_done_callback per member.
        if (!timeout.is_none() && timeout.kind() != Value::Kind::Int && timeout.kind() != Value::Kind::Bool &&
            timeout.kind() != Value::Kind::Float)
            return make_exception(exc_types::TypeError, "unsupported operand type(s) for +: 'float' and '" + type_name(timeout) + "'");
        timeout_s = opt_number(timeout, "timeout");
        for (const Value& v : items) {
            if (v.kind() != Value::Kind::Future)
                return make_exception(AttributeError, "'" + type_name(v) + "' object has no attribute 'add_done_callback'");
            fs.push_back(v.as_future());
        }
    } catch (PyError& e) {
        return e.exc;  // set(fs) of what is not iterable, a __bool__ that raised
    }
    return nullptr;
}

PYFN(a_wait) {
    const Value fsv = req(a, 0, "fs", "wait");
    const Value timeout = opt(a, 1, "timeout");
    const Value rwv = opt(a, 2, "return_when", Value("ALL_COMPLETED"));
    std::vector<Ref<Future>> fs;
    std::optional<double> timeout_s;
    aio::ReturnWhen rw{};
    Exc error = wait_argument_error(in, fsv, timeout, rwv, fs, timeout_s, rw);
    if (error) fs.clear();
    return obj_value(new AioCoroObj("wait", wait_coro(std::move(fs), timeout_s, rw, std::move(error))));
}

PYFN(a_wait_for) {
    const Value aw = req(a, 0, "fut", "wait_for");
    const Value timeout = req(a, 1, "timeout", "wait_for");
    return obj_value(new AioCoroObj("wait_for", aio::wait_for(awaitable(in, aw, "wait_for"), opt_number(timeout, "timeout"))));
}

PYFN(a_shield) {
    LoopFallback fb(in);
    return Value(aio::shield(awaitable(in, req(a, 0, "arg", "shield"), "shield")));
}

PYFN(a_as_completed) {
    std::vector<aio::Awaitable> aws;
    for (const Value& v : in.to_vector(req(a, 0, "fs", "as_completed"))) aws.push_back(awaitable(in, v, "as_completed"));
    std::vector<Value> out;
    for (Coro<Value>& c : aio::as_completed(std::move(aws), opt_number(opt(a, 1, "timeout"), "timeout")))
        out.push_back(obj_value(new AioCoroObj("_wait_for_one", std::move(c))));
    return obj_value(new IteratorObj(Iterator(Value::list(std::move(out)))));
}

// create_task(..., name=N): str(N), as Task.__init__ does; None is no name.
std::optional<std::string> task_name_arg(Interp& in, Args& a) {
    const Value* n = kwarg(a, "name");
    if (n == nullptr || n->is_none()) return std::nullopt;
    return in.to_str(*n);
}

// asyncio.create_task and TaskGroup.create_task in 3.11 and 3.12 make the
// task unnamed (it takes a Task-N number) and then call _set_task_name;
// only loop.create_task(name=...) skips the counter. (3.13 passes the name
// through everywhere; the engine follows 3.11/3.12, the versions it mirrors.)
Ref<Task> name_task(Ref<Task> task, std::optional<std::string> name) {
    if (name) task->set_name(std::move(*name));
    return task;
}

PYFN(a_create_task) {
    const Value coro = req(a, 0, "coro", "create_task");
    if (!in.is_coroutine(coro)) raise(exc_types::TypeError, "a coroutine was expected, got " + in.to_repr(coro));
    std::optional<std::string> name = task_name_arg(in, a);
    return Value(Ref<Future>(name_task(aio::get_running_loop().create_task(in.make_task_body(coro)), std::move(name))));
}

PYFN(a_ensure_future) {
    const Value v = req(a, 0, "coro_or_future", "ensure_future");
    if (v.kind() == Value::Kind::Future) return v;
    LoopFallback fb(in);
    if (!in.is_coroutine(v)) raise(exc_types::TypeError, "An asyncio.Future, a coroutine or an awaitable is required");
    return Value(Ref<Future>(aio::get_running_loop().create_task(in.make_task_body(v))));
}

PYFN(a_run) { return in.asyncio_run(req(a, 0, "main", "run")); }
PYFN(a_get_event_loop) { return in.loop_object(in.get_event_loop()); }
PYFN(a_get_running_loop) { return in.loop_object(aio::get_running_loop()); }
PYFN(a_new_event_loop) { return in.loop_object(in.create_loop()); }
PYFN(a_set_event_loop) {
    const Value l = req(a, 0, "loop", "set_event_loop");
    LoopObj* lo = as<LoopObj>(l);
    if (lo == nullptr && !l.is_none())
        raise(exc_types::TypeError, "loop must be an instance of AbstractEventLoop or None, not '" + type_name(l) + "'");
    in.set_event_loop(lo ? lo->loop : nullptr);
    return {};
}
PYFN(a_current_task) {
    Task* t = aio::current_task();
    return t ? Value(Ref<Future>(t)) : Value{};
}
PYFN(a_all_tasks) {
    std::vector<Value> out;
    for (const Ref<Task>& t : aio::get_running_loop().all_tasks()) out.emplace_back(Ref<Future>(t));
    return Value::set(std::move(out));
}
PYFN(a_event) { return obj_value(new EventObj); }
PYFN(a_task_group) { return obj_value(new TaskGroupObj); }
PYFN(a_timeout) { return obj_value(new TimeoutObj(opt_number(req(a, 0, "delay", "timeout"), "delay"), false)); }
PYFN(a_timeout_at) { return obj_value(new TimeoutObj(opt_number(req(a, 0, "when", "timeout_at"), "when"), true)); }
PYFN(a_iscoroutine) { return Value(in.is_coroutine(req(a, 0, "obj", "iscoroutine"))); }
PYFN(a_isfuture) { return Value(req(a, 0, "obj", "isfuture").kind() == Value::Kind::Future); }
PYFN(a_iscoroutinefunction) {
    FunctionObj* f = as<FunctionObj>(req(a, 0, "func", "iscoroutinefunction"));
    return Value(f != nullptr && f->def->is_async);
}
PYFN(a_future) { return Value(aio::get_running_loop().create_future()); }
PYFN(a_unsupported) {
    raise(NotImplementedError, "this asyncio class is not supported by the interpreter yet");
}

PYFN(ev_set) {
    as<EventObj>(self)->event->set();
    return {};
}
PYFN(ev_clear) {
    as<EventObj>(self)->event->clear();
    return {};
}
PYFN(ev_is_set) { return Value(as<EventObj>(self)->event->is_set()); }
PYFN(ev_wait) { return obj_value(new AioCoroObj("wait", as<EventObj>(self)->event->wait())); }

PYFN(tg_create_task) {
    const Value coro = req(a, 0, "coro", "create_task");
    std::optional<std::string> name = task_name_arg(in, a);
    return Value(Ref<Future>(name_task(as<TaskGroupObj>(self)->group->spawn(in.make_task_body(coro)), std::move(name))));
}

PYFN(t_when) {
    const auto w = as<TimeoutObj>(self)->when;
    return w ? Value(*w) : Value{};
}

PYFN(lp_run_until_complete) { return in.run_until_complete(*as<LoopObj>(self)->loop, req(a, 0, "future", "run_until_complete")); }
PYFN(lp_close) {
    LoopObj* lo = as<LoopObj>(self);
    if (Interp::running_loop() == lo->loop) raise(exc_types::RuntimeError, "Cannot close a running event loop");
    lo->closed = true;
    return {};
}
PYFN(lp_is_closed) { return Value(as<LoopObj>(self)->closed); }
PYFN(lp_is_running) { return Value(Interp::running_loop() == as<LoopObj>(self)->loop); }
PYFN(lp_time) { return Value(as<LoopObj>(self)->loop->time()); }
PYFN(lp_create_future) { return Value(as<LoopObj>(self)->loop->create_future()); }
PYFN(lp_create_task) {
    const Value coro = req(a, 0, "coro", "create_task");
    return Value(Ref<Future>(as<LoopObj>(self)->loop->create_task(in.make_task_body(coro), task_name_arg(in, a))));
}

// ---- random, time, pprint, sys -------------------------------------------------------------

PYFN(r_seed) {
    const Value s = opt(a, 0, "a");
    // The seed path --seed takes: abs(n) in 32-bit words (Seed), so INT64_MIN
    // seeds as 2**63 does in CPython.
    if (s.kind() == Value::Kind::BigInt) {
        in.random().seed(seed_of(s));
    } else {
        in.random().seed(Seed(s.is_none() ? 0 : integer(s, "seed")));
    }
    return {};
}
PYFN(r_random) { return Value(in.random().random()); }
PYFN(r_uniform) { return Value(in.random().uniform(number(req(a, 0, "a", "uniform"), "a"), number(req(a, 1, "b", "uniform"), "b"))); }
PYFN(r_randint) {
    const std::int64_t lo = integer(req(a, 0, "a", "randint"), ""), hi = integer(req(a, 1, "b", "randint"), "");
    if (lo > hi) raise(exc_types::ValueError, "empty range in randrange(" + std::to_string(lo) + ", " + std::to_string(hi + 1) + ")");
    return Value(in.random().randint(lo, hi));
}
PYFN(r_randrange) {
    std::int64_t start = integer(req(a, 0, "start", "randrange"), ""), stop = 0;
    if (a.pos.size() < 2) {
        stop = start;
        start = 0;
    } else {
        stop = integer(a.pos[1], "");
    }
    if (a.pos.size() > 2 && integer(a.pos[2], "") != 1) raise(NotImplementedError, "randrange with a step is not supported yet");
    if (stop <= start) raise(exc_types::ValueError, "empty range in randrange(" + std::to_string(start) + ", " + std::to_string(stop) + ")");
    return Value(in.random().randint(start, stop - 1));
}
PYFN(r_choice) {
    std::vector<Value> items = in.to_vector(req(a, 0, "seq", "choice"));
    if (items.empty()) raise(exc_types::IndexError, "Cannot choose from an empty sequence");
    return items[static_cast<std::size_t>(in.random().randint(0, static_cast<std::int64_t>(items.size()) - 1))];
}
PYFN(r_shuffle) {
    Value l = req(a, 0, "x", "shuffle");
    if (l.kind() != Value::Kind::List) raise(exc_types::TypeError, "shuffle() needs a list");
    auto& items = l.mutable_items();
    for (std::size_t i = items.size(); i-- > 1;) {
        const auto j = static_cast<std::size_t>(in.random().randint(0, static_cast<std::int64_t>(i)));
        std::swap(items[i], items[j]);
    }
    return {};
}

PYFN(tm_time) {
    if (Loop* l = Interp::running_loop()) return Value(l->time());
    if (in.event_loop != nullptr) return Value(in.event_loop->time());
    return Value(0.0);
}
// time.sleep: blocks the running loop for that long of virtual time, as it
// blocks CPython's (both harnesses agree); outside a loop it returns at once.
PYFN(tm_sleep) {
    const Value v = req(a, 0, "secs", "sleep");
    if (!is_num(v)) raise(exc_types::TypeError, "'" + type_name(v) + "' object cannot be interpreted as an integer");
    const double seconds = float_of(v);
    if (std::isnan(seconds)) raise(exc_types::ValueError, "Invalid value NaN (not a number)");
    if (seconds < 0) raise(exc_types::ValueError, "sleep length must be non-negative");
    if (Loop* l = Interp::running_loop()) l->block_for(seconds);
    return {};
}

// pformat with dicts: pprint sorts their keys (sort_dicts=True).
std::string pformat_value(Interp& in, const Value& v) {
    if (DictObj* d = as<DictObj>(v)) {
        std::vector<Value> items = d->items();
        std::stable_sort(items.begin(), items.end(), [](const Value& x, const Value& y) {
            try {
                return less_than(x.items()[0], y.items()[0]);
            } catch (PyError&) {
                return false;
            }
        });
        std::string one = "{";
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (i) one += ", ";
            one += in.to_repr(items[i].items()[0]) + ": " + in.to_repr(items[i].items()[1]);
        }
        one += "}";
        if (one.size() <= 80) return one;
        std::string out = "{";
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (i) out += ",\n ";
            out += in.to_repr(items[i].items()[0]) + ": " + pformat(items[i].items()[1], 80);
        }
        return out + "}";
    }
    return pformat(v);
}
PYFN(pp_pprint) {
    in.write(pformat_value(in, req(a, 0, "object", "pprint")) + "\n");
    return {};
}
PYFN(pp_pformat) { return Value(pformat_value(in, req(a, 0, "object", "pformat"))); }

PYFN(sys_write) {
    const Value s = req(a, 0, "s", "write");
    if (as<ModuleObj>(self)->name == "sys.stdout") in.write(in.to_str(s));
    return Value(static_cast<std::int64_t>(s.kind() == Value::Kind::Str ? s.as_str().size() : 0));
}
PYFN(sys_flush) { return {}; }
// sys.getrecursionlimit / setrecursionlimit (engine/recursion.hpp), with
// CPython 3.11's checks and messages.
PYFN(sys_getrecursionlimit) { return Value(static_cast<std::int64_t>(recursion::state().limit)); }
PYFN(sys_setrecursionlimit) {
    if (a.pos.size() != 1) raise(exc_types::TypeError, "setrecursionlimit() takes exactly one argument (" + std::to_string(a.pos.size()) + " given)");
    const std::int64_t n = integer(a.pos[0], "");
    if (n > std::numeric_limits<int>::max() || n < std::numeric_limits<int>::min())
        raise(OverflowError, "Python int too large to convert to C int");
    if (n < 1) raise(exc_types::ValueError, "recursion limit must be greater or equal than 1");
    recursion::State& rs = recursion::state();
    if (rs.depth >= n)
        raise(RecursionError, "cannot set the recursion limit to " + std::to_string(n) + " at the recursion depth " +
                                  std::to_string(rs.depth) + ": the limit is too low");
    rs.limit = static_cast<int>(n);
    return {};
}
// sys.get_int_max_str_digits / set_int_max_str_digits (engine/bigint.hpp).
PYFN(sys_get_int_max_str_digits) { return Value(std::int64_t{bigint::max_str_digits()}); }
PYFN(sys_set_int_max_str_digits) {
    const Value v = req(a, 0, "maxdigits", "set_int_max_str_digits");
    if (v.kind() == Value::Kind::BigInt) raise(OverflowError, "Python int too large to convert to C int");
    const std::int64_t n = integer(v, "");
    if (n != 0 && n < bigint::kMinMaxStrDigits)
        raise(exc_types::ValueError, "maxdigits must be 0 or larger than " + std::to_string(bigint::kMinMaxStrDigits));
    if (n > std::numeric_limits<int>::max()) raise(OverflowError, "Python int too large to convert to C int");
    bigint::max_str_digits() = static_cast<int>(n);
    return {};
}
PYFN(sys_exit) { raise(Exc(new ExceptionObject(SystemExit, a.pos))); }

// ---- installation ------------------------------------------------------------------------------

void method(MT t, std::string_view name, BuiltinFn fn) { g_methods[static_cast<int>(t)][intern(name)] = fn; }

void install_methods() {
    static bool done = false;
    if (done) return;
    done = true;
    const std::pair<std::string_view, BuiltinFn> str_methods[] = {
        {"strip", s_strip}, {"lstrip", s_lstrip}, {"rstrip", s_rstrip}, {"upper", s_upper}, {"lower", s_lower},
        {"title", s_title}, {"capitalize", s_capitalize}, {"startswith", s_startswith}, {"endswith", s_endswith},
        {"replace", s_replace}, {"find", s_find}, {"index", s_index}, {"count", s_count}, {"join", s_join},
        {"split", s_split}, {"rsplit", s_rsplit}, {"splitlines", s_splitlines}, {"partition", s_partition},
        {"rpartition", s_rpartition}, {"ljust", s_ljust}, {"rjust", s_rjust}, {"center", s_center},
        {"zfill", s_zfill}, {"isdigit", s_isdigit}, {"isalpha", s_isalpha}, {"isspace", s_isspace},
        {"format", s_format}};
    for (auto [n, f] : str_methods) method(MT::Str, n, f);
    const std::pair<std::string_view, BuiltinFn> list_methods[] = {
        {"append", l_append}, {"extend", l_extend}, {"pop", l_pop}, {"insert", l_insert}, {"remove", l_remove},
        {"index", l_index}, {"count", l_count}, {"sort", l_sort}, {"reverse", l_reverse}, {"clear", l_clear},
        {"copy", l_copy}};
    for (auto [n, f] : list_methods) method(MT::List, n, f);
    method(MT::Tuple, "index", l_index);
    method(MT::Tuple, "count", l_count);
    const std::pair<std::string_view, BuiltinFn> set_methods[] = {
        {"add", st_add}, {"discard", st_discard}, {"remove", st_remove}, {"pop", st_pop}, {"update", st_update},
        {"union", st_union}, {"intersection", st_intersection}, {"difference", st_difference},
        {"issubset", st_issubset}, {"clear", l_clear}, {"copy", l_copy}};
    for (auto [n, f] : set_methods) method(MT::Set, n, f);
    const std::pair<std::string_view, BuiltinFn> dict_methods[] = {
        {"get", d_get}, {"keys", d_keys}, {"values", d_values}, {"items", d_items}, {"pop", d_pop},
        {"setdefault", d_setdefault}, {"update", d_update}, {"clear", d_clear}, {"copy", d_copy}};
    for (auto [n, f] : dict_methods) method(MT::Dict, n, f);
    const std::pair<std::string_view, BuiltinFn> future_methods[] = {
        {"cancel", f_cancel}, {"cancelled", f_cancelled}, {"done", f_done}, {"result", f_result},
        {"exception", f_exception}, {"get_name", f_get_name}, {"set_name", f_set_name}, {"cancelling", f_cancelling},
        {"uncancel", f_uncancel}, {"set_result", f_set_result}, {"set_exception", f_set_exception},
        {"add_done_callback", fut_add_done_callback}, {"remove_done_callback", fut_remove_done_callback}};
    for (auto [n, f] : future_methods) method(MT::Future, n, f);
    method(MT::Exception, "with_traceback", e_with_traceback);
    method(MT::Event, "set", ev_set);
    method(MT::Event, "clear", ev_clear);
    method(MT::Event, "is_set", ev_is_set);
    method(MT::Event, "wait", ev_wait);
    method(MT::TaskGroup, "create_task", tg_create_task);
    method(MT::Timeout, "when", t_when);
    const std::pair<std::string_view, BuiltinFn> loop_methods[] = {
        {"run_until_complete", lp_run_until_complete}, {"close", lp_close}, {"is_closed", lp_is_closed},
        {"is_running", lp_is_running}, {"time", lp_time}, {"create_future", lp_create_future},
        {"create_task", lp_create_task}, {"call_soon", loop_call_soon}, {"call_later", loop_call_later},
        {"call_at", loop_call_at}};
    for (auto [n, f] : loop_methods) method(MT::Loop, n, f);
    method(MT::Handle, "cancel", handle_cancel);
    method(MT::Handle, "cancelled", handle_cancelled);
    method(MT::Handle, "when", handle_when);
    method(MT::Range, "index", l_index);
    method(MT::Range, "count", l_count);
}

Value fn_value(std::string_view name, BuiltinFn f) { return obj_value(new BuiltinObj(std::string(name), f)); }

}  // namespace

BuiltinFn find_method(MT table, Sym name) {
    const auto& m = g_methods[static_cast<int>(table)];
    auto it = m.find(name);
    return it == m.end() ? nullptr : it->second;
}

struct Builtins {
    static std::vector<Ref<ClassObj>>& classes(Interp& in) { return in.builtin_classes_; }
};

Value property_setter(const Value& property) { return obj_value(new BuiltinObj("setter", b_property_setter, property)); }

void install_builtins(Interp& in, std::unordered_map<Sym, Value>& b, std::unordered_map<std::string, Value>& modules) {
    install_methods();
    auto def = [&](std::string_view name, BuiltinFn f) { b[intern(name)] = fn_value(name, f); };
    const std::pair<std::string_view, BuiltinFn> fns[] = {
        {"print", b_print}, {"len", b_len}, {"enumerate", b_enumerate}, {"zip", b_zip}, {"sorted", b_sorted},
        {"reversed", b_reversed}, {"isinstance", b_isinstance}, {"issubclass", b_issubclass}, {"repr", b_repr},
        {"id", b_id}, {"hash", b_hash}, {"callable", b_callable}, {"min", b_min}, {"max", b_max}, {"sum", b_sum},
        {"any", b_any}, {"all", b_all}, {"abs", b_abs}, {"round", b_round}, {"divmod", b_divmod}, {"pow", b_pow},
        {"type", b_type}, {"iter", b_iter}, {"next", b_next}, {"getattr", b_getattr}, {"hasattr", b_hasattr},
        {"setattr", b_setattr}, {"map", b_map}, {"filter", b_filter}, {"format", b_format}, {"chr", b_chr},
        {"ord", b_ord}, {"super", b_super}, {"property", b_property}, {"staticmethod", b_staticmethod},
        {"classmethod", b_classmethod}};
    for (auto [n, f] : fns) def(n, f);
    auto& reg = Builtins::classes(in);
    const std::tuple<std::string_view, BuiltinType, BuiltinFn> types[] = {
        {"int", BuiltinType::Int, b_int},       {"float", BuiltinType::Float, b_float}, {"str", BuiltinType::Str, b_str},
        {"bool", BuiltinType::Bool, b_bool},    {"list", BuiltinType::List, b_list},    {"tuple", BuiltinType::Tuple, b_tuple},
        {"set", BuiltinType::Set, b_set},       {"dict", BuiltinType::Dict, b_dict},    {"range", BuiltinType::Range, b_range},
        {"object", BuiltinType::Object, b_object}, {"type", BuiltinType::Type, b_type}};
    for (auto [n, t, f] : types) {
        Value c = make_class(in, reg, std::string(n), t, f);
        if (n != "type") b[intern(n)] = c;
    }
    make_class(in, reg, "NoneType", BuiltinType::NoneType, nullptr);
    make_class(in, reg, "function", BuiltinType::Function, nullptr);
    make_class(in, reg, "coroutine", BuiltinType::Coroutine, nullptr);

    const ExceptionType* excs[] = {
        &exc_types::BaseException, &exc_types::Exception, &exc_types::ValueError, &exc_types::TypeError,
        &exc_types::RuntimeError, &exc_types::ZeroDivisionError, &exc_types::KeyError, &exc_types::IndexError,
        &exc_types::OSError, &exc_types::TimeoutError, &exc_types::ExceptionGroup, &exc_types::BaseExceptionGroup,
        &NameError, &UnboundLocalError, &AttributeError, &AssertionError, &StopIteration, &StopAsyncIteration, &GeneratorExit, &NotImplementedError,
        &RecursionError, &MemoryError, &OverflowError, &ImportError, &ModuleNotFoundError, &LookupError, &ArithmeticError,
        &KeyboardInterrupt, &SystemExit};
    for (const ExceptionType* t : excs) b[intern(t->name)] = obj_value(in.class_of_exception(*t).get());

    auto* asyncio = new ModuleObj("asyncio");
    modules["asyncio"] = obj_value(asyncio);
    const std::pair<std::string_view, BuiltinFn> afns[] = {
        {"sleep", a_sleep}, {"gather", a_gather}, {"wait", a_wait}, {"wait_for", a_wait_for}, {"shield", a_shield},
        {"as_completed", a_as_completed}, {"create_task", a_create_task}, {"ensure_future", a_ensure_future},
        {"run", a_run}, {"get_event_loop", a_get_event_loop}, {"get_running_loop", a_get_running_loop},
        {"new_event_loop", a_new_event_loop}, {"set_event_loop", a_set_event_loop}, {"current_task", a_current_task},
        {"all_tasks", a_all_tasks}, {"timeout", a_timeout}, {"timeout_at", a_timeout_at},
        {"iscoroutine", a_iscoroutine}, {"isfuture", a_isfuture}, {"iscoroutinefunction", a_iscoroutinefunction}};
    for (auto [n, f] : afns) asyncio->add(n, fn_value(n, f));
    asyncio->add("Event", make_class(in, reg, "Event", BuiltinType::None, a_event));
    asyncio->add("TaskGroup", make_class(in, reg, "TaskGroup", BuiltinType::None, a_task_group));
    asyncio->add("Future", make_class(in, reg, "Future", BuiltinType::Future, a_future));
    asyncio->add("Task", make_class(in, reg, "Task", BuiltinType::Task, a_unsupported));
    for (std::string_view n : {"Barrier", "Runner"})
        asyncio->add(n, make_class(in, reg, std::string(n), BuiltinType::None, a_unsupported));
    asyncio->add("CancelledError", obj_value(in.class_of_exception(exc_types::CancelledError).get()));
    asyncio->add("TimeoutError", obj_value(in.class_of_exception(exc_types::TimeoutError).get()));
    asyncio->add("InvalidStateError", obj_value(in.class_of_exception(exc_types::InvalidStateError).get()));
    asyncio->add("FIRST_COMPLETED", Value("FIRST_COMPLETED"));
    asyncio->add("FIRST_EXCEPTION", Value("FIRST_EXCEPTION"));
    asyncio->add("ALL_COMPLETED", Value("ALL_COMPLETED"));

    auto* random = new ModuleObj("random");
    modules["random"] = obj_value(random);
    const std::pair<std::string_view, BuiltinFn> rfns[] = {
        {"seed", r_seed}, {"random", r_random}, {"uniform", r_uniform}, {"randint", r_randint},
        {"randrange", r_randrange}, {"choice", r_choice}, {"shuffle", r_shuffle}};
    for (auto [n, f] : rfns) random->add(n, fn_value(n, f));

    auto* pprint = new ModuleObj("pprint");
    modules["pprint"] = obj_value(pprint);
    pprint->add("pprint", fn_value("pprint", pp_pprint));
    pprint->add("pformat", fn_value("pformat", pp_pformat));

    auto* time = new ModuleObj("time");
    modules["time"] = obj_value(time);
    for (std::string_view n : {"time", "monotonic", "perf_counter"}) time->add(n, fn_value(n, tm_time));
    time->add("sleep", fn_value("sleep", tm_sleep));

    auto* typing = new ModuleObj("typing");
    modules["typing"] = obj_value(typing);
    for (std::string_view n : {"Optional", "List", "Dict", "Set", "FrozenSet", "Tuple", "Any", "Union", "Callable",
                               "Iterable", "Iterator", "Awaitable", "Coroutine", "Sequence", "Mapping", "NoReturn",
                               "Type", "AsyncIterator", "AsyncIterable", "Generator", "AsyncGenerator", "Final", "ClassVar"})
        typing->add(n, obj_value(new TypingObj(std::string(n))));

    auto* sys = new ModuleObj("sys");
    modules["sys"] = obj_value(sys);
    sys->add("getrecursionlimit", fn_value("getrecursionlimit", sys_getrecursionlimit));
    sys->add("setrecursionlimit", fn_value("setrecursionlimit", sys_setrecursionlimit));
    for (const char* n : {"sys.stdout", "sys.stderr"}) {
        auto* stream = new ModuleObj(n);
        Value sv = obj_value(stream);
        auto* w = new BuiltinObj("write", sys_write, sv);
        stream->add("write", obj_value(w));
        stream->add("flush", fn_value("flush", sys_flush));
        sys->add(std::string_view(n).substr(4), sv);
    }
    sys->add("exit", fn_value("exit", sys_exit));
    sys->add("get_int_max_str_digits", fn_value("get_int_max_str_digits", sys_get_int_max_str_digits));
    sys->add("set_int_max_str_digits", fn_value("set_int_max_str_digits", sys_set_int_max_str_digits));
    sys->add("argv", Value::list({Value(in.filename())}));

    install_math_module(modules);
    install_functools_module(modules);

    auto* future = new ModuleObj("__future__");
    modules["__future__"] = obj_value(future);
    future->add("annotations", Value(true));
}

}  // namespace loopscope::py
