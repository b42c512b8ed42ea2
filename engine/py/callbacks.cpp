// Python functions as event-loop callbacks: fut.add_done_callback(fn),
// fut.remove_done_callback(fn), loop.call_soon/call_later/call_at(fn, *args)
// and the handles they return.
//
// The engine schedules Callbacks (a target object and a plain function);
// a PyCall is such a target holding the Python function. An exception a
// callback raises is what CPython's Handle._run hands the loop's exception
// handler: it is reported (the `!! Exception in callback ...` line at the
// end of the transcript) and the loop goes on.
#include "engine/py/callbacks.hpp"

#include "engine/loop.hpp"

namespace loopscope::py {

namespace {

struct PyCall : RefCounted {
    Interp* in;
    Value fn;
    std::vector<Value> args;
    bool timer = false;
    PyCall(Interp* i, Value f, std::vector<Value> a, bool t) : in(i), fn(std::move(f)), args(std::move(a)), timer(t) {}

    // The name the trace gives this callback: the function's __qualname__
    // (a partial's function's, as CPython's harness reads it).
    static std::string callback_name(const PyCall& c) {
        const Value& fn = is_partial(c.fn) ? partial_func(c.fn) : c.fn;
        if (const FunctionObj* f = as<FunctionObj>(fn)) return f->qualname;
        if (const BuiltinObj* b = as<BuiltinObj>(fn)) {
            // A future's or task's own method: its __qualname__ is "Future.set_result".
            if (b->self.kind() == Value::Kind::Future)
                return std::string(b->self.future().kind() == FutureKind::Task ? "Task." : "Future.") + b->name;
            return b->name;
        }
        return type_name(fn);
    }
    // What CPython's harness reads as the target: the first argument
    // (a partial's own first, then the handle's, then a done-callback's
    // future) if it is a future, else the future a bound method belongs to.
    static const Future* callback_target(const PyCall& c, const Value& done_future) {
        const bool partial = is_partial(c.fn);
        const Value& fn = partial ? partial_func(c.fn) : c.fn;
        const Value* first = partial && !partial_args(c.fn).empty() ? &partial_args(c.fn).front()
                             : !c.args.empty()                        ? &c.args.front()
                             : done_future.kind() == Value::Kind::Future ? &done_future
                                                                      : nullptr;
        if (first != nullptr && first->kind() == Value::Kind::Future) return &first->future();
        if (const BuiltinObj* b = as<BuiltinObj>(fn); b != nullptr && b->self.kind() == Value::Kind::Future)
            return &b->self.future();
        return nullptr;
    }
    // A done-callback: fn(fut).
    void done(const Value& fut) { run({fut}); }
    // A handle's callback: fn(*args).
    void call(const Value&) { run(args); }

    void run(const std::vector<Value>& call_args) {
        Args a;
        a.pos = call_args;
        try {
            in->call(fn, a);
        } catch (PyError& e) {
            // Handle._run: SystemExit and KeyboardInterrupt leave the loop.
            if (e.exc->is(exc_types::SystemExit) || e.exc->is(exc_types::KeyboardInterrupt)) throw;
            in->shutdown_reports.emplace_back(timer ? "TimerHandle" : "Handle",
                                              "Exception in callback " + describe(call_args) + ": " +
                                                  (timer ? "TimerHandle " : "Handle ") + repr(*e.exc));
        }
    }

    // format_helpers._format_callback_source: `qualname(args) at file:line`.
    std::string describe(const std::vector<Value>& call_args) const {
        std::string text;
        if (const FunctionObj* f = as<FunctionObj>(fn)) {
            text = f->qualname;
        } else if (const BuiltinObj* b = as<BuiltinObj>(fn)) {
            text = b->name;
        } else {
            text = repr(fn);
        }
        text += "(";
        for (std::size_t i = 0; i < call_args.size(); ++i) text += (i > 0 ? ", " : "") + repr(call_args[i]);
        text += ")";
        if (const FunctionObj* f = as<FunctionObj>(fn)) text += " at " + in->filename() + ":" + std::to_string(f->def->line);
        return text;
    }
};

Future& future_of(const Value& self) { return *self.as_future(); }

const Value& required(Args& a, std::size_t i, const char* what) {
    if (a.pos.size() <= i) raise(exc_types::TypeError, std::string(what) + " missing a required argument");
    return a.pos[i];
}

// One PyCall per Python function for done-callbacks, so that
// remove_done_callback(fn) finds what add_done_callback(fn) added (the
// engine compares callbacks by target).
Ref<PyCall> done_call(Interp& in, const Value& fn) {
    static thread_local std::vector<Ref<PyCall>> calls;
    for (const Ref<PyCall>& c : calls)
        if (c->in == &in && c->fn.object() == fn.object() && c->fn == fn) return c;
    calls.emplace_back(new PyCall(&in, fn, {}, false));
    return calls.back();
}

Value handle_value(Ref<Handle> h, bool timer) { return obj_value(new HandleObj(std::move(h), timer)); }

Loop& loop_of(const Value& self) { return *as<LoopObj>(self)->loop; }

double number(const Value& v, const char* what) {
    if (v.kind() == Value::Kind::Int || v.kind() == Value::Kind::Bool) return static_cast<double>(v.as_int());
    if (v.kind() == Value::Kind::Float) return v.as_float();
    raise(exc_types::TypeError, std::string(what) + " must be a number, not " + type_name(v));
}

// The callback's arguments: call_soon(callback, *args, context=None), and
// call_later's and call_at's the same after their time. Other keywords are
// CPython's TypeError; a context other than None is not modelled.
std::vector<Value> rest(Args& a, std::size_t from, const char* method) {
    for (const auto& [k, v] : a.kw) {
        if (sym_name(k) == "context") {
            if (!v.is_none()) raise(NotImplementedError, std::string(method) + "(context=...) is not supported in Loopscope");
            continue;
        }
        raise(exc_types::TypeError, "BaseEventLoop." + std::string(method) + "() got an unexpected keyword argument '" +
                                        sym_name(k) + "'");
    }
    return {a.pos.begin() + static_cast<std::ptrdiff_t>(std::min(from, a.pos.size())), a.pos.end()};
}

}  // namespace

std::string HandleObj::repr() const {
    return std::string("<") + (timer ? "TimerHandle" : "Handle") + (handle->cancelled() ? " cancelled" : "") + ">";
}

Value fut_add_done_callback(Interp& in, const Value& self, Args& a) {
    const Value& fn = required(a, 0, "add_done_callback()");
    Ref<PyCall> c = done_call(in, fn);
    future_of(self).add_done_callback(bind<&PyCall::done, CallbackKind::Python>(c.get()));
    return {};
}

Value fut_remove_done_callback(Interp& in, const Value& self, Args& a) {
    const Value& fn = required(a, 0, "remove_done_callback()");
    Ref<PyCall> c = done_call(in, fn);
    return Value(static_cast<std::int64_t>(future_of(self).remove_done_callback(bind<&PyCall::done, CallbackKind::Python>(c.get()))));
}

Value loop_call_soon(Interp& in, const Value& self, Args& a) {
    Ref<PyCall> c(new PyCall(&in, required(a, 0, "call_soon()"), rest(a, 1, "call_soon"), false));
    return handle_value(loop_of(self).call_soon(bind<&PyCall::call, CallbackKind::Python>(c.get())), false);
}

Value loop_call_later(Interp& in, const Value& self, Args& a) {
    const double delay = number(required(a, 0, "call_later()"), "delay");
    Ref<PyCall> c(new PyCall(&in, required(a, 1, "call_later()"), rest(a, 2, "call_later"), true));
    return handle_value(loop_of(self).call_later(delay, bind<&PyCall::call, CallbackKind::Python>(c.get())), true);
}

Value loop_call_at(Interp& in, const Value& self, Args& a) {
    const double when = number(required(a, 0, "call_at()"), "when");
    Ref<PyCall> c(new PyCall(&in, required(a, 1, "call_at()"), rest(a, 2, "call_at"), true));
    return handle_value(loop_of(self).call_at(when, bind<&PyCall::call, CallbackKind::Python>(c.get())), true);
}

Value handle_cancel(Interp&, const Value& self, Args&) {
    as<HandleObj>(self)->handle->cancel();
    return {};
}

Value handle_cancelled(Interp&, const Value& self, Args&) { return Value(as<HandleObj>(self)->handle->cancelled()); }

Value handle_when(Interp&, const Value& self, Args&) {
    const HandleObj* h = as<HandleObj>(self);
    if (!h->timer) raise(AttributeError, "'Handle' object has no attribute 'when'");
    return Value(h->handle->when());
}

}  // namespace loopscope::py
