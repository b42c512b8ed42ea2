#include "engine/teardown.hpp"

#include <vector>

namespace loopscope::teardown {

namespace {
// Nested frees allowed before an object waits in the queue: deep enough that
// ordinary objects (a task, its coroutine frame, a result) are freed at once,
// shallow enough for any thread's stack, sanitizers' fat frames included.
constexpr int kMaxNestedFrees = 64;

struct Pending {
    FreeFn free_fn;
    void* obj;
};
thread_local int nested_frees = 0;
thread_local std::vector<Pending> queued;
}  // namespace

void run(FreeFn free_fn, void* obj) noexcept {
    if (nested_frees >= kMaxNestedFrees) {
        queued.push_back({free_fn, obj});
        return;
    }
    ++nested_frees;
    free_fn(obj);
    if (nested_frees == 1) {
        // The outermost free empties the queue, each object freed from here,
        // so what it holds starts again at depth 1.
        while (!queued.empty()) {
            const Pending next = queued.back();
            queued.pop_back();
            next.free_fn(next.obj);
        }
    }
    --nested_frees;
}

}  // namespace loopscope::teardown
