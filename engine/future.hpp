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

    [[nodiscard]] bool done() const noexcept { return state() != FutureState::Pending; }
    [[nodiscard]] bool cancelled() const noexcept { return state() == FutureState::Cancelled; }
    [[nodiscard]] FutureState state() const noexcept { return static_cast<FutureState>(state_); }

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

    [[nodiscard]] Loop& loop() const noexcept { return *reinterpret_cast<Loop*>(static_cast<std::uintptr_t>(loop_address_)); }
    [[nodiscard]] FutureKind kind() const noexcept { return static_cast<FutureKind>(kind_); }
    // A per-loop creation number: futures and tasks share one sequence, which
    // is what traces and the GUI key their rows by.
    [[nodiscard]] std::uint32_t id() const noexcept { return id_; }
    [[nodiscard]] const Value& cancel_message() const noexcept;
    // The stored outcome without side effects (for traces and the GUI).
    [[nodiscard]] const Value& peek_result() const noexcept { return result_; }
    [[nodiscard]] const Exc& peek_exception() const noexcept;
    // Whether the loop's observer (the trace recorder) has already met this
    // future. The future is in cache whenever the observer hears of it, so
    // this bit answers for free what a table indexed by id answered with a
    // cache miss per finishing future (a loop has one observer at a time).
    [[nodiscard]] bool seen_by_observer() const noexcept { return seen_by_observer_; }
    void mark_seen_by_observer() const noexcept { seen_by_observer_ = true; }

    // A sleep's future that is its own timer (Loop::sleep_future) keeps
    // TimerHandle._scheduled and _cancelled here, in two bits of the word
    // that holds the loop's address: see engine/scheduled.hpp. Other futures
    // never set them.
    [[nodiscard]] bool timer_cancelled() const noexcept { return timer_cancelled_; }
    [[nodiscard]] bool timer_scheduled() const noexcept { return timer_scheduled_; }
    void set_timer_scheduled(bool scheduled) noexcept { timer_scheduled_ = scheduled; }
    void set_timer_cancelled() noexcept { timer_cancelled_ = true; }

protected:
    // Future.cancel() itself, for subclasses whose cancel() is different
    // (Task calls super().cancel()).
    bool cancel_future(Value msg);
    void set_cancelled_exc(Exc exc) { rare().cancelled_exc = std::move(exc); }
    void set_cancel_message(Value msg) {
        if (!rare_ && msg.is_none()) return;  // None is what an absent message reads as
        rare().cancel_message = std::move(msg);
    }
    void drop_callbacks() noexcept { callbacks_.clear(); }

private:
    void schedule_callbacks();

    void set_state(FutureState state) noexcept { state_ = static_cast<std::uint8_t>(state); }

    // id_ first, so that it fills RefCounted's tail padding.
    std::uint32_t id_;
    // The loop's address and the small fields share one word: user-space
    // addresses fit in 48 bits on the 64-bit platforms the engine builds for
    // (Loop's constructor checks its own), which leaves 16 bits for the rest.
    // With the rarely set fields apart (below), a Future is 64 bytes (a
    // cache line's size) and a Task 96: a million sleeping tasks feel both.
    std::uint64_t loop_address_ : 48;
    std::uint64_t kind_ : 2;
    std::uint64_t state_ : 2 = static_cast<std::uint8_t>(FutureState::Pending);
    std::uint64_t log_traceback_ : 1 = 0;
    mutable std::uint64_t seen_by_observer_ : 1 = 0;
    std::uint64_t timer_scheduled_ : 1 = 0;
    std::uint64_t timer_cancelled_ : 1 = 0;

    // Future._exception, _cancel_message and _cancelled_exc. Most futures
    // neither fail nor are cancelled, so these live apart, made by the first
    // of them to be set.
    struct Rare {
        Exc exception;
        Value cancel_message;
        Exc cancelled_exc;
    };
    Rare& rare();

    Value result_;
    std::unique_ptr<Rare> rare_;
    CallbackList callbacks_;
};

// repr(fut) / repr(task), shortened to what a transcript needs.
std::string future_repr(const Future& fut);

// futures._set_result_unless_cancelled, the callback behind asyncio.sleep.
void set_result_unless_cancelled(Future& fut, const Value& result);

}  // namespace loopscope
