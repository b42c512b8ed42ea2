// scale.py's worker as both floor models run it: the twin's coroutine, with
// the awaiter each model makes of a sleep.
#pragma once

#include <coroutine>
#include <cstdint>
#include <exception>
#include <vector>

#include "engine/pool.hpp"
#include "engine/py_random.hpp"

namespace loopscope::scale_floor {

struct Worker {
    struct promise_type {
        std::uint32_t task_id = 0;   // the bare model's trace ids: it has no Task to hold them
        std::uint32_t sleep_id = 0;
        std::int64_t result = 0;

        Worker get_return_object() { return {std::coroutine_handle<promise_type>::from_promise(*this)}; }
        std::suspend_always initial_suspend() noexcept { return {}; }
        std::suspend_always final_suspend() noexcept { return {}; }
        void return_value(std::int64_t v) noexcept { result = v; }
        void unhandled_exception() noexcept { std::terminate(); }  // the worker cannot raise
        static void* operator new(std::size_t size) { return pool::allocate(size); }
        static void operator delete(void* ptr, std::size_t size) noexcept { pool::release(ptr, size); }
    };
    std::coroutine_handle<promise_type> handle;
};
using WorkerHandle = std::coroutine_handle<Worker::promise_type>;

// async def worker(i): sleep uniform(1, 3), sleep uniform(0, 1), return i.
// The random comes in by reference, as the C++ twin's context does.
template <class Sleep>
Worker worker(PyRandom& random, std::int64_t i) {
    co_await Sleep{random.uniform(1, 3)};
    co_await Sleep{random.uniform(0, 1)};
    co_return i;
}

// main's list of worker(i) for i in range(n): the frames, made before gather
// sees any of them.
template <class Sleep>
std::vector<WorkerHandle> make_workers(PyRandom& random, std::int64_t n) {
    std::vector<WorkerHandle> frames;
    frames.reserve(static_cast<std::size_t>(n));
    for (std::int64_t i = 0; i < n; ++i) frames.push_back(worker<Sleep>(random, i).handle);
    return frames;
}

}  // namespace loopscope::scale_floor
