#include "engine/asyncio.hpp"

namespace loopscope::aio {

namespace {
// futures._set_result_unless_cancelled(fut, result) as a timer callback.
void set_result_unless_cancelled_cb(RefCounted& fut, const Value& result) {
    set_result_unless_cancelled(static_cast<Future&>(fut), result);
}
[[maybe_unused]] const bool registered =
    register_callback_kind(&set_result_unless_cancelled_cb, CallbackKind::SetResultUnlessCancelled);
}  // namespace

namespace detail {
// tasks.sleep as a coroutine object (named `sleep`, as its repr shows it),
// for where one is needed (create_task(aio::sleep(1)), gather): its body is
// the same inline await a coroutine makes with `co_await aio::sleep(...)`.
Coro<Value> sleep(double delay, Value result) { co_return co_await Sleep(delay, std::move(result)); }
}  // namespace detail

PlainSleep sleep(double delay) { return PlainSleep(delay); }
Sleep sleep(double delay, Value result) { return Sleep(delay, std::move(result)); }

Sleep::operator Coro<Value>() && { return detail::sleep(delay_, std::move(result_)); }

namespace detail {

void SleepTimer::start(double delay, Value result) {
    if (delay <= 0) return;  // one bare yield
    Loop& loop = get_running_loop();
    if (result.is_none()) {
        timer_ = Scheduled::own_timer(loop.sleep_future(delay));
        return;
    }
    Ref<Future> future = loop.create_future();
    timer_ = Scheduled(loop.call_later(delay, Callback{&set_result_unless_cancelled_cb, Ref<RefCounted>(future)},
                                       std::move(result)));
}

Future& SleepTimer::future() const {
    if (Future* own = timer_.own_timer_future()) return *own;
    return static_cast<Future&>(*timer_.handle()->callback().self);
}

void SleepTimer::cancel() noexcept {
    if (Future* own = timer_.own_timer_future()) {
        own->loop().cancel_timer(*own);
    } else {
        timer_.handle()->cancel();
    }
}

void SleepTimer::suspend(std::coroutine_handle<> h) noexcept {
    loopscope::detail::suspend_at(h, timer_ ? StepOutcome::awaiting(Ref<Future>(&future())) : StepOutcome::yielded());
}

Value SleepTimer::finish(Value if_yielded) {
    if (!timer_) {
        loopscope::detail::deliver_throw();
        return if_yielded;
    }
    try {
        loopscope::detail::deliver_throw();
        Value v = future().result();
        cancel();
        return v;
    } catch (...) {
        cancel();
        throw;
    }
}

}  // namespace detail

// tasks.sleep's body, inline in the awaiting frame: await_ready runs where
// the coroutine's first step would.
bool SleepAwaiter::await_ready() {
    timer_.start(op_->delay_, std::move(op_->result_));
    return false;  // only the timer resolves the future
}

Value SleepAwaiter::await_resume() { return timer_.finish(std::move(op_->result_)); }

}  // namespace loopscope::aio
