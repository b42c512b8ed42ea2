#include "engine/loop.hpp"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <stdexcept>

#include "engine/future.hpp"
#include "engine/task.hpp"

namespace loopscope {

namespace {
// base_events.py constants.
constexpr std::size_t kMinScheduledTimerHandles = 100;
constexpr double kMinCancelledTimerHandlesFraction = 0.5;
constexpr double kMaximumSelectTimeout = 24 * 3600;

// The ready queue's calls for what may be cancelled after it was queued.
void run_handle(RefCounted& handle, const Value& /*unused*/) { static_cast<Handle&>(handle).run(); }
void fire_own_timer(RefCounted& future, const Value& /*unused*/) {
    set_result_unless_cancelled(static_cast<Future&>(future), Value{});
}
// A sleep's own timer is the call _set_result_unless_cancelled(future, None).
[[maybe_unused]] const bool fire_own_timer_registered =
    register_callback_kind(&fire_own_timer, CallbackKind::SetResultUnlessCancelled);
}  // namespace

bool Loop::ReadyCall::cancelled() const noexcept {
    if (call.fn == &run_handle) return static_cast<const Handle&>(*call.self).cancelled();
    if (call.fn == &fire_own_timer) return static_cast<const Future&>(*call.self).timer_cancelled();
    return false;
}

Loop::ReadyCall Loop::ready_call(Scheduled timer) {
    if (Handle* h = timer.handle()) return {Callback{&run_handle, Ref<RefCounted>(h)}, {}};
    return {Callback{&fire_own_timer, Ref<RefCounted>(timer.own_timer_future())}, {}};
}

Loop::Loop() {
    // Futures keep this address in 48 bits (engine/future.hpp). User space
    // lies below 2^47 on x86-64 and arm64 Linux; a platform where it does
    // not must fail here, not corrupt a pointer later.
    if (reinterpret_cast<std::uintptr_t>(this) >> 48 != 0)
        throw std::runtime_error("loopscope: the loop's address does not fit in 48 bits on this platform");
}

Loop::~Loop() {
    // Break the cycles a finished run leaves (handles holding tasks holding
    // futures) before the members go.
    ready_.clear();
    scheduled_.clear();
    exception_futures_.clear();
    // A task stuck forever (a deadlock, a guard stopping the run) and the
    // future it waits on hold each other: CPython's GC collects such cycles,
    // here the loop breaks them.
    for (const Ref<Task>& t : tasks_) t->abandon();
    tasks_.clear();
}

// ---- scheduling ----------------------------------------------------------

Ref<Handle> Loop::call_soon(Callback cb, Value arg) {
    Ref<Handle> h(new Handle(*this, std::move(cb), std::move(arg), 0.0, false));
    if (observer_) observer_->call_queued(h->callback_.fn, *h->callback_.self, h->arg_, h.get());
    ready_.push_back({Callback{&run_handle, Ref<RefCounted>(h)}, {}});
    return h;
}

void Loop::call_soon_unheld(Callback cb, Value arg) {
    if (observer_) observer_->call_queued(cb.fn, *cb.self, arg, nullptr);
    ready_.push_back({std::move(cb), std::move(arg)});
}

Ref<Handle> Loop::call_later(double delay, Callback cb, Value arg) {
    // BaseEventLoop.call_later: call_at(self.time() + delay), the same float sum.
    return call_at(now_ + delay, std::move(cb), std::move(arg));
}

Ref<Handle> Loop::call_at(double when, Callback cb, Value arg) {
    Ref<Handle> h(new Handle(*this, std::move(cb), std::move(arg), when, true));
    h->scheduled_ = true;
    if (observer_) observer_->timer_queued(when, h->callback_.fn, *h->callback_.self, h->arg_, h.get());
    scheduled_.push(when, Scheduled(h));
    return h;
}

void Loop::timer_handle_cancelled(Handle& handle) noexcept {
    if (handle.scheduled_) ++timer_cancelled_count_;
}

Ref<Future> Loop::create_future() { return Ref<Future>(new Future(*this)); }

Ref<Future> Loop::sleep_future(double delay) {
    Ref<Future> future = create_future();
    future->set_timer_scheduled(true);
    const double when = now_ + delay;  // call_later's float sum
    if (observer_) observer_->timer_queued(when, &fire_own_timer, *future, Value{}, nullptr);
    scheduled_.push(when, Scheduled::own_timer(future));
    return future;
}

void Loop::cancel_timer(Future& sleep_future) noexcept {
    // TimerHandle.cancel(): once only, and counted while still in the heap.
    if (sleep_future.timer_cancelled()) return;
    sleep_future.set_timer_cancelled();
    if (sleep_future.timer_scheduled()) ++timer_cancelled_count_;
    if (observer_) observer_->own_timer_cancelled(sleep_future);
}

Ref<Task> Loop::create_task(std::unique_ptr<CoroutineBody> body, std::optional<std::string> name) {
    ++tasks_created_;
    Ref<Task> task(new Task(*this, std::move(body), name ? 0 : (*task_numbers_)++));
    if (name) task->set_name(std::move(*name));
    tasks_.push_back(task);
    if (observer_) observer_->task_created(*task, current_task_);
    return task;
}

// ---- running ---------------------------------------------------------------

// BaseEventLoop._run_once, on virtual time.
bool Loop::run_once() {
    const std::size_t sched_count = scheduled_.size();
    if (sched_count > kMinScheduledTimerHandles &&
        static_cast<double>(timer_cancelled_count_) / static_cast<double>(sched_count) >
            kMinCancelledTimerHandlesFraction) {
        // Too many cancelled timers: rebuild the heap without them.
        scheduled_.remove_cancelled();
        timer_cancelled_count_ = 0;
        if (observer_) observer_->timers_rebuilt();
    } else {
        // Remove cancelled timers from the head of the heap.
        std::size_t dropped = 0;
        while (!scheduled_.empty() && scheduled_.top().cancelled()) {
            --timer_cancelled_count_;
            scheduled_.pop().set_scheduled(false);
            ++dropped;
        }
        if (dropped != 0 && observer_) observer_->timers_dropped(dropped);
    }

    // The selector's wait: with nothing ready the virtual clock jumps to the
    // earliest deadline (the harness sets it to exactly that deadline).
    if (ready_.empty() && !stopping_) {
        if (scheduled_.empty()) return false;  // select(None) would block forever
        const double when = scheduled_.top().when;
        const double timeout = std::min(std::max(0.0, when - now_), kMaximumSelectTimeout);
        const double before = now_;
        if (timeout > 0) now_ = timeout < kMaximumSelectTimeout ? when : now_ + timeout;
        check_clock(before);
    }

    // Timers that are due move to the ready queue, in heap order.
    const double end_time = now_ + kClockResolution;
    const std::size_t queued_before = ready_.size();
    while (!scheduled_.empty()) {
        if (scheduled_.top().when >= end_time) break;
        Scheduled timer = scheduled_.pop();
        timer.set_scheduled(false);
        ready_.push_back(ready_call(std::move(timer)));
    }

    // This is the only place where callbacks are actually *called*. All other
    // places just add them to ready. Callbacks scheduled by these run in the
    // next pass.
    const std::size_t ntodo = ready_.size();
    if (observer_) observer_->loop_pass(ntodo, ntodo - queued_before);
    for (std::size_t i = 0; i < ntodo; ++i) {
        const ReadyCall next = std::move(ready_.front());
        ready_.pop_front();
        if (next.cancelled()) continue;
        ++callbacks_run_;
        if (observer_) observe_call(next);
        next.call(next.arg);
    }
    return true;
}

// Tells the observer what a call runs: a handle's own callback, not
// "run this handle".
void Loop::observe_call(const ReadyCall& call) const {
    if (call.call.fn == &run_handle) {
        const auto& h = static_cast<const Handle&>(*call.call.self);
        observer_->callback_run(h.callback_.fn, *h.callback_.self, h.arg_);
        return;
    }
    observer_->callback_run(call.call.fn, *call.call.self, call.arg);
}

void Loop::block_for(double seconds) {
    now_ += seconds;
    check_time_limit();
}

void Loop::check_time_limit() const {
    if (now_ > limits_.max_time)
        throw LoopStopped{{LoopStop::Reason::TimeLimit,
                           "virtual-time limit of " + std::to_string(limits_.max_time) + " s reached"}};
}

void Loop::check_clock(double before) const {
    check_time_limit();
    // Nothing is ready; if the clock stayed put and no timer falls in the
    // window below, this pass runs nothing and changes nothing, and so would
    // every pass after it. CPython under a virtual clock spins here forever.
    const double when = scheduled_.top().when;
    if (now_ != before || when < now_ + kClockResolution) return;
    char text[160];
    if (when <= now_) {
        std::snprintf(text, sizeof text,
                      "virtual time stalled at %.6f s: a timer due then can never fire "
                      "(from 2**24 s on, t + 1e-9 == t: the clock-resolution window is empty)",
                      now_);
    } else {
        std::snprintf(text, sizeof text, "virtual time stalled at %.6f s: the clock cannot advance to the next timer at %.6f s",
                      now_, when);
    }
    throw LoopStopped{{LoopStop::Reason::ClockStall, text}};
}

Value Loop::run_until_complete(const Ref<Future>& fut) {
    // run_until_complete adds _run_until_complete_cb (which stops the loop)
    // and runs passes until a pass sees _stopping.
    struct StopOnDone : RefCounted {
        Loop* loop;
        explicit StopOnDone(Loop* l) : loop(l) {}
        void run(const Value&) { loop->stop(); }
    };
    Ref<StopOnDone> stopper(new StopOnDone(this));
    fut->add_done_callback(bind<&StopOnDone::run, CallbackKind::RunUntilCompleteCb>(stopper.get()));
    // The try/finally blocks: run_forever's `self._stopping = False` and
    // `future.remove_done_callback(_run_until_complete_cb)`, also when a
    // SystemExit or a guard leaves the loop.
    struct Finally {
        Loop& loop;
        const Ref<Future>& fut;
        Ref<StopOnDone>& stopper;
        ~Finally() {
            loop.stopping_ = false;
            fut->remove_done_callback(bind<&StopOnDone::run, CallbackKind::RunUntilCompleteCb>(stopper.get()));
        }
    } finally{*this, fut, stopper};
    stopping_ = false;
    try {
        for (;;) {
            if (callbacks_run_ > limits_.max_callbacks)
                throw LoopStopped{{LoopStop::Reason::StepLimit,
                                   "step limit of " + std::to_string(limits_.max_callbacks) + " callbacks reached"}};
            if (!run_once())
                throw LoopStopped{{LoopStop::Reason::Deadlock, describe_waiting_tasks()}};
            if (stopping_) break;
        }
    } catch (PyError&) {
        // A SystemExit left run_forever. `except: future.exception(); raise`:
        // the future is not "never retrieved" (CPython reports only the others).
        if (fut->done() && !fut->cancelled()) (void)fut->exception();
        throw;
    }
    if (!fut->done()) raise(exc_types::RuntimeError, "Event loop stopped before Future completed.");
    return fut->result();
}

// ---- tasks -----------------------------------------------------------------

void Loop::enter_task(Task& task) {
    if (current_task_ != nullptr) raise(exc_types::RuntimeError, "Cannot enter into task while another task is being executed.");
    current_task_ = &task;
}

void Loop::leave_task(Task& task) {
    if (current_task_ != &task) raise(exc_types::RuntimeError, "Leaving task does not match the current task.");
    current_task_ = nullptr;
}

void Loop::task_done() noexcept {
    // Compact when finished tasks are more than half the list: amortised
    // O(1) per task, creation order kept, finished tasks released.
    if (++tasks_done_in_list_ * 2 <= tasks_.size() + 64) return;
    std::erase_if(tasks_, [](const Ref<Task>& t) { return t->done(); });
    tasks_done_in_list_ = 0;
}

std::vector<Ref<Task>> Loop::all_tasks() const {
    std::vector<Ref<Task>> pending;
    for (const Ref<Task>& t : tasks_)
        if (!t->done()) pending.push_back(t);
    return pending;
}

void Loop::note_exception_set(Future& fut) { exception_futures_.emplace_back(&fut); }

std::string Loop::describe_waiting_tasks() const {
    std::string out = "deadlock: nothing is ready and no timer is set;";
    for (const Ref<Task>& t : tasks_) {
        if (t->done()) continue;
        out += " " + t->name() + " (" + std::string(t->function_name()) + ")";
        if (t->awaiting()) {
            const Future& f = *t->awaiting();
            if (f.kind() == FutureKind::Task) {
                out += " waits on " + static_cast<const Task&>(f).name() + ";";
            } else {
                out += " waits on " + future_repr(f) + ";";
            }
        } else {
            out += " is not waiting on anything;";
        }
    }
    if (!out.empty() && out.back() == ';') out.pop_back();
    return out;
}

}  // namespace loopscope
