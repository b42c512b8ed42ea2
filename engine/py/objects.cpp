#include "engine/py/objects.hpp"

#include <cmath>
#include <cstdio>
#include <functional>

#include "engine/bigint.hpp"
#include "engine/py/interp.hpp"
#include "engine/recursion.hpp"
#include "engine/task.hpp"

namespace loopscope::py {

// ---- hashing --------------------------------------------------------------------

namespace {
// CPython's numeric hash (Python/pyhash.c, Objects/longobject.c): the value
// modulo the Mersenne prime 2**61 - 1, so that equal int and float hash alike.
constexpr int kHashBits = 61;
constexpr std::uint64_t kHashModulus = (std::uint64_t{1} << kHashBits) - 1;

std::int64_t int_hash(std::int64_t i) {
    const std::uint64_t magnitude = i < 0 ? 0 - static_cast<std::uint64_t>(i) : static_cast<std::uint64_t>(i);
    auto h = static_cast<std::int64_t>(magnitude % kHashModulus);
    if (i < 0) h = -h;
    return h == -1 ? -2 : h;
}

// _Py_HashDouble (NaN hashes by identity in CPython, which a float here has not).
std::int64_t float_hash(double v) {
    if (std::isinf(v)) return v > 0 ? 314159 : -314159;
    if (std::isnan(v)) return 0;
    int e = 0;
    double m = std::frexp(v, &e);
    std::int64_t sign = 1;
    if (m < 0) {
        sign = -1;
        m = -m;
    }
    std::uint64_t x = 0;
    while (m != 0) {
        x = ((x << 28) & kHashModulus) | x >> (kHashBits - 28);
        m *= 268435456.0;
        e -= 28;
        const auto y = static_cast<std::uint64_t>(m);
        m -= static_cast<double>(y);
        x += y;
        if (x >= kHashModulus) x -= kHashModulus;
    }
    e = e >= 0 ? e % kHashBits : kHashBits - 1 - ((-1 - e) % kHashBits);
    x = ((x << e) & kHashModulus) | x >> (kHashBits - e);
    auto h = static_cast<std::int64_t>(x) * sign;
    return h == -1 ? -2 : h;
}

// tuplehash (3.8+): xxHash's round over the items' hashes.
constexpr std::uint64_t kXXPrime1 = 11400714785074694791ULL;
constexpr std::uint64_t kXXPrime2 = 14029467366897019727ULL;
constexpr std::uint64_t kXXPrime5 = 2870177450012600261ULL;
void tuple_hash_add(std::uint64_t& acc, std::uint64_t lane) {
    acc += lane * kXXPrime2;
    acc = (acc << 31) | (acc >> 33);
    acc *= kXXPrime1;
}
std::uint64_t tuple_hash_end(std::uint64_t acc, std::size_t len) {
    acc += len ^ (kXXPrime5 ^ 3527539ULL);
    return acc == ~std::uint64_t{0} ? 1546275796 : acc;
}

// The hash of anything but a tuple.
std::size_t leaf_hash(const Value& v) {
    using K = Value::Kind;
    switch (v.kind()) {
        case K::None: return 0x9e3779b9;
        case K::Bool:
        case K::Int: return static_cast<std::size_t>(int_hash(v.as_int()));
        case K::BigInt: return static_cast<std::size_t>(bigint::hash(v));
        case K::Float: return static_cast<std::size_t>(float_hash(v.as_float()));
        case K::Str: return std::hash<std::string>()(v.as_str());
        case K::List:
        case K::Set: raise(exc_types::TypeError, "unhashable type: '" + type_name(v) + "'");
        case K::Object:
            if (as<DictObj>(v) != nullptr) raise(exc_types::TypeError, "unhashable type: 'dict'");
            break;
        default: break;
    }
    // _Py_HashPointer: the address rotated by 4 bits (its low bits are always 0).
    const auto p = reinterpret_cast<std::uintptr_t>(v.identity());
    return (p >> 4) | (p << (8 * sizeof(p) - 4));
}
}  // namespace

// Tuples nest as deep as a script makes them (CPython hashes a 100,000-deep
// one): the items are walked with a stack of our own, not the C++ stack.
std::size_t hash_value(const Value& v) {
    if (v.kind() != Value::Kind::Tuple) return leaf_hash(v);
    struct Level {
        const std::vector<Value>* items;
        std::size_t next;
        std::uint64_t acc;
    };
    std::vector<Level> stack{{&v.items(), 0, kXXPrime5}};
    for (;;) {
        Level& top = stack.back();
        if (top.next < top.items->size()) {
            const Value& x = (*top.items)[top.next++];
            if (x.kind() == Value::Kind::Tuple) {
                stack.push_back({&x.items(), 0, kXXPrime5});
            } else {
                tuple_hash_add(top.acc, leaf_hash(x));
            }
            continue;
        }
        const std::uint64_t h = tuple_hash_end(top.acc, top.items->size());
        stack.pop_back();
        if (stack.empty()) return h;
        tuple_hash_add(stack.back().acc, h);
    }
}

// ---- dict ---------------------------------------------------------------------

const Value* DictObj::get(const Value& key) const {
    auto it = index_.find(key);
    return it == index_.end() ? nullptr : &entries_[it->second].value;
}

void DictObj::set(const Value& key, Value value) {
    auto it = index_.find(key);
    if (it != index_.end()) {
        entries_[it->second].value = value;
    } else {
        index_.emplace(key, entries_.size());
        entries_.push_back({key, value, true});
    }
    if (on_set) on_set(key, value);
}

bool DictObj::erase(const Value& key) {
    auto it = index_.find(key);
    if (it == index_.end()) return false;
    Entry& e = entries_[it->second];
    e.alive = false;
    e.key = Value{};
    e.value = Value{};
    index_.erase(it);
    if (entries_.size() > 16 && index_.size() * 2 < entries_.size()) {
        std::vector<Entry> live;
        for (Entry& x : entries_)
            if (x.alive) live.push_back(std::move(x));
        entries_ = std::move(live);
        index_.clear();
        for (std::size_t i = 0; i < entries_.size(); ++i) index_.emplace(entries_[i].key, i);
    }
    return true;
}

void DictObj::clear() {
    entries_.clear();
    index_.clear();
}

std::vector<Value> DictObj::keys() const {
    std::vector<Value> out;
    for_each([&](const Value& k, const Value&) { out.push_back(k); });
    return out;
}
std::vector<Value> DictObj::values() const {
    std::vector<Value> out;
    for_each([&](const Value&, const Value& v) { out.push_back(v); });
    return out;
}
std::vector<Value> DictObj::items() const {
    std::vector<Value> out;
    for_each([&](const Value& k, const Value& v) { out.push_back(Value::tuple({k, v})); });
    return out;
}

std::string DictObj::repr() const {
    if (size() == 0) return "{}";
    // dict_repr: `{...}` for a dict inside itself, a recursion level per nesting.
    recursion::ReprGuard guard(this);
    if (!guard.entered()) return "{...}";
    recursion::Scope level(" while getting the repr of an object");
    std::string out = "{";
    bool first = true;
    for_each([&](const Value& k, const Value& v) {
        if (!first) out += ", ";
        first = false;
        out += loopscope::repr(k) + ": " + loopscope::repr(v);
    });
    return out + "}";
}

bool DictObj::equals(const OpaqueObject& other) const {
    const auto* o = dynamic_cast<const DictObj*>(&other);
    if (o == nullptr || o->size() != size()) return false;
    if (o == this) return true;
    recursion::Scope level(" in comparison");
    bool same = true;
    for_each([&](const Value& k, const Value& v) {
        if (!same) return;
        const Value* w = o->get(k);
        // PyObject_RichCompareBool: a value is equal to itself.
        same = w != nullptr && ((v.identity() != nullptr && w->identity() == v.identity()) || *w == v);
    });
    return same;
}

// ---- functions, classes, instances -----------------------------------------------------

namespace {
std::string address(const void* p) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%p", p);
    return buf;
}
}  // namespace

std::string FunctionObj::repr() const { return "<function " + qualname + " at " + address(this) + ">"; }
std::string BoundMethodObj::repr() const { return "<bound method of " + loopscope::repr(self) + ">"; }
std::string DescriptorObj::repr() const {
    if (kind == Kind::Property) return "<property object at " + address(this) + ">";
    return std::string(kind == Kind::StaticMethod ? "<staticmethod(" : "<classmethod(") + loopscope::repr(fn) + ")>";
}
std::string BuiltinObj::repr() const {
    if (self.is_none() && method == 0) return "<built-in function " + name + ">";
    return "<built-in method " + name + " of " + type_name(self) + " object>";
}

const Value* ClassObj::lookup(Sym s) const {
    auto it = dict.find(s);
    if (it != dict.end()) return &it->second;
    for (const Ref<ClassObj>& b : bases)
        if (const Value* v = b->lookup(s)) return v;
    return nullptr;
}

bool ClassObj::is_subclass_of(const ClassObj& other) const {
    if (this == &other) return true;
    if (exc_type != nullptr && other.exc_type != nullptr) return exc_type->is_subclass_of(*other.exc_type);
    if (other.builtin == BuiltinType::Object) return true;
    for (const Ref<ClassObj>& b : bases)
        if (b->is_subclass_of(other)) return true;
    return false;
}

std::string ClassObj::repr() const {
    if (module == "builtins") return "<class '" + name + "'>";
    return "<class '" + module + "." + name + "'>";
}

std::string InstanceObj::repr() const {
    if (const Value* r = cls->lookup(intern("__repr__")); r != nullptr && current_interp() != nullptr) {
        recursion::Scope level(" while getting the repr of an object");  // PyObject_Repr
        Value self = obj_value(const_cast<InstanceObj*>(this));
        Value out = current_interp()->call1(*r, self);
        if (out.kind() == Value::Kind::Str) return out.as_str();
    }
    return "<" + cls->module + "." + cls->name + " object at " + address(this) + ">";
}

std::string InstanceObj::str() const {
    if (const Value* r = cls->lookup(intern("__str__")); r != nullptr && current_interp() != nullptr) {
        recursion::Scope level(" while getting the str of an object");  // PyObject_Str
        Value self = obj_value(const_cast<InstanceObj*>(this));
        Value out = current_interp()->call1(*r, self);
        if (out.kind() == Value::Kind::Str) return out.as_str();
    }
    return repr();
}

bool InstanceObj::equals(const OpaqueObject& other) const {
    if (this == &other) return true;
    if (const Value* eq = cls->lookup(intern("__eq__")); eq != nullptr && current_interp() != nullptr) {
        Args a;
        a.pos.push_back(obj_value(const_cast<InstanceObj*>(this)));
        a.pos.push_back(Value(Ref<OpaqueObject>(const_cast<OpaqueObject*>(&other))));
        return truthy(current_interp()->call(*eq, a));
    }
    return false;
}

GeneratorObj::~GeneratorObj() {
    if (!body || finished) return;
    try {
        close_generator(*this);
    } catch (...) {  // NOLINT(bugprone-empty-catch): CPython only prints "Exception ignored in" here
    }
}

std::string GeneratorObj::repr() const {
    return std::string(func->def->is_async ? "<async_generator object " : "<generator object ") + func->qualname + " at " +
           address(this) + ">";
}

std::string SuperObj::repr() const { return "<super: <class '" + cls->name + "'>, <" + cls->name + " object>>"; }

std::string CoroutineObj::repr() const { return "<coroutine object " + func->qualname + " at " + address(this) + ">"; }

std::int64_t RangeObj::length() const {
    if (step > 0 && stop > start) return (stop - start + step - 1) / step;
    if (step < 0 && stop < start) return (start - stop - step - 1) / (-step);
    return 0;
}

std::string RangeObj::repr() const {
    std::string out = "range(" + std::to_string(start) + ", " + std::to_string(stop);
    if (step != 1) out += ", " + std::to_string(step);
    return out + ")";
}

bool RangeObj::equals(const OpaqueObject& other) const {
    const auto* o = dynamic_cast<const RangeObj*>(&other);
    return o != nullptr && o->start == start && o->stop == stop && o->step == step;
}

// ---- iteration --------------------------------------------------------------------

Iterator::Iterator(const Value& v) {
    using K = Value::Kind;
    switch (v.kind()) {
        case K::List:
        case K::Tuple:
            mode_ = Mode::Seq;
            seq_ = v;
            return;
        case K::Set:
            mode_ = Mode::Snapshot;
            snap_ = v.items();
            return;
        case K::Str:
            mode_ = Mode::Str;
            seq_ = v;
            return;
        case K::Object:
            if (const RangeObj* r = as<RangeObj>(v)) {
                mode_ = Mode::Range;
                cur_ = r->start;
                stop_ = r->stop;
                step_ = r->step;
                return;
            }
            if (const DictObj* d = as<DictObj>(v)) {
                mode_ = Mode::Snapshot;
                snap_ = d->keys();
                return;
            }
            if (as<IteratorObj>(v) != nullptr) {
                mode_ = Mode::Iter;
                seq_ = v;
                return;
            }
            if (std::optional<Value> it = py_iter(v)) {
                if (as<GeneratorObj>(*it) == nullptr && as<InstanceObj>(*it) == nullptr) {
                    *this = Iterator(*it);  // __iter__ gave a list, a range, ...
                    return;
                }
                mode_ = Mode::Py;
                seq_ = std::move(*it);
                return;
            }
            break;
        default: break;
    }
    raise(exc_types::TypeError, "'" + type_name(v) + "' object is not iterable");
}

bool Iterator::next(Value& out) {
    switch (mode_) {
        case Mode::Seq: {
            const auto& items = seq_.items();
            if (i_ >= items.size()) return false;
            out = items[i_++];
            return true;
        }
        case Mode::Snapshot:
            if (i_ >= snap_.size()) return false;
            out = snap_[i_++];
            return true;
        case Mode::Range:
            if ((step_ > 0 && cur_ >= stop_) || (step_ < 0 && cur_ <= stop_)) return false;
            out = Value(cur_);
            cur_ += step_;
            return true;
        case Mode::Str: {
            const std::string& s = seq_.as_str();
            if (i_ >= s.size()) return false;
            std::size_t n = 1;
            const auto c = static_cast<unsigned char>(s[i_]);
            if (c >= 0xF0) n = 4;
            else if (c >= 0xE0) n = 3;
            else if (c >= 0xC0) n = 2;
            out = Value(s.substr(i_, n));
            i_ += n;
            return true;
        }
        case Mode::Iter: return as<IteratorObj>(seq_)->iter.next(out);
        case Mode::Py: return py_next(seq_, out);
    }
    return false;
}

// ---- type names ---------------------------------------------------------------------

std::string type_name(const Value& v) {
    using K = Value::Kind;
    switch (v.kind()) {
        case K::None: return "NoneType";
        case K::Bool: return "bool";
        case K::Int:
        case K::BigInt: return "int";
        case K::Float: return "float";
        case K::Str: return "str";
        case K::List: return "list";
        case K::Tuple: return "tuple";
        case K::Set: return "set";
        case K::Exception: return std::string(v.as_exception()->type().name);
        case K::Future:
            switch (v.as_future()->kind()) {
                case FutureKind::Task: return "Task";
                case FutureKind::Gathering: return "_GatheringFuture";
                default: return "Future";
            }
        case K::Object: {
            const auto* o = static_cast<const Obj*>(v.object());
            switch (o->type) {
                case OT::Dict: return "dict";
                case OT::Function: return "function";
                case OT::BoundMethod: return "method";
                case OT::Builtin: return "builtin_function_or_method";
                case OT::Module: return "module";
                case OT::Class: return "type";
                case OT::Instance: return static_cast<const InstanceObj*>(o)->cls->name;
                case OT::Coroutine: return "coroutine";
                case OT::AioCoro: return "coroutine";
                case OT::Range: return "range";
                case OT::Iterator: return "iterator";
                case OT::Event: return "Event";
                case OT::TaskGroup: return "TaskGroup";
                case OT::Timeout: return "Timeout";
                case OT::Loop: return "_UnixSelectorEventLoop";
                case OT::Typing: return "_SpecialForm";
                case OT::Sys: return "TextIOWrapper";
                case OT::Generator:
                    return static_cast<const GeneratorObj*>(o)->func->def->is_async ? "async_generator" : "generator";
                case OT::Super: return "super";
                case OT::Handle: return "TimerHandle";
                case OT::Traceback: return "traceback";
                case OT::Descriptor: {
                    const auto* d = static_cast<const DescriptorObj*>(o);
                    return d->kind == DescriptorObj::Kind::Property       ? "property"
                           : d->kind == DescriptorObj::Kind::StaticMethod ? "staticmethod"
                                                                          : "classmethod";
                }
            }
        }
    }
    return "object";
}

}  // namespace loopscope::py
