// Small-object pools: where engine objects and coroutine frames live.
//
// A run makes millions of small objects (a Handle per callback, a Future per
// sleep, a Task and two coroutine frames per worker) and frees most of them
// soon after. malloc spends its time splitting and consolidating chunks for
// them (perf showed a third of a run in unlink_chunk/malloc_consolidate) and
// adds a header to each. Here each 16-byte size class has a free list, and
// new blocks of every class are cut in turn from one 64 KiB slab: allocation
// and release are a pointer pop and push, a freed object is reused first,
// and objects made one after another sit side by side.
//
// Single-threaded like the engine: one set of free lists per thread, so a GUI
// worker thread running the engine has its own. Slabs are never returned to
// the system (a block freed on another thread goes to that thread's list);
// a thread's free blocks and slab room pass to the next thread when it ends.
#pragma once

#include <cstddef>
#include <cstdint>
#include <new>
#include <utility>

namespace loopscope::pool {

inline constexpr std::size_t kGranule = 16;
inline constexpr std::size_t kMaxPooled = 512;  // larger blocks go to operator new

void* allocate_slow(std::size_t size_class);

struct FreeNode {
    FreeNode* next;
};

// Free lists by size class (index = size / kGranule), per thread.
struct Pools {
    FreeNode* free[kMaxPooled / kGranule + 1] = {};
    // Where new blocks of every size class are cut from, in allocation
    // order: objects made one after another (a task's body and the task, a
    // sleep's future and its timer) sit side by side whatever their sizes.
    char* fresh = nullptr;
    char* fresh_end = nullptr;
    Pools() = default;
    Pools(Pools&& other) noexcept
        : fresh(std::exchange(other.fresh, nullptr)), fresh_end(std::exchange(other.fresh_end, nullptr)) {
        for (std::size_t c = 0; c < sizeof free / sizeof free[0]; ++c) {
            free[c] = std::exchange(other.free[c], nullptr);
        }
    }
    ~Pools();  // hands the free blocks to the next thread
};

// This thread's pools. The pointer is constant-initialized, so reading it
// is one thread-local load; the pools themselves (whose construction adopts
// an ended thread's blocks) are made by the first call on each thread.
extern constinit thread_local Pools* this_thread_pools;
Pools& make_this_thread_pools() noexcept;
inline Pools& pools() noexcept {
    Pools* p = this_thread_pools;
    return p != nullptr ? *p : make_this_thread_pools();
}

inline std::size_t size_class(std::size_t size) noexcept { return (size + kGranule - 1) / kGranule; }

inline void* allocate(std::size_t size) {
    if (size > kMaxPooled) return ::operator new(size);
    const std::size_t c = size_class(size);
    Pools& p = pools();
    if (FreeNode* n = p.free[c]) {
        p.free[c] = n->next;
        return n;
    }
    return allocate_slow(c);
}

inline void release(void* ptr, std::size_t size) noexcept {
    if (ptr == nullptr) return;
    if (size > kMaxPooled) {
        ::operator delete(ptr);
        return;
    }
    const std::size_t c = size_class(size);
    Pools& p = pools();
    auto* n = static_cast<FreeNode*>(ptr);
    n->next = p.free[c];
    p.free[c] = n;
}

}  // namespace loopscope::pool
