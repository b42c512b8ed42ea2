// The event loop: base_events.BaseEventLoop on a virtual clock.
//
// A FIFO ready queue, a timer heap ordered exactly as CPython's heapq orders
// TimerHandles, and one place that runs callbacks (run_once, CPython's
// _run_once). Time never comes from the wall clock: when nothing is ready the
// clock jumps to the earliest deadline, as the test harness's selector does.
//
// Sections: scheduling · running · tasks · limits and diagnostics.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/cancel_cause.hpp"
#include "engine/coroutine_body.hpp"
#include "engine/handle.hpp"
#include "engine/observer.hpp"
#include "engine/scheduled.hpp"
#include "engine/timer_heap.hpp"

namespace loopscope {

class Future;
class Task;

// Why a run stopped before its future was done. ClockStall: a pass that
// can make no progress, so that every later pass would be the same one (past
// 2**24 s, t + kClockResolution == t and a due timer is never popped).
struct LoopStop {
    enum class Reason : std::uint8_t { Deadlock, StepLimit, TimeLimit, ClockStall };
    Reason reason;
    std::string detail;  // one line per waiting task for a deadlock
};

// Thrown out of run_until_complete when a guard stops a run.
struct LoopStopped {
    LoopStop stop;
};

struct LoopLimits {
    std::uint64_t max_callbacks = 500'000'000;  // callbacks run, all passes together
    double max_time = 1e9;                       // virtual seconds
};

class Loop {
public:
    // time.get_clock_info('monotonic').resolution on Linux: the window within
    // which a timer counts as due (BaseEventLoop._clock_resolution).
    static constexpr double kClockResolution = 1e-09;

    Loop();
    ~Loop();
    Loop(const Loop&) = delete;
    Loop& operator=(const Loop&) = delete;

    // ---- scheduling ------------------------------------------------------
    [[nodiscard]] double time() const noexcept { return now_; }
    // time.sleep(seconds) inside a callback: nothing else runs meanwhile,
    // and the clock moves on (timers due in between fire late, in the next
    // pass). Past the virtual-time limit the run stops.
    void block_for(double seconds);
    Ref<Handle> call_soon(Callback cb, Value arg = {});
    // call_soon for a handle nobody keeps (a task's steps and wake-ups, a
    // future's done-callbacks): nothing can cancel it, so the ready queue
    // stores the call itself and no Handle is made.
    void call_soon_unheld(Callback cb, Value arg = {});
    Ref<Handle> call_later(double delay, Callback cb, Value arg = {});
    Ref<Handle> call_at(double when, Callback cb, Value arg = {});
    Ref<Future> create_future();
    // asyncio.sleep's `future = loop.create_future()` and `call_later(delay,
    // futures._set_result_unless_cancelled, future, None)`, with the timer
    // folded into the future (engine/scheduled.hpp): no Handle is made.
    Ref<Future> sleep_future(double delay);
    // TimerHandle.cancel() for such a future's timer.
    void cancel_timer(Future& sleep_future) noexcept;
    // create_task(coro, name=None): only an unnamed task takes a number
    // from the Task-N counter, as tasks.py's Task.__init__ does.
    Ref<Task> create_task(std::unique_ptr<CoroutineBody> body, std::optional<std::string> name = std::nullopt);

    // ---- running ---------------------------------------------------------
    // One pass of _run_once. Returns false when nothing can ever happen
    // again (nothing ready, no timer): the caller decides what that means.
    // Throws LoopStopped where the clock moves: past the time limit, or when
    // it cannot move on to the next timer (a clock stall).
    bool run_once();
    void stop() noexcept { stopping_ = true; }
    // run_until_complete(fut): runs passes until `fut` is done and the stop
    // callback has run, then returns fut's result or raises its exception.
    // Throws LoopStopped when a guard fires or the run deadlocks.
    Value run_until_complete(const Ref<Future>& fut);

    // ---- tasks -----------------------------------------------------------
    [[nodiscard]] Task* current_task() const noexcept { return current_task_; }
    void enter_task(Task& task);
    void leave_task(Task& task);
    // How many tasks this loop ever created (the loop keeps only the pending
    // ones: CPython's _all_tasks is a WeakSet).
    [[nodiscard]] std::size_t tasks_created() const noexcept { return tasks_created_; }
    // The names of tasks given one (Task::set_name), by future id; kept for
    // the loop's life, since a task may outlive its loop's run.
    [[nodiscard]] const std::string& task_name(std::uint32_t task_id) const { return task_names_.at(task_id); }
    void set_task_name(std::uint32_t task_id, std::string name) { task_names_[task_id] = std::move(name); }
    // A task finished: the pending list drops it at its next compaction.
    void task_done() noexcept;
    // asyncio.all_tasks(): the pending ones, in creation order (CPython gives
    // a set; the engine's order is the deterministic one).
    [[nodiscard]] std::vector<Ref<Task>> all_tasks() const;
    // Futures that ever held an exception: checked for "never retrieved".
    void note_exception_set(Future& fut);
    [[nodiscard]] const std::vector<Ref<Future>>& exception_futures() const noexcept { return exception_futures_; }
    std::uint32_t next_future_id() noexcept { return (*future_ids_)++; }
    // Future ids from `counter` instead of the loop's own: a script's loops
    // share one, so that their futures stay apart in the one trace they
    // record into. `counter` must outlive the loop.
    void share_future_ids(std::uint32_t& counter) noexcept { future_ids_ = &counter; }
    // Task numbers (Task-N) from `counter`: tasks.py's _task_name_counter is
    // one per process, so a script's second asyncio.run goes on counting.
    void share_task_numbers(std::uint64_t& counter) noexcept { task_numbers_ = &counter; }

    // ---- limits and diagnostics -----------------------------------------
    void set_limits(LoopLimits limits) noexcept { limits_ = limits; }
    void set_observer(Observer* obs) noexcept { observer_ = obs; }
    [[nodiscard]] Observer* observer() const noexcept { return observer_; }
    [[nodiscard]] std::uint64_t callbacks_run() const noexcept { return callbacks_run_; }
    [[nodiscard]] std::uint64_t task_steps() const noexcept { return task_steps_; }
    void count_task_step() noexcept { ++task_steps_; }
    // "Task-3 waits on <Future pending>" lines for a deadlock report.
    [[nodiscard]] std::string describe_waiting_tasks() const;

    // TimerHandle.cancel() tells the loop (BaseEventLoop._timer_handle_cancelled).
    void timer_handle_cancelled(Handle& handle) noexcept;
    // Why the cancel() calls made now are made (engine/cancel_cause.hpp):
    // the innermost CancelCauseScope, or null for the program's own call.
    [[nodiscard]] const CancelCause* cancel_cause() const noexcept { return cancel_cause_; }

private:
    // The guards on a clock jump from `before`: throws LoopStopped.
    void check_clock(double before) const;
    // The virtual-time limit, wherever the clock moves.
    void check_time_limit() const;

    // One entry of the ready queue: a call. A Handle (call_soon's, or a due
    // timer) is the call "run this handle"; a sleep's own-timer future is
    // "_set_result_unless_cancelled(future, None)". Those two can have been
    // cancelled since they were queued; a call_soon_unheld call cannot.
    struct ReadyCall {
        Callback call;
        Value arg;
        [[nodiscard]] bool cancelled() const noexcept;
    };
    static ReadyCall ready_call(Scheduled timer);
    void observe_call(const ReadyCall& call) const;

    std::deque<ReadyCall> ready_;
    TimerHeap scheduled_;
    std::size_t timer_cancelled_count_ = 0;
    double now_ = 0.0;
    bool stopping_ = false;
    Task* current_task_ = nullptr;
    std::vector<Ref<Task>> tasks_;  // pending tasks in creation order, plus finished ones not yet compacted away
    std::size_t tasks_done_in_list_ = 0;
    std::vector<Ref<Future>> exception_futures_;
    std::uint32_t own_future_ids_ = 1;
    std::uint32_t* future_ids_ = &own_future_ids_;  // the loop is never copied or moved
    std::uint64_t own_task_numbers_ = 1;  // tasks.py's _task_name_counter
    std::uint64_t* task_numbers_ = &own_task_numbers_;
    std::size_t tasks_created_ = 0;
    std::unordered_map<std::uint32_t, std::string> task_names_;
    std::uint64_t callbacks_run_ = 0;
    std::uint64_t task_steps_ = 0;
    LoopLimits limits_;
    Observer* observer_ = nullptr;
    const CancelCause* cancel_cause_ = nullptr;
    friend class CancelCauseScope;
};

// Names the cause of the cancel() calls made while it lives; scopes nest
// (an intervention cancels a gather, which cancels its children: each child
// reads the gather's scope).
class CancelCauseScope {
public:
    CancelCauseScope(Loop& loop, CancelCause cause) noexcept
        : loop_(loop), cause_(std::move(cause)), outer_(loop.cancel_cause_) {
        loop_.cancel_cause_ = &cause_;
    }
    ~CancelCauseScope() { loop_.cancel_cause_ = outer_; }
    CancelCauseScope(const CancelCauseScope&) = delete;
    CancelCauseScope& operator=(const CancelCauseScope&) = delete;

private:
    Loop& loop_;
    CancelCause cause_;
    const CancelCause* outer_;
};

}  // namespace loopscope
