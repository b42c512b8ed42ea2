#include "engine/asyncio.hpp"

namespace loopscope::aio {

namespace {

// timeouts.Timeout: CREATED -> ENTERED -> (EXPIRING -> EXPIRED | EXITED).
struct TimeoutState : RefCounted {
    enum class State : std::uint8_t { Created, Entered, Expiring, Expired, Exited };
    State state = State::Created;
    std::optional<double> when;
    Ref<Handle> handler;
    Ref<Task> task;
    int cancelling = 0;

    void reschedule(std::optional<double> new_when) {
        when = new_when;
        if (handler) handler->cancel();
        if (!when) {
            handler = nullptr;
            return;
        }
        Loop& loop = get_running_loop();
        const Callback cb = bind<&TimeoutState::on_timeout>(this);
        handler = *when <= loop.time() ? loop.call_soon(cb) : loop.call_at(*when, cb);
    }

    void on_timeout(const Value&) {
        task->cancel();
        state = State::Expiring;
        handler = nullptr;  // drop the reference early
    }
};

}  // namespace

// `async with timeout_at(when): return await body`, spelled out:
// __aenter__, the body, __aexit__ with whatever the body raised.
Coro<Value> with_timeout_at(std::optional<double> when, Coro<Value> body) {
    Ref<TimeoutState> t(new TimeoutState);
    t->when = when;
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
            raise(exc_types::TimeoutError);
        }
    } else if (t->state == TimeoutState::State::Entered) {
        t->state = TimeoutState::State::Exited;
    }
    if (error) raise(std::move(error));
    co_return result;
}

Coro<Value> with_timeout(std::optional<double> delay, Coro<Value> body) {
    std::optional<double> when;
    if (delay) when = get_running_loop().time() + *delay;
    return with_timeout_at(when, std::move(body));
}

namespace {
// tasks._release_waiter as a done-callback of the cancelled future.
struct CancelWaiter : RefCounted {
    Ref<Future> waiter;
    void release_waiter(const Value&) {
        if (!waiter->done()) waiter->set_result(Value{});
    }
};

// tasks._cancel_and_wait(fut).
Coro<Value> cancel_and_wait(Ref<Future> fut) {
    Ref<CancelWaiter> cw(new CancelWaiter);
    cw->waiter = get_running_loop().create_future();
    const Callback cb = bind<&CancelWaiter::release_waiter>(cw.get());
    fut->add_done_callback(cb);
    try {
        fut->cancel();
        co_await cw->waiter;
    } catch (...) {
        fut->remove_done_callback(cb);
        throw;
    }
    fut->remove_done_callback(cb);
    co_return Value{};
}
}  // namespace

// tasks.wait_for as 3.12 writes it.
Coro<Value> wait_for(Awaitable aw, std::optional<double> timeout) {
    if (timeout && *timeout <= 0) {
        Ref<Future> fut = aw.ensure_future();
        if (fut->done()) co_return fut->result();
        co_await cancel_and_wait(fut);
        try {
            co_return fut->result();
        } catch (PyError& e) {
            if (!e.exc->is(exc_types::CancelledError)) throw;
        }
        raise(exc_types::TimeoutError);
    }
    if (aw.is_coroutine()) co_return co_await with_timeout(timeout, await_body(aw.take_body()));
    Ref<Future> fut = aw.ensure_future();
    co_return co_await with_timeout(timeout, [](Ref<Future> f) -> Coro<Value> { co_return co_await f; }(fut));
}

}  // namespace loopscope::aio
