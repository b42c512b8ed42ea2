// asyncio.Future: a small state machine, PENDING -> CANCELLED | FINISHED.
//
// Mirrors futures.py: done-callbacks are *scheduled* with call_soon when the
// future completes (never called inline); result()/exception() mark an
// exception as retrieved; misuse raises InvalidStateError. Subclasses (Task,
// the gathering future) override cancel() as CPython's do.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engine/handle.hpp"
#include "engine/value.hpp"

namespace loopscope {

class Loop;

enum class FutureState : std::uint8_t { Pending, Cancelled, Finished };

// What kind of object this is, for repr(), traces and the GUI's lanes.
enum class FutureKind : std::uint8_t { Plain, Task, Gathering, Shield };

class Future : public RefCounted {
public:
    explicit Future(Loop& loop, FutureKind kind = FutureKind::Plain);
    ~Future() override;

    [[nodiscard]] bool done() const noexcept { return state_ != FutureState::Pending; }
    [[nodiscard]] bool cancelled() const noexcept { return state_ == FutureState::Cancelled; }
    [[nodiscard]] FutureState state() const noexcept { return state_; }

    // result(): the value, or raises (PyError) the exception / CancelledError /
    // InvalidStateError('Result is not ready.').
    Value result();
    // exception(): the exception or null; raises CancelledError if cancelled.
    Exc exception();

    // Future.cancel(msg): false if already done; else CANCELLED and callbacks
    // scheduled. Task and _GatheringFuture override it.
    virtual bool cancel(Value msg = {});
    void set_result(Value value);
    void set_exception(Exc exc);

    void add_done_callback(Callback cb);
    std::size_t remove_done_callback(const Callback& cb);

    // _make_cancelled_error(): the CancelledError to raise for this future
    // (the saved one if any, consumed once).
    Exc make_cancelled_error();

    // Whether a set exception is still unretrieved (Future.__log_traceback).
    [[nodiscard]] bool log_traceback() const noexcept { return log_traceback_; }
    void clear_log_traceback() noexcept { log_traceback_ = false; }

    [[nodiscard]] Loop& loop() const noexcept { return *loop_; }
    [[nodiscard]] FutureKind kind() const noexcept { return kind_; }
    // A per-loop creation number: futures and tasks share one sequence, which
    // is what traces and the GUI key their rows by.
    [[nodiscard]] std::uint32_t id() const noexcept { return id_; }
    [[nodiscard]] const Value& cancel_message() const noexcept;
    // The stored outcome without side effects (for traces and the GUI).
    [[nodiscard]] const Value& peek_result() const noexcept { return result_; }
    [[nodiscard]] const Exc& peek_exception() const noexcept { return exception_; }
    // Whether the loop's observer (the trace recorder) has already met this
    // future. The future is in cache whenever the observer hears of it, so
    // this bit answers for free what a table indexed by id answered with a
    // cache miss per finishing future (a loop has one observer at a time).
    [[nodiscard]] bool seen_by_observer() const noexcept { return seen_by_observer_; }
    void mark_seen_by_observer() const noexcept { seen_by_observer_ = true; }

    // A sleep's future that is its own timer (Loop::sleep_future) keeps
    // TimerHandle._scheduled and _cancelled here, in the padding: see
    // engine/scheduled.hpp. Other futures never set them.
    [[nodiscard]] bool timer_cancelled() const noexcept { return timer_cancelled_; }
    [[nodiscard]] bool timer_scheduled() const noexcept { return timer_scheduled_; }
    void set_timer_scheduled(bool scheduled) noexcept { timer_scheduled_ = scheduled; }
    void set_timer_cancelled() noexcept { timer_cancelled_ = true; }

protected:
    // Future.cancel() itself, for subclasses whose cancel() is different
    // (Task calls super().cancel()).
    bool cancel_future(Value msg);
    void set_cancelled_exc(Exc exc) { cancel_details().cancelled_exc = std::move(exc); }
    void set_cancel_message(Value msg) {
        if (!cancel_ && msg.is_none()) return;  // None is what an absent message reads as
        cancel_details().message = std::move(msg);
    }
    void drop_callbacks() noexcept { callbacks_.clear(); }

private:
    void schedule_callbacks();

    // id_ first, so that it fills RefCounted's tail padding and the flags
    // after loop_ have room: the Future stays 80 bytes.
    std::uint32_t id_;
    Loop* loop_;
    FutureKind kind_;
    FutureState state_ = FutureState::Pending;
    bool log_traceback_ = false;
    mutable bool seen_by_observer_ = false;
    bool timer_scheduled_ = false;
    bool timer_cancelled_ = false;
    // Future._cancel_message and Future._cancelled_exc. Most futures are never
    // cancelled, so they live apart, made by the first cancel: 16 bytes less
    // per future and per task, which a million-task run feels.
    struct CancelDetails {
        Value message;
        Exc cancelled_exc;
    };
    CancelDetails& cancel_details();

    Value result_;
    Exc exception_;
    std::unique_ptr<CancelDetails> cancel_;
    CallbackList callbacks_;
};

// repr(fut) / repr(task), shortened to what a transcript needs.
std::string future_repr(const Future& fut);

// futures._set_result_unless_cancelled, the callback behind asyncio.sleep.
void set_result_unless_cancelled(Future& fut, const Value& result);

}  // namespace loopscope
