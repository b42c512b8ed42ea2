#include <algorithm>

#include "engine/asyncio.hpp"

namespace loopscope::aio {

// locks.Event.set: wake every waiter that is not done yet.
void Event::set() {
    if (value_) return;
    value_ = true;
    for (const Ref<Future>& fut : waiters_)
        if (!fut->done()) fut->set_result(Value(true));
}

// locks.Event.wait.
Coro<Value> Event::wait(Ref<Event> self) {
    if (self->value_) co_return Value(true);
    Ref<Future> fut = get_running_loop().create_future();
    self->waiters_.push_back(fut);
    auto remove = [&] { self->waiters_.erase(std::find(self->waiters_.begin(), self->waiters_.end(), fut)); };
    try {
        co_await fut;
    } catch (...) {
        remove();
        throw;
    }
    remove();
    co_return Value(true);
}

}  // namespace loopscope::aio
