#include "engine/handle.hpp"

#include "engine/loop.hpp"

namespace loopscope {

void Handle::cancel() {
    if (cancelled_) return;
    cancelled_ = true;
    if (is_timer_ && scheduled_) loop_->timer_handle_cancelled(*this);
    if (Observer* obs = loop_->observer()) obs->handle_cancelled(this);
    // CPython drops the callback and its arguments on cancel to break cycles;
    // keeping them is harmless here (no GC) and keeps run() total.
}

}  // namespace loopscope
