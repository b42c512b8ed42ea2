#include "engine/pool.hpp"

#include <cstdlib>
#include <mutex>
#include <vector>

namespace loopscope::pool {

namespace {
// 64 KiB slabs. Bigger ones with transparent huge pages were measured
// twice: no faster (docs/performance.md).
constexpr std::size_t kSlabBytes = 64 * 1024;

// Blocks and slabs of threads that ended. Slabs are never given back: an
// object made on one thread (a RunReport's result, made on a GUI worker) may
// be released on another after its thread ended, so its block must stay
// valid. The next thread that needs a pool adopts them.
std::mutex orphan_mutex;
std::vector<Pools>* orphans = nullptr;  // lives until the process ends
}  // namespace

Pools::~Pools() {
    bool empty = fresh == fresh_end;  // the current slab's unused room counts too
    for (FreeNode* f : free) empty = empty && f == nullptr;
    if (empty) return;
    std::lock_guard<std::mutex> lock(orphan_mutex);
    if (orphans == nullptr) orphans = new std::vector<Pools>();
    orphans->push_back(std::move(*this));
}

constinit thread_local Pools* this_thread_pools = nullptr;

Pools& make_this_thread_pools() noexcept {
    static thread_local Pools p = []() -> Pools {
        std::lock_guard<std::mutex> lock(orphan_mutex);
        if (orphans == nullptr || orphans->empty()) return Pools{};
        Pools adopted = std::move(orphans->back());
        orphans->pop_back();
        return adopted;
    }();
    this_thread_pools = &p;
    return p;
}

// Cuts a block from the current slab, starting a new slab when it is used up
// (the few bytes left at its end are not worth a free list).
void* allocate_slow(std::size_t size_class) {
    Pools& p = pools();
    const std::size_t block = size_class * kGranule;
    if (p.fresh == nullptr || static_cast<std::size_t>(p.fresh_end - p.fresh) < block) {
        void* raw = std::malloc(kSlabBytes);
        if (raw == nullptr) throw std::bad_alloc();
        p.fresh = static_cast<char*>(raw);  // malloc's alignment (16) is the granule's
        p.fresh_end = p.fresh + kSlabBytes;
    }
    char* out = p.fresh;
    p.fresh += block;
    return out;
}

}  // namespace loopscope::pool
