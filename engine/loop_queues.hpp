// The loop's two queues at any callback, rebuilt from the trace.
//
// The trace keeps every change the loop made to its ready queue and its
// timer heap (Trace::loop_ops), what each pass took and every callback run.
// Replaying them in order rebuilds both queues exactly as they stood: the
// ready queue is a FIFO, and the heap is replayed with heapq's own sifts
// (engine/heapq.hpp), so timers with equal deadlines come out in the order
// heapq will pop them. What CPython's _ready and _scheduled hold at the same
// points is the test (tests/conformance, --queues).
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <iosfwd>
#include <unordered_set>
#include <vector>

#include "engine/callback_kind.hpp"
#include "engine/trace.hpp"

namespace loopscope {

// One queued call, named as the callback it will be (TraceCallback).
struct QueuedCall {
    std::uint32_t op = 0;  // the Ready/Timer op in Trace::loop_ops that queued it
    CallbackKind kind = CallbackKind::Unknown;
    std::uint32_t target = 0, other = 0;
    double when = 0;         // a timer's deadline (kept by a due timer in the ready queue)
    bool timer = false;      // it came from the heap (call_at, call_later, a sleep)
    bool handle = false;     // a Handle that code holds and may cancel
    bool cancelled = false;  // the loop will skip it (ready queue) or drop it (heap)
    // Who queued it: the callback running then (kNoPass: none, before the
    // loop ran), and the .py line its task's code was at (0: none).
    std::uint32_t queued_by = kNoPass;
    std::int32_t line = 0;
};

struct LoopQueues {
    std::uint32_t callback = 0;   // the callback about to run; callbacks.size(): none, the run is over
    std::uint32_t pass = kNoPass;  // the pass it runs in (kNoPass: before the first)
    std::vector<QueuedCall> ready;   // front first; the callback about to run has left it
    std::vector<QueuedCall> timers;  // in the order heapq will pop them
    std::size_t ready_total = 0, timers_total = 0;  // the queues' sizes (the lists may be capped)
    // How many calls at the ready queue's front the current pass took and
    // has not reached yet; those behind them run in a later pass.
    std::size_t pass_left = 0;
};

class LoopReplay {
public:
    explicit LoopReplay(const Trace& trace) : trace_(trace) {}
    // Replays up to the moment `callback` is taken from the ready queue,
    // just before it runs (callbacks.size(): to the end of the recorded
    // work). Forward only; going back needs a new replay.
    void run_to(std::uint32_t callback);
    // Replays to the moment just before `callback` is taken: its pass has
    // begun and its call is still at the ready queue's front.
    void run_before(std::uint32_t callback);
    // Replays to the moment `callback` has returned: what it queued and
    // cancelled is in the queues, the next pass has not begun.
    void run_through(std::uint32_t callback);
    // The queues now, at most `cap` calls of each.
    [[nodiscard]] LoopQueues queues(std::size_t cap) const;
    // The timers in the heap now that end the sleeps of these futures (in
    // the heap's order, not pop order): one pass over the heap.
    [[nodiscard]] std::vector<QueuedCall> sleep_timers(const std::vector<std::uint32_t>& futures) const;
    // False if a replayed call was not the one the trace says ran (the
    // recorder missed a change): the queues are then not to be shown.
    [[nodiscard]] bool consistent() const noexcept { return consistent_; }

private:
    struct Slot {
        double when;
        std::uint32_t op;
    };
    void apply_ops_before(std::size_t end);
    // The passes that begin before callback `next_callback` is taken.
    void start_passes_before(std::uint32_t next_callback);
    // Everything before the next callback's take: its pass's start, and the
    // ops stamped before it.
    void prepare_take();
    void apply(std::uint32_t op);
    void start_pass();
    void take_callback();
    [[nodiscard]] bool is_cancelled(std::uint32_t op) const { return cancelled_.contains(op); }
    [[nodiscard]] QueuedCall call_of(const Slot& slot) const;
    Slot pop_timer();

    const Trace& trace_;
    std::deque<Slot> ready_;
    std::vector<Slot> heap_;
    std::unordered_set<std::uint32_t> cancelled_;  // op indices of cancelled calls
    std::vector<std::uint32_t> own_timer_op_;       // by sleep future id: its Timer op + 1 (0: none)
    std::size_t next_op_ = 0, next_timer_ = 0;
    std::size_t scan_ = 0;          // the first op after the next callback's take
    std::uint32_t next_pass_ = 0;   // passes started so far
    std::uint32_t taken_ = 0;       // callbacks taken so far
    std::uint64_t popped_ = 0;      // ready calls taken so far, skipped ones too
    std::uint64_t intake_ = 0;      // the passes' ntodo so far
    bool consistent_ = true;
};

// The queues just before `callback` runs, by a replay from the start.
[[nodiscard]] LoopQueues loop_queues_at(const Trace& trace, std::uint32_t callback, std::size_t cap);

// {"consistent": bool, "snapshots": [{"callback": i, "ready": [[kind, target,
// name, cancelled], ...], "timers": [[when, kind, target, name, cancelled],
// ...]}, ...]}: the queues just before each of the first kSnapshotCallbacks
// callbacks, where they hold kSnapshotCalls calls or fewer together (the
// CPython harness snapshots _ready and _scheduled by the same rule:
// tests/conformance/vloop.py --queues). A target is a future id.
inline constexpr std::size_t kSnapshotCallbacks = 300, kSnapshotCalls = 400;
void write_queue_snapshots(const Trace& trace, std::ostream& out);

}  // namespace loopscope
