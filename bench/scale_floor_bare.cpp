// The bare floor: a task is its coroutine frame and nothing more. A timer
// resumes the frame it holds; no Task, no Future, no callback pass between.
#include <coroutine>
#include <cstdint>
#include <exception>
#include <vector>

#include "bench/floor_loop.hpp"
#include "bench/scale_floor_models.hpp"
#include "engine/pool.hpp"
#include "engine/py_random.hpp"

namespace loopscope::scale_floor {

namespace {

// What the running model shares with its coroutines, which asyncio's running
// loop is to a coroutine: one pointer for the run instead of one per frame.
void wake(void* frame);

struct BareRun {
    BareRun(std::int64_t workers, std::int64_t seed, bool record_trace)
        : loop(&wake, record_trace), random(seed), n(workers) {}
    FloorLoop loop;
    PyRandom random;
    std::int64_t n;
    std::int64_t finished = 0;
    std::int64_t sum = 0;  // gather's results, summed as main does
    std::uint64_t steps = 0;
    std::vector<TranscriptLine> transcript;
};
BareRun* running = nullptr;

struct Worker {
    struct promise_type {
        std::uint32_t task_id = 0;
        std::uint32_t sleep_id = 0;  // the sleep it waits for, for the trace
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

struct Sleep {
    double delay;
    bool await_ready() const noexcept { return false; }
    void await_suspend(WorkerHandle h) const {
        h.promise().sleep_id = running->loop.next_id();
        running->loop.call_later(delay, h.address());
    }
    void await_resume() const noexcept {}
};

Worker worker(std::int64_t i) {
    co_await Sleep{running->random.uniform(1, 3)};
    co_await Sleep{running->random.uniform(0, 1)};
    co_return i;
}

// One step of a task: resume its frame until it sleeps or returns.
void step(void* frame) {
    BareRun& run = *running;
    const WorkerHandle h = WorkerHandle::from_address(frame);
    const std::uint32_t id = h.promise().task_id;
    ++run.steps;
    run.loop.record(EventKind::StepBegin, id);
    h.resume();
    if (!h.done()) {
        run.loop.record(EventKind::StepEnd, id, h.promise().sleep_id);
        return;
    }
    run.loop.record(EventKind::StepEnd, id);
    run.loop.record(EventKind::FutureDone, id);
    run.sum += h.promise().result;
    h.destroy();
    if (++run.finished == run.n) run.transcript.push_back(gathered_line(run.loop.now(), run.n, run.sum));
}

// A timer's deadline: the sleep is done and its frame goes on at once.
void wake(void* frame) {
    running->loop.record(EventKind::FutureDone, WorkerHandle::from_address(frame).promise().sleep_id);
    step(frame);
}

}  // namespace

RunReport run_bare(std::int64_t n, std::int64_t seed, bool record_trace) {
    BareRun run(n, seed, record_trace);
    running = &run;
    // main: the workers' frames first, then gather makes each a task.
    std::vector<WorkerHandle> frames;
    frames.reserve(static_cast<std::size_t>(n));
    for (std::int64_t i = 0; i < n; ++i) frames.push_back(worker(i).handle);
    for (const WorkerHandle h : frames) {
        h.promise().task_id = run.loop.next_id();
        run.loop.record(EventKind::TaskCreated, h.promise().task_id);
        run.loop.call_soon(Call{&step, h.address()});
    }
    std::vector<WorkerHandle>().swap(frames);
    // gather() of nothing is done at once.
    if (n == 0) run.transcript.push_back(gathered_line(run.loop.now(), 0, 0));
    while (run.loop.run_once()) {
    }
    running = nullptr;
    RunReport report;
    report.transcript = std::move(run.transcript);
    report.trace.events = run.loop.take_events();
    report.task_steps = run.steps;
    report.tasks_created = static_cast<std::size_t>(n);
    return report;
}

}  // namespace loopscope::scale_floor
