// The loop's timer queue: a binary heap with heapq's exact sift rules.
//
// CPython keeps TimerHandles in a list managed by heapq and compares them by
// `_when` alone, so timers with equal deadlines come out in the order heapq's
// sifting leaves them, not in insertion order. Scenarios whose tasks sleep
// for the same time depend on that order, so this mirrors _heapq.c line by
// line: push = append + siftdown, pop = move last to root + siftup (to a leaf,
// preferring the right child unless the left is strictly smaller) + siftdown.
//
// Each slot keeps a copy of its handle's deadline next to the pointer: the
// sifts compare deadlines only, and with a million timers reading them from
// the handles themselves was a cache miss per comparison (docs/performance.md).
#pragma once

#include <cstddef>
#include <vector>

#include "engine/handle.hpp"

namespace loopscope {

class TimerHeap {
public:
    // One heap slot: the handle and its deadline (a handle's `when` never changes).
    struct Entry {
        double when;
        Ref<Handle> handle;
        Entry(Ref<Handle> h) : when(h->when()), handle(std::move(h)) {}  // NOLINT: implicit on purpose
        Handle* operator->() const noexcept { return handle.get(); }
    };

    void push(Ref<Handle> handle);
    Ref<Handle> pop();
    // heapq.heapify over the current items (after dropping cancelled ones).
    void heapify();
    [[nodiscard]] const Entry& top() const { return items_.front(); }
    [[nodiscard]] bool empty() const noexcept { return items_.empty(); }
    [[nodiscard]] std::size_t size() const noexcept { return items_.size(); }
    [[nodiscard]] std::vector<Entry>& items() noexcept { return items_; }

private:
    void sift_down(std::size_t start, std::size_t pos);
    void sift_up(std::size_t pos);

    std::vector<Entry> items_;
};

}  // namespace loopscope
