#include "engine/timer_heap.hpp"

#include <utility>

#include "engine/heapq.hpp"

namespace loopscope {

void TimerHeap::push(double when, Scheduled timer) {
    heapq::push(items_, Entry{when, timer.release()});
}

void TimerHeap::append_unordered(Ref<Handle> handle) {
    const double when = handle->when();
    items_.push_back(Entry{when, Scheduled(std::move(handle)).release()});
}

Scheduled TimerHeap::pop() {
    const Entry top = heapq::pop(items_);
    if (!items_.empty()) __builtin_prefetch(Scheduled::address(items_.front().item));  // the next timer to fire
    return Scheduled::adopt(top.item);  // takes over the heap's reference
}

void TimerHeap::clear() {
    std::vector<Entry> items = std::move(items_);
    items_.clear();
    // Releasing may run destructors that touch the loop; the heap is empty by then.
    for (Entry& e : items) Scheduled::drop(e.item);
}

void TimerHeap::remove_cancelled() {
    std::size_t kept = 0;
    for (Entry& e : items_) {
        if (e.cancelled()) {
            Scheduled::set_scheduled(e.item, false);
            Scheduled::drop(e.item);
        } else {
            items_[kept++] = e;
        }
    }
    items_.resize(kept);
    heapify();
}

void TimerHeap::heapify() {
    for (std::size_t i = items_.size() / 2; i-- > 0;) heapq::sift_up(items_, i);
}

}  // namespace loopscope
