#include "engine/timer_heap.hpp"

#include <utility>

namespace loopscope {

void TimerHeap::push(double when, Scheduled timer) {
    items_.push_back(Entry{when, timer.release()});
    sift_down(0, items_.size() - 1);
}

void TimerHeap::append_unordered(Ref<Handle> handle) {
    const double when = handle->when();
    items_.push_back(Entry{when, Scheduled(std::move(handle)).release()});
}

Scheduled TimerHeap::pop() {
    const Entry last = items_.back();
    items_.pop_back();
    std::uintptr_t top = last.item;
    if (!items_.empty()) {
        top = items_.front().item;
        items_.front() = last;
        sift_up(0);
        __builtin_prefetch(Scheduled::address(items_.front().item));  // the next timer to fire
    }
    return Scheduled::adopt(top);  // takes over the heap's reference
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
    for (std::size_t i = items_.size() / 2; i-- > 0;) sift_up(i);
}

// _heapq.c siftdown: move the item at `pos` up while it is strictly smaller
// than its parent. (Moves a hole instead of swapping; same comparisons.)
void TimerHeap::sift_down(std::size_t start, std::size_t pos) {
    const Entry item = items_[pos];
    while (pos > start) {
        const std::size_t parent = (pos - 1) >> 1;
        if (!(item.when < items_[parent].when)) break;
        items_[pos] = items_[parent];
        pos = parent;
    }
    items_[pos] = item;
}

// _heapq.c siftup: bubble the smaller child up until `pos` is a leaf, taking
// the right child unless the left one is strictly smaller, then siftdown.
void TimerHeap::sift_up(std::size_t pos) {
    const std::size_t end = items_.size();
    const std::size_t start = pos;
    const std::size_t limit = end >> 1;
    const Entry item = items_[pos];
    while (pos < limit) {
        std::size_t child = 2 * pos + 1;
        // The next level compares one of two pairs, 4*pos+3..4 or 4*pos+5..6,
        // depending on this comparison: ask for both now, so that a deep
        // heap's cache misses overlap with it.
        if (4 * pos + 6 < end) {
            __builtin_prefetch(&items_[4 * pos + 3]);  // the left child's children
            __builtin_prefetch(&items_[4 * pos + 5]);  // the right child's
        }
        if (child + 1 < end && !(items_[child].when < items_[child + 1].when)) ++child;
        items_[pos] = items_[child];
        pos = child;
    }
    items_[pos] = item;
    sift_down(start, pos);
}

}  // namespace loopscope
