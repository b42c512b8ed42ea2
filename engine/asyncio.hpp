// The asyncio API as scenario code calls it: `co_await aio::sleep(1)`,
// `aio::gather(...)`, `co_await aio::wait(...)`.
//
// Functions that are coroutines in CPython (sleep, wait, wait_for, Event.wait)
// are Coro<T> here, so awaiting one runs it inline in the calling task, as
// `await asyncio.wait(...)` does; functions that return futures (gather,
// shield, create_task) return futures. The running loop is found the way
// asyncio finds it: the one inside run_until_complete.
//
// Sections: loop access · tasks · sleep · gather · wait · wait_for, shield,
// as_completed · Event · timeout · TaskGroup.
#pragma once

#include <deque>
#include <optional>
#include <string_view>
#include <vector>

#include "engine/coro.hpp"
#include "engine/loop.hpp"
#include "engine/task.hpp"

namespace loopscope::aio {

// ---- loop access ---------------------------------------------------------

// asyncio.get_running_loop(): raises RuntimeError('no running event loop').
Loop& get_running_loop();
// events._get_running_loop(): the running loop, or nullptr (no exception, for hot paths).
Loop* running_loop_or_null() noexcept;
// Makes `loop` the running loop for the current scope (run_until_complete's job).
class RunningLoopScope {
public:
    explicit RunningLoopScope(Loop& loop);
    ~RunningLoopScope();
    RunningLoopScope(const RunningLoopScope&) = delete;
    RunningLoopScope& operator=(const RunningLoopScope&) = delete;

private:
    Loop* previous_;
};

// ---- tasks ---------------------------------------------------------------

template <class T>
Ref<Task> create_task(Coro<T> coro) {
    return get_running_loop().create_task(make_body(std::move(coro)));
}
// asyncio.current_task().
Task* current_task();

// What gather() and shield() accept: a future (or task) as it is, or a
// coroutine that ensure_future wraps in a new Task.
class Awaitable {
public:
    Awaitable(Ref<Future> fut) : future_(std::move(fut)) {}
    template <class F>
        requires std::is_base_of_v<Future, F>
    Awaitable(Ref<F> fut) : future_(Ref<Future>(std::move(fut))) {}
    template <class T>
    Awaitable(Coro<T> coro) : body_(make_body(std::move(coro))) {}
    // Any coroutine body (the .py interpreter's coroutine objects).
    explicit Awaitable(std::unique_ptr<CoroutineBody> body) : body_(std::move(body)) {}

    // ensure_future(): the future itself, or a new task for the coroutine.
    Ref<Future> ensure_future();
    [[nodiscard]] bool is_coroutine() const noexcept { return body_ != nullptr; }
    // The coroutine itself, to await it inline (wait_for in 3.12 does).
    std::unique_ptr<CoroutineBody> take_body() noexcept { return std::move(body_); }
    // The argument's identity, for gather's de-duplication of repeated futures.
    [[nodiscard]] const Future* future_identity() const noexcept { return future_.get(); }

private:
    Ref<Future> future_;
    std::unique_ptr<CoroutineBody> body_;
};

// `await coro` for any coroutine body: drives it inline, as `yield from`
// does, forwarding what it awaits to this task and what is thrown back in.
Coro<Value> await_body(std::unique_ptr<CoroutineBody> body);

// ---- sleep ---------------------------------------------------------------

// asyncio.sleep(delay, result): delay <= 0 is one bare yield.
//
// `co_await aio::sleep(d)` runs tasks.sleep's body inline in the awaiting
// frame (SleepAwaiter), with no coroutine frame of its own: a million
// sleeping tasks would otherwise hold a million sleep frames. Where a
// coroutine object is needed (create_task(aio::sleep(1)), gather, the .py
// runtime) a Sleep converts to the Coro<Value> `sleep` coroutine; both paths
// do the same thing in the same order.
class Sleep;

namespace detail {
// tasks.sleep's body for a delay > 0, inline in the awaiting frame: the
// future and the call_later timer are made at the await, and the timer is
// cancelled however the await ends (a cancelled sleep leaves a cancelled
// TimerHandle behind). Holds only the timer: the future itself when it is
// its own timer (no result to give: Loop::sleep_future), else a Handle
// whose callback holds the future.
class SleepTimer {
public:
    // Makes the future and the timer; a delay <= 0 makes neither (the sleep
    // is then one bare yield).
    void start(double delay, Value result);
    // Blocks the running chain on the future, or yields once when not started.
    void suspend(std::coroutine_handle<> h) noexcept;
    // await_resume: what was thrown in, else the started sleep's result (and
    // the timer is cancelled either way), or `if_yielded` for a bare yield.
    Value finish(Value if_yielded);

private:
    [[nodiscard]] Future& future() const;
    void cancel() noexcept;
    Scheduled timer_;
};
}  // namespace detail

// Lives in the awaiting coroutine's frame, beside the Sleep it came from
// (both last the whole co_await), so it keeps a pointer to that Sleep rather
// than a copy of its result: 16 bytes in every frame that awaits a Sleep.
class SleepAwaiter {
public:
    explicit SleepAwaiter(Sleep& op) : op_(&op) {}
    bool await_ready();
    void await_suspend(std::coroutine_handle<> h) noexcept { timer_.suspend(h); }
    Value await_resume();

private:
    Sleep* op_;
    detail::SleepTimer timer_;
};

class [[nodiscard]] Sleep {
public:
    Sleep(double delay, Value result) : delay_(delay), result_(std::move(result)) {}
    SleepAwaiter awaiter() && { return SleepAwaiter(*this); }
    operator Coro<Value>() &&;  // NOLINT: the coroutine object, where one is needed
    template <class F>
        requires std::is_constructible_v<F, Coro<Value>>
    operator F() && {  // Awaitable and friends take Coro<Value>
        return F(static_cast<Coro<Value>>(std::move(*this)));
    }

private:
    friend class SleepAwaiter;
    double delay_;
    Value result_;
};

// `co_await aio::sleep(d)` with no result, the commonest await there is. The
// awaiter starts the sleep as it is made (await_transform, right before
// await_ready, where nothing else can run), so it needs neither the delay
// nor a pointer back to the operand: the frame keeps 8 + 8 bytes for the
// await instead of 24 + 24, which is 64 bytes per million-task worker.
//
// What the await gives is None, as asyncio.sleep returns, but as an empty
// SleptNone that reads as a Value where one is wanted: GCC keeps an await's
// result in the frame until the statement ends, and a Value there was 16 more
// bytes in every frame for each sleep it awaits.
struct SleptNone {
    operator Value() const noexcept { return Value{}; }  // NOLINT: None, wherever a Value is wanted
};

class PlainSleepAwaiter {
public:
    explicit PlainSleepAwaiter(double delay) { timer_.start(delay, Value{}); }
    bool await_ready() const noexcept { return false; }  // only the timer resolves the future
    void await_suspend(std::coroutine_handle<> h) noexcept { timer_.suspend(h); }
    SleptNone await_resume() {
        timer_.finish(Value{});  // raises what was thrown in; the result is None
        return {};
    }

private:
    detail::SleepTimer timer_;
};

class [[nodiscard]] PlainSleep {
public:
    explicit PlainSleep(double delay) : delay_(delay) {}
    PlainSleepAwaiter awaiter() && { return PlainSleepAwaiter(delay_); }
    // The coroutine object (Coro<Value>, Awaitable and friends), where one is needed.
    template <class F>
        requires std::is_constructible_v<F, Coro<Value>>
    operator F() && {  // NOLINT
        return F(static_cast<Coro<Value>>(Sleep(delay_, Value{})));
    }

private:
    double delay_;
};

// Two overloads rather than a default argument: a default `Value{}` would be
// one more temporary in every coroutine frame that sleeps.
PlainSleep sleep(double delay);
Sleep sleep(double delay, Value result);

// ---- gather --------------------------------------------------------------

// asyncio.gather(*aws, return_exceptions=...): a _GatheringFuture whose result
// is the list of results in argument order.
Ref<Future> gather(std::vector<Awaitable> aws, bool return_exceptions = false);
// gather over futures only (groups of groups, tasks made earlier).
Ref<Future> gather(const std::vector<Ref<Future>>& futures, bool return_exceptions = false);

// ---- wait ----------------------------------------------------------------

enum class ReturnWhen : std::uint8_t { FirstCompleted, FirstException, AllCompleted };
std::string_view to_string(ReturnWhen rw) noexcept;
std::optional<ReturnWhen> parse_return_when(std::string_view text) noexcept;

// (done, pending). Python returns sets; here both keep the order in which the
// futures were given, which is creation order for the scenarios.
struct WaitResult {
    std::vector<Ref<Future>> done;
    std::vector<Ref<Future>> pending;
};

// A task whose body is wait() (create_task(asyncio.wait(...))) stores the
// pair as Python would: a tuple of two sets.
Value to_value(WaitResult r);

// asyncio.wait(fs, timeout=..., return_when=...). Raises ValueError for an
// empty fs, as CPython does.
Coro<WaitResult> wait(std::vector<Ref<Future>> fs, std::optional<double> timeout = std::nullopt,
                      ReturnWhen return_when = ReturnWhen::AllCompleted);

// ---- wait_for, shield, as_completed -------------------------------------

// asyncio.wait_for(aw, timeout) as 3.12 writes it: `async with timeout(t)`.
Coro<Value> wait_for(Awaitable aw, std::optional<double> timeout);
// asyncio.shield(aw).
Ref<Future> shield(Awaitable aw);
// asyncio.as_completed(fs, timeout=...): the coroutines to await in order.
std::vector<Coro<Value>> as_completed(std::vector<Awaitable> fs, std::optional<double> timeout = std::nullopt);

// ---- Event ---------------------------------------------------------------

// asyncio.Event (locks.py).
class Event : public RefCounted {
public:
    [[nodiscard]] bool is_set() const noexcept { return value_; }
    void set();
    void clear() noexcept { value_ = false; }
    // Event.wait(); the coroutine holds the event, as the bound method does,
    // and is named by its __qualname__, as CPython's task repr names it.
    Coro<Value> wait() {
        Coro<Value> coro = wait(Ref<Event>(this));
        coro.handle().promise().function_name = "Event.wait";
        return coro;
    }

private:
    static Coro<Value> wait(Ref<Event> self);
    std::deque<Ref<Future>> waiters_;
    bool value_ = false;
};

// ---- timeout ---------------------------------------------------------------

// asyncio.timeout(delay) / timeout_at(when) (timeouts.py). C++ has no
// `async with`, so the body is a coroutine the context runs:
//     co_await aio::with_timeout(2.0, body());
// which enters, awaits the body, and exits exactly as __aenter__/__aexit__ do
// (TimeoutError when the deadline cancelled the body).
// `what` names the call for the cause of the cancel a deadline makes
// (engine/cancel_cause.hpp); empty: "asyncio.timeout(delay)" / "asyncio.timeout_at(when)".
// `expired`, if given, is set when the deadline raised the TimeoutError.
Coro<Value> with_timeout(std::optional<double> delay, Coro<Value> body, std::string what = {}, bool* expired = nullptr);
Coro<Value> with_timeout_at(std::optional<double> when, Coro<Value> body, std::string what = {}, bool* expired = nullptr);
// A number of seconds as a call's argument reads: Python's repr, a whole
// number without ".0" (timeout=2 arrives as 2.0); "None".
std::string optional_repr(std::optional<double> seconds);

// ---- TaskGroup -----------------------------------------------------------

// asyncio.TaskGroup (taskgroups.py): `async with TaskGroup() as tg:` becomes
//     co_await aio::task_group([](aio::TaskGroup& tg) -> Coro<Value> { ... });
// tasks started with tg.create_task are awaited at exit; the first failure
// cancels the rest and the failures are raised as an ExceptionGroup.
class TaskGroup : public RefCounted {
public:
    template <class T>
    Ref<Task> create_task(Coro<T> coro) {
        return spawn(make_body(std::move(coro)));
    }
    Ref<Task> spawn(std::unique_ptr<CoroutineBody> body);

    // Runs the `async with` protocol around `body`.
    Coro<Value> run(Coro<Value> body);

private:
    Coro<Value> aexit(Exc body_error);
    void on_task_done(const Value& task);
    void abort(CancelCause why);
    bool is_base_error(const Exc& e) const;

    bool entered_ = false;
    bool exiting_ = false;
    bool aborting_ = false;
    Task* parent_task_ = nullptr;
    int parent_cancel_requested_ = 0;
    std::vector<Ref<Task>> tasks_;  // pending children (a set in CPython; order kept)
    std::vector<Exc> errors_;
    Exc base_error_;
    Ref<Future> on_completed_fut_;
};

}  // namespace loopscope::aio
