// The interpreter's runtime services: attributes, items, classes, type
// checks, str()/repr(), and the event loops behind asyncio.run and
// run_until_complete.
#include <algorithm>
#include <deque>

#include "engine/bigint.hpp"
#include "engine/py/exception_groups.hpp"
#include "engine/py/interp.hpp"
#include "engine/run.hpp"
#include "engine/task.hpp"

namespace loopscope::py {

// Method tables of engine values live in builtins.cpp.
enum class MT : std::uint8_t { Str, List, Tuple, Set, Dict, Future, Exception, Event, TaskGroup, Loop, Timeout, Range, Handle, Count };
BuiltinFn find_method(MT table, Sym name);

namespace {
MT table_for(const Value& v) {
    using K = Value::Kind;
    switch (v.kind()) {
        case K::Str: return MT::Str;
        case K::List: return MT::List;
        case K::Tuple: return MT::Tuple;
        case K::Set: return MT::Set;
        case K::Future: return MT::Future;
        case K::Exception: return MT::Exception;
        case K::Object:
            switch (static_cast<const Obj*>(v.object())->type) {
                case OT::Dict: return MT::Dict;
                case OT::Event: return MT::Event;
                case OT::TaskGroup: return MT::TaskGroup;
                case OT::Loop: return MT::Loop;
                case OT::Timeout: return MT::Timeout;
                case OT::Range: return MT::Range;
                case OT::Handle: return MT::Handle;
                default: return MT::Count;
            }
        default: return MT::Count;
    }
}

[[noreturn]] void no_attribute(const Value& obj, Sym name) {
    if (const ModuleObj* m = as<ModuleObj>(obj))
        raise(AttributeError, "module '" + m->name + "' has no attribute '" + sym_name(name) + "'");
    if (const ClassObj* c = as<ClassObj>(obj))
        raise(AttributeError, "type object '" + c->name + "' has no attribute '" + sym_name(name) + "'");
    raise(AttributeError, "'" + type_name(obj) + "' object has no attribute '" + sym_name(name) + "'");
}

// Dynamic exception classes live as long as the process: exceptions made
// from them may outlive the interpreter (a run report keeps main's).
std::deque<std::pair<std::string, ExceptionType>>& dynamic_exception_types() {
    static std::deque<std::pair<std::string, ExceptionType>> types;
    return types;
}

}  // namespace

DictObj* exception_attrs(const Exc& e, bool create) {
    if (!e->attributes && create) e->attributes = Ref<RefCounted>(new DictObj);
    return static_cast<DictObj*>(e->attributes.get());
}

// ---- attributes -----------------------------------------------------------------------

// A class attribute read through an instance (`self` set) or through the
// class itself (`type` is the instance's class, or that class): functions
// bind the instance, descriptors do what they do.
Value Interp::bind_class_attr(const Value& attr, const Value* self, const ClassObj& type, Sym name) {
    if (const DescriptorObj* d = as<DescriptorObj>(attr)) {
        switch (d->kind) {
            case DescriptorObj::Kind::StaticMethod: return d->fn;
            case DescriptorObj::Kind::ClassMethod: return obj_value(new BoundMethodObj(obj_value(const_cast<ClassObj*>(&type)), d->fn));
            case DescriptorObj::Kind::Property:
                if (self == nullptr) return attr;
                if (d->fn.is_none())
                    raise(AttributeError, "property '" + sym_name(name) + "' of '" + type.name + "' object has no getter");
                return call1(d->fn, *self);
        }
    }
    if (self != nullptr && as<FunctionObj>(attr) != nullptr) return obj_value(new BoundMethodObj(*self, attr));
    return attr;
}

std::optional<Value> Interp::try_get_attr(const Value& obj, Sym name) {
    static const Sym s_name = intern("__name__"), s_class = intern("__class__"), s_args = intern("args"),
                     s_exceptions = intern("exceptions"), s_message = intern("message"), s_qualname = intern("__qualname__"),
                     s_traceback = intern("__traceback__"), s_cause = intern("__cause__"), s_context = intern("__context__");
    if (InstanceObj* inst = as<InstanceObj>(obj)) {
        auto it = inst->attrs.find(name);
        if (it != inst->attrs.end()) return it->second;
        if (name == s_class) return obj_value(inst->cls.get());
        if (const Value* v = inst->cls->lookup(name)) return bind_class_attr(*v, &obj, *inst->cls, name);
        return std::nullopt;
    }
    if (SuperObj* sup = as<SuperObj>(obj)) return super_attr(*sup, name);
    if (DescriptorObj* d = as<DescriptorObj>(obj)) {
        static const Sym s_setter = intern("setter"), s_fget = intern("fget"), s_fset = intern("fset"), s_func = intern("__func__");
        if (d->kind == DescriptorObj::Kind::Property) {
            if (name == s_setter) return property_setter(obj);
            if (name == s_fget) return d->fn;
            if (name == s_fset) return d->setter;
        } else if (name == s_func) {
            return d->fn;
        }
        return std::nullopt;
    }
    if (ModuleObj* m = as<ModuleObj>(obj)) {
        auto it = m->attrs.find(name);
        if (it != m->attrs.end()) return it->second;
        if (name == s_name) return Value(m->name);
        return std::nullopt;
    }
    if (ClassObj* c = as<ClassObj>(obj)) {
        if (const Value* v = c->lookup(name)) return bind_class_attr(*v, nullptr, *c, name);
        if (name == s_name || name == s_qualname) return Value(c->name);
        return std::nullopt;
    }
    if (FunctionObj* fn = as<FunctionObj>(obj)) {
        if (name == s_name) return Value(fn->def->name);
        if (name == s_qualname) return Value(fn->qualname);
        return std::nullopt;
    }
    if (BuiltinObj* b = as<BuiltinObj>(obj)) {
        if (name == s_name) return Value(b->name);
        return std::nullopt;
    }
    if (CoroutineObj* co = as<CoroutineObj>(obj)) {
        if (name == s_name) return Value(co->func->def->name);
        if (name == s_qualname) return Value(co->func->qualname);
    }
    if (obj.kind() == Value::Kind::Exception) {
        Exc e = obj.as_exception();
        if (DictObj* attrs = exception_attrs(e, false)) {
            if (const Value* v = attrs->get(Value(sym_name(name)))) return *v;
        }
        if (name == s_args) return Value::tuple(e->args());
        if (name == s_class) return obj_value(class_of_exception(e->type()).get());
        if (name == s_traceback || name == s_cause || name == s_context) return Value{};
        if (name == s_message && e->is(exc_types::BaseExceptionGroup) && !e->args().empty()) return e->args()[0];
        if (name == s_exceptions && e->is(exc_types::BaseExceptionGroup)) {
            std::vector<Value> items;
            for (const Exc& x : e->group) items.emplace_back(x);
            return Value::tuple(std::move(items));
        }
        Ref<ClassObj> cls = class_of_exception(e->type());
        if (const Value* v = cls->lookup(name)) {
            if (as<FunctionObj>(*v) != nullptr) return obj_value(new BoundMethodObj(obj, *v));
            return *v;
        }
    }
    const MT t = table_for(obj);
    if (t != MT::Count) {
        if (BuiltinFn fn = find_method(t, name)) {
            auto* b = new BuiltinObj(sym_name(name), fn, obj);
            b->method = name;
            return obj_value(b);
        }
    }
    return std::nullopt;
}

Value Interp::get_attr(const Value& obj, Sym name) {
    if (auto v = try_get_attr(obj, name)) return std::move(*v);
    no_attribute(obj, name);
}

Value Interp::call_method(const Value& self, Sym name, Args& args) {
    const MT t = table_for(self);
    if (t != MT::Count) {
        // Engine values: straight to the method, no bound-method object.
        if (self.kind() != Value::Kind::Exception) {
            if (BuiltinFn fn = find_method(t, name)) return fn(*this, self, args);
        }
    }
    if (InstanceObj* inst = as<InstanceObj>(self)) {
        if (inst->attrs.find(name) == inst->attrs.end()) {
            if (const Value* v = inst->cls->lookup(name)) {
                if (FunctionObj* fn = as<FunctionObj>(*v)) return bind_and_run(*fn, args, &self);
            }
        }
    }
    Value f = get_attr(self, name);
    return call(f, args);
}

void Interp::set_attr(const Value& obj, Sym name, Value v) {
    if (InstanceObj* inst = as<InstanceObj>(obj)) {
        // A property on the class takes the assignment (data descriptors come first).
        if (const Value* attr = inst->cls->lookup(name)) {
            if (const DescriptorObj* d = as<DescriptorObj>(*attr); d != nullptr && d->kind == DescriptorObj::Kind::Property) {
                if (d->setter.is_none())
                    raise(AttributeError, "property '" + sym_name(name) + "' of '" + inst->cls->name + "' object has no setter");
                Args a;
                a.pos = {obj, std::move(v)};
                call(d->setter, a);
                return;
            }
        }
        inst->attrs[name] = std::move(v);
        return;
    }
    if (ClassObj* c = as<ClassObj>(obj); c != nullptr && c->module != "builtins") {
        c->dict[name] = std::move(v);
        return;
    }
    if (ModuleObj* m = as<ModuleObj>(obj)) {
        m->attrs[name] = std::move(v);
        return;
    }
    if (obj.kind() == Value::Kind::Exception) {
        Exc e = obj.as_exception();
        if (sym_name(name) == "args") {
            e->set_args(to_vector(v));
            return;
        }
        exception_attrs(e, true)->set(Value(sym_name(name)), std::move(v));
        return;
    }
    raise(AttributeError, "'" + type_name(obj) + "' object has no attribute '" + sym_name(name) + "'");
}

// ---- items --------------------------------------------------------------------------

namespace {
bool is_slice(const Value& key) {
    return key.kind() == Value::Kind::Tuple && key.items().size() == 4 && key.items()[0].kind() == Value::Kind::Str &&
           key.items()[0].as_str() == "<slice>";
}

std::int64_t slice_bound(const Value& v, std::int64_t n, std::int64_t step, bool lower) {
    if (v.is_none()) return lower ? (step > 0 ? 0 : n - 1) : (step > 0 ? n : -1);
    if (!bigint::is_integer(v))
        raise(exc_types::TypeError, "slice indices must be integers or None or have an __index__ method");
    // A bound past int64 is clamped, as _PyEval_SliceIndex clamps to PY_SSIZE_T_MIN/MAX.
    std::int64_t i = v.kind() == Value::Kind::BigInt ? (bigint::sign(v) < 0 ? INT64_MIN / 2 : INT64_MAX / 2) : v.as_int();
    if (i < 0) i += n;
    if (step > 0) return std::clamp<std::int64_t>(i, 0, n);
    return std::clamp<std::int64_t>(i, -1, n - 1);
}

std::vector<std::int64_t> slice_indices(const Value& key, std::int64_t n) {
    const auto& k = key.items();
    std::int64_t step = 1;
    if (!k[3].is_none()) {
        if (!bigint::is_integer(k[3]))
            raise(exc_types::TypeError, "slice indices must be integers or None or have an __index__ method");
        step = k[3].kind() == Value::Kind::BigInt ? (bigint::sign(k[3]) < 0 ? -INT64_MAX : INT64_MAX) : k[3].as_int();
    }
    if (step == 0) raise(exc_types::ValueError, "slice step cannot be zero");
    const std::int64_t lo = slice_bound(k[1], n, step, true);
    const std::int64_t hi = slice_bound(k[2], n, step, false);
    std::vector<std::int64_t> out;
    for (std::int64_t i = lo; step > 0 ? i < hi : i > hi; i += step) out.push_back(i);
    return out;
}

std::vector<std::string> code_points(const std::string& s) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < s.size();) {
        std::size_t n = 1;
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0xF0) n = 4;
        else if (c >= 0xE0) n = 3;
        else if (c >= 0xC0) n = 2;
        out.push_back(s.substr(i, n));
        i += n;
    }
    return out;
}

std::int64_t index_of(const Value& key, std::int64_t n, const char* what) {
    if (key.kind() == Value::Kind::BigInt) raise(exc_types::IndexError, "cannot fit 'int' into an index-sized integer");
    if (key.kind() != Value::Kind::Int && key.kind() != Value::Kind::Bool)
        raise(exc_types::TypeError, std::string(what) + " indices must be integers or slices, not " + type_name(key));
    std::int64_t i = key.as_int();
    if (i < 0) i += n;
    if (i < 0 || i >= n) raise(exc_types::IndexError, std::string(what) + " index out of range");
    return i;
}
}  // namespace

Value Interp::subscript(const Value& obj, const Value& key) {
    using K = Value::Kind;
    switch (obj.kind()) {
        case K::List:
        case K::Tuple: {
            const auto& items = obj.items();
            const auto n = static_cast<std::int64_t>(items.size());
            if (is_slice(key)) {
                std::vector<Value> out;
                for (std::int64_t i : slice_indices(key, n)) out.push_back(items[static_cast<std::size_t>(i)]);
                return obj.kind() == K::List ? Value::list(std::move(out)) : Value::tuple(std::move(out));
            }
            return items[static_cast<std::size_t>(index_of(key, n, obj.kind() == K::List ? "list" : "tuple"))];
        }
        case K::Str: {
            const std::vector<std::string> cps = code_points(obj.as_str());
            const auto n = static_cast<std::int64_t>(cps.size());
            if (is_slice(key)) {
                std::string out;
                for (std::int64_t i : slice_indices(key, n)) out += cps[static_cast<std::size_t>(i)];
                return Value(std::move(out));
            }
            return Value(cps[static_cast<std::size_t>(index_of(key, n, "string"))]);
        }
        case K::Object:
            if (DictObj* d = as<DictObj>(obj)) {
                if (const Value* v = d->get(key)) return *v;
                raise(Exc(new ExceptionObject(exc_types::KeyError, {key})));
            }
            if (RangeObj* r = as<RangeObj>(obj)) {
                const std::int64_t i = index_of(key, r->length(), "range object");
                return Value(r->start + i * r->step);
            }
            if (as<TypingObj>(obj) != nullptr || as<ClassObj>(obj) != nullptr) return obj;
            break;
        default: break;
    }
    raise(exc_types::TypeError, "'" + type_name(obj) + "' object is not subscriptable");
}

void Interp::set_item(const Value& obj, const Value& key, Value v) {
    if (obj.kind() == Value::Kind::List) {
        Value list = obj;
        auto& items = list.mutable_items();
        if (is_slice(key)) {
            const auto idx = slice_indices(key, static_cast<std::int64_t>(items.size()));
            std::vector<Value> repl = to_vector(v);
            if (!key.items()[3].is_none() && key.items()[3].as_int() != 1) raise(exc_types::ValueError, "unsupported extended slice assignment");
            const auto lo = idx.empty() ? slice_bound(key.items()[1], static_cast<std::int64_t>(items.size()), 1, true) : idx.front();
            items.erase(items.begin() + lo, items.begin() + lo + static_cast<std::int64_t>(idx.size()));
            items.insert(items.begin() + lo, repl.begin(), repl.end());
            return;
        }
        const std::int64_t i = index_of(key, static_cast<std::int64_t>(items.size()), "list assignment");
        items[static_cast<std::size_t>(i)] = std::move(v);
        return;
    }
    if (DictObj* d = as<DictObj>(obj)) {
        d->set(key, std::move(v));
        return;
    }
    raise(exc_types::TypeError, "'" + type_name(obj) + "' object does not support item assignment");
}

// ---- classes ----------------------------------------------------------------------------

Ref<ClassObj> Interp::class_of_exception(const ExceptionType& t) {
    auto it = exc_classes_.find(&t);
    if (it != exc_classes_.end()) return it->second;
    Ref<ClassObj> c(new ClassObj);
    c->name = std::string(t.name);
    c->exc_type = &t;
    if (t.base != nullptr) c->bases.push_back(class_of_exception(*t.base));
    exc_classes_[&t] = c;
    return c;
}

Ref<ClassObj> Interp::builtin_class(BuiltinType t) const {
    for (const Ref<ClassObj>& c : builtin_classes_)
        if (c->builtin == t) return c;
    return {};
}

Value Interp::type_of(const Value& v) {
    using K = Value::Kind;
    BuiltinType t = BuiltinType::Object;
    switch (v.kind()) {
        case K::None: t = BuiltinType::NoneType; break;
        case K::Bool: t = BuiltinType::Bool; break;
        case K::Int:
        case K::BigInt: t = BuiltinType::Int; break;
        case K::Float: t = BuiltinType::Float; break;
        case K::Str: t = BuiltinType::Str; break;
        case K::List: t = BuiltinType::List; break;
        case K::Tuple: t = BuiltinType::Tuple; break;
        case K::Set: t = BuiltinType::Set; break;
        case K::Exception: return obj_value(class_of_exception(v.as_exception()->type()).get());
        case K::Future: t = v.as_future()->kind() == FutureKind::Task ? BuiltinType::Task : BuiltinType::Future; break;
        case K::Object:
            if (InstanceObj* i = as<InstanceObj>(v)) return obj_value(i->cls.get());
            if (as<DictObj>(v) != nullptr) t = BuiltinType::Dict;
            if (as<ClassObj>(v) != nullptr) t = BuiltinType::Type;
            if (as<RangeObj>(v) != nullptr) t = BuiltinType::Range;
            if (as<FunctionObj>(v) != nullptr) t = BuiltinType::Function;
            if (as<CoroutineObj>(v) != nullptr || as<AioCoroObj>(v) != nullptr) t = BuiltinType::Coroutine;
            if (t == BuiltinType::Object) {
                // generator, method, super, ...: a class named as Python names it.
                auto* c = new ClassObj;
                c->name = type_name(v);
                return obj_value(c);
            }
            break;
    }
    if (Ref<ClassObj> c = builtin_class(t)) return obj_value(c.get());
    auto* c = new ClassObj;
    c->name = type_name(v);
    return obj_value(c);
}

bool Interp::isinstance(const Value& v, const Value& cls) {
    if (cls.kind() == Value::Kind::Tuple) {
        for (const Value& c : cls.items())
            if (isinstance(v, c)) return true;
        return false;
    }
    ClassObj* c = as<ClassObj>(cls);
    if (c == nullptr) raise(exc_types::TypeError, "isinstance() arg 2 must be a type, a tuple of types, or a union");
    if (c->exc_type != nullptr) return v.kind() == Value::Kind::Exception && v.as_exception()->is(*c->exc_type);
    using K = Value::Kind;
    switch (c->builtin) {
        case BuiltinType::Object: return true;
        case BuiltinType::NoneType: return v.is_none();
        case BuiltinType::None: break;
        case BuiltinType::Int: return bigint::is_integer(v);
        case BuiltinType::Bool: return v.kind() == K::Bool;
        case BuiltinType::Float: return v.kind() == K::Float;
        case BuiltinType::Str: return v.kind() == K::Str;
        case BuiltinType::List: return v.kind() == K::List;
        case BuiltinType::Tuple: return v.kind() == K::Tuple;
        case BuiltinType::Set: return v.kind() == K::Set;
        case BuiltinType::Dict: return as<DictObj>(v) != nullptr;
        case BuiltinType::Future: return v.kind() == K::Future;
        case BuiltinType::Task: return v.kind() == K::Future && v.as_future()->kind() == FutureKind::Task;
        case BuiltinType::Type: return as<ClassObj>(v) != nullptr;
        case BuiltinType::Range: return as<RangeObj>(v) != nullptr;
        case BuiltinType::Function: return as<FunctionObj>(v) != nullptr;
        case BuiltinType::Coroutine: return as<CoroutineObj>(v) != nullptr || as<AioCoroObj>(v) != nullptr;
        case BuiltinType::Exception: break;
    }
    if (InstanceObj* i = as<InstanceObj>(v)) return i->cls->is_subclass_of(*c);
    return false;
}

bool Interp::exception_matches(const Exc& e, const Value& cls) {
    if (cls.kind() == Value::Kind::Tuple) {
        for (const Value& c : cls.items())
            if (exception_matches(e, c)) return true;
        return false;
    }
    ClassObj* c = as<ClassObj>(cls);
    if (c == nullptr || c->exc_type == nullptr)
        raise(exc_types::TypeError, "catching classes that do not inherit from BaseException is not allowed");
    return e->is(*c->exc_type);
}

void Interp::exec_class(const Stmt& s, Frame& f) {
    std::vector<Value> decorators = eval_decorators(s, f);
    std::vector<Ref<ClassObj>> bases;
    for (const ExprP& b : s.bases) {
        Value v = eval(*b, f);
        ClassObj* c = as<ClassObj>(v);
        if (c == nullptr) raise(exc_types::TypeError, "bases must be types");
        bases.emplace_back(c);
    }
    Ref<Frame> cf(new Frame);
    cf->kind = Frame::Kind::Class;
    cf->module = f.module;
    if (f.kind == Frame::Kind::Function || f.kind == Frame::Kind::Comprehension) cf->parent = Ref<Frame>(&f);
    exec_block(s.body, *cf);
    Ref<ClassObj> cls(new ClassObj);
    cls->name = sym_name(s.name);
    cls->module = "__main__";
    cls->bases = bases;
    cls->dict = cf->take_names();
    // Methods learn their class (qualname, zero-argument super()), also
    // those inside a property, staticmethod or classmethod.
    auto own = [&cls](const Value& v) {
        if (FunctionObj* fn = as<FunctionObj>(v)) {
            fn->qualname = cls->name + "." + fn->def->name;
            fn->owner = cls.get();
        }
    };
    for (auto& [k, v] : cls->dict) {
        own(v);
        if (const DescriptorObj* d = as<DescriptorObj>(v)) {
            own(d->fn);
            own(d->setter);
        }
    }
    for (const Ref<ClassObj>& b : bases) {
        const ClassObj* x = b.get();
        if (x->exc_type != nullptr) {
            auto& types = dynamic_exception_types();
            types.emplace_back(cls->name, ExceptionType{});
            types.back().second = ExceptionType{types.back().first, x->exc_type};
            cls->exc_type = &types.back().second;
            exc_classes_[cls->exc_type] = cls;
            break;
        }
    }
    store(s.name, f, apply_decorators(std::move(decorators), obj_value(cls.get())));
}

Value Interp::instantiate(ClassObj& cls, Args& args) {
    if (cls.ctor != nullptr) return cls.ctor(*this, Value{}, args);
    static const Sym s_init = intern("__init__");
    const Value* init = cls.lookup(s_init);
    if (cls.exc_type != nullptr) {
        if (init == nullptr && !args.kw.empty()) raise(exc_types::TypeError, cls.name + "() takes no keyword arguments");
        Value e(cls.exc_type->is_subclass_of(exc_types::BaseExceptionGroup)
                    ? make_exception_group(*cls.exc_type, args.pos)
                    : Exc(new ExceptionObject(*cls.exc_type, args.pos)));
        if (init != nullptr && as<FunctionObj>(*init) != nullptr) {
            Args a = args;
            bind_and_run(*as<FunctionObj>(*init), a, &e);
        }
        return e;
    }
    if (cls.builtin != BuiltinType::None) raise(exc_types::TypeError, "cannot create '" + cls.name + "' instances");
    Value inst = obj_value(new InstanceObj(Ref<ClassObj>(&cls)));
    if (init != nullptr) {
        if (FunctionObj* fn = as<FunctionObj>(*init)) bind_and_run(*fn, args, &inst);
    } else if (!args.pos.empty() || !args.kw.empty()) {
        raise(exc_types::TypeError, cls.name + "() takes no arguments");
    }
    return inst;
}

// ---- str() and repr() --------------------------------------------------------------------

std::string Interp::to_str(const Value& v) {
    if (v.kind() == Value::Kind::Exception) {
        Ref<ClassObj> c = class_of_exception(v.as_exception()->type());
        if (const Value* m = c->lookup(intern("__str__")); m != nullptr && as<FunctionObj>(*m) != nullptr) {
            Value out = call1(*m, v);
            if (out.kind() == Value::Kind::Str) return out.as_str();
        }
    }
    return str(v);
}

std::string Interp::to_repr(const Value& v) { return repr(v); }

std::vector<Value> Interp::to_vector(const Value& v) {
    if (v.kind() == Value::Kind::List || v.kind() == Value::Kind::Tuple || v.kind() == Value::Kind::Set) return v.items();
    std::vector<Value> out;
    // A range's length is known: list(range(10**12)) is a MemoryError at once, as in CPython.
    if (const RangeObj* r = as<RangeObj>(v)) {
        const auto n = static_cast<std::uint64_t>(std::max<std::int64_t>(r->length(), 0));
        py::check_allocation(n, sizeof(Value));
        out.reserve(n);
    }
    Iterator it(v);
    Value item;
    while (it.next(item)) {
        count_step();
        // Before the vector doubles again.
        if (out.size() == out.capacity() && out.size() >= (std::size_t{1} << 20))
            check_allocation(static_cast<std::uint64_t>(out.size()) * 2 * sizeof(Value));
        out.push_back(std::move(item));
    }
    return out;
}

Value Interp::iterate_to_list(const Value& v) { return Value::list(to_vector(v)); }

// ---- the event loops ----------------------------------------------------------------------

Loop* Interp::running_loop() {
    try {
        return &aio::get_running_loop();
    } catch (PyError&) {
        return nullptr;
    }
}

Loop& Interp::create_loop() {
    loops.push_back(std::make_unique<Loop>());
    Loop& loop = *loops.back();
    loop.set_limits(limits);
    loop.share_future_ids(future_ids);
    loop.share_task_numbers(task_numbers);
    if (on_new_loop) on_new_loop(loop);
    return loop;
}

Loop& Interp::get_event_loop() {
    if (Loop* l = running_loop()) return *l;
    if (event_loop != nullptr) return *event_loop;
    if (event_loop_set_called) raise(exc_types::RuntimeError, "There is no current event loop in thread 'MainThread'.");
    event_loop = &create_loop();
    return *event_loop;
}

Value Interp::loop_object(Loop& loop) {
    auto it = loop_objects_.find(&loop);
    if (it != loop_objects_.end()) return it->second;
    Value v = obj_value(new LoopObj(&loop));
    loop_objects_[&loop] = v;
    return v;
}

Value Interp::run_until_complete(Loop& loop, const Value& aw) {
    if (Loop* r = running_loop()) {
        if (r == &loop) raise(exc_types::RuntimeError, "This event loop is already running");
        raise(exc_types::RuntimeError, "Cannot run the event loop while another loop is running");
    }
    if (LoopObj* lo = as<LoopObj>(loop_object(loop)); lo && lo->closed) raise(exc_types::RuntimeError, "Event loop is closed");
    aio::RunningLoopScope scope(loop);
    Ref<Future> fut;
    if (aw.kind() == Value::Kind::Future) {
        fut = aw.as_future();
    } else if (is_coroutine(aw)) {
        fut = loop.create_task(make_task_body(aw));
    } else {
        raise(exc_types::TypeError, "An asyncio.Future, a coroutine or an awaitable is required");
    }
    return loop.run_until_complete(fut);
}

Value Interp::asyncio_run(const Value& coro) {
    if (running_loop() != nullptr) raise(exc_types::RuntimeError, "asyncio.run() cannot be called from a running event loop");
    if (!is_coroutine(coro)) raise(exc_types::ValueError, "a coroutine was expected, got " + to_repr(coro));
    Loop& loop = create_loop();
    set_event_loop(&loop);  // Runner._lazy_init
    Value result;
    Exc error;
    {
        aio::RunningLoopScope scope(loop);
        Ref<Task> main_task = loop.create_task(make_task_body(coro));
        try {
            result = loop.run_until_complete(main_task);
        } catch (PyError& e) {
            error = e.exc;
        }
        // runners._cancel_all_tasks, shared with the built-in scenarios.
        for (auto& report : cancel_all_tasks(loop)) shutdown_reports.push_back(std::move(report));
        // Runner.close() then runs loop.shutdown_asyncgens() and
        // loop.shutdown_default_executor(), a task each: they take two
        // numbers, and the next asyncio.run's main is Task-(N+3), as on CPython.
        task_numbers += 2;
    }
    if (auto* lo = as<LoopObj>(loop_object(loop))) lo->closed = true;
    set_event_loop(nullptr);  // Runner.close
    if (error) raise(error);
    return result;
}

}  // namespace loopscope::py
