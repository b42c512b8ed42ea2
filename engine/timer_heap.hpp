// The loop's timer queue: a binary heap with heapq's exact sift rules.
//
// CPython keeps TimerHandles in a list managed by heapq and compares them by
// `_when` alone, so timers with equal deadlines come out in the order heapq's
// sifting leaves them, not in insertion order. Scenarios whose tasks sleep
// for the same time depend on that order, so this mirrors _heapq.c line by
// line (engine/heapq.hpp): push = append + siftdown, pop = move last to root
// + siftup (to a leaf, preferring the right child unless the left is strictly
// smaller) + siftdown.
//
// Each slot keeps a copy of its handle's deadline next to the pointer: the
// sifts compare deadlines only, and with a million timers reading them from
// the handles themselves was a cache miss per comparison (docs/performance.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "engine/scheduled.hpp"

namespace loopscope {

class TimerHeap {
public:
    // One heap slot: a timer's deadline (which never changes) and the timer
    // (a Handle or a sleep's own-timer future: engine/scheduled.hpp). The
    // heap owns one reference per slot, held as a plain word so that the
    // sifts move 16 trivially copyable bytes per level.
    struct Entry {
        double when;
        std::uintptr_t item;
        [[nodiscard]] bool cancelled() const noexcept { return Scheduled::cancelled(item); }
    };

    TimerHeap() = default;
    TimerHeap(const TimerHeap&) = delete;
    TimerHeap& operator=(const TimerHeap&) = delete;
    ~TimerHeap() { clear(); }

    void push(double when, Scheduled timer);
    void push(Ref<Handle> handle) {
        const double when = handle->when();  // before the move: arguments are unsequenced
        push(when, Scheduled(std::move(handle)));
    }
    Scheduled pop();
    [[nodiscard]] const Entry& top() const { return items_.front(); }
    [[nodiscard]] bool empty() const noexcept { return items_.empty(); }
    [[nodiscard]] std::size_t size() const noexcept { return items_.size(); }
    // Drops every timer.
    void clear();
    // Drops the cancelled timers (no longer scheduled), then re-heaps the
    // rest with heapq.heapify, as _run_once does when too many timers are
    // cancelled.
    void remove_cancelled();
    // Adds a timer without sifting; heapify() must follow (tests build
    // heapq.heapify's input this way).
    void append_unordered(Ref<Handle> handle);
    // heapq.heapify over the current items.
    void heapify();

private:
    std::vector<Entry> items_;
};

}  // namespace loopscope
