// What the timer heap holds: a Handle, or a sleep's future that is its own timer.
//
// asyncio.sleep makes a future and a TimerHandle whose only job is
// futures._set_result_unless_cancelled(future, None). A million sleeping
// tasks would hold a million such handles: 64 bytes each, and one more
// object to reach at every wake-up. So a sleep with no result folds its
// timer into its future (Future's timer flags are TimerHandle._scheduled and
// _cancelled), and the timer heap holds either kind through one tagged
// pointer. Either orders, cancels and counts exactly as a Handle does: the
// heap compares deadlines alone, and when one is due the loop queues it as
// a call (Loop::ReadyCall) that it skips if it was cancelled meanwhile.
#pragma once

#include <cstdint>
#include <utility>

#include "engine/future.hpp"
#include "engine/handle.hpp"

namespace loopscope {

class Scheduled {
public:
    Scheduled() = default;
    explicit Scheduled(Ref<Handle> handle) : bits_(reinterpret_cast<std::uintptr_t>(handle.detach())) {}
    // A future made by Loop::sleep_future, whose timer it is.
    static Scheduled own_timer(Ref<Future> future) {
        Scheduled s;
        s.bits_ = reinterpret_cast<std::uintptr_t>(future.detach()) | kFutureTag;
        return s;
    }
    Scheduled(Scheduled&& other) noexcept : bits_(std::exchange(other.bits_, 0)) {}
    Scheduled& operator=(Scheduled&& other) noexcept {
        if (this != &other) {
            drop(bits_);
            bits_ = std::exchange(other.bits_, 0);
        }
        return *this;
    }
    Scheduled(const Scheduled&) = delete;
    Scheduled& operator=(const Scheduled&) = delete;
    ~Scheduled() { drop(bits_); }

    // The reference as a plain word, for the timer heap's trivially copied
    // slots: release() gives the reference to the word, adopt() takes it back.
    std::uintptr_t release() noexcept { return std::exchange(bits_, 0); }
    static Scheduled adopt(std::uintptr_t bits) noexcept {
        Scheduled s;
        s.bits_ = bits;
        return s;
    }

    [[nodiscard]] explicit operator bool() const noexcept { return bits_ != 0; }
    // The Handle, or null for a future's own timer.
    [[nodiscard]] Handle* handle() const noexcept { return is_future(bits_) ? nullptr : as_handle(bits_); }
    // The future whose own timer this is, or null for a Handle.
    [[nodiscard]] Future* own_timer_future() const noexcept { return is_future(bits_) ? as_future(bits_) : nullptr; }
    [[nodiscard]] bool cancelled() const noexcept { return cancelled(bits_); }
    void set_scheduled(bool scheduled) const noexcept { set_scheduled(bits_, scheduled); }
    // The same, on a word the heap holds.
    static bool cancelled(std::uintptr_t bits) noexcept {
        return is_future(bits) ? as_future(bits)->timer_cancelled() : as_handle(bits)->cancelled();
    }
    static void set_scheduled(std::uintptr_t bits, bool scheduled) noexcept {
        if (is_future(bits)) {
            as_future(bits)->set_timer_scheduled(scheduled);
        } else {
            as_handle(bits)->scheduled_ = scheduled;
        }
    }
    // The object the word points at, to prefetch.
    static const void* address(std::uintptr_t bits) noexcept {
        return reinterpret_cast<const void*>(bits & ~kFutureTag);
    }
    static void drop(std::uintptr_t bits) noexcept {
        if (bits == 0) return;
        if (is_future(bits)) {
            as_future(bits)->release();
        } else {
            as_handle(bits)->release();
        }
    }

private:
    // Engine objects come from the pools, 16-byte aligned: the low bit is free.
    static constexpr std::uintptr_t kFutureTag = 1;
    static bool is_future(std::uintptr_t bits) noexcept { return (bits & kFutureTag) != 0; }
    static Future* as_future(std::uintptr_t bits) noexcept { return reinterpret_cast<Future*>(bits & ~kFutureTag); }
    static Handle* as_handle(std::uintptr_t bits) noexcept { return reinterpret_cast<Handle*>(bits); }

    std::uintptr_t bits_ = 0;
};

}  // namespace loopscope
