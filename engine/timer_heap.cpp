#include "engine/timer_heap.hpp"

#include <utility>

namespace loopscope {

void TimerHeap::push(Ref<Handle> handle) {
    items_.emplace_back(std::move(handle));
    sift_down(0, items_.size() - 1);
}

Ref<Handle> TimerHeap::pop() {
    Entry last = std::move(items_.back());
    items_.pop_back();
    if (items_.empty()) return std::move(last.handle);
    Ref<Handle> top = std::move(items_.front().handle);
    items_.front() = std::move(last);
    sift_up(0);
    __builtin_prefetch(items_.front().handle.get());  // the next timer to fire
    return top;
}

void TimerHeap::heapify() {
    for (std::size_t i = items_.size() / 2; i-- > 0;) sift_up(i);
}

// _heapq.c siftdown: move the item at `pos` up while it is strictly smaller
// than its parent. (Moves a hole instead of swapping; same comparisons.)
void TimerHeap::sift_down(std::size_t start, std::size_t pos) {
    Entry item = std::move(items_[pos]);
    while (pos > start) {
        const std::size_t parent = (pos - 1) >> 1;
        if (!(item.when < items_[parent].when)) break;
        items_[pos] = std::move(items_[parent]);
        pos = parent;
    }
    items_[pos] = std::move(item);
}

// _heapq.c siftup: bubble the smaller child up until `pos` is a leaf, taking
// the right child unless the left one is strictly smaller, then siftdown.
void TimerHeap::sift_up(std::size_t pos) {
    const std::size_t end = items_.size();
    const std::size_t start = pos;
    const std::size_t limit = end >> 1;
    Entry item = std::move(items_[pos]);
    while (pos < limit) {
        std::size_t child = 2 * pos + 1;
        // The next level's pair is 2*child+1..2*child+4: ask for it now, so
        // that a deep heap's cache misses overlap with this comparison.
        if (4 * pos + 3 < end) __builtin_prefetch(&items_[4 * pos + 3]);
        if (child + 1 < end && !(items_[child].when < items_[child + 1].when)) ++child;
        items_[pos] = std::move(items_[child]);
        pos = child;
    }
    items_[pos] = std::move(item);
    sift_down(start, pos);
}

}  // namespace loopscope
