// Instrument hooks: how the loop tells an observer what happened.
//
// Modelled on trio's instruments (task_spawned, before_task_step, ...): the
// loop calls these after the fact and an observer can never change the run.
// The trace recorder is one observer; tests can plug in others.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "engine/callback_kind.hpp"
#include "engine/value.hpp"

namespace loopscope {

class Future;
class Task;

// How a group was set up, as the GUI labels it: a gather, or one of the
// calls that wait for futures (wait, wait_for, as_completed).
struct GroupInfo {
    enum class Kind : std::uint8_t { Gather, Wait, WaitFor, AsCompleted };
    Kind kind = Kind::Gather;
    bool return_exceptions = false;       // gather
    std::string_view return_when;         // wait: FIRST_COMPLETED, ...
    double timeout = -1;                  // wait, wait_for, as_completed: negative when None
};

// How a waiting call ended. wait() returns (done, pending) when its
// condition is met (Returned) or when its timeout fires first (TimedOut);
// wait_for returns the result, raises TimeoutError (TimedOut) or passes on
// the awaited thing's exception (Raised); as_completed's iteration ends when
// all are done (Returned) or its timeout fires (TimedOut). A call whose
// caller was cancelled while it waited never returns (NeverReturned).
enum class GroupEnd : std::uint8_t { Returned, TimedOut, NeverReturned, Raised };

class Observer {
public:
    virtual ~Observer() = default;
    // A task was created by `creator` (nullptr: by the loop, e.g. main).
    virtual void task_created(const Task& task, const Task* creator) = 0;
    // A step begins: `thrown` is the exception thrown in, or null for send().
    virtual void step_begin(const Task& task, const Exc& thrown) = 0;
    // A step ended: the task now waits on `awaited`, yielded, or is done.
    virtual void step_end(const Task& task, const Future* awaited, bool yielded) = 0;
    // Any future (task, group, plain) became done.
    virtual void future_done(const Future& fut) = 0;
    // `.cancel(msg)` was called on `target` while `requester` was running
    // (nullptr: from a loop callback such as a timeout or an intervention);
    // the loop's cancel_cause() says why (engine/cancel_cause.hpp).
    virtual void cancel_requested(const Future& target, const Task* requester, const Value& msg) = 0;
    // gather() made `group` over `children`; wait() started watching them
    // (`group` is then the waiter future inside _wait).
    virtual void group_created(const Future& group, const std::vector<const Future*>& children,
                               const GroupInfo& info) = 0;
    // A waiting call ended (GroupEnd). For a wait() that returned, `done`
    // and `pending` are the sets it returned, in the engine's order; empty
    // otherwise.
    virtual void group_finished(const Future& group, GroupEnd how, const std::vector<const Future*>& done,
                                const std::vector<const Future*>& pending) = 0;
    // A line the scenario printed.
    virtual void printed(std::string_view text) = 0;
    // The loop's own work (Loop::run_once): a pass of _run_once begins, with
    // `ntodo` calls taken from the ready queue (cancelled ones included, as
    // CPython's ntodo counts them); then each call that is not cancelled,
    // just before it runs: `fn` is the callback's function (its kind:
    // callback_kind_of), `self` its target object, `arg` its argument.
    // `due` of those calls are timers that fell due at the pass's start and
    // moved from the heap to the queue's end, in the order heapq popped them.
    virtual void loop_pass(std::size_t /*ntodo*/, std::size_t /*due*/) {}
    virtual void callback_run(CallbackFn /*fn*/, const RefCounted& /*self*/, const Value& /*arg*/) {}
    // A call joined the ready queue (call_soon; a task's steps and wake-ups,
    // a future's done-callbacks) or the timer heap, at `when` (call_at,
    // call_later, a sleep's timer). `fn`, `self`, `arg` as for callback_run.
    // `handle` is the Handle that code can cancel, null for a call nobody
    // holds; a sleep's own timer is cancelled through its future instead.
    virtual void call_queued(CallbackFn /*fn*/, const RefCounted& /*self*/, const Value& /*arg*/,
                             const void* /*handle*/) {}
    virtual void timer_queued(double /*when*/, CallbackFn /*fn*/, const RefCounted& /*self*/,
                              const Value& /*arg*/, const void* /*handle*/) {}
    // Handle.cancel() on a queued, due or already run handle (the first call
    // only), and TimerHandle.cancel() on a sleep's own timer.
    virtual void handle_cancelled(const void* /*handle*/) {}
    virtual void own_timer_cancelled(const Future& /*sleep_future*/) {}
    // _run_once's clean-up of cancelled timers, before it selects: `dropped`
    // popped from the heap's head, or the heap rebuilt without them.
    virtual void timers_dropped(std::size_t /*dropped*/) {}
    virtual void timers_rebuilt() {}
    // asyncio.run's shutdown is about to cancel every pending task
    // (runners._cancel_all_tasks): CPython iterates all_tasks(), a set
    // hashed by address, so from the next pass on the order of callbacks
    // is Python's to choose.
    virtual void shutdown_cancelling() {}
    // The task's name changed (Task.set_name; asyncio.create_task(name=...)
    // in 3.11 names the task right after making it, before its first step).
    virtual void task_renamed(const Task& /*task*/) {}
};

}  // namespace loopscope
