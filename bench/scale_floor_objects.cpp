// The object-model floor: asyncio's objects at the engine's sizes, and the
// passes CPython makes between them. A Task per worker; a Future per sleep,
// whose timer sets its result; the result schedules the future's
// done-callback (Task.__wakeup), which runs in the next pass and steps the
// task; a finished task schedules gather's callback the same way.
#include <coroutine>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "bench/floor_loop.hpp"
#include "bench/floor_worker.hpp"
#include "bench/scale_floor_models.hpp"
#include "engine/pool.hpp"
#include "engine/py_random.hpp"
#include "engine/task.hpp"

namespace loopscope::scale_floor {

namespace {

// The fields a sleep's future uses, padded to the engine's Future: the
// floor should touch as many bytes as the engine does, no fewer.
struct FloorFuture {
    static void* operator new(std::size_t size) { return pool::allocate(size); }
    static void operator delete(void* ptr, std::size_t size) noexcept { pool::release(ptr, size); }

    std::uint32_t id = 0;
    bool done = false;
    Call done_callback{nullptr, nullptr};  // futures.py keeps a list; here it has one entry
    std::int64_t result = 0;
    std::byte rest_of_engine_future[sizeof(Future) - 32];
};
static_assert(sizeof(FloorFuture) == sizeof(Future));

struct FloorTask : FloorFuture {
    std::coroutine_handle<> coro;
    FloorFuture* fut_waiter = nullptr;
    std::byte rest_of_engine_task[sizeof(Task) - sizeof(Future) - 16];
};
static_assert(sizeof(FloorTask) == sizeof(Task));

void timer_due(void* fut);

struct ObjectsRun : RunState {
    using RunState::RunState;
    std::vector<FloorTask*> children;  // gather's, in argument order
    FloorTask* current_task = nullptr;
};
ObjectsRun* running = nullptr;  // as asyncio's running loop: one for the run

// Future.set_result: done, and its callback scheduled, never called.
void set_result(FloorFuture& fut, std::int64_t result) {
    fut.result = result;
    fut.done = true;
    running->loop.record(EventKind::FutureDone, fut.id);
    if (fut.done_callback.fn != nullptr) running->loop.call_soon(fut.done_callback);
}

void wakeup(void* task);

// asyncio.sleep: a future, a timer that sets its result, and the task
// waiting on it (Task.__step's add_done_callback(__wakeup)).
struct Sleep {
    double delay;
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<>) const {
        ObjectsRun& run = *running;
        auto* fut = new FloorFuture;
        fut->id = run.loop.next_id();
        run.loop.call_later(delay, fut);
        fut->done_callback = Call{&wakeup, run.current_task};
        run.current_task->fut_waiter = fut;
    }
    void await_resume() const noexcept {}
};

// Task.__step.
void step(void* task_ptr) {
    ObjectsRun& run = *running;
    FloorTask& task = *static_cast<FloorTask*>(task_ptr);
    ++run.steps;
    run.loop.record(EventKind::StepBegin, task.id);
    run.current_task = &task;
    task.coro.resume();
    run.current_task = nullptr;
    const auto h = WorkerHandle::from_address(task.coro.address());
    if (!h.done()) {
        run.loop.record(EventKind::StepEnd, task.id, task.fut_waiter->id);
        return;
    }
    const std::int64_t result = h.promise().result;
    h.destroy();
    task.coro = nullptr;
    run.loop.record(EventKind::StepEnd, task.id);
    set_result(task, result);
}

// Task.__wakeup: the sleep's result is None and nobody reads it; the
// future goes back to its pool (which writes into it), and the task steps.
void wakeup(void* task_ptr) {
    FloorTask& task = *static_cast<FloorTask*>(task_ptr);
    FloorFuture* fut = task.fut_waiter;
    task.fut_waiter = nullptr;
    delete fut;
    step(&task);
}

// The sleep's timer: futures._set_result_unless_cancelled(fut, None).
void timer_due(void* fut) { set_result(*static_cast<FloorFuture*>(fut), 0); }

// gather's _done_callback: when the last child is done, the results in order.
void child_done(void*) {
    ObjectsRun& run = *running;
    if (++run.finished != run.n) return;
    std::int64_t sum = 0;
    for (const FloorTask* child : run.children) sum += child->result;
    run.transcript.push_back(gathered_line(run.loop.now(), run.n, sum));
}

}  // namespace

RunReport run_objects(std::int64_t n, const Seed& seed, bool record_trace) {
    ObjectsRun run(&timer_due, n, seed, record_trace);
    running = &run;
    // main: the workers' coroutines first, then gather wraps each in a task.
    std::vector<WorkerHandle> frames = make_workers<Sleep>(run.random, n);
    run.children.reserve(static_cast<std::size_t>(n));
    for (const WorkerHandle h : frames) {
        auto* task = new FloorTask;
        task->id = run.loop.next_id();
        task->coro = h;
        run.loop.record(EventKind::TaskCreated, task->id);
        run.loop.call_soon(Call{&step, task});
        task->done_callback = Call{&child_done, task};
        run.children.push_back(task);
    }
    std::vector<WorkerHandle>().swap(frames);
    // gather() of nothing is done at once.
    if (n == 0) run.transcript.push_back(gathered_line(run.loop.now(), 0, 0));
    while (run.loop.run_once()) {
    }
    for (FloorTask* child : run.children) delete child;
    running = nullptr;
    return run.report();
}

}  // namespace loopscope::scale_floor
