#include "engine/asyncio.hpp"

namespace loopscope::aio {

std::string optional_repr(std::optional<double> seconds) {
    if (!seconds) return "None";
    std::string text = repr(Value(*seconds));
    // timeout=2 arrives as 2.0: a whole number reads as the user wrote it.
    if (text.ends_with(".0")) text.resize(text.size() - 2);
    return text;
}

namespace {

// timeouts.Timeout: CREATED -> ENTERED -> (EXPIRING -> EXPIRED | EXITED).
struct TimeoutState : RefCounted {
    enum class State : std::uint8_t { Created, Entered, Expiring, Expired, Exited };
    State state = State::Created;
    std::optional<double> when;
    Ref<Handle> handler;
    Ref<Task> task;
    int cancelling = 0;
    std::string what;  // the call, as the cancel's cause names it: "asyncio.timeout(2)"

    void reschedule(std::optional<double> new_when) {
        when = new_when;
        if (handler) handler->cancel();
        if (!when) {
            handler = nullptr;
            return;
        }
        Loop& loop = get_running_loop();
        const Callback cb = bind<&TimeoutState::on_timeout, CallbackKind::TimeoutOnTimeout>(this);
        handler = *when <= loop.time() ? loop.call_soon(cb) : loop.call_at(*when, cb);
    }

    void on_timeout(const Value&) {
        {
            const CancelCauseScope cause(get_running_loop(), {CancelCause::Kind::Timeout, task->id(), what});
            task->cancel();
        }
        state = State::Expiring;
        handler = nullptr;  // drop the reference early
    }
};

}  // namespace

// `async with timeout_at(when): return await body`, spelled out:
// __aenter__, the body, __aexit__ with whatever the body raised.
Coro<Value> with_timeout_at(std::optional<double> when, Coro<Value> body, std::string what, bool* expired) {
    Ref<TimeoutState> t(new TimeoutState);
    t->when = when;
    t->what = what.empty() ? "asyncio.timeout_at(" + optional_repr(when) + ")" : std::move(what);
    Task* task = current_task();
    if (task == nullptr) raise(exc_types::RuntimeError, "Timeout should be used inside a task");
    t->state = TimeoutState::State::Entered;
    t->task = Ref<Task>(task);
    t->cancelling = task->cancelling();
    t->reschedule(when);

    Exc error;
    Value result;
    try {
        result = co_await std::move(body);
    } catch (PyError& e) {
        error = std::move(e.exc);
    }

    // __aexit__
    if (t->handler) {
        t->handler->cancel();
        t->handler = nullptr;
    }
    if (t->state == TimeoutState::State::Expiring) {
        t->state = TimeoutState::State::Expired;
        if (t->task->uncancel() <= t->cancelling && error && &error->type() == &exc_types::CancelledError) {
            // No new cancel requests: this timeout caused the cancellation.
            if (expired) *expired = true;
            raise(exc_types::TimeoutError);
        }
    } else if (t->state == TimeoutState::State::Entered) {
        t->state = TimeoutState::State::Exited;
    }
    if (error) raise(std::move(error));
    co_return result;
}

Coro<Value> with_timeout(std::optional<double> delay, Coro<Value> body, std::string what, bool* expired) {
    std::optional<double> when;
    if (delay) when = get_running_loop().time() + *delay;
    return with_timeout_at(when, std::move(body), what.empty() ? "asyncio.timeout(" + optional_repr(delay) + ")" : std::move(what),
                           expired);
}

namespace {
// tasks._release_waiter as a done-callback of the cancelled future.
struct CancelWaiter : RefCounted {
    Ref<Future> waiter;
    void release_waiter(const Value&) {
        if (!waiter->done()) waiter->set_result(Value{});
    }
};

// tasks._cancel_and_wait(fut); `why` is the cancel's cause.
Coro<Value> cancel_and_wait(Ref<Future> fut, CancelCause why) {
    Ref<CancelWaiter> cw(new CancelWaiter);
    cw->waiter = get_running_loop().create_future();
    const Callback cb = bind<&CancelWaiter::release_waiter, CallbackKind::ReleaseWaiter>(cw.get());
    fut->add_done_callback(cb);
    try {
        {
            const CancelCauseScope cause(get_running_loop(), std::move(why));  // not across the co_await
            fut->cancel();
        }
        co_await cw->waiter;
    } catch (...) {
        fut->remove_done_callback(cb);
        throw;
    }
    fut->remove_done_callback(cb);
    co_return Value{};
}
}  // namespace

namespace {
// tasks.wait_for as 3.12 writes it; `expired` is set when the deadline
// (not the awaited thing) raised the TimeoutError.
Coro<Value> wait_for_call(Awaitable aw, std::optional<double> timeout, bool& expired) {
    if (timeout && *timeout <= 0) {
        Ref<Future> fut = aw.ensure_future();
        if (fut->done()) co_return fut->result();
        co_await cancel_and_wait(fut, {CancelCause::Kind::Timeout, fut->id(), "wait_for(timeout=" + optional_repr(timeout) + ")"});
        try {
            co_return fut->result();
        } catch (PyError& e) {
            if (!e.exc->is(exc_types::CancelledError)) throw;
        }
        expired = true;
        raise(exc_types::TimeoutError);
    }
    std::string what = "wait_for(timeout=" + optional_repr(timeout) + ")";
    if (aw.is_coroutine()) co_return co_await with_timeout(timeout, await_body(aw.take_body()), std::move(what), &expired);
    Ref<Future> fut = aw.ensure_future();
    co_return co_await with_timeout(timeout, [](Ref<Future> f) -> Coro<Value> { co_return co_await f; }(fut),
                                    std::move(what), &expired);
}
}  // namespace

// asyncio.wait_for. Observed, the call is a group of its own (CPython has no
// object for it: the trace's row is a future made for the purpose) over the
// future it awaits, none for a coroutine, which runs inline in the caller.
Coro<Value> wait_for(Awaitable aw, std::optional<double> timeout) {
    bool expired = false;
    Observer* obs = get_running_loop().observer();
    if (obs == nullptr) co_return co_await wait_for_call(std::move(aw), timeout, expired);

    Ref<Future> call = get_running_loop().create_future();
    std::vector<const Future*> awaited;
    if (!aw.is_coroutine()) {
        Ref<Future> fut = aw.ensure_future();  // a future is its own future: nothing is made
        awaited.push_back(fut.get());
        aw = Awaitable(std::move(fut));
    }
    GroupInfo info;
    info.kind = GroupInfo::Kind::WaitFor;
    info.timeout = timeout ? *timeout : -1;
    obs->group_created(*call, awaited, info);
    Value result;
    try {
        result = co_await wait_for_call(std::move(aw), timeout, expired);
    } catch (PyError& e) {
        const GroupEnd how = expired ? GroupEnd::TimedOut
                             : e.exc->is(exc_types::CancelledError) ? GroupEnd::NeverReturned
                                                                    : GroupEnd::Raised;
        if (Observer* o = get_running_loop().observer()) o->group_finished(*call, how, {}, {});
        throw;
    }
    if (Observer* o = get_running_loop().observer()) o->group_finished(*call, GroupEnd::Returned, {}, {});
    co_return result;
}

}  // namespace loopscope::aio
