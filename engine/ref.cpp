#include "engine/ref.hpp"

#include <vector>

namespace loopscope {

namespace {
// Nested frees allowed before an object waits in the queue: deep enough that
// ordinary objects (a task, its coroutine frame, a result) are freed at once,
// shallow enough for any thread's stack, sanitizers' fat frames included.
constexpr int kMaxNestedFrees = 64;
thread_local int nested_frees = 0;
thread_local std::vector<const RefCounted*> queued;
}  // namespace

void RefCounted::destroy(const RefCounted* obj) noexcept {
    if (nested_frees >= kMaxNestedFrees) {
        queued.push_back(obj);
        return;
    }
    ++nested_frees;
    delete obj;
    if (nested_frees == 1) {
        // The outermost free empties the queue, each object freed from here,
        // so what it holds starts again at depth 1.
        while (!queued.empty()) {
            const RefCounted* next = queued.back();
            queued.pop_back();
            delete next;
        }
    }
    --nested_frees;
}

}  // namespace loopscope
