#include "engine/asyncio.hpp"

namespace loopscope::aio {

namespace {
// events._running_loop: one engine per thread, so one running loop per thread.
thread_local Loop* running_loop = nullptr;
}  // namespace

Loop& get_running_loop() {
    if (running_loop == nullptr) raise(exc_types::RuntimeError, "no running event loop");
    return *running_loop;
}

Loop* running_loop_or_null() noexcept { return running_loop; }

RunningLoopScope::RunningLoopScope(Loop& loop) : previous_(running_loop) { running_loop = &loop; }
RunningLoopScope::~RunningLoopScope() { running_loop = previous_; }

Task* current_task() { return get_running_loop().current_task(); }

Ref<Future> Awaitable::ensure_future() {
    if (future_) return future_;
    future_ = get_running_loop().create_task(std::move(body_));
    return future_;
}

}  // namespace loopscope::aio
