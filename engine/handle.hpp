// Callbacks and the handles that schedule them (events.Handle/TimerHandle).
//
// A Callback is a bound method: a target object and a plain function. Two
// callbacks are equal when both match, as Python's bound methods are, which is
// what Future.remove_done_callback compares.
#pragma once

#include <memory>
#include <utility>
#include <vector>

#include "engine/callback_kind.hpp"
#include "engine/ref.hpp"
#include "engine/value.hpp"

namespace loopscope {

class Loop;

struct Callback {
    using Fn = CallbackFn;
    Fn fn = nullptr;
    Ref<RefCounted> self;

    void operator()(const Value& arg) const { fn(*self, arg); }
    friend bool operator==(const Callback& a, const Callback& b) noexcept {
        return a.fn == b.fn && a.self == b.self;
    }
};

// Future._callbacks. Nearly every future has exactly one done-callback (the
// task awaiting it), so that one lives inline and costs no allocation. From
// the second on, all of them move to a shared list that the inline slot
// points to (its fn says so): 16 bytes per future, not 24. Order is
// registration order, as in the Python list.
class CallbackList {
public:
    CallbackList() = default;
    CallbackList(const CallbackList&) = delete;  // a copy would share the list
    CallbackList& operator=(const CallbackList&) = delete;
    CallbackList(CallbackList&& other) noexcept : slot_(std::exchange(other.slot_, {})) {}
    CallbackList& operator=(CallbackList&& other) noexcept {
        slot_ = std::exchange(other.slot_, {});
        return *this;
    }

    [[nodiscard]] bool empty() const noexcept { return slot_.fn == nullptr; }
    [[nodiscard]] std::size_t size() const noexcept { return empty() ? 0 : is_many() ? many().all.size() : 1; }
    void push_back(Callback cb) {
        if (empty()) {
            slot_ = std::move(cb);
            return;
        }
        if (!is_many()) {
            Ref<Many> list(new Many);
            list->all.push_back(std::move(slot_));
            slot_ = Callback{&many_marker, Ref<RefCounted>(list)};
        }
        many().all.push_back(std::move(cb));
    }
    void clear() noexcept { slot_ = {}; }
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
        if (!is_many()) {
            f(slot_);
            return;
        }
        for (Callback& c : many().all) f(c);
    }

private:
    struct Many : RefCounted {
        std::vector<Callback> all;
    };
    // Marks the slot as pointing at a Many; never called.
    static void many_marker(RefCounted& /*list*/, const Value& /*arg*/) {}
    [[nodiscard]] bool is_many() const noexcept { return slot_.fn == &many_marker; }
    [[nodiscard]] Many& many() const noexcept { return static_cast<Many&>(*slot_.self); }

    Callback slot_;
};

// Makes a Callback from a member function, saying what CPython runs there
// (engine/callback_kind.hpp): bind<&Task::wakeup, CallbackKind::TaskWakeup>(task).
// A T with `static std::string callback_name(const T&)` names each callback
// itself (a Python function's qualname); one with `static const Future*
// callback_target(const T&, const Value& arg)` says which future it acts on.
template <auto Method, CallbackKind Kind = CallbackKind::Unknown, class T>
Callback bind(T* self) {
    constexpr Callback::Fn fn = [](RefCounted& obj, const Value& arg) { (static_cast<T&>(obj).*Method)(arg); };
    CallbackNamer namer = nullptr;
    if constexpr (requires(const T& t) { T::callback_name(t); })
        namer = [](const RefCounted& obj) -> std::string { return T::callback_name(static_cast<const T&>(obj)); };
    CallbackTargeter targeter = nullptr;
    if constexpr (requires(const T& t, const Value& v) { T::callback_target(t, v); })
        targeter = [](const RefCounted& obj, const Value& arg) -> const Future* {
            return T::callback_target(static_cast<const T&>(obj), arg);
        };
    [[maybe_unused]] static const bool registered = register_callback_kind(fn, Kind, namer, targeter);
    return Callback{fn, Ref<RefCounted>(self)};
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
    friend class Scheduled;
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
