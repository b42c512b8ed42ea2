#include "engine/py/interp.hpp"

#include <algorithm>

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
const ExceptionType NotImplementedError{"NotImplementedError", &exc_types::RuntimeError};
const ExceptionType RecursionError{"RecursionError", &exc_types::RuntimeError};
const ExceptionType OverflowError{"OverflowError", &ArithmeticError};
const ExceptionType ImportError{"ImportError", &exc_types::Exception};
const ExceptionType ModuleNotFoundError{"ModuleNotFoundError", &ImportError};
const ExceptionType KeyboardInterrupt{"KeyboardInterrupt", &exc_types::BaseException};
const ExceptionType SystemExit{"SystemExit", &exc_types::BaseException};

namespace {
thread_local Interp* g_current = nullptr;

// Python code's own call depth, so that runaway recursion is a
// RecursionError rather than a blown C++ stack.
constexpr int kMaxDepth = 300;

struct DepthGuard {
    int& depth;
    explicit DepthGuard(int& d) : depth(d) {
        if (++depth > kMaxDepth) {
            --depth;
            raise(RecursionError, "maximum recursion depth exceeded");
        }
    }
    ~DepthGuard() { --depth; }
    DepthGuard(const DepthGuard&) = delete;
    DepthGuard& operator=(const DepthGuard&) = delete;
};

// The body a Task drives for a Python coroutine: the engine's chain of
// frames, named as Python names the coroutine.
class PyTaskBody final : public CoroutineBody {
public:
    PyTaskBody(Ref<CoroutineObj> co, std::unique_ptr<CoroutineBody> inner)
        : co_(std::move(co)), inner_(std::move(inner)) {}
    StepOutcome send() override { return inner_->send(); }
    StepOutcome throw_in(Exc exc) override { return inner_->throw_in(std::move(exc)); }
    [[nodiscard]] std::string_view function_name() const override { return co_->func->def->name; }
    [[nodiscard]] int current_line() const override { return inner_->current_line(); }

private:
    Ref<CoroutineObj> co_;
    std::unique_ptr<CoroutineBody> inner_;
};

Value flow_value(Flow f) { return Value(static_cast<std::int64_t>(f)); }
Flow value_flow(const Value& v) {
    return v.kind() == Value::Kind::Int ? static_cast<Flow>(v.as_int()) : Flow::Normal;
}

}  // namespace

Interp* current_interp() { return g_current; }

// ---- set-up ----------------------------------------------------------------------

Interp::Interp(Module module) : module_(std::move(module)) {
    g_current = this;
    globals_ = Ref<Frame>(new Frame);
    globals_->kind = Frame::Kind::Module;
    globals_->module = globals_.get();
    install_builtins(*this, builtins_, modules_);
}

Interp::~Interp() {
    // Frames and functions refer to each other (a function's closure is the
    // frame that holds it); clearing the globals breaks the common cycles.
    globals_->map.clear();
    if (g_current == this) g_current = nullptr;
}

void Interp::run_module(const std::string& name) {
    g_current = this;
    globals_->set_local(intern("__name__"), Value(name));
    globals_->set_local(intern("__file__"), Value(module_.filename));
    exec_block(module_.body, *globals_);
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
            if (!f.erase_local(t.name)) raise(NameError, "name '" + sym_name(t.name) + "' is not defined");
            return;
        case EK::Subscript: {
            Value obj = eval(*t.a, f);
            Value key = eval(*t.b, f);
            if (DictObj* d = as<DictObj>(obj)) {
                if (!d->erase(key)) raise(Exc(new ExceptionObject(exc_types::KeyError, {key})));
                return;
            }
            if (obj.kind() == Value::Kind::List && key.kind() == Value::Kind::Int) {
                auto& items = obj.mutable_items();
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

Flow Interp::exec_block(const Block& b, Frame& f) {
    for (const StmtP& s : b) {
        const Flow fl = exec(*s, f);
        if (fl != Flow::Normal) return fl;
    }
    return Flow::Normal;
}

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

Flow Interp::exec(const Stmt& s, Frame& f) {
    line_ = s.line;
    switch (s.kind) {
        case SK::Expr: eval(*s.value, f); return Flow::Normal;
        case SK::Assign: {
            Value v = eval(*s.value, f);
            for (const ExprP& t : s.targets) assign(*t, f, v);
            return Flow::Normal;
        }
        case SK::AnnAssign:
            if (s.value) assign(*s.targets[0], f, eval(*s.value, f));
            return Flow::Normal;
        case SK::AugAssign: {
            const Expr& t = *s.targets[0];
            const auto op = static_cast<BinOpKind>(s.op);
            if (t.kind == EK::Name) {
                Value old = lookup(t.name, f, t);
                Value rhs = eval(*s.value, f);
                store(t.name, f, inplace_op(op, old, rhs, *this));
            } else if (t.kind == EK::Attribute) {
                Value obj = eval(*t.a, f);
                Value old = get_attr(obj, t.name);
                Value rhs = eval(*s.value, f);
                set_attr(obj, t.name, inplace_op(op, old, rhs, *this));
            } else {
                Value obj = eval(*t.a, f);
                Value key = eval(*t.b, f);
                Value old = subscript(obj, key);
                Value rhs = eval(*s.value, f);
                set_item(obj, key, inplace_op(op, old, rhs, *this));
            }
            return Flow::Normal;
        }
        case SK::Return:
            f.ret = s.value ? eval(*s.value, f) : Value{};
            return Flow::Return;
        case SK::Pass: return Flow::Normal;
        case SK::Break: return Flow::Break;
        case SK::Continue: return Flow::Continue;
        case SK::If: return truthy(eval(*s.value, f)) ? exec_block(s.body, f) : exec_block(s.orelse, f);
        case SK::While: {
            while (truthy(eval(*s.value, f))) {
                const Flow fl = exec_block(s.body, f);
                if (fl == Flow::Break) return Flow::Normal;
                if (fl == Flow::Return) return fl;
            }
            return exec_block(s.orelse, f);
        }
        case SK::For: {
            Iterator it(eval(*s.value, f));
            Value item;
            while (it.next(item)) {
                assign(*s.targets[0], f, item);
                const Flow fl = exec_block(s.body, f);
                if (fl == Flow::Break) return Flow::Normal;
                if (fl == Flow::Return) return fl;
            }
            return exec_block(s.orelse, f);
        }
        case SK::Try: return exec_try(s, f);
        case SK::Raise: raise_stmt(s, f, nullptr);
        case SK::FunctionDef: exec_def(s, f); return Flow::Normal;
        case SK::ClassDef: exec_class(s, f); return Flow::Normal;
        case SK::Import:
        case SK::ImportFrom: exec_import(s, f); return Flow::Normal;
        case SK::Global:
        case SK::Nonlocal: return Flow::Normal;
        case SK::Delete:
            for (const ExprP& t : s.targets) del(*t, f);
            return Flow::Normal;
        case SK::Assert:
            if (!truthy(eval(*s.value, f))) {
                if (s.extra) raise(Exc(new ExceptionObject(AssertionError, {eval(*s.extra, f)})));
                raise(Exc(new ExceptionObject(AssertionError, {})));
            }
            return Flow::Normal;
        case SK::With: raise(exc_types::RuntimeError, "async with outside a coroutine");
    }
    return Flow::Normal;
}

const Handler* Interp::match_handler(const Stmt& s, const Exc& e, Frame& f) {
    for (const Handler& h : s.handlers) {
        if (!h.type) return &h;
        if (exception_matches(e, eval(*h.type, f))) return &h;
    }
    return nullptr;
}

// try/except/else/finally. The work happens outside the C++ catch blocks, so
// that the async twin below (which may not co_await in a handler) reads the same.
Flow Interp::exec_try(const Stmt& s, Frame& f) {
    Flow flow = Flow::Normal;
    Exc caught;
    try {
        flow = exec_block(s.body, f);
    } catch (PyError& e) {
        caught = std::move(e.exc);
    }
    Exc pending;
    if (caught) {
        const Handler* h = nullptr;
        try {
            h = s.handlers.empty() ? nullptr : match_handler(s, caught, f);
        } catch (PyError& e) {
            pending = std::move(e.exc);
        }
        if (h != nullptr) {
            if (h->name) store(h->name, f, Value(caught));
            Exc saved = std::exchange(f.handling, caught);
            try {
                flow = exec_block(h->body, f);
            } catch (PyError& e) {
                pending = std::move(e.exc);
            }
            f.handling = std::move(saved);
            if (h->name) f.erase_local(h->name);
        } else if (!pending) {
            pending = std::move(caught);
        }
    } else if (flow == Flow::Normal && !s.orelse.empty()) {
        try {
            flow = exec_block(s.orelse, f);
        } catch (PyError& e) {
            pending = std::move(e.exc);
        }
    }
    if (!s.finalbody.empty()) {
        Value saved_ret = f.ret;
        const Flow fin = exec_block(s.finalbody, f);
        if (fin != Flow::Normal) return fin;  // return/break in finally drops the exception
        f.ret = std::move(saved_ret);
    }
    if (pending) raise(std::move(pending));
    return flow;
}

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
    if (!s.value) {
        if (f.handling) raise(f.handling);
        raise(exc_types::RuntimeError, "No active exception to reraise");
    }
    Exc e = make_raise(v != nullptr ? *v : eval(*s.value, f));
    raise(std::move(e));
}

void Interp::exec_def(const Stmt& s, Frame& f) {
    std::vector<Value> defaults;
    for (const Param& p : s.func->params) defaults.push_back(p.default_value ? eval(*p.default_value, f) : Value{});
    store(s.func->sym, f, make_function(s.func, f, std::move(defaults)));
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

// ---- the async statements ---------------------------------------------------------------

Coro<Flow> Interp::exec_block_a(const Block& b, Frame& f) {
    for (const StmtP& s : b) {
        // (GCC 12 mishandles co_await inside ?:, so these are spelled as if/else.)
        Flow fl = Flow::Normal;
        if (s->has_await) {
            fl = co_await exec_a(*s, f);
        } else {
            fl = exec(*s, f);
        }
        if (fl != Flow::Normal) co_return fl;
    }
    co_return Flow::Normal;
}

Coro<Flow> Interp::exec_a(const Stmt& s, Frame& f) {
    line_ = s.line;
    switch (s.kind) {
        case SK::Expr: (void)co_await eval_a(*s.value, f); co_return Flow::Normal;
        case SK::Assign: {
            Value v = co_await eval_a(*s.value, f);
            for (const ExprP& t : s.targets) assign(*t, f, v);
            co_return Flow::Normal;
        }
        case SK::AnnAssign: {
            Value v = co_await eval_a(*s.value, f);
            assign(*s.targets[0], f, std::move(v));
            co_return Flow::Normal;
        }
        case SK::AugAssign: {
            const Expr& t = *s.targets[0];
            const auto op = static_cast<BinOpKind>(s.op);
            if (t.kind == EK::Name) {
                Value old = lookup(t.name, f, t);
                Value rhs = co_await eval_a(*s.value, f);
                store(t.name, f, inplace_op(op, old, rhs, *this));
            } else if (t.kind == EK::Attribute) {
                Value obj = eval(*t.a, f);
                Value old = get_attr(obj, t.name);
                Value rhs = co_await eval_a(*s.value, f);
                set_attr(obj, t.name, inplace_op(op, old, rhs, *this));
            } else {
                Value obj = eval(*t.a, f);
                Value key = eval(*t.b, f);
                Value old = subscript(obj, key);
                Value rhs = co_await eval_a(*s.value, f);
                set_item(obj, key, inplace_op(op, old, rhs, *this));
            }
            co_return Flow::Normal;
        }
        case SK::Return:
            f.ret = co_await eval_a(*s.value, f);
            co_return Flow::Return;
        case SK::If: {
            Value test = co_await eval_a(*s.value, f);
            co_return co_await exec_block_a(truthy(test) ? s.body : s.orelse, f);
        }
        case SK::While: {
            for (;;) {
                Value test = co_await eval_a(*s.value, f);
                if (!truthy(test)) break;
                const Flow fl = co_await exec_block_a(s.body, f);
                if (fl == Flow::Break) co_return Flow::Normal;
                if (fl == Flow::Return) co_return fl;
            }
            co_return co_await exec_block_a(s.orelse, f);
        }
        case SK::For: {
            Value iterable = co_await eval_a(*s.value, f);
            Iterator it(iterable);
            Value item;
            while (it.next(item)) {
                assign(*s.targets[0], f, item);
                const Flow fl = co_await exec_block_a(s.body, f);
                if (fl == Flow::Break) co_return Flow::Normal;
                if (fl == Flow::Return) co_return fl;
            }
            co_return co_await exec_block_a(s.orelse, f);
        }
        case SK::Try: co_return co_await exec_try_a(s, f);
        case SK::Raise: {
            Value v = co_await eval_a(*s.value, f);
            raise_stmt(s, f, &v);
        }
        case SK::With: co_return co_await exec_with_a(s, f, 0);
        case SK::Assert: {
            Value v = co_await eval_a(*s.value, f);
            if (!truthy(v)) raise(Exc(new ExceptionObject(AssertionError, {})));
            co_return Flow::Normal;
        }
        default: co_return exec(s, f);
    }
}

Coro<Flow> Interp::exec_try_a(const Stmt& s, Frame& f) {
    Flow flow = Flow::Normal;
    Exc caught;
    try {
        flow = co_await exec_block_a(s.body, f);
    } catch (PyError& e) {
        caught = std::move(e.exc);
    }
    Exc pending;
    if (caught) {
        const Handler* h = nullptr;
        try {
            h = s.handlers.empty() ? nullptr : match_handler(s, caught, f);
        } catch (PyError& e) {
            pending = std::move(e.exc);
        }
        if (h != nullptr) {
            if (h->name) store(h->name, f, Value(caught));
            Exc saved = std::exchange(f.handling, caught);
            try {
                flow = co_await exec_block_a(h->body, f);
            } catch (PyError& e) {
                pending = std::move(e.exc);
            }
            f.handling = std::move(saved);
            if (h->name) f.erase_local(h->name);
        } else if (!pending) {
            pending = std::move(caught);
        }
    } else if (flow == Flow::Normal && !s.orelse.empty()) {
        try {
            flow = co_await exec_block_a(s.orelse, f);
        } catch (PyError& e) {
            pending = std::move(e.exc);
        }
    }
    if (!s.finalbody.empty()) {
        Value saved_ret = f.ret;
        const Flow fin = co_await exec_block_a(s.finalbody, f);
        if (fin != Flow::Normal) co_return fin;
        f.ret = std::move(saved_ret);
    }
    if (pending) raise(std::move(pending));
    co_return flow;
}

// `async with` over the engine's context managers, which take the body as a
// coroutine: the body runs in this frame and reports how it ended.
Coro<Flow> Interp::exec_with_a(const Stmt& s, Frame& f, std::size_t item) {
    const WithItem& w = s.items[item];
    Value cm = co_await eval_a(*w.context, f);
    co_await at_line(s.line);
    if (TimeoutObj* t = as<TimeoutObj>(cm)) {
        Value r;
        if (t->absolute) {
            r = co_await aio::with_timeout_at(t->when, with_body(s, f, item, cm));
        } else {
            r = co_await aio::with_timeout(t->when, with_body(s, f, item, cm));
        }
        co_return value_flow(r);
    }
    if (TaskGroupObj* g = as<TaskGroupObj>(cm)) {
        Ref<aio::TaskGroup> group = g->group;
        Value r = co_await group->run(with_body(s, f, item, cm));
        co_return value_flow(r);
    }
    raise(exc_types::TypeError, "'" + type_name(cm) + "' object does not support the asynchronous context manager protocol");
}

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

Value bool_value(bool b) { return Value(b); }
}  // namespace

Value Interp::eval(const Expr& e, Frame& f) {
    switch (e.kind) {
        case EK::Const: return e.constant;
        case EK::Name: return lookup(e.name, f, e);
        case EK::Attribute: return get_attr(eval(*e.a, f), e.name);
        case EK::Call: return call_expr(e, f, nullptr);
        case EK::BinOp: {
            Value a = eval(*e.a, f);
            Value b = eval(*e.b, f);
            line_ = e.line;
            return binary_op(static_cast<BinOpKind>(e.op), a, b);
        }
        case EK::UnaryOp: {
            Value v = eval(*e.a, f);
            switch (static_cast<UnaryKind>(e.op)) {
                case UnaryKind::Not: return bool_value(!truthy(v));
                case UnaryKind::Neg:
                    if (v.kind() == Value::Kind::Float) return Value(-v.as_float());
                    if (v.kind() != Value::Kind::Int && v.kind() != Value::Kind::Bool)
                        raise(exc_types::TypeError, "bad operand type for unary -: '" + type_name(v) + "'");
                    return binary_op(BinOpKind::Sub, Value(std::int64_t{0}), Value(v.as_int()));
                case UnaryKind::Pos:
                    if (v.kind() == Value::Kind::Bool) return Value(v.as_int());
                    if (v.kind() != Value::Kind::Int && v.kind() != Value::Kind::Float)
                        raise(exc_types::TypeError, "bad operand type for unary +: '" + type_name(v) + "'");
                    return v;
                case UnaryKind::Invert:
                    if (v.kind() != Value::Kind::Int && v.kind() != Value::Kind::Bool)
                        raise(exc_types::TypeError, "bad operand type for unary ~: '" + type_name(v) + "'");
                    return Value(~v.as_int());
            }
            return v;
        }
        case EK::BoolOp: {
            Value v;
            for (const ExprP& item : e.items) {
                v = eval(*item, f);
                const bool t = truthy(v);
                if (e.op == 0 ? !t : t) return v;
            }
            return v;
        }
        case EK::Compare: {
            Value left = eval(*e.a, f);
            for (std::size_t i = 0; i < e.items.size(); ++i) {
                Value right = eval(*e.items[i], f);
                if (!compare(e.cmp[i], left, right)) return bool_value(false);
                left = std::move(right);
            }
            return bool_value(true);
        }
        case EK::IfExp: return truthy(eval(*e.a, f)) ? eval(*e.b, f) : eval(*e.c, f);
        case EK::Subscript: {
            Value obj = eval(*e.a, f);
            Value key = eval(*e.b, f);
            line_ = e.line;
            return subscript(obj, key);
        }
        case EK::Slice: {
            Value lo = e.a ? eval(*e.a, f) : Value{};
            Value hi = e.b ? eval(*e.b, f) : Value{};
            Value st = e.c ? eval(*e.c, f) : Value{};
            // A slice travels as a 3-tuple tagged by a leading marker string.
            return Value::tuple({Value("<slice>"), lo, hi, st});
        }
        case EK::Tuple:
        case EK::List:
        case EK::Set: {
            std::vector<Value> items;
            items.reserve(e.items.size());
            for (const ExprP& item : e.items) {
                if (item->kind == EK::Starred) {
                    std::vector<Value> extra = to_vector(eval(*item->a, f));
                    items.insert(items.end(), extra.begin(), extra.end());
                } else {
                    items.push_back(eval(*item, f));
                }
            }
            if (e.kind == EK::Tuple) return Value::tuple(std::move(items));
            if (e.kind == EK::List) return Value::list(std::move(items));
            Value s = Value::set({});
            for (Value& v : items) set_add(s, std::move(v));
            return s;
        }
        case EK::Dict: {
            auto* d = new DictObj;
            Value dv = obj_value(d);
            for (std::size_t i = 0; i < e.items.size(); ++i) {
                if (!e.items[i]) {
                    Value other = eval(*e.values[i], f);
                    DictObj* o = as<DictObj>(other);
                    if (o == nullptr) raise(exc_types::TypeError, "'" + type_name(other) + "' object is not a mapping");
                    o->for_each([&](const Value& k, const Value& v) { d->set(k, v); });
                    continue;
                }
                Value k = eval(*e.items[i], f);
                d->set(k, eval(*e.values[i], f));
            }
            return dv;
        }
        case EK::JoinedStr: {
            std::string out;
            for (const ExprP& part : e.items) {
                if (part->kind == EK::Const) {
                    out += part->constant.as_str();
                } else {
                    out += formatted(*part, eval(*part->a, f), f).as_str();
                }
            }
            return Value(std::move(out));
        }
        case EK::FormattedValue: return formatted(e, eval(*e.a, f), f);
        case EK::Lambda: {
            std::vector<Value> defaults;
            for (const Param& p : e.func->params) defaults.push_back(p.default_value ? eval(*p.default_value, f) : Value{});
            return make_function(e.func, f, std::move(defaults));
        }
        case EK::ListComp:
        case EK::SetComp:
        case EK::DictComp:
        case EK::GenExp: return comprehension(e, f);
        case EK::Await: raise(exc_types::RuntimeError, "await outside a coroutine");
        case EK::Starred: raise(exc_types::RuntimeError, "can't use starred expression here");
        case EK::DoubleStarred: raise(exc_types::RuntimeError, "can't use ** here");
    }
    return {};
}

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

Value Interp::comprehension(const Expr& e, Frame& f) {
    Ref<Frame> cf(new Frame);
    cf->kind = Frame::Kind::Comprehension;
    cf->module = f.module;
    if (f.kind == Frame::Kind::Function || f.kind == Frame::Kind::Comprehension) cf->parent = Ref<Frame>(&f);
    if (f.kind == Frame::Kind::Class) cf->parent = f.parent;
    Value out = e.kind == EK::SetComp ? Value::set({}) : e.kind == EK::DictComp ? make_dict() : Value::list({});
    comp_loop(e, 0, *cf, out);
    return out;
}

void Interp::comp_loop(const Expr& e, std::size_t level, Frame& cf, Value& out) {
    const Comprehension& g = e.gens[level];
    Iterator it(eval(*g.iter, cf));
    Value item;
    while (it.next(item)) {
        assign(*g.target, cf, item);
        bool ok = true;
        for (const ExprP& cond : g.ifs) {
            if (!truthy(eval(*cond, cf))) {
                ok = false;
                break;
            }
        }
        if (!ok) continue;
        if (level + 1 < e.gens.size()) {
            comp_loop(e, level + 1, cf, out);
        } else if (e.kind == EK::DictComp) {
            Value k = eval(*e.a, cf);
            as<DictObj>(out)->set(k, eval(*e.b, cf));
        } else if (e.kind == EK::SetComp) {
            set_add(out, eval(*e.a, cf));
        } else {
            out.mutable_items().push_back(eval(*e.a, cf));
        }
    }
}

// ---- the async expressions ---------------------------------------------------------------

Coro<Value> Interp::eval_a(const Expr& e, Frame& f) {
    if (!e.has_await) co_return eval(e, f);
    switch (e.kind) {
        case EK::Await: {
            Value v = co_await eval_a(*e.a, f);
            co_return co_await await_value(std::move(v), e.line);
        }
        case EK::Call: {
            const bool method = e.a->kind == EK::Attribute;
            Value target = co_await eval_a(method ? *e.a->a : *e.a, f);
            Args args;
            for (const ExprP& item : e.items) {
                const Expr& x = item->kind == EK::Starred ? *item->a : *item;
                Value v = co_await eval_a(x, f);
                add_positional(*this, args, *item, std::move(v));
            }
            for (std::size_t i = 0; i < e.kw_names.size(); ++i) {
                Value v = co_await eval_a(*e.kw_values[i], f);
                add_keyword(args, e.kw_names[i], std::move(v));
            }
            line_ = e.line;
            co_return method ? call_method(target, e.a->name, args) : call(target, args);
        }
        case EK::Attribute: {
            Value obj = co_await eval_a(*e.a, f);
            co_return get_attr(obj, e.name);
        }
        case EK::BinOp: {
            Value a = co_await eval_a(*e.a, f);
            Value b = co_await eval_a(*e.b, f);
            co_return binary_op(static_cast<BinOpKind>(e.op), a, b);
        }
        case EK::UnaryOp: {
            Value v = co_await eval_a(*e.a, f);
            if (static_cast<UnaryKind>(e.op) == UnaryKind::Not) co_return Value(!truthy(v));
            if (static_cast<UnaryKind>(e.op) == UnaryKind::Neg) {
                if (v.kind() == Value::Kind::Float) co_return Value(-v.as_float());
                co_return binary_op(BinOpKind::Sub, Value(std::int64_t{0}), v);
            }
            co_return v;
        }
        case EK::BoolOp: {
            Value v;
            for (const ExprP& item : e.items) {
                v = co_await eval_a(*item, f);
                const bool t = truthy(v);
                if (e.op == 0 ? !t : t) co_return v;
            }
            co_return v;
        }
        case EK::Compare: {
            Value left = co_await eval_a(*e.a, f);
            for (std::size_t i = 0; i < e.items.size(); ++i) {
                Value right = co_await eval_a(*e.items[i], f);
                if (!compare(e.cmp[i], left, right)) co_return Value(false);
                left = std::move(right);
            }
            co_return Value(true);
        }
        case EK::IfExp: {
            Value t = co_await eval_a(*e.a, f);
            const Expr& branch = truthy(t) ? *e.b : *e.c;
            co_return co_await eval_a(branch, f);
        }
        case EK::Subscript: {
            Value obj = co_await eval_a(*e.a, f);
            Value key = co_await eval_a(*e.b, f);
            co_return subscript(obj, key);
        }
        case EK::Tuple:
        case EK::List:
        case EK::Set: {
            std::vector<Value> items;
            for (const ExprP& item : e.items) {
                if (item->kind == EK::Starred) {
                    Value v = co_await eval_a(*item->a, f);
                    std::vector<Value> extra = to_vector(v);
                    items.insert(items.end(), extra.begin(), extra.end());
                } else {
                    items.push_back(co_await eval_a(*item, f));
                }
            }
            if (e.kind == EK::Tuple) co_return Value::tuple(std::move(items));
            if (e.kind == EK::List) co_return Value::list(std::move(items));
            Value s = Value::set({});
            for (Value& v : items) set_add(s, std::move(v));
            co_return s;
        }
        case EK::Dict: {
            Value dv = make_dict();
            for (std::size_t i = 0; i < e.items.size(); ++i) {
                if (!e.items[i]) raise(exc_types::RuntimeError, "unsupported ** with await in a dict display");
                Value k = co_await eval_a(*e.items[i], f);
                Value v = co_await eval_a(*e.values[i], f);
                as<DictObj>(dv)->set(k, std::move(v));
            }
            co_return dv;
        }
        case EK::JoinedStr: {
            std::string out;
            for (const ExprP& part : e.items) {
                if (part->kind == EK::Const) {
                    out += part->constant.as_str();
                } else {
                    Value v = co_await eval_a(*part->a, f);
                    out += formatted(*part, v, f).as_str();
                }
            }
            co_return Value(std::move(out));
        }
        case EK::ListComp:
        case EK::SetComp:
        case EK::GenExp: {
            // [await x for x in xs]: one level with awaits in the element or conditions.
            if (e.gens.size() != 1 || e.gens[0].iter->has_await)
                raise(exc_types::RuntimeError, "unsupported: await in a nested comprehension");
            Ref<Frame> cf(new Frame);
            cf->kind = Frame::Kind::Comprehension;
            cf->module = f.module;
            if (f.kind != Frame::Kind::Module) cf->parent = Ref<Frame>(&f);
            Value out = e.kind == EK::SetComp ? Value::set({}) : Value::list({});
            Iterator it(eval(*e.gens[0].iter, *cf));
            Value item;
            while (it.next(item)) {
                assign(*e.gens[0].target, *cf, item);
                bool ok = true;
                for (const ExprP& cond : e.gens[0].ifs) {
                    Value c = co_await eval_a(*cond, *cf);
                    if (!truthy(c)) {
                        ok = false;
                        break;
                    }
                }
                if (!ok) continue;
                Value v = co_await eval_a(*e.a, *cf);
                if (e.kind == EK::SetComp) {
                    set_add(out, std::move(v));
                } else {
                    out.mutable_items().push_back(std::move(v));
                }
            }
            co_return out;
        }
        default: raise(exc_types::RuntimeError, "unsupported: await inside this kind of expression");
    }
}

// ---- calls -------------------------------------------------------------------------------

Value Interp::call_expr(const Expr& e, Frame& f, const Value*) {
    const bool method = e.a->kind == EK::Attribute;
    Value target = eval(method ? *e.a->a : *e.a, f);
    Args args;
    args.pos.reserve(e.items.size());
    for (const ExprP& item : e.items) {
        if (item->kind == EK::Starred) {
            add_positional(*this, args, *item, eval(*item->a, f));
        } else {
            args.pos.push_back(eval(*item, f));
        }
    }
    for (std::size_t i = 0; i < e.kw_names.size(); ++i) add_keyword(args, e.kw_names[i], eval(*e.kw_values[i], f));
    line_ = e.line;
    return method ? call_method(target, e.a->name, args) : call(target, args);
}

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

Ref<Frame> Interp::bind_args(FunctionObj& fn, Args& args, const Value* self) {
    const FuncDef& def = *fn.def;
    Ref<Frame> fr(new Frame);
    fr->kind = Frame::Kind::Function;
    fr->def = &def;
    fr->parent = fn.closure;
    fr->module = fn.module;
    fr->vars.reserve(def.params.size() + 4);
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
    std::vector<bool> set(def.params.size(), false);
    std::size_t pi = 0;
    std::vector<Value> extra;
    for (const Value& v : positional) {
        if (pi < n_positional) {
            fr->vars.emplace_back(def.params[pi].name, v);
            set[pi] = true;
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
            if (set[i]) raise(exc_types::TypeError, name + "() got multiple values for argument '" + sym_name(k) + "'");
            fr->vars.emplace_back(k, v);
            set[i] = true;
            found = true;
            break;
        }
        if (found) continue;
        if (varkw == nullptr)
            raise(exc_types::TypeError, name + "() got an unexpected keyword argument '" + sym_name(k) + "'");
        as<DictObj>(kwdict)->set(Value(sym_name(k)), v);
    }
    std::vector<std::string> missing;
    std::vector<std::string> missing_kw;
    for (std::size_t i = 0; i < def.params.size(); ++i) {
        const Param& p = def.params[i];
        if (set[i] || (p.kind != Param::Kind::Positional && p.kind != Param::Kind::KeywordOnly)) continue;
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
    if (fn.def->is_async) {
        auto* co = new CoroutineObj;
        co->func = Ref<FunctionObj>(&fn);
        co->frame = std::move(fr);
        return obj_value(co);
    }
    DepthGuard guard(depth_);
    const Flow fl = exec_block(fn.def->body, *fr);
    return fl == Flow::Return ? fr->ret : Value{};
}

// ---- coroutines and tasks ------------------------------------------------------------

Coro<Value> Interp::run_coroutine(Ref<CoroutineObj> co) {
    Frame& f = *co->frame;
    const Flow fl = co_await exec_block_a(co->func->def->body, f);
    Value result = fl == Flow::Return ? std::move(f.ret) : Value{};
    f.ret = Value{};
    co_return result;
}

bool Interp::is_coroutine(const Value& v) const { return as<CoroutineObj>(v) != nullptr || as<AioCoroObj>(v) != nullptr; }

Coro<Value> Interp::await_value(Value v, int line) {
    co_await at_line(line);
    if (v.kind() == Value::Kind::Future) {
        Ref<Future> fut = v.as_future();
        co_return co_await fut;
    }
    if (CoroutineObj* co = as<CoroutineObj>(v)) {
        if (co->started) raise(exc_types::RuntimeError, "cannot reuse already awaited coroutine");
        co->started = true;
        co_return co_await run_coroutine(Ref<CoroutineObj>(co));
    }
    if (AioCoroObj* a = as<AioCoroObj>(v)) {
        if (!a->coro) raise(exc_types::RuntimeError, "cannot reuse already awaited coroutine");
        Coro<Value> c = std::move(a->coro);
        co_return co_await std::move(c);
    }
    raise(exc_types::TypeError, "object " + type_name(v) + " can't be used in 'await' expression");
}

std::unique_ptr<CoroutineBody> Interp::make_task_body(const Value& coro) {
    if (CoroutineObj* co = as<CoroutineObj>(coro)) {
        if (co->started) raise(exc_types::RuntimeError, "cannot reuse already awaited coroutine");
        co->started = true;
        Ref<CoroutineObj> ref(co);
        return std::make_unique<PyTaskBody>(ref, make_body(run_coroutine(ref)));
    }
    if (AioCoroObj* a = as<AioCoroObj>(coro)) {
        if (!a->coro) raise(exc_types::RuntimeError, "cannot reuse already awaited coroutine");
        return make_body(std::move(a->coro));
    }
    raise(exc_types::TypeError, "a coroutine was expected, got " + to_repr(coro));
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
