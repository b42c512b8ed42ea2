// The floor models' event loop: BaseEventLoop._run_once's skeleton on a
// virtual clock, and nothing else (bench/scale_floor.hpp says why).
#pragma once

#include <cstdint>
#include <deque>
#include <vector>

#include "engine/heapq.hpp"
#include "engine/loop.hpp"
#include "engine/trace_events.hpp"

namespace loopscope::scale_floor {

// A callback with its one argument, as the engine's ready queue holds it.
struct Call {
    void (*fn)(void*);
    void* arg;
};

class FloorLoop {
public:
    // `due` is what a timer's item is called with when its deadline comes:
    // each model has one kind of timer.
    FloorLoop(void (*due)(void*), bool record_trace) : due_(due), record_trace_(record_trace) {}

    [[nodiscard]] double now() const noexcept { return now_; }
    void call_soon(Call call) { ready_.push_back(call); }
    // loop.call_later(delay, due, item): a 16-byte slot, as the engine's.
    void call_later(double delay, void* item) { heapq::push(timers_, Timer{now_ + delay, item}); }

    // One _run_once pass; false when nothing is ready or scheduled.
    bool run_once() {
        if (ready_.empty()) {
            if (timers_.empty()) return false;
            // The selector's wait: the clock jumps to the earliest deadline
            // (scale's are seconds away, never select's 24-hour cap).
            if (timers_.front().when > now_) now_ = timers_.front().when;
        }
        const double end_time = now_ + Loop::kClockResolution;  // timers due in this pass, as the engine's
        while (!timers_.empty() && timers_.front().when < end_time)
            ready_.push_back(Call{due_, heapq::pop(timers_).item});
        for (std::size_t ntodo = ready_.size(); ntodo > 0; --ntodo) {
            const Call call = ready_.front();
            ready_.pop_front();
            call.fn(call.arg);
        }
        return true;
    }

    // Futures and tasks share one sequence of ids, as the engine's do.
    std::uint32_t next_id() noexcept { return ++last_id_; }
    void record(EventKind kind, std::uint32_t subject, std::uint32_t other = 0) {
        if (record_trace_) events_.push_back(TraceEvent{now_, kind, 0, subject, other, kNoString});
    }
    TraceEvents take_events() { return std::move(events_); }

private:
    struct Timer {
        double when;
        void* item;
    };

    void (*due_)(void*);
    bool record_trace_;
    double now_ = 0;
    std::uint32_t last_id_ = 0;
    std::deque<Call> ready_;
    std::vector<Timer> timers_;
    TraceEvents events_;
};

}  // namespace loopscope::scale_floor
