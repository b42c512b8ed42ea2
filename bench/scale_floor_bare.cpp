// The bare floor: a task is its coroutine frame and nothing more. A timer
// resumes the frame it holds; no Task, no Future, no callback pass between.
#include <cstdint>
#include <vector>

#include "bench/floor_loop.hpp"
#include "bench/floor_worker.hpp"
#include "bench/scale_floor_models.hpp"
#include "engine/py_random.hpp"

namespace loopscope::scale_floor {

namespace {

void wake(void* frame);

struct BareRun : RunState {
    using RunState::RunState;
    std::int64_t sum = 0;  // gather's results, summed as main does
};
BareRun* running = nullptr;

struct Sleep {
    double delay;
    bool await_ready() const noexcept { return false; }
    void await_suspend(WorkerHandle h) const {
        h.promise().sleep_id = running->loop.next_id();
        running->loop.call_later(delay, h.address());
    }
    void await_resume() const noexcept {}
};

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

RunReport run_bare(std::int64_t n, const Seed& seed, bool record_trace) {
    BareRun run(&wake, n, seed, record_trace);
    running = &run;
    // main: the workers' frames first, then gather makes each a task.
    std::vector<WorkerHandle> frames = make_workers<Sleep>(run.random, n);
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
    return run.report();
}

}  // namespace loopscope::scale_floor
