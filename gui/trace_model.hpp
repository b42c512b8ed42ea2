// What the views need from a Trace, precomputed once per run.
//
// A frame must only touch the lanes it shows, so everything that needs a
// pass over all events is done here, once, when a run arrives (on the worker
// thread for big runs): the lane/group tree, each row's events in one
// compressed array (CSR), and the arrows. Nothing here includes ImGui; the
// headless tests build models from hand-made traces.
//
// Sections: entities and the tree · per-entity events · arrows · queries.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "engine/trace.hpp"

namespace loopscope::gui {

constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
constexpr double kNever = std::numeric_limits<double>::infinity();

// How a future ended, read from its FutureDone event.
enum class DoneKind : std::uint8_t { Pending, Finished, Crashed, Cancelled };

// A row of the timeline is either a task lane or a group header. Both are
// futures, so the model keys rows by future id ("entity").
struct Lane {
    std::uint32_t future = 0;
    std::uint32_t parent_group = kNone;  // index into Trace::groups: its home group
    double start = 0;
    double end = kNever;                 // time of its FutureDone
    std::uint32_t done_event = kNone;
    DoneKind done = DoneKind::Pending;
};

struct GroupNode {
    std::uint32_t group = 0;             // index into Trace::groups
    std::uint32_t parent_group = kNone;  // groups nest: all_groups holds group1..3
    std::uint32_t created_event = kNone;
    std::uint32_t done_event = kNone;
    std::uint32_t finished_event = kNone;  // GroupFinished (wait returned)
    double start = 0;
    double end = kNever;
    DoneKind done = DoneKind::Pending;
    // Children shown under the header, argument order: lanes and groups whose
    // home is this group (a task waited by several wait() calls lives under the
    // first one).
    std::vector<std::uint32_t> child_lanes;   // indices into TraceModel::lanes
    std::vector<std::uint32_t> child_groups;  // indices into TraceModel::groups
    std::vector<std::uint8_t> child_order;    // 0 = next lane, 1 = next group, in argument order
    // The FutureDone event of every child, sorted: how many are done at a
    // playhead is one binary search, even for a million children.
    std::vector<std::uint32_t> child_done_sorted;

    [[nodiscard]] std::size_t children_done_before(std::size_t event_index) const;
};

// A top-level item: a lane or a group, in creation order.
struct TopItem {
    bool is_group = false;
    std::uint32_t index = 0;
};

enum class ArrowKind : std::uint8_t { Awaits, CancelPropagated, ExceptionPropagated };

struct Arrow {
    ArrowKind kind = ArrowKind::Awaits;
    std::uint32_t from = 0;  // entity (future id)
    std::uint32_t to = 0;    // entity (future id)
    std::uint32_t event = 0; // the event that shows the arrow (hidden before the playhead reaches it)
    double t_from = 0, t_to = 0;
};

// A lane's state at some event index.
enum class LaneState : std::uint8_t { NotCreated, Scheduled, Running, Suspended, Finished, Crashed, Cancelled };
std::string_view lane_state_name(LaneState s);

struct LaneStatus {
    LaneState state = LaneState::NotCreated;
    std::uint32_t awaiting = 0;        // future id it awaits (Suspended)
    std::uint32_t last_event = kNone;  // last event of this lane before the index
    bool cancel_requested = false;     // a cancel is pending on it
};

// Whether a FutureDone carries an exception (a crash) rather than a result.
bool done_with_exception(const Trace& trace, const TraceEvent& ev);
DoneKind done_kind(const Trace& trace, const TraceEvent& ev);

class TraceModel {
public:
    TraceModel() = default;
    explicit TraceModel(const Trace& trace);

    const Trace& trace() const { return *trace_; }
    bool empty() const { return trace_ == nullptr; }

    std::vector<Lane> lanes;
    std::vector<GroupNode> groups;
    std::vector<TopItem> top;
    std::vector<Arrow> arrows;  // sorted by target entity (see arrows_to)

    // -1 when the future is not a lane / not a group.
    std::int64_t lane_of(std::uint32_t future) const;
    std::int64_t group_of(std::uint32_t future) const;

    // Events about an entity (a task or a group future), in trace order.
    struct Span {
        const std::uint32_t* first = nullptr;
        const std::uint32_t* last = nullptr;
        const std::uint32_t* begin() const { return first; }
        const std::uint32_t* end() const { return last; }
        std::size_t size() const { return static_cast<std::size_t>(last - first); }
    };
    Span events_of(std::uint32_t future) const;
    // Arrows that end at `future`.
    std::pair<const Arrow*, const Arrow*> arrows_to(std::uint32_t future) const;

    // The lane's state once events [0, event_index) have happened.
    LaneStatus lane_status(const Lane& lane, std::size_t event_index) const;
    // The .py line the task was suspended at by its last step before
    // event_index (StepEnd carries it); 0 before its first step.
    std::int32_t lane_line(const Lane& lane, std::size_t event_index) const;
    // The last CancelRequested on the entity before event_index (kNone if none).
    std::uint32_t last_cancel_request(std::uint32_t future, std::size_t event_index) const;

    std::string lane_name(const Lane& lane) const;     // "Task-3"
    std::string lane_function(const Lane& lane) const; // "coro"
    // The call its coroutine came from, "coro('group 1.3')", where the trace
    // has it (the interpreter's tasks); else the function's name.
    std::string lane_call(const Lane& lane) const;
    std::string group_title(const GroupNode& g) const; // "group2 = gather(3)"
    // How a waiting call (wait, wait_for, as_completed) stood once events
    // [0, event_index) happened: "waiting", "returned (done 1, pending 9) at
    // t=0.627564", "timed out at ...", "never returned at ...".
    std::string group_end_text(const GroupNode& g, std::size_t event_index) const;
    // Who asked for a cancel and why, in words, from the event's cause:
    // "intervention: cancel group2 at t=1.5", "group2 = gather(3) was
    // cancelled, so it cancelled its children", "asyncio.run() shutdown: ...".
    std::string cancel_cause_text(std::uint32_t cancel_event) const;
    // The whole chain of causes, from the first to this one: a gather or an
    // awaiter passing a cancel on names the request it passed on, and so
    // back to the root (your intervention, a cancel() call, a timeout, ...):
    // "intervention: cancel group2 at t=1.5 → group2 = gather(3) was
    // cancelled, so it cancelled its children".
    std::string cancel_chain_text(std::uint32_t cancel_event) const;
    std::string_view group_label(const GroupNode& g) const;  // "group2", or empty
    std::string future_name(std::uint32_t future) const;     // "Task-3", "sleep", "group2"...

    double end_time() const { return end_time_; }

private:
    const Trace* trace_ = nullptr;
    std::vector<std::int64_t> lane_index_;   // by future id
    std::vector<std::int64_t> group_index_;  // by future id
    std::vector<std::uint32_t> offsets_;     // CSR over future ids
    std::vector<std::uint32_t> entity_events_;
    std::vector<std::uint32_t> arrow_offsets_;  // CSR over future ids into arrows
    double end_time_ = 0;

    void build_entities();
    void build_tree();
    void build_events();
    void build_arrows();
    void build_child_done();
};

}  // namespace loopscope::gui
