#include "engine/asyncio.hpp"

namespace loopscope::aio {

namespace {
// futures._set_result_unless_cancelled(fut, result) as a timer callback.
void set_result_unless_cancelled_cb(RefCounted& fut, const Value& result) {
    set_result_unless_cancelled(static_cast<Future&>(fut), result);
}
}  // namespace

// tasks.sleep: a future resolved by a timer; the timer is cancelled however
// the await ends (a cancelled sleep leaves a cancelled TimerHandle behind).
Coro<Value> sleep(double delay, Value result) {
    if (delay <= 0) {
        co_await bare_yield();
        co_return result;
    }
    Loop& loop = get_running_loop();
    Ref<Future> future = loop.create_future();
    Ref<Handle> h = loop.call_later(delay, Callback{&set_result_unless_cancelled_cb, Ref<RefCounted>(future)},
                                    std::move(result));
    try {
        Value v = co_await future;
        h->cancel();
        co_return v;
    } catch (...) {
        h->cancel();
        throw;
    }
}

}  // namespace loopscope::aio
