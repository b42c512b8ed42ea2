// heapq's two sifts, exactly as _heapq.c does them, over any vector of
// entries that carry a `when`.
//
// The timer heap (engine/timer_heap.cpp) and the scale benchmark's floor
// models (bench/) both need CPython's tie order, so both sift here.
#pragma once

#include <cstddef>
#include <vector>

namespace loopscope::heapq {

// _heapq.c siftdown: move the item at `pos` up while it is strictly smaller
// than its parent. (Moves a hole instead of swapping; same comparisons.)
template <class Entry>
void sift_down(std::vector<Entry>& items, std::size_t start, std::size_t pos) {
    const Entry item = items[pos];
    while (pos > start) {
        const std::size_t parent = (pos - 1) >> 1;
        if (!(item.when < items[parent].when)) break;
        items[pos] = items[parent];
        pos = parent;
    }
    items[pos] = item;
}

// _heapq.c siftup: bubble the smaller child up until `pos` is a leaf, taking
// the right child unless the left one is strictly smaller, then siftdown.
template <class Entry>
void sift_up(std::vector<Entry>& items, std::size_t pos) {
    const std::size_t end = items.size();
    const std::size_t start = pos;
    const std::size_t limit = end >> 1;
    const Entry item = items[pos];
    while (pos < limit) {
        std::size_t child = 2 * pos + 1;
        // The next level compares one of two pairs, 4*pos+3..4 or 4*pos+5..6,
        // depending on this comparison: ask for both now, so that a deep
        // heap's cache misses overlap with it.
        if (4 * pos + 6 < end) {
            __builtin_prefetch(&items[4 * pos + 3]);  // the left child's children
            __builtin_prefetch(&items[4 * pos + 5]);  // the right child's
        }
        if (child + 1 < end && !(items[child].when < items[child + 1].when)) ++child;
        items[pos] = items[child];
        pos = child;
    }
    items[pos] = item;
    sift_down(items, start, pos);
}

// heappush: append, then siftdown from the new leaf.
template <class Entry>
void push(std::vector<Entry>& items, const Entry& entry) {
    items.push_back(entry);
    sift_down(items, 0, items.size() - 1);
}

// heappop: the root goes; the last leaf takes its place and sifts up.
template <class Entry>
Entry pop(std::vector<Entry>& items) {
    const Entry last = items.back();
    items.pop_back();
    if (items.empty()) return last;
    const Entry top = items.front();
    items.front() = last;
    sift_up(items, 0);
    return top;
}

}  // namespace loopscope::heapq
