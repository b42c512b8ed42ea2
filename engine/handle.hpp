// Callbacks and the handles that schedule them (events.Handle/TimerHandle).
//
// A Callback is a bound method: a target object and a plain function. Two
// callbacks are equal when both match, as Python's bound methods are, which is
// what Future.remove_done_callback compares.
#pragma once

#include <memory>
#include <utility>
#include <vector>

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

// Future._callbacks. Nearly every future has exactly one done-callback (the
// task awaiting it), so the first lives inline and only a second one costs an
// allocation; order is registration order, as in the Python list.
class CallbackList {
public:
    CallbackList() = default;
    CallbackList(CallbackList&& other) noexcept
        : first_(std::exchange(other.first_, {})), rest_(std::move(other.rest_)) {}
    CallbackList& operator=(CallbackList&& other) noexcept {
        first_ = std::exchange(other.first_, {});
        rest_ = std::move(other.rest_);
        return *this;
    }

    [[nodiscard]] bool empty() const noexcept { return first_.fn == nullptr; }
    [[nodiscard]] std::size_t size() const noexcept {
        return empty() ? 0 : 1 + (rest_ ? rest_->size() : 0);
    }
    void push_back(Callback cb) {
        if (empty()) {
            first_ = std::move(cb);
            return;
        }
        if (!rest_) rest_ = std::make_unique<std::vector<Callback>>();
        rest_->push_back(std::move(cb));
    }
    void clear() noexcept {
        first_ = {};
        rest_.reset();
    }
    // Removes every entry equal to `cb`; returns how many went.
    std::size_t remove(const Callback& cb) {
        std::vector<Callback> all;
        for_each([&](Callback& c) { all.push_back(std::move(c)); });
        const std::size_t before = all.size();
        std::erase(all, cb);
        clear();
        for (Callback& c : all) push_back(std::move(c));
        return before - all.size();
    }
    template <class F>
    void for_each(F&& f) {
        if (empty()) return;
        f(first_);
        if (rest_)
            for (Callback& c : *rest_) f(c);
    }

private:
    Callback first_;
    std::unique_ptr<std::vector<Callback>> rest_;
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
        : is_timer_(is_timer), loop_(&loop), callback_(std::move(cb)), arg_(std::move(arg)), when_(when) {}

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
    // The flags come first so that they fill RefCounted's tail padding: a
    // Handle is 64 bytes, not 72 (one per callback and per timer).
    bool is_timer_;
    bool cancelled_ = false;
    bool scheduled_ = false;  // TimerHandle._scheduled: in the heap right now
    Loop* loop_;
    Callback callback_;
    Value arg_;
    double when_;
};

}  // namespace loopscope
