#include "engine/timer_heap.hpp"

#include <utility>

namespace loopscope {

void TimerHeap::push(Ref<Handle> handle) {
    items_.push_back(std::move(handle));
    sift_down(0, items_.size() - 1);
}

Ref<Handle> TimerHeap::pop() {
    Ref<Handle> last = std::move(items_.back());
    items_.pop_back();
    if (items_.empty()) return last;
    Ref<Handle> top = std::move(items_.front());
    items_.front() = std::move(last);
    sift_up(0);
    return top;
}

void TimerHeap::heapify() {
    for (std::size_t i = items_.size() / 2; i-- > 0;) sift_up(i);
}

// _heapq.c siftdown: move the item at `pos` up while it is strictly smaller
// than its parent.
void TimerHeap::sift_down(std::size_t start, std::size_t pos) {
    while (pos > start) {
        const std::size_t parent = (pos - 1) >> 1;
        if (!less(pos, parent)) break;
        std::swap(items_[pos], items_[parent]);
        pos = parent;
    }
}

// _heapq.c siftup: bubble the smaller child up until `pos` is a leaf, taking
// the right child unless the left one is strictly smaller, then siftdown.
void TimerHeap::sift_up(std::size_t pos) {
    const std::size_t end = items_.size();
    const std::size_t start = pos;
    const std::size_t limit = end >> 1;
    while (pos < limit) {
        std::size_t child = 2 * pos + 1;
        if (child + 1 < end && !less(child, child + 1)) ++child;
        std::swap(items_[pos], items_[child]);
        pos = child;
    }
    sift_down(start, pos);
}

}  // namespace loopscope
