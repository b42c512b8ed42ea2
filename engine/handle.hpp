// Callbacks and the handles that schedule them (events.Handle/TimerHandle).
//
// A Callback is a bound method: a target object and a plain function. Two
// callbacks are equal when both match, as Python's bound methods are, which is
// what Future.remove_done_callback compares.
#pragma once

#include "engine/ref.hpp"
#include "engine/value.hpp"

namespace loopscope {

class Loop;

struct Callback {
    using Fn = void (*)(RefCounted& self, const Value& arg);
    Fn fn = nullptr;
    Ref<RefCounted> self;

    void operator()(const Value& arg) const { fn(*self, arg); }
    friend bool operator==(const Callback& a, const Callback& b) noexcept {
        return a.fn == b.fn && a.self == b.self;
    }
};

// Makes a Callback from a member function: bind<&Task::wakeup>(task).
template <auto Method, class T>
Callback bind(T* self) {
    return Callback{[](RefCounted& obj, const Value& arg) { (static_cast<T&>(obj).*Method)(arg); },
                    Ref<RefCounted>(self)};
}

// One scheduled call: in the ready queue (call_soon) or in the timer heap
// (call_at / call_later). `when` is meaningful for timers only.
class Handle : public RefCounted {
public:
    Handle(Loop& loop, Callback cb, Value arg, double when, bool is_timer)
        : loop_(&loop), callback_(std::move(cb)), arg_(std::move(arg)), when_(when), is_timer_(is_timer) {}

    // Handle.cancel() / TimerHandle.cancel(): the loop skips a cancelled
    // handle; a cancelled timer still in the heap is counted so that
    // _run_once can decide to rebuild the heap, as CPython does.
    void cancel();
    [[nodiscard]] bool cancelled() const noexcept { return cancelled_; }
    [[nodiscard]] double when() const noexcept { return when_; }
    void run() const { callback_(arg_); }
    [[nodiscard]] const Callback& callback() const noexcept { return callback_; }

private:
    friend class Loop;
    Loop* loop_;
    Callback callback_;
    Value arg_;
    double when_;
    bool is_timer_;
    bool cancelled_ = false;
    bool scheduled_ = false;  // TimerHandle._scheduled: in the heap right now
};

}  // namespace loopscope
