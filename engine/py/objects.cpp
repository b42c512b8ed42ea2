#include "engine/py/objects.hpp"

#include <cstdio>
#include <functional>

#include "engine/py/interp.hpp"
#include "engine/task.hpp"

namespace loopscope::py {

// ---- hashing --------------------------------------------------------------------

std::size_t hash_value(const Value& v) {
    using K = Value::Kind;
    switch (v.kind()) {
        case K::None: return 0x9e3779b9;
        case K::Bool:
        case K::Int: return std::hash<std::int64_t>()(v.as_int());
        case K::Float: {
            const double d = v.as_float();
            if (d == static_cast<double>(static_cast<std::int64_t>(d))) return std::hash<std::int64_t>()(static_cast<std::int64_t>(d));
            return std::hash<double>()(d);
        }
        case K::Str: return std::hash<std::string>()(v.as_str());
        case K::Tuple: {
            std::size_t h = 0x345678;
            for (const Value& x : v.items()) h = h * 1000003 ^ hash_value(x);
            return h;
        }
        case K::List:
        case K::Set: raise(exc_types::TypeError, "unhashable type: '" + type_name(v) + "'");
        case K::Object:
            if (as<DictObj>(v) != nullptr) raise(exc_types::TypeError, "unhashable type: 'dict'");
            return std::hash<const void*>()(v.identity());
        default: return std::hash<const void*>()(v.identity());
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
    bool same = true;
    for_each([&](const Value& k, const Value& v) {
        const Value* w = o->get(k);
        same = same && w != nullptr && *w == v;
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
        Value self = obj_value(const_cast<InstanceObj*>(this));
        Value out = current_interp()->call1(*r, self);
        if (out.kind() == Value::Kind::Str) return out.as_str();
    }
    return "<" + cls->module + "." + cls->name + " object at " + address(this) + ">";
}

std::string InstanceObj::str() const {
    if (const Value* r = cls->lookup(intern("__str__")); r != nullptr && current_interp() != nullptr) {
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
        case K::Int: return "int";
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
            }
        }
    }
    return "object";
}

}  // namespace loopscope::py
