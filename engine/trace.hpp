// The trace: what happened in a run, as an ordered list of compact events.
//
// The recorder is an Observer: it never steers the run. Every event carries
// the virtual time and a global sequence number (its index). Strings (task
// names, reprs, printed lines) are interned once in `strings`, so an event is a
// fixed-size record and a million-task run stays small.
//
// Sections: the data model · the recorder · exports (JSON, Chrome trace).
#pragma once

#include <array>
#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/cancel_cause.hpp"
#include "engine/chunked.hpp"
#include "engine/future.hpp"
#include "engine/observer.hpp"
#include "engine/trace_events.hpp"

namespace loopscope {

class Loop;

// One future the trace knows about: tasks, gather groups, wait groups, and the
// plain futures tasks awaited (sleeps, events). A row is indexed by the
// future's id and holds no copy of it: a million-task run has three million
// rows, so each is 16 bytes. A row the trace does not know has no name.
struct TraceFuture {
    // "gather", "wait", "future", a given task name: a string index. A task's
    // default name "Task-N" is the number N instead (kNumberTag; Trace::name).
    std::uint32_t name = kNoString;
    std::uint32_t function = kNoString;  // coroutine function name for tasks
    std::uint32_t creator = 0;           // task id that created it (0: loop)
    FutureKind kind : 8 = FutureKind::Plain;
    // .py line where it was created (0: unknown, also for a line past kMaxLine).
    std::int32_t line : 24 = 0;
    static constexpr std::int32_t kMaxLine = (1 << 23) - 1;
};
static_assert(sizeof(TraceFuture) == 16);
// A string slot (a row's name, an event's text) holds a string index or, with
// kNumberTag set, a number below kNumberLimit: a task's default name "Task-N"
// keeps N, a small int result keeps the int. A million tasks need not be a
// million strings. String indices stay below the tag: the table holds at most
// 2^30 strings (4 GiB, 4 bytes each at least).
constexpr std::uint32_t kNumberTag = 0x80000000u;
constexpr std::int64_t kNumberLimit = 0x7FFFFFFF;  // kNumberTag | kNumberLimit would be kNoString

struct TraceGroup {
    std::uint32_t group = 0;                 // future id of the gathering future / wait waiter
    GroupInfo::Kind kind = GroupInfo::Kind::Gather;
    bool return_exceptions = false;
    std::uint32_t return_when = kNoString;
    double timeout = -1;
    std::uint32_t owner = 0;                 // task that called gather()/wait()
    std::vector<std::uint32_t> children;     // future ids, argument order
    std::uint32_t label = kNoString;         // scenario's name for it ("group2"), if any
    // A waiting call (wait, wait_for, as_completed): how it ended, when, and
    // for a wait() that returned the sets it returned (future ids, in the
    // order the engine holds them). `ended` false: still waiting at the end.
    bool ended = false;
    GroupEnd end = GroupEnd::Returned;
    double ended_at = 0;
    std::vector<std::uint32_t> done, pending;
};

// One cancel request's cause (engine/cancel_cause.hpp), by CancelRequested
// event: the event's `other` is its index in Trace::cancels.
struct TraceCancel {
    std::uint32_t requester = 0;  // the task running when cancel() was called (0: none)
    CancelCause::Kind cause = CancelCause::Kind::Code;
    std::uint32_t source = 0;     // the future the cause names (0: none)
    std::int32_t line = 0;        // Code, LoopCallback: the .py line of the cancel() call (0: unknown)
    std::uint32_t detail = kNoString;
};

// The loop's work, apart from the events: one row per pass of _run_once and
// one per callback run, each pointing at the events it caused (the events
// from its first_event up to the next callback's). Time does not pass
// inside a pass, so a callback's time is its pass's.
struct TracePass {
    double time = 0;
    std::uint32_t ntodo = 0;           // calls taken from the ready queue (cancelled ones too)
    std::uint32_t first_callback = 0;  // index in Trace::callbacks
    std::uint32_t first_event = 0;     // index in Trace::events
    // Index in Trace::loop_ops of its first change: its clean-up of
    // cancelled timers (DropTimers, RebuildHeap), if any, then what its
    // callbacks queue and cancel.
    std::uint32_t first_op = 0;
    std::uint32_t due = 0;             // timers that fell due at its start (the last `due` of its ntodo)
    bool cleaned = false;              // its first op is its clean-up of cancelled timers
};
static_assert(sizeof(TracePass) == 32);
struct TraceCallback {
    std::uint32_t first_event = 0;  // index in Trace::events of the first event it caused
    // What it acts on (a future id, 0: none): the task for Task.__step and
    // Task.__wakeup; otherwise the future given to it (a done-callback's
    // future, _release_waiter's waiter), else the future it belongs to (a
    // sleep's _set_result_unless_cancelled).
    std::uint32_t target = 0;
    // Task.__wakeup: the future it awaited; a Python callback: its name (a
    // string index); otherwise 0.
    std::uint32_t other = 0;
    CallbackKind kind = CallbackKind::Unknown;
};
static_assert(sizeof(TraceCallback) == 16);
constexpr std::uint32_t kNoPass = 0xFFFFFFFFu;

// One change to the loop's two queues, in the order the loop made it; with
// the passes (their ntodo and due timers) and the callbacks run, enough to
// rebuild the ready queue and the timer heap at any callback
// (engine/loop_queues.hpp).
struct TraceLoopOp {
    enum class Op : std::uint8_t {
        Ready,         // a call joined the ready queue's end
        Timer,         // a call joined the timer heap (its deadline: Trace::timer_whens)
        Cancel,        // a queued call was cancelled
        DropTimers,    // _run_once popped `target` cancelled timers from the heap's head
        RebuildHeap,   // _run_once rebuilt the heap without its cancelled timers
        NewLoop,       // another loop records from here on (a script's next asyncio.run): empty queues
    };
    // Ready, Timer: what the call acts on, as TraceCallback's target and
    // other. Cancel: the index of the Ready/Timer op of the cancelled Handle
    // (`handle` set), or the id of the sleep future whose timer it is.
    std::uint32_t target = 0;
    std::uint32_t other = 0;
    // How many callbacks had begun when it happened: it comes before
    // callback `at_callback` (during the one before it, or at its pass's start).
    std::uint32_t at_callback = 0;
    // Who made it: the .py line the running task's code was at (0: no
    // task ran, or a C++ twin's; the running callback, at_callback - 1, did).
    std::int32_t line = 0;
    Op op = Op::Ready;
    CallbackKind kind = CallbackKind::Unknown;
    bool handle = false;  // Ready, Timer: a Handle that code may cancel
};
static_assert(sizeof(TraceLoopOp) == 20);

// How much of the loop's work a trace holds. Past `limit` callbacks the
// recorder stops adding passes, callbacks and queue changes (the events go
// on): the app says from where the loop's detail is missing, and can run
// again with all of it (the engine is deterministic). By default a trace
// keeps the first kLoopDetailCallbacks: all of `scale` at 10^5 tasks (600,003
// callbacks), a sixth of it at 10^6, where the whole would cost 40% more
// time (docs/performance.md).
inline constexpr std::uint64_t kLoopDetailCallbacks = 1'000'000;
struct TraceLoopDetail {
    std::uint64_t limit = kLoopDetailCallbacks;  // 0: no limit
    bool cut = false;         // the limit was reached: passes/callbacks stop there
    // asyncio.run's shutdown cancels all_tasks(), a set: from this pass on
    // the callbacks' order is the set's, Python's to choose (kNoPass: no
    // such stretch).
    std::uint32_t unordered_from_pass = kNoPass;
};

// events, strings and futures read like vectors (size, [], push_back,
// range-for) but are chunked: a ten-million-event trace grows without copying
// itself. Future rows stay where they are while it grows; events are read
// back by value (trace_events.hpp).
struct Trace {
    TraceEvents events;                   // 12 bytes each: see trace_events.hpp
    StringTable strings;                  // strings[i] is a string_view
    ChunkedVector<TraceFuture> futures;  // indexed by future id (index 0 unused)
    std::vector<TraceGroup> groups;
    std::vector<TraceCancel> cancels;    // by CancelRequested event's `other`
    // The call each task's coroutine came from, as the code wrote it
    // (`coro('group 1.3')`), for the tasks whose body knows it (the
    // interpreter's), by future id in creation order; the first
    // kMaxCallTexts only, so that a million tasks keep no million strings.
    struct TaskCall {
        std::uint32_t task;
        std::uint32_t text;  // string index
    };
    static constexpr std::size_t kMaxCallTexts = 20000;
    std::vector<TaskCall> calls;
    [[nodiscard]] std::string_view call_text(std::uint32_t task) const;
    ChunkedVector<TracePass> passes;
    ChunkedVector<TraceCallback> callbacks;
    ChunkedVector<TraceLoopOp> loop_ops;
    ChunkedVector<double> timer_whens;  // the deadline of each Timer op, in op order
    TraceLoopDetail loop_detail;

    // The pass a callback ran in (by index in callbacks).
    [[nodiscard]] std::uint32_t pass_of(std::uint32_t callback) const;

    // Whether a string slot holds a number (kNumberTag) rather than a string.
    static bool holds_number(std::uint32_t slot) noexcept { return slot != kNoString && (slot & kNumberTag) != 0; }
    // The slot that holds n (n < kNumberLimit).
    static std::uint32_t number_slot(std::uint32_t n) noexcept { return kNumberTag | n; }
    // A string by index: a slot that does not hold a number.
    [[nodiscard]] std::string_view str(std::uint32_t index) const {
        return index == kNoString ? std::string_view{} : strings[index];
    }
    // An event's text: its string, or the repr of the int it holds.
    [[nodiscard]] std::string text(std::uint32_t slot) const {
        if (holds_number(slot)) return std::to_string(slot & ~kNumberTag);
        return std::string(str(slot));
    }
    // A future's name as the trace shows it; a number is a default "Task-N"
    // (N below 2^29: Task keeps 29 bits).
    [[nodiscard]] std::string name(const TraceFuture& f) const {
        if (holds_number(f.name)) return "Task-" + text(f.name);
        return std::string(str(f.name));
    }
    // The cause of a CancelRequested event.
    [[nodiscard]] const TraceCancel& cancel(const TraceEvent& cancel_requested) const { return cancels.at(cancel_requested.other); }
    [[nodiscard]] const TraceFuture* future(std::uint32_t id) const {
        return id < futures.size() && futures[id].name != kNoString ? &futures[id] : nullptr;
    }
    // Calls visit(id, row) for every future the trace knows, in id order.
    template <class Visit>
    void for_each_future(Visit&& visit) const {
        for (std::uint32_t id = 0; id < futures.size(); ++id)
            if (const TraceFuture* f = future(id)) visit(id, *f);
    }
};

// Names for tools and views: "gather", "wait", "wait_for", "as_completed";
// "returned", "timed out", "never returned", "raised"; "code",
// "loop callback", "intervention", "group", "awaiter", "shutdown",
// "timeout", "task group".
std::string_view group_kind_name(GroupInfo::Kind kind);
std::string_view group_end_name(GroupEnd end);
std::string_view cancel_cause_name(CancelCause::Kind kind);

class TraceRecorder final : public Observer {
public:
    // A recorder joining a trace that others filled (a script's next loop)
    // says so first: the queues it records start empty.
    explicit TraceRecorder(const Loop& loop, Trace& out);

    void task_created(const Task& task, const Task* creator) override;
    void step_begin(const Task& task, const Exc& thrown) override;
    void step_end(const Task& task, const Future* awaited, bool yielded) override;
    void future_done(const Future& fut) override;
    void cancel_requested(const Future& target, const Task* requester, const Value& msg) override;
    void group_created(const Future& group, const std::vector<const Future*>& children,
                       const GroupInfo& info) override;
    void group_finished(const Future& group, GroupEnd how, const std::vector<const Future*>& done,
                        const std::vector<const Future*>& pending) override;
    void printed(std::string_view text) override;
    void task_renamed(const Task& task) override;
    void loop_pass(std::size_t ntodo, std::size_t due) override;
    void callback_run(CallbackFn fn, const RefCounted& self, const Value& arg) override;
    void call_queued(CallbackFn fn, const RefCounted& self, const Value& arg, const void* handle) override;
    void timer_queued(double when, CallbackFn fn, const RefCounted& self, const Value& arg,
                      const void* handle) override;
    void handle_cancelled(const void* handle) override;
    void own_timer_cancelled(const Future& sleep_future) override;
    void timers_dropped(std::size_t dropped) override;
    void timers_rebuilt() override;
    void shutdown_cancelling() override;
    // Records passes and callbacks for the first `limit` callbacks only (0: all).
    void limit_loop_detail(std::uint64_t limit) { trace_.loop_detail.limit = limit; }

    // Names a group or future the way the scenario does (TARGETS["group2"]).
    void label(const Future& fut, std::string_view name);

private:
    // intern: one copy per distinct text (names, reprs of exceptions, prints);
    // intern_result: results are mostly distinct (one per task), so a small
    // direct-mapped cache shares the repeated ones ("None") without a table
    // entry per result.
    std::uint32_t intern(std::string_view s);
    std::uint32_t intern_result(std::string_view s);
    std::uint32_t intern_function(std::string_view name);
    // A fixed name ("future" for every plain future), interned once.
    std::uint32_t intern_constant(std::uint32_t& slot, std::string_view s) {
        if (slot == kNoString) slot = intern(s);
        return slot;
    }
    // Makes the future's row on first sight; returns its id.
    std::uint32_t know(const Future& fut);
    // A callback as the trace names it: its kind, target and other (see TraceCallback).
    TraceCallback describe(CallbackFn fn, const RefCounted& self, const Value& arg);
    // Appends a loop op, stamped with the callbacks begun so far.
    void add_op(TraceLoopOp op);
    // A Ready or Timer op for a queued call (remembering a Handle's op for its Cancel).
    void queue_op(TraceLoopOp::Op op, CallbackFn fn, const RefCounted& self, const Value& arg, const void* handle);
    // The loop's time as the trace keeps it (see add()).
    double now();
    void add(EventKind kind, std::uint32_t subject, std::uint32_t other = 0,
             std::uint32_t text = kNoString, std::uint8_t flag = 0);

    const Loop& loop_;
    Trace& trace_;
    std::vector<std::uint32_t> group_of_future_;  // group index + 1 by group future id (0: none)
    double time_shift_ = 0;  // added to the loop's time: see add()
    std::vector<std::uint32_t> table_;  // open addressing over string indices; kNoString = empty
    std::size_t table_used_ = 0;
    struct CachedResult {
        std::uint32_t index = kNoString;
        std::size_t hash = 0;
    };
    std::vector<CachedResult> result_cache_ = std::vector<CachedResult>(1024);
    std::string_view last_function_;
    std::uint32_t last_function_index_ = kNoString;
    std::uint32_t gather_name_ = kNoString, shield_name_ = kNoString, future_name_ = kNoString;
    std::uint32_t none_text_ = kNoString;
    std::string scratch_;
    // The kinds of the callback functions met, direct-mapped by address:
    // the calls queued and run cycle through a handful of kinds (a task's
    // step, a sleep's timer, a wake-up, a done-callback), and
    // callback_kind_of scans a table.
    struct KindCache {
        struct Slot {
            CallbackFn fn = nullptr;
            CallbackKindEntry entry;
        };
        std::array<Slot, 64> slots{};
        const CallbackKindEntry& of(CallbackFn f) {
            Slot& slot = slots[(reinterpret_cast<std::uintptr_t>(f) >> 4) % slots.size()];
            if (slot.fn != f) slot = {f, callback_kind_of(f)};
            return slot.entry;
        }
    };
    KindCache kinds_;
    // The clean-up op of the pass about to begin (kNoPass: none yet).
    std::uint32_t pass_first_op_ = kNoPass;
    // The Ready/Timer op of each Handle queued (few: tasks and futures queue
    // calls nobody holds), for its Cancel op.
    std::unordered_map<const void*, std::uint32_t> handle_ops_;
};

// {"futures":[...], "groups":[...], "events":[...], "loop":{...}}:
// everything, for tools.
void write_trace_json(const Trace& trace, std::ostream& out);
// Chrome trace-event format (opens in Perfetto / chrome://tracing): one
// thread per task, a slice per step, instants for cancel requests and prints;
// a "loop" thread with a slice per callback the loop ran.
void write_chrome_trace(const Trace& trace, std::ostream& out);

}  // namespace loopscope
