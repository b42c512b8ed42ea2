#include "engine/py/interp.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <optional>
#include <sys/resource.h>

#include "engine/bigint.hpp"
#include "engine/py/exception_groups.hpp"
#include "engine/py/int_ops.hpp"
#include "engine/recursion.hpp"

// Sections: exception types · set-up · names · statements · the async
// statements · expressions · the async expressions · calls · attributes and
// items · classes · coroutines and tasks · the event loops · output.

namespace loopscope::py {

// ---- exception types -------------------------------------------------------------

// The classes the engine does not need but Python code raises and catches.
const ExceptionType LookupError{"LookupError", &exc_types::Exception};
const ExceptionType ArithmeticError{"ArithmeticError", &exc_types::Exception};
const ExceptionType NameError{"NameError", &exc_types::Exception};
const ExceptionType UnboundLocalError{"UnboundLocalError", &NameError};
const ExceptionType AttributeError{"AttributeError", &exc_types::Exception};
const ExceptionType AssertionError{"AssertionError", &exc_types::Exception};
const ExceptionType StopIteration{"StopIteration", &exc_types::Exception};
const ExceptionType StopAsyncIteration{"StopAsyncIteration", &exc_types::Exception};
const ExceptionType NotImplementedError{"NotImplementedError", &exc_types::RuntimeError};
const ExceptionType MemoryError{"MemoryError", &exc_types::Exception};
const ExceptionType OverflowError{"OverflowError", &ArithmeticError};
const ExceptionType ImportError{"ImportError", &exc_types::Exception};
const ExceptionType ModuleNotFoundError{"ModuleNotFoundError", &ImportError};
const ExceptionType GeneratorExit{"GeneratorExit", &exc_types::BaseException};

namespace {
thread_local Interp* g_current = nullptr;

// How deep a chain of coroutines awaiting coroutines may grow, whatever the
// recursion limit: a chain is torn down frame by frame on the C++ stack
// when its task is destroyed while it waits, and CoroChain keeps its
// depth in 16 bits.
constexpr int kMaxAwaitDepth = 20'000;

Value flow_value(Flow f) { return Value(static_cast<std::int64_t>(f)); }
Flow value_flow(const Value& v) {
    return v.kind() == Value::Kind::Int ? static_cast<Flow>(v.as_int()) : Flow::Normal;
}

// A task's Python coroutine runs its function's block as the root of the
// chain (no run_coroutine frame for every wake-up to pass through); what
// run_coroutine does at the frame's end is done here: the return value comes
// from the Frame, and an escaping exception gets the frame's traceback entry.
struct PyFrameEnd {
    Interp* in;
    Ref<Frame> frame;

    // `qualname(args)` from the frame's parameters before the first step,
    // as a reader of the code would write the call: coro('group 1.3').
    std::string call_text() const {
        if (frame->def == nullptr) return {};
        std::string args;
        auto arg = [&args](std::string text) {
            // A lane label, not a dump: long values are cut.
            if (text.size() > 40) text = text.substr(0, 37) + "...";
            args += (args.empty() ? "" : ", ") + text;
        };
        auto shown = [this](const Value& v) {
            // Big containers by their size: their repr would cost as much as they hold.
            if ((v.kind() == Value::Kind::List || v.kind() == Value::Kind::Tuple || v.kind() == Value::Kind::Set) &&
                v.items().size() > 16)
                return "<" + type_name(v) + " of " + std::to_string(v.items().size()) + ">";
            try {
                return in->to_repr(v);
            } catch (PyError&) {
                return std::string("<" + type_name(v) + ">");
            }
        };
        // The arguments as the call gave them (Frame::call_given), in order;
        // a method's self (or a classmethod's cls) is written before the
        // dot: obj.run(), not Worker.run(<Worker object>).
        const auto* vars = frame->vars.begin();
        const std::size_t count = frame->vars.size();
        const std::size_t positional = std::min<std::size_t>(frame->call_positional, count);
        const std::size_t given = std::min<std::size_t>(frame->call_given, count);
        const Param* varargs = nullptr;
        const Param* varkw = nullptr;
        for (const Param& p : frame->def->params) {
            if (p.kind == Param::Kind::VarArgs) varargs = &p;
            if (p.kind == Param::Kind::VarKeywords) varkw = &p;
        }
        std::size_t i = frame->owner != nullptr && positional > 0 ? 1 : 0;
        for (; i < positional; ++i) arg(shown(vars[i].second));
        if (varargs != nullptr && i < given && vars[i].first == varargs->name) {
            const Value& rest = vars[i++].second;
            if (rest.items().size() <= 16) {
                for (const Value& item : rest.items()) arg(shown(item));
            } else {
                arg("*" + shown(rest));
            }
        }
        for (; i < given; ++i) arg(sym_name(vars[i].first) + "=" + shown(vars[i].second));
        if (varkw != nullptr && count > 0 && vars[count - 1].first == varkw->name) {
            if (DictObj* d = as<DictObj>(vars[count - 1].second)) {
                d->for_each([&](const Value& k, const Value& x) {
                    arg((k.kind() == Value::Kind::Str ? k.as_str() : shown(k)) + "=" + shown(x));
                });
            }
        }
        // The function's __qualname__, as exec_class gives a method's.
        const std::string& name = frame->def->name;
        return (frame->owner != nullptr ? frame->owner->name + "." + name : name) + "(" + args + ")";
    }
    void operator()(StepOutcome& out) const {
        if (out.kind == StepOutcome::Kind::Returned) {
            const bool returned = value_flow(out.value) == Flow::Return;
            out.value = returned ? std::move(frame->ret) : Value{};
            frame->ret = Value{};
        } else {
            in->note_frame(out.error, *frame, frame->line);
        }
    }
};

}  // namespace

Interp* current_interp() { return g_current; }

namespace {
// repr() of an exception whose Python class defines __repr__ (engine hook).
bool user_exception_repr(const ExceptionObject& e, std::string& out) {
    static const Sym s_repr = intern("__repr__");
    Interp* in = current_interp();
    if (in == nullptr || e.type().base == nullptr) return false;
    Ref<ClassObj> cls = in->class_of_exception(e.type());
    const Value* m = cls->lookup(s_repr);
    if (m == nullptr || as<FunctionObj>(*m) == nullptr) return false;
    Value r = in->call1(*m, Value(Exc(const_cast<ExceptionObject*>(&e))));
    if (r.kind() != Value::Kind::Str) raise(exc_types::TypeError, "__repr__ returned non-string (type " + type_name(r) + ")");
    out = r.as_str();
    return true;
}
}  // namespace

// ---- set-up ----------------------------------------------------------------------

Interp::Interp(Module module) : module_(std::move(module)) {
    g_current = this;
    recursion::state().limit = recursion::kDefaultLimit;  // each run starts at CPython's default
    bigint::max_str_digits() = bigint::kDefaultMaxStrDigits;
    globals_ = Ref<Frame>(new Frame);
    globals_->kind = Frame::Kind::Module;
    globals_->module = globals_.get();
    install_builtins(*this, builtins_, modules_);
    super_ = builtin("super");
    exception_repr_hook = user_exception_repr;
    load_asyncio_prelude(*this, *module_named("asyncio"));
}

Frame& Interp::run_library(const std::string& source, const std::string& filename) {
    libraries_.push_back(std::make_unique<Module>(parse_module(source, filename)));
    Ref<Frame> g(new Frame);
    g->kind = Frame::Kind::Module;
    g->module = g.get();
    g->set_local(intern("__name__"), Value(filename));
    library_globals_.push_back(g);
    exec_block(libraries_.back()->body, *g);
    line_ = 0;
    return *g;
}

Interp::~Interp() {
    // Frames and functions refer to each other (a function's closure is the
    // frame that holds it); clearing the globals breaks the common cycles.
    sink_ = nullptr;  // generators closed below may print; their output has nowhere to go
    globals_->names().clear();
    for (Ref<Frame>& g : library_globals_) g->names().clear();
    if (g_current == this) g_current = nullptr;
}

void Interp::run_module(const std::string& name) {
    g_current = this;
    globals_->set_local(intern("__name__"), Value(name));
    globals_->set_local(intern("__file__"), Value(module_.filename));
    try {
        recursion::Scope level;  // the module's frame
        exec_block(module_.body, *globals_);
    } catch (PyError& e) {
        note_frame(e.exc, *globals_, globals_->line);
        throw;
    }
}

Value* Interp::global(std::string_view name) { return globals_->find_local(intern(name)); }

Value Interp::builtin(std::string_view name) {
    auto it = builtins_.find(intern(name));
    return it == builtins_.end() ? Value{} : it->second;
}

ModuleObj* Interp::module_named(const std::string& name) {
    auto it = modules_.find(name);
    return it == modules_.end() ? nullptr : as<ModuleObj>(it->second);
}

Value Interp::make_dict() { return obj_value(new DictObj); }

// ---- names -----------------------------------------------------------------------

Value Interp::lookup(Sym s, Frame& f, const Expr& where) {
    Frame* fr = &f;
    while (fr != nullptr) {
        if (Value* v = fr->find_local(s)) return *v;
        if (fr->kind == Frame::Kind::Function && fr->def != nullptr) {
            // A local of this function (marked by scopes.cpp), or of an
            // enclosing one, that is not bound yet.
            if (fr == &f ? where.is_local : fr->def->binds(s)) {
                line_ = where.line;
                if (fr == &f)
                    raise(UnboundLocalError, "cannot access local variable '" + sym_name(s) + "' where it is not associated with a value");
                raise(NameError, "cannot access free variable '" + sym_name(s) + "' where it is not associated with a value in enclosing scope");
            }
        }
        if (fr->kind == Frame::Kind::Module) break;
        if (fr->kind == Frame::Kind::Class) {
            fr = fr->module;
        } else {
            fr = fr->parent ? fr->parent.get() : fr->module;
        }
    }
    auto it = builtins_.find(s);
    if (it != builtins_.end()) return it->second;
    line_ = where.line;
    raise(NameError, "name '" + sym_name(s) + "' is not defined");
}

void Interp::store(Sym s, Frame& f, Value v) {
    if (f.def != nullptr) {
        const auto& g = f.def->globals;
        if (!g.empty() && std::find(g.begin(), g.end(), s) != g.end()) {
            f.module->set_local(s, std::move(v));
            return;
        }
        const auto& nl = f.def->nonlocals;
        if (!nl.empty() && std::find(nl.begin(), nl.end(), s) != nl.end()) {
            for (Frame* fr = f.parent.get(); fr != nullptr; fr = fr->parent.get()) {
                if (Value* slot = fr->find_local(s)) {
                    *slot = std::move(v);
                    return;
                }
            }
            raise(exc_types::RuntimeError, "no binding for nonlocal '" + sym_name(s) + "' found");
        }
    }
    f.set_local(s, std::move(v));
}

void Interp::assign(const Expr& t, Frame& f, Value v) {
    switch (t.kind) {
        case EK::Name: return store(t.name, f, std::move(v));
        case EK::Attribute: return set_attr(eval(*t.a, f), t.name, std::move(v));
        case EK::Subscript: {
            Value obj = eval(*t.a, f);
            Value key = eval(*t.b, f);
            return set_item(obj, key, std::move(v));
        }
        case EK::Tuple:
        case EK::List: {
            std::vector<Value> items = to_vector(v);
            std::size_t star = t.items.size();
            for (std::size_t i = 0; i < t.items.size(); ++i)
                if (t.items[i]->kind == EK::Starred) star = i;
            if (star == t.items.size()) {
                if (items.size() > t.items.size())
                    raise(exc_types::ValueError, "too many values to unpack (expected " + std::to_string(t.items.size()) + ")");
                if (items.size() < t.items.size())
                    raise(exc_types::ValueError, "not enough values to unpack (expected " + std::to_string(t.items.size()) +
                                                     ", got " + std::to_string(items.size()) + ")");
                for (std::size_t i = 0; i < items.size(); ++i) assign(*t.items[i], f, items[i]);
                return;
            }
            const std::size_t after = t.items.size() - star - 1;
            if (items.size() < star + after)
                raise(exc_types::ValueError, "not enough values to unpack (expected at least " +
                                                 std::to_string(star + after) + ", got " + std::to_string(items.size()) + ")");
            for (std::size_t i = 0; i < star; ++i) assign(*t.items[i], f, items[i]);
            std::vector<Value> rest(items.begin() + static_cast<std::ptrdiff_t>(star),
                                    items.end() - static_cast<std::ptrdiff_t>(after));
            assign(*t.items[star]->a, f, Value::list(std::move(rest)));
            for (std::size_t i = 0; i < after; ++i) assign(*t.items[star + 1 + i], f, items[items.size() - after + i]);
            return;
        }
        default: raise(exc_types::RuntimeError, "cannot assign");
    }
}

void Interp::del(const Expr& t, Frame& f) {
    switch (t.kind) {
        case EK::Name:
            if (f.def != nullptr && std::find(f.def->globals.begin(), f.def->globals.end(), t.name) != f.def->globals.end()) {
                if (f.module->erase_local(t.name)) return;
                raise(NameError, "name '" + sym_name(t.name) + "' is not defined");
            }
            if (f.erase_local(t.name)) return;
            if (f.kind == Frame::Kind::Function && f.def != nullptr && f.def->binds(t.name))
                raise(UnboundLocalError, "cannot access local variable '" + sym_name(t.name) + "' where it is not associated with a value");
            raise(NameError, "name '" + sym_name(t.name) + "' is not defined");
            return;
        case EK::Subscript: {
            Value obj = eval(*t.a, f);
            Value key = eval(*t.b, f);
            if (DictObj* d = as<DictObj>(obj)) {
                if (!d->erase(key)) raise(Exc(new ExceptionObject(exc_types::KeyError, {key})));
                return;
            }
            if (obj.kind() == Value::Kind::List && bigint::is_integer(key)) {
                auto& items = obj.mutable_items();
                if (key.kind() == Value::Kind::BigInt) raise(exc_types::IndexError, "cannot fit 'int' into an index-sized integer");
                std::int64_t i = key.as_int();
                const auto n = static_cast<std::int64_t>(items.size());
                if (i < 0) i += n;
                if (i < 0 || i >= n) raise(exc_types::IndexError, "list assignment index out of range");
                items.erase(items.begin() + i);
                return;
            }
            raise(exc_types::TypeError, "'" + type_name(obj) + "' object doesn't support item deletion");
        }
        case EK::Attribute: {
            Value obj = eval(*t.a, f);
            if (InstanceObj* inst = as<InstanceObj>(obj)) {
                if (inst->attrs.erase(t.name) > 0) return;
            }
            raise(AttributeError, "'" + type_name(obj) + "' object has no attribute '" + sym_name(t.name) + "'");
        }
        case EK::Tuple:
        case EK::List:
            for (auto& i : t.items) del(*i, f);
            return;
        default: raise(exc_types::RuntimeError, "cannot delete");
    }
}

// ---- statements --------------------------------------------------------------------

namespace {
// `x += y`: lists (and sets, dicts) change in place, as their __iadd__ does.
Value inplace_op(BinOpKind op, const Value& a, const Value& b, Interp& in) {
    if (a.kind() == Value::Kind::List && op == BinOpKind::Add) {
        std::vector<Value> extra = in.to_vector(b);
        Value list = a;
        auto& items = list.mutable_items();
        items.insert(items.end(), extra.begin(), extra.end());
        return list;
    }
    if (a.kind() == Value::Kind::Set && (op == BinOpKind::BitOr)) {
        Value r = binary_op(op, a, b);
        Value s = a;
        s.mutable_items() = r.items();
        return s;
    }
    if (DictObj* d = as<DictObj>(a); d != nullptr && op == BinOpKind::BitOr) {
        if (DictObj* o = as<DictObj>(b)) o->for_each([&](const Value& k, const Value& v) { d->set(k, v); });
        return a;
    }
    return binary_op(op, a, b);
}
}  // namespace

Exc Interp::make_raise(const Value& v) {
    if (v.kind() == Value::Kind::Exception) return v.as_exception();
    if (ClassObj* c = as<ClassObj>(v); c != nullptr && c->exc_type != nullptr) {
        Args none;
        Value inst = instantiate(*c, none);
        if (inst.kind() == Value::Kind::Exception) return inst.as_exception();
    }
    return make_exception(exc_types::TypeError, "exceptions must derive from BaseException");
}

void Interp::raise_stmt(const Stmt& s, Frame& f, const Value* v) {
    last_raise_bare_ = !s.value;
    if (!s.value) {
        if (f.handling) raise(f.handling);
        raise(exc_types::RuntimeError, "No active exception to reraise");
    }
    Exc e = make_raise(v != nullptr ? *v : eval(*s.value, f));
    note_frame(e, f, s.line, true);
    raise(std::move(e));
}

// The decorators are evaluated first, top to bottom, then applied to what
// the statement made, bottom first (compile.c: compiler_decorators).
std::vector<Value> Interp::eval_decorators(const Stmt& s, Frame& f) {
    std::vector<Value> out;
    out.reserve(s.decorators.size());
    for (const ExprP& d : s.decorators) out.push_back(eval(*d, f));
    return out;
}

Value Interp::apply_decorators(std::vector<Value> decorators, Value made) {
    for (auto it = decorators.rbegin(); it != decorators.rend(); ++it) made = call1(*it, std::move(made));
    return made;
}

void Interp::exec_def(const Stmt& s, Frame& f) {
    std::vector<Value> decorators = eval_decorators(s, f);
    std::vector<Value> defaults;
    for (const Param& p : s.func->params) defaults.push_back(p.default_value ? eval(*p.default_value, f) : Value{});
    store(s.func->sym, f, apply_decorators(std::move(decorators), make_function(s.func, f, std::move(defaults))));
}

Value Interp::make_function(const std::shared_ptr<FuncDef>& def, Frame& f, std::vector<Value> defaults) {
    auto* fn = new FunctionObj;
    fn->def = def;
    fn->module = f.module;
    if (f.kind == Frame::Kind::Function || f.kind == Frame::Kind::Comprehension) {
        fn->closure = Ref<Frame>(&f);
    } else if (f.kind == Frame::Kind::Class) {
        fn->closure = f.parent;
    }
    fn->defaults = std::move(defaults);
    fn->qualname = def->name;
    return obj_value(fn);
}

void Interp::exec_import(const Stmt& s, Frame& f) {
    if (s.kind == SK::Import) {
        for (const ImportName& n : s.names) {
            const std::string top = n.module.substr(0, n.module.find('.'));
            auto it = modules_.find(n.module);
            if (it == modules_.end()) raise(ModuleNotFoundError, "No module named '" + n.module + "'");
            if (n.asname) {
                store(n.asname, f, it->second);
            } else {
                store(intern(top), f, modules_.at(top));
            }
        }
        return;
    }
    auto it = modules_.find(s.module);
    if (it == modules_.end()) raise(ModuleNotFoundError, "No module named '" + s.module + "'");
    ModuleObj* m = as<ModuleObj>(it->second);
    for (const ImportName& n : s.names) {
        const Sym name = intern(n.module);
        auto a = m->attrs.find(name);
        if (a == m->attrs.end())
            raise(ImportError, "cannot import name '" + n.module + "' from '" + s.module + "' (unknown location)");
        store(n.asname ? n.asname : name, f, a->second);
    }
}

// ---- expressions ----------------------------------------------------------------------

namespace {
void add_positional(Interp& in, Args& args, const Expr& item, Value v) {
    if (item.kind == EK::Starred) {
        std::vector<Value> extra = in.to_vector(v);
        args.pos.insert(args.pos.end(), extra.begin(), extra.end());
    } else {
        args.pos.push_back(std::move(v));
    }
}

void add_keyword(Args& args, Sym name, Value v) {
    if (name != 0) {
        args.kw.emplace_back(name, std::move(v));
        return;
    }
    DictObj* d = as<DictObj>(v);
    if (d == nullptr) raise(exc_types::TypeError, "argument after ** must be a mapping, not " + type_name(v));
    d->for_each([&](const Value& k, const Value& val) {
        if (k.kind() != Value::Kind::Str) raise(exc_types::TypeError, "keywords must be strings");
        args.kw.emplace_back(intern(k.as_str()), val);
    });
}

void set_add(Value& set, Value v) {
    (void)hash_value(v);
    auto& items = set.mutable_items();
    for (const Value& x : items)
        if (x == v) return;
    items.push_back(std::move(v));
}

}  // namespace

Value Interp::formatted(const Expr& e, const Value& v, Frame& f) {
    std::string text;
    std::string spec;
    if (e.b) spec = eval(*e.b, f).as_str();
    if (e.op == 'r') {
        text = to_repr(v);
    } else if (e.op == 's') {
        text = to_str(v);
    } else if (e.op == 'a') {
        text = to_repr(v);
    } else {
        return Value(spec.empty() ? to_str(v) : format_spec(v, spec));
    }
    return Value(spec.empty() ? text : format_spec(Value(text), spec));
}

const Handler* Interp::match_handler(const Stmt& s, const Exc& e, Frame& f) {
    for (const Handler& h : s.handlers) {
        if (!h.type) return &h;
        if (exception_matches(e, eval(*h.type, f))) return &h;
    }
    return nullptr;
}

Value Interp::unary_op(UnaryKind op, const Value& v) {
    switch (op) {
        case UnaryKind::Not: return Value(!truthy(v));
        case UnaryKind::Neg:
            if (v.kind() == Value::Kind::Float) return Value(-v.as_float());
            if (!bigint::is_integer(v)) raise(exc_types::TypeError, "bad operand type for unary -: '" + type_name(v) + "'");
            if (v.kind() == Value::Kind::BigInt || v.as_int() == INT64_MIN) return int_negate(v);
            return Value(-v.as_int());
        case UnaryKind::Pos:
            if (v.kind() == Value::Kind::Bool) return Value(v.as_int());
            if (!bigint::is_integer(v) && v.kind() != Value::Kind::Float)
                raise(exc_types::TypeError, "bad operand type for unary +: '" + type_name(v) + "'");
            return v;
        case UnaryKind::Invert:
            if (!bigint::is_integer(v)) raise(exc_types::TypeError, "bad operand type for unary ~: '" + type_name(v) + "'");
            if (v.kind() == Value::Kind::BigInt) return int_invert(v);
            return Value(~v.as_int());
    }
    return v;
}

// The methods `with` (or `async with`) calls on a user object, looked up on
// its class as CPython does (special methods skip the instance).
Interp::ContextProtocol Interp::context_protocol(const Value& cm, bool is_async) {
    static const Sym s_enter = intern("__enter__"), s_exit = intern("__exit__");
    static const Sym s_aenter = intern("__aenter__"), s_aexit = intern("__aexit__");
    Value cls = type_of(cm);
    const ClassObj* c = as<ClassObj>(cls);
    const Value* enter = c != nullptr ? c->lookup(is_async ? s_aenter : s_enter) : nullptr;
    const Value* exit = c != nullptr ? c->lookup(is_async ? s_aexit : s_exit) : nullptr;
    if (enter == nullptr || exit == nullptr) {
        // CPython 3.11 names the missing half from 3.12 on; the common
        // first line (the protocol) is the same on all.
        raise(exc_types::TypeError, "'" + type_name(cm) + "' object does not support the " +
                                        (is_async ? "asynchronous " : "") + "context manager protocol");
    }
    return {*enter, *exit};
}

// ---- the evaluator ----------------------------------------------------------------------

// `PY_EVAL(e, f)` in the async build: an await-free expression is evaluated
// on the spot (no coroutine frame); one with an `await` runs as a child
// frame of the current chain, like `co_await eval_a(e, f)`.
struct EvalOp {
    Interp* in;
    const Expr* e;
    Frame* f;
    struct Awaiter {
        Interp* in;
        const Expr* e;
        Frame* f;
        Value value;
        std::optional<detail::ChildAwaiter<Value>> child;
        bool await_ready() {
            if (!e->has_await) {
                value = in->eval(*e, *f);
                return true;
            }
            child.emplace(detail::ChildAwaiter<Value>{in->eval_a(*e, *f)});
            return false;
        }
        std::coroutine_handle<> await_suspend(std::coroutine_handle<> h) noexcept { return child->await_suspend(h); }
        Value await_resume() { return child ? child->await_resume() : std::move(value); }
    };
    Awaiter awaiter() && { return {in, e, f, {}, {}}; }
};

// `yield v` in a generator's frame: leaves v in the generator and suspends
// its chain, as a bare yield does; next() (or `async for`) finds it there.
// The value sent back in is always None (send() is not supported).
struct YieldOp {
    GeneratorObj* gen;
    Value value;
    struct Awaiter {
        GeneratorObj* gen;
        Value value;
        bool await_ready() const noexcept { return false; }
        void await_suspend(std::coroutine_handle<> h) noexcept {
            gen->yielded = std::move(value);
            gen->has_yielded = true;
            detail::suspend_at(h, StepOutcome::yielded());
        }
        Value await_resume() {
            detail::deliver_throw();
            return Value{};
        }
    };
    Awaiter awaiter() && { return {gen, std::move(value)}; }
};

YieldOp yield_value(Frame& f, Value v, int) {
    if (f.generator == nullptr) raise(exc_types::RuntimeError, "yield outside a generator");
    return {f.generator, std::move(v)};
}

// The statement is `await E`, `T = await E` or `return await E` with no other
// await inside: its Await node, for exec_block_a's short path.
const Expr* simple_await(const Stmt& s) {
    if (!s.has_await) return nullptr;
    const Expr* v = nullptr;
    if (s.kind == SK::Expr || s.kind == SK::Return) {
        v = s.value.get();
    } else if (s.kind == SK::Assign) {
        for (const ExprP& t : s.targets)
            if (t->has_await) return nullptr;
        v = s.value.get();
    }
    if (v == nullptr || v->kind != EK::Await || v->a->has_await) return nullptr;
    return v;
}

#define PY_ASYNC 0
#include "engine/py/evaluator.inc"
#undef PY_ASYNC
#define PY_ASYNC 1
#include "engine/py/evaluator.inc"
#undef PY_ASYNC

// The body of an `async with` over an engine context manager, as the
// coroutine the manager runs: it reports how the block ended.
Coro<Value> Interp::with_body(const Stmt& s, Frame& f, std::size_t item, Value bound) {
    const WithItem& w = s.items[item];
    if (w.target) assign(*w.target, f, std::move(bound));
    Flow fl = Flow::Normal;
    if (item + 1 < s.items.size()) {
        fl = co_await exec_with_a(s, f, item + 1);
    } else {
        fl = co_await exec_block_a(s.body, f);
    }
    co_return flow_value(fl);
}

// ---- calls -------------------------------------------------------------------------------

Value Interp::call(const Value& callee, Args& args) {
    if (FunctionObj* fn = as<FunctionObj>(callee)) return bind_and_run(*fn, args, nullptr);
    if (BuiltinObj* b = as<BuiltinObj>(callee)) {
        if (b->method != 0) return call_method(b->self, b->method, args);
        return b->fn(*this, b->self, args);
    }
    if (BoundMethodObj* m = as<BoundMethodObj>(callee)) {
        if (FunctionObj* fn = as<FunctionObj>(m->func)) return bind_and_run(*fn, args, &m->self);
        args.pos.insert(args.pos.begin(), m->self);
        return call(m->func, args);
    }
    if (ClassObj* c = as<ClassObj>(callee)) return instantiate(*c, args);
    raise(exc_types::TypeError, "'" + type_name(callee) + "' object is not callable");
}

namespace {
// Which parameters a call has given a value: no allocation for the usual few.
class ParamFlags {
public:
    explicit ParamFlags(std::size_t n) {
        if (n > small_.size()) big_.resize(n);
    }
    [[nodiscard]] bool get(std::size_t i) const { return big_.empty() ? small_[i] : big_[i]; }
    void mark(std::size_t i) {
        if (big_.empty()) {
            small_[i] = true;
        } else {
            big_[i] = true;
        }
    }

private:
    std::array<bool, 32> small_{};
    std::vector<bool> big_;
};
}  // namespace

Ref<Frame> Interp::bind_args(FunctionObj& fn, Args& args, const Value* self) {
    const FuncDef& def = *fn.def;
    Ref<Frame> fr(new Frame);
    fr->kind = Frame::Kind::Function;
    fr->def = &def;
    fr->parent = fn.closure;
    fr->module = fn.module;
    fr->owner = fn.owner;
    const std::string& name = fn.qualname;

    std::vector<Value> pos;
    if (self != nullptr) {
        pos.reserve(args.pos.size() + 1);
        pos.push_back(*self);
        pos.insert(pos.end(), args.pos.begin(), args.pos.end());
    }
    const std::vector<Value>& positional = self != nullptr ? pos : args.pos;

    std::size_t n_positional = 0;
    const Param* varargs = nullptr;
    const Param* varkw = nullptr;
    for (const Param& p : def.params) {
        if (p.kind == Param::Kind::Positional) ++n_positional;
        if (p.kind == Param::Kind::VarArgs) varargs = &p;
        if (p.kind == Param::Kind::VarKeywords) varkw = &p;
    }
    ParamFlags set(def.params.size());
    std::size_t pi = 0;
    std::vector<Value> extra;
    for (const Value& v : positional) {
        if (pi < n_positional) {
            fr->vars.emplace_back(def.params[pi].name, v);
            set.mark(pi);
            ++pi;
        } else if (varargs != nullptr) {
            extra.push_back(v);
        } else {
            std::size_t with_default = 0;
            for (std::size_t i = 0; i < n_positional; ++i)
                if (def.params[i].default_value) ++with_default;
            std::string takes = with_default > 0 ? "from " + std::to_string(n_positional - with_default) + " to " + std::to_string(n_positional)
                                                 : std::to_string(n_positional);
            raise(exc_types::TypeError, name + "() takes " + takes + " positional argument" + (n_positional == 1 && with_default == 0 ? "" : "s") +
                                            " but " + std::to_string(positional.size()) + (positional.size() == 1 ? " was" : " were") + " given");
        }
    }
    if (varargs != nullptr) fr->vars.emplace_back(varargs->name, Value::tuple(std::move(extra)));
    Value kwdict;
    if (varkw != nullptr) kwdict = make_dict();
    for (auto& [k, v] : args.kw) {
        bool found = false;
        for (std::size_t i = 0; i < def.params.size(); ++i) {
            const Param& p = def.params[i];
            if (p.name != k || (p.kind != Param::Kind::Positional && p.kind != Param::Kind::KeywordOnly)) continue;
            if (set.get(i)) raise(exc_types::TypeError, name + "() got multiple values for argument '" + sym_name(k) + "'");
            fr->vars.emplace_back(k, v);
            set.mark(i);
            found = true;
            break;
        }
        if (found) continue;
        if (varkw == nullptr)
            raise(exc_types::TypeError, name + "() got an unexpected keyword argument '" + sym_name(k) + "'");
        as<DictObj>(kwdict)->set(Value(sym_name(k)), v);
    }
    fr->call_positional = static_cast<std::uint8_t>(std::min<std::size_t>(pi, 255));
    fr->call_given = static_cast<std::uint8_t>(std::min<std::size_t>(fr->vars.size(), 255));
    std::vector<std::string> missing;
    std::vector<std::string> missing_kw;
    for (std::size_t i = 0; i < def.params.size(); ++i) {
        const Param& p = def.params[i];
        if (set.get(i) || (p.kind != Param::Kind::Positional && p.kind != Param::Kind::KeywordOnly)) continue;
        if (p.default_value) {
            fr->vars.emplace_back(p.name, fn.defaults[i]);
        } else {
            (p.kind == Param::Kind::Positional ? missing : missing_kw).push_back("'" + sym_name(p.name) + "'");
        }
    }
    auto report = [&](std::vector<std::string>& names, const char* what) {
        std::string list;
        for (std::size_t i = 0; i < names.size(); ++i) {
            if (i > 0) list += names.size() == 2 ? " and " : (i + 1 == names.size() ? ", and " : ", ");
            list += names[i];
        }
        raise(exc_types::TypeError, name + "() missing " + std::to_string(names.size()) + " required " + what +
                                        " argument" + (names.size() == 1 ? "" : "s") + ": " + list);
    };
    if (!missing.empty()) report(missing, "positional");
    if (!missing_kw.empty()) report(missing_kw, "keyword-only");
    if (varkw != nullptr) fr->vars.emplace_back(varkw->name, kwdict);
    return fr;
}

Value Interp::bind_and_run(FunctionObj& fn, Args& args, const Value* self) {
    Ref<Frame> fr = bind_args(fn, args, self);
    if (fn.def->is_generator) {
        auto* g = new GeneratorObj;
        g->func = Ref<FunctionObj>(&fn);
        fr->generator = g;
        g->frame = std::move(fr);
        return obj_value(g);
    }
    if (fn.def->is_async) {
        auto* co = new CoroutineObj;
        co->func = Ref<FunctionObj>(&fn);
        co->frame = std::move(fr);
        return obj_value(co);
    }
    // A Python frame: one level of sys.getrecursionlimit() (engine/recursion.hpp).
    recursion::Scope level;
    Flow fl = Flow::Normal;
    try {
        fl = exec_block(fn.def->body, *fr);
    } catch (PyError& e) {
        note_frame(e.exc, *fr, fr->line);
        throw;
    }
    return fl == Flow::Return ? fr->ret : Value{};
}

// ---- coroutines and tasks ------------------------------------------------------------

Coro<Value> Interp::run_coroutine(Ref<CoroutineObj> co) {
    Frame& f = *co->frame;
    Flow fl = Flow::Normal;
    try {
        fl = co_await exec_block_a(co->func->def->body, f);
    } catch (PyError& e) {
        note_frame(e.exc, f, f.line);
        throw;
    }
    Value result = fl == Flow::Return ? std::move(f.ret) : Value{};
    f.ret = Value{};
    co_return result;
}

bool Interp::is_coroutine(const Value& v) const { return as<CoroutineObj>(v) != nullptr || as<AioCoroObj>(v) != nullptr; }

void AwaitValue::Awaiter::destroy() noexcept {
    switch (mode_) {
        case Mode::Value: u_.value.~Value(); break;
        case Mode::Future: u_.future.~FutureAwaiter(); break;
        case Mode::Sleep: u_.sleep.~SleepParts(); break;
        case Mode::Child: u_.child.~ChildAwaiter(); break;
    }
}

bool AwaitValue::Awaiter::await_ready() {
    detail::running_chain().line = line_;
    const Value& v = u_.value;
    // Switching the union's member: the value stays a valid (empty) Value
    // until the new member is made, so a throw on the way leaves nothing
    // half-destroyed.
    if (v.kind() == Value::Kind::Future) {
        Ref<Future> fut = v.as_future();
        u_.value.~Value();
        new (&u_.future) loopscope::detail::FutureAwaiter{std::move(fut)};
        mode_ = Mode::Future;
        return u_.future.await_ready();
    }
    Coro<Value> frames;
    if (CoroutineObj* co = as<CoroutineObj>(v)) {
        if (co->started) raise(exc_types::RuntimeError, "cannot reuse already awaited coroutine");
        // The coroutine's frame joins this chain: one recursion level, as
        // CPython's frame for it is, until it ends (await_resume).
        recursion::State& rs = recursion::state();
        if (rs.depth >= std::min(rs.limit, kMaxAwaitDepth) ||
            !recursion::chain_stack_ok(loopscope::detail::current_resumption->stack_start)) {
            recursion::raise_error("");
        }
        co->started = true;
        frames = in_->run_coroutine(Ref<CoroutineObj>(co));
        ++rs.depth;
        counted_ = true;
    } else if (AioCoroObj* a = as<AioCoroObj>(v)) {
        if (a->taken()) raise(exc_types::RuntimeError, "cannot reuse already awaited coroutine");
        const Value keep = std::move(u_.value);  // the coroutine object, alive while its parts move out
        if (a->sleep) {
            aio::Sleep op = std::move(*a->sleep);
            a->sleep.reset();
            u_.value.~Value();
            new (&u_.sleep) SleepParts(std::move(op));
            mode_ = Mode::Sleep;
            return u_.sleep.aw.await_ready();
        }
        frames = std::move(a->coro);
    } else {
        raise(exc_types::TypeError, "object " + type_name(v) + " can't be used in 'await' expression");
    }
    u_.value.~Value();
    new (&u_.child) loopscope::detail::ChildAwaiter<Value>{std::move(frames)};
    mode_ = Mode::Child;
    return u_.child.await_ready();
}

std::coroutine_handle<> AwaitValue::Awaiter::await_suspend(std::coroutine_handle<> h) noexcept {
    switch (mode_) {
        case Mode::Future: u_.future.await_suspend(h); break;
        case Mode::Sleep: u_.sleep.aw.await_suspend(h); break;
        case Mode::Child: return u_.child.await_suspend(h);
        case Mode::Value: break;  // await_ready has always chosen a mode
    }
    return std::noop_coroutine();
}

Value AwaitValue::Awaiter::await_resume() {
    switch (mode_) {
        case Mode::Future: return u_.future.await_resume();
        case Mode::Sleep: return u_.sleep.aw.await_resume();
        case Mode::Child:
            if (counted_) {
                counted_ = false;
                --recursion::state().depth;
            }
            return u_.child.await_resume();
        case Mode::Value: break;
    }
    return Value{};
}

std::unique_ptr<CoroutineBody> Interp::make_task_body(const Value& coro) {
    if (CoroutineObj* co = as<CoroutineObj>(coro)) {
        if (co->started) raise(exc_types::RuntimeError, "cannot reuse already awaited coroutine");
        co->started = true;
        Coro<Flow> block = exec_block_a(co->func->def->body, *co->frame);
        // The task shows the Python function's name (the tree outlives every task).
        block.handle().promise().function_name = co->func->def->name.c_str();
        auto body = std::make_unique<CoroBody<Flow, PyFrameEnd>>(std::move(block), PyFrameEnd{this, co->frame});
        body->set_depth(1);  // the coroutine's own frame
        return body;
    }
    if (AioCoroObj* a = as<AioCoroObj>(coro)) {
        if (a->taken()) raise(exc_types::RuntimeError, "cannot reuse already awaited coroutine");
        return make_body(a->take());
    }
    raise(exc_types::TypeError, "a coroutine was expected, got " + to_repr(coro));
}

// ---- generators -----------------------------------------------------------------------

Coro<Value> Interp::run_frame(Ref<Frame> fr, const FuncDef* def) {
    Flow fl = Flow::Normal;
    try {
        fl = co_await exec_block_a(def->body, *fr);
    } catch (PyError& e) {
        note_frame(e.exc, *fr, fr->line);
        throw;
    }
    Value result = fl == Flow::Return ? std::move(fr->ret) : Value{};
    fr->ret = Value{};
    co_return result;
}

std::unique_ptr<CoroutineBody> Interp::generator_body(GeneratorObj& g) {
    auto body = std::make_unique<CoroBody<Value>>(run_frame(g.frame, g.func->def.get()));
    body->set_depth(1);  // the generator's frame, one recursion level while it runs
    return body;
}

bool Interp::generator_next(GeneratorObj& g, Value& out) {
    if (g.func->def->is_async) raise(exc_types::TypeError, "'async_generator' object is not an iterator");
    if (g.finished) return false;
    if (g.running) raise(exc_types::ValueError, "generator already executing");
    if (!g.body) g.body = generator_body(g);
    g.running = true;
    g.has_yielded = false;
    const int saved_line = line_;
    StepOutcome o = g.body->send();
    line_ = saved_line;
    g.running = false;
    if (o.kind == StepOutcome::Kind::Yielded && g.has_yielded) {
        out = std::move(g.yielded);
        g.yielded = Value{};
        return true;
    }
    g.finished = true;
    g.body.reset();
    if (o.kind == StepOutcome::Kind::Raised) raise(std::move(o.error));
    return false;
}

// One step of an async generator, driven from the task that iterates it:
// its awaits block this task (the future is awaited here, then the
// generator resumes and takes the result itself), its `yield` ends the step.
Coro<bool> Interp::async_generator_next(GeneratorObj& g, Value& out) {
    if (g.finished) co_return false;
    if (g.running) raise(exc_types::RuntimeError, "anext(): asynchronous generator is already running");
    if (!g.body) g.body = generator_body(g);
    Ref<GeneratorObj> keep(&g);
    g.running = true;
    g.has_yielded = false;
    StepOutcome o = g.body->send();
    for (;;) {
        if (o.kind == StepOutcome::Kind::Yielded && g.has_yielded) {
            g.running = false;
            out = std::move(g.yielded);
            g.yielded = Value{};
            co_return true;
        }
        if (o.kind == StepOutcome::Kind::Returned || o.kind == StepOutcome::Kind::Raised) {
            g.running = false;
            g.finished = true;
            g.body.reset();
            if (o.kind == StepOutcome::Kind::Raised) raise(std::move(o.error));
            co_return false;
        }
        Exc thrown;
        Ref<Future> awaited = o.awaited;
        try {
            if (o.kind == StepOutcome::Kind::Awaiting) {
                (void)co_await awaited;
            } else {
                co_await bare_yield();
            }
        } catch (PyError& e) {
            // The future's own exception reaches the generator when it
            // takes the result; anything else (a cancellation of this
            // task) is thrown in where the generator waits.
            if (!(awaited && awaited->done())) thrown = std::move(e.exc);
        }
        if (thrown) {
            o = g.body->throw_in(std::move(thrown));
        } else {
            o = g.body->send();
        }
    }
}

// `async for`'s iterator: an async generator, or what __aiter__ returns.
Interp::AsyncIteration Interp::async_iter(const Value& iterable) {
    static const Sym s_aiter = intern("__aiter__");
    AsyncIteration a{iterable, as<GeneratorObj>(iterable)};
    if (a.gen != nullptr && a.gen->func->def->is_async) return a;
    const ClassObj* c = as<ClassObj>(type_of(iterable));
    const Value* aiter = c != nullptr ? c->lookup(s_aiter) : nullptr;
    if (aiter == nullptr)
        raise(exc_types::TypeError, "'async for' requires an object with __aiter__ method, got " + type_name(iterable));
    a.it = call1(*aiter, iterable);
    a.gen = as<GeneratorObj>(a.it);
    if (a.gen != nullptr && !a.gen->func->def->is_async) a.gen = nullptr;
    return a;
}

Coro<bool> Interp::async_next(AsyncIteration& a, Value& item, int line) {
    static const Sym s_anext = intern("__anext__");
    if (a.gen != nullptr) co_return co_await async_generator_next(*a.gen, item);
    Args none_args;
    Value aw = call_method(a.it, s_anext, none_args);
    try {
        item = co_await await_value(std::move(aw), line);
    } catch (PyError& e) {
        if (!e.exc->is(StopAsyncIteration)) throw;
        co_return false;
    }
    co_return true;
}

// `async for`: an async generator, or an object with __aiter__/__anext__
// (StopAsyncIteration ends the loop).
Coro<Flow> Interp::async_for(const Stmt& s, Frame& f, Value iterable) {
    AsyncIteration a = async_iter(iterable);
    for (;;) {
        Value item;
        const bool more = co_await async_next(a, item, s.line);
        if (!more) break;
        assign(*s.targets[0], f, std::move(item));
        const Flow fl = co_await exec_block_a(s.body, f);
        if (fl == Flow::Break) co_return Flow::Normal;
        if (fl == Flow::Return) co_return fl;
    }
    co_return co_await exec_block_a(s.orelse, f);
}

// gen.close(), and what CPython's generator finalizer does when a suspended
// generator is freed (a `for` left by break): GeneratorExit is thrown in at
// the yield, so its finally blocks run. An async generator is left alone
// (CPython closes those through the loop's asyncgen hooks).
void close_generator(GeneratorObj& g) {
    if (!g.body || g.finished || g.running || g.func->def->is_async) return;
    g.running = true;
    g.has_yielded = false;
    StepOutcome o = g.body->throw_in(make_exception(GeneratorExit));
    g.running = false;
    g.finished = true;
    g.body.reset();
    if (o.kind == StepOutcome::Kind::Yielded) raise(exc_types::RuntimeError, "generator ignored GeneratorExit");
    if (o.kind == StepOutcome::Kind::Raised && !o.error->is(GeneratorExit)) raise(std::move(o.error));
}

std::optional<Value> py_iter(const Value& v) {
    static const Sym s_iter = intern("__iter__");
    if (GeneratorObj* g = as<GeneratorObj>(v)) {
        if (g->func->def->is_async) return std::nullopt;
        return v;
    }
    if (InstanceObj* inst = as<InstanceObj>(v)) {
        if (const Value* m = inst->cls->lookup(s_iter)) return current_interp()->call1(*m, v);
    }
    return std::nullopt;
}

Value iter_object(const Value& v) {
    if (std::optional<Value> it = py_iter(v)) return std::move(*it);
    return obj_value(new IteratorObj(Iterator(v)));
}

bool py_next(const Value& it, Value& out) {
    static const Sym s_next = intern("__next__");
    if (GeneratorObj* g = as<GeneratorObj>(it)) return current_interp()->generator_next(*g, out);
    InstanceObj* inst = as<InstanceObj>(it);
    const Value* m = inst != nullptr ? inst->cls->lookup(s_next) : nullptr;
    if (m == nullptr) raise(exc_types::TypeError, "'" + type_name(it) + "' object is not an iterator");
    try {
        out = current_interp()->call1(*m, it);
    } catch (PyError& e) {
        if (e.exc->is(StopIteration)) return false;
        throw;
    }
    return true;
}

// ---- super() ---------------------------------------------------------------------------

// Zero-argument super() in a method: the class the method was defined in,
// and the method's first argument (CPython's __class__ cell and self).
Value Interp::make_super(Frame& f) {
    Frame* fr = &f;
    while (fr != nullptr && fr->kind == Frame::Kind::Comprehension) fr = fr->parent.get();
    if (fr == nullptr || fr->def == nullptr) raise(exc_types::RuntimeError, "super(): no arguments");
    if (fr->owner == nullptr) raise(exc_types::RuntimeError, "super(): __class__ cell not found");
    if (fr->def->params.empty()) raise(exc_types::RuntimeError, "super(): no arguments");
    Value* self = fr->find_local(fr->def->params[0].name);
    if (self == nullptr) raise(exc_types::RuntimeError, "super(): arg[0] deleted");
    return obj_value(new SuperObj(fr->owner, *self));
}

namespace {
// BaseException.__init__(self, *args) and object.__init__, for super().__init__().
Value exception_init(Interp&, const Value& self, Args& a) {
    self.as_exception()->set_args(a.pos);
    return Value{};
}
Value object_init(Interp&, const Value&, Args& a) {
    if (!a.pos.empty() || !a.kw.empty())
        raise(exc_types::TypeError, "object.__init__() takes exactly one argument (the instance to initialize)");
    return Value{};
}
Value object_str(Interp&, const Value& self, Args&) { return Value(str(self)); }
Value object_repr(Interp&, const Value& self, Args&) { return Value(repr(self)); }
}  // namespace

std::optional<Value> Interp::super_attr(const SuperObj& s, Sym name) {
    static const Sym s_init = intern("__init__"), s_str = intern("__str__"), s_repr = intern("__repr__");
    for (const Ref<ClassObj>& b : s.cls->bases) {
        if (const Value* v = b->lookup(name)) {
            // Bound for the type super() was asked for: self's class, or self
            // when it is a class (super() in a classmethod), as CPython's.
            const ClassObj* type = as<ClassObj>(s.self);
            if (type == nullptr)
                if (const InstanceObj* inst = as<InstanceObj>(s.self)) type = inst->cls.get();
            return bind_class_attr(*v, as<ClassObj>(s.self) ? nullptr : &s.self, type ? *type : *b, name);
        }
    }
    // Past the user's classes: the built-in base's own methods.
    const bool exc = s.self.kind() == Value::Kind::Exception;
    if (name == s_init) return obj_value(new BuiltinObj("__init__", exc ? exception_init : object_init, s.self));
    if (name == s_str) return obj_value(new BuiltinObj("__str__", object_str, s.self));
    if (name == s_repr) return obj_value(new BuiltinObj("__repr__", object_repr, s.self));
    return std::nullopt;
}

// ---- guards ----------------------------------------------------------------------------

namespace {
// The peak resident set size: one getrusage call, cheap enough to make often.
std::uint64_t resident_bytes() {
    rusage usage{};
    if (getrusage(RUSAGE_SELF, &usage) != 0) return 0;
    return static_cast<std::uint64_t>(usage.ru_maxrss) * 1024;
}
}  // namespace

// Every 1024 statements: the statement count, the real time, then the memory in use.
void Interp::check_guards() {
    constexpr std::uint64_t kEvery = 1 << 10;
    next_guard_check_ = statements_ + kEvery;
    if (statements_ > max_statements)
        throw LoopStopped{{LoopStop::Reason::StepLimit,
                           "step limit of " + std::to_string(max_statements) + " Python statements reached"}};
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - started_;
    if (max_wall_seconds > 0 && elapsed.count() > max_wall_seconds) {
        char limit[32];
        std::snprintf(limit, sizeof limit, "%g", max_wall_seconds);
        throw LoopStopped{{LoopStop::Reason::TimeLimit, std::string("real-time limit of ") + limit + " s reached"}};
    }
    const std::uint64_t rss = resident_bytes();
    if (rss > max_memory_bytes)
        throw LoopStopped{{LoopStop::Reason::StepLimit, "memory limit of " + std::to_string(max_memory_bytes >> 20) +
                                                           " MiB reached (" + std::to_string(rss >> 20) + " MiB in use)"}};
}

void Interp::check_allocation(std::uint64_t bytes) {
    // Below this an allocation cannot take the run far past the limit
    // before the next per-statement check, and getrusage is not free.
    constexpr std::uint64_t kLarge = std::uint64_t{64} << 20;
    if (bytes < kLarge) return;
    if (bytes > max_memory_bytes || resident_bytes() + bytes > max_memory_bytes) raise(MemoryError);
}

void Interp::check_integer_size(std::uint64_t bits) {
    check_allocation(bits / 8 + 1);
    if (max_wall_seconds > 0 && bits > kMaxIntegerBits)
        throw LoopStopped{{LoopStop::Reason::TimeLimit,
                           "an integer of up to " + std::to_string(static_cast<std::uint64_t>(static_cast<double>(bits) * 0.30103 / 1e6)) +
                               " million digits is more than one operation may build within the real-time limit"}};
}

void check_integer_size(std::uint64_t bits) {
    if (Interp* in = current_interp()) {
        in->check_integer_size(bits);
    } else {
        check_allocation(bits / 8 + 1, 1);
    }
}

void check_allocation(std::uint64_t count, std::uint64_t each) {
    std::uint64_t bytes = 0;
    if (__builtin_mul_overflow(count, each, &bytes)) raise(MemoryError);
    if (Interp* in = current_interp()) {
        in->check_allocation(bytes);
    } else if (bytes > (std::uint64_t{4} << 30)) {
        raise(MemoryError);
    }
}

// ---- output --------------------------------------------------------------------------

void Interp::write(std::string_view text) {
    std::size_t start = 0;
    for (;;) {
        const std::size_t nl = text.find('\n', start);
        if (nl == std::string_view::npos) {
            pending_ += text.substr(start);
            return;
        }
        pending_ += text.substr(start, nl - start);
        std::string line = std::move(pending_);
        pending_.clear();
        if (sink_) sink_(line);
        start = nl + 1;
    }
}

void Interp::flush_output() {
    if (pending_.empty()) return;
    std::string line = std::move(pending_);
    pending_.clear();
    if (sink_) sink_(line);
}

}  // namespace loopscope::py
