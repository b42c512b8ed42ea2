// What the loop holds at the playhead: its ready queue, its timer heap, the
// callback running, and who awaits whom.
//
// The queues are replayed from the trace (engine/loop_queues.hpp), exact at
// callback boundaries: while a callback runs they stand as it began (it has
// left the ready queue); once it has returned, with what it queued. The
// replay goes forward callback by callback, so stepping costs one callback's
// changes; a jump back replays from the start.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engine/loop_queues.hpp"
#include "gui/loop_moment.hpp"

namespace loopscope::gui {

class TraceModel;

// One await chain: from a task nobody awaits down to what the last one
// waits on, e.g. "Task-1 main → all_groups → group2 → Task-7 coro".
struct AwaitChain {
    std::vector<std::uint32_t> links;  // future ids, awaiter first
    std::uint32_t awaits = 0;          // the future the last one awaits (0: it is ready or running)
    std::string waits_on;              // "a sleep, its timer at t=2.130000", "ready to run", ...
};

struct LoopState {
    LoopMoment moment;
    bool known = false;          // the trace has the queues here (else: no loop detail, or the replay disagreed)
    bool callback_running = false;  // moment.callback has begun and not returned
    LoopQueues queues;
    std::vector<AwaitChain> chains;  // the first kChainsShown (await_chains)
};

// The calls shown per queue: the million-task run holds a million timers;
// and the await chains.
constexpr std::size_t kQueueShown = 200, kChainsShown = 60;

class LoopStateCache {
public:
    // The state once events [0, event) have happened.
    const LoopState& at(const TraceModel& m, std::size_t event);

private:
    const Trace* trace_ = nullptr;
    std::unique_ptr<LoopReplay> replay_;
    // Where the replay stands: 3 * callback + stage (kNowhere: not run yet).
    enum class Stage : std::uint8_t { Before, Running, Through };
    static constexpr std::uint64_t kNowhere = ~std::uint64_t{0};
    std::uint64_t position_ = kNowhere;
    std::size_t event_ = static_cast<std::size_t>(-1);
    LoopState state_;
};

// The chain of every task alive at `event` that awaits no live task or
// group, the first `cap` in creation order (LoopStateCache adds when a
// sleep's timer fires).
std::vector<AwaitChain> await_chains(const TraceModel& m, std::size_t event, std::size_t cap);
// A link's name: "Task-7 coro" for a task, the group's label or title.
std::string chain_link_name(const TraceModel& m, std::uint32_t future);

// What a queued call will do, in one line, e.g. "Task.__step: runs Task-7's
// coroutine, throwing CancelledError in (a cancel is pending)".
std::string describe_queued(const TraceModel& m, const QueuedCall& call, std::size_t event);
// Who queued it: "queued by Task.__step of Task-3, at line 12", or "queued
// before the loop ran".
std::string queued_by_text(const TraceModel& m, const QueuedCall& call);

}  // namespace loopscope::gui
