#include "engine/loop_queues.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <ostream>

#include "engine/heapq.hpp"

namespace loopscope {

// The run's order: a pass starts once the ops before its first_op are done;
// a callback is taken once every op stamped at or before it is done (those
// stamped after it happened while it ran).
void LoopReplay::run_to(std::uint32_t callback) {
    const auto callbacks = static_cast<std::uint32_t>(trace_.callbacks.size());
    const std::uint32_t wanted = callback < callbacks ? callback + 1 : callbacks;  // callbacks to have taken
    while (taken_ < wanted) {
        prepare_take();
        take_callback();
    }
    if (callback >= callbacks) {
        start_passes_before(callbacks);
        apply_ops_before(trace_.loop_ops.size());
    }
}

void LoopReplay::run_before(std::uint32_t callback) {
    if (callback > 0) run_to(callback - 1);
    if (callback < trace_.callbacks.size() && taken_ == callback) prepare_take();
}

void LoopReplay::start_passes_before(std::uint32_t next_callback) {
    while (next_pass_ < trace_.passes.size() && trace_.passes[next_pass_].first_callback <= next_callback) {
        apply_ops_before(trace_.passes[next_pass_].first_op);
        start_pass();
    }
}

void LoopReplay::prepare_take() {
    start_passes_before(taken_);
    while (scan_ < trace_.loop_ops.size() && trace_.loop_ops[scan_].at_callback <= taken_) ++scan_;
    apply_ops_before(scan_);
}

void LoopReplay::run_through(std::uint32_t callback) {
    run_to(callback);
    if (callback >= trace_.callbacks.size()) return;
    // What it queued and cancelled while it ran: the ops stamped after it,
    // up to the next callback's take or the next pass's clean-up.
    std::size_t end = next_op_;
    while (end < trace_.loop_ops.size() && trace_.loop_ops[end].at_callback <= taken_) ++end;
    if (next_pass_ < trace_.passes.size() && trace_.passes[next_pass_].first_callback <= taken_)
        end = std::min<std::size_t>(end, trace_.passes[next_pass_].first_op);
    apply_ops_before(end);
}

void LoopReplay::apply_ops_before(std::size_t end) {
    while (next_op_ < end) apply(static_cast<std::uint32_t>(next_op_++));
}

void LoopReplay::apply(std::uint32_t index) {
    const TraceLoopOp& op = trace_.loop_ops[index];
    switch (op.op) {
        case TraceLoopOp::Op::Ready: ready_.push_back(Slot{0, index}); break;
        case TraceLoopOp::Op::Timer:
            heapq::push(heap_, Slot{trace_.timer_whens[next_timer_++], index});
            if (!op.handle && op.kind == CallbackKind::SetResultUnlessCancelled) {
                if (own_timer_op_.size() <= op.target) own_timer_op_.resize(std::max<std::size_t>(op.target + 1, trace_.futures.size()));
                own_timer_op_[op.target] = index + 1;
            }
            break;
        case TraceLoopOp::Op::Cancel:
            if (op.handle) {
                cancelled_.insert(op.target);
                break;
            }
            // A sleep's own timer, by its future.
            if (op.target < own_timer_op_.size() && own_timer_op_[op.target] != 0)
                cancelled_.insert(own_timer_op_[op.target] - 1);
            break;
        case TraceLoopOp::Op::DropTimers:
            for (std::uint32_t i = 0; i < op.target && !heap_.empty(); ++i) {
                if (!is_cancelled(pop_timer().op)) consistent_ = false;
            }
            break;
        case TraceLoopOp::Op::NewLoop:
            // The last loop closed with what it held: BaseEventLoop.close() clears both.
            ready_.clear();
            heap_.clear();
            popped_ = intake_;
            break;
        case TraceLoopOp::Op::RebuildHeap: {
            // _run_once: the uncancelled timers in list order, then heapify.
            std::erase_if(heap_, [this](const Slot& s) { return is_cancelled(s.op); });
            for (std::size_t i = heap_.size() / 2; i-- > 0;) heapq::sift_up(heap_, i);
            break;
        }
    }
}

LoopReplay::Slot LoopReplay::pop_timer() { return heapq::pop(heap_); }

void LoopReplay::start_pass() {
    const TracePass& pass = trace_.passes[next_pass_++];
    // What the last pass took but did not run were cancelled calls it skipped.
    for (; popped_ < intake_ && !ready_.empty(); ++popped_) {
        if (!is_cancelled(ready_.front().op)) consistent_ = false;
        ready_.pop_front();
    }
    // Its clean-up of cancelled timers, then the timers due move over.
    if (pass.cleaned) apply(static_cast<std::uint32_t>(next_op_++));
    for (std::uint32_t i = 0; i < pass.due && !heap_.empty(); ++i) ready_.push_back(pop_timer());
    if (ready_.size() != pass.ntodo) consistent_ = false;
    intake_ += pass.ntodo;
}

void LoopReplay::take_callback() {
    const TraceCallback& ran = trace_.callbacks[taken_++];
    while (!ready_.empty() && is_cancelled(ready_.front().op)) {
        ready_.pop_front();
        ++popped_;
    }
    if (ready_.empty()) {
        consistent_ = false;
        return;
    }
    const TraceLoopOp& op = trace_.loop_ops[ready_.front().op];
    if (op.kind != ran.kind || op.target != ran.target) consistent_ = false;
    ready_.pop_front();
    ++popped_;
}

QueuedCall LoopReplay::call_of(const Slot& slot) const {
    const TraceLoopOp& op = trace_.loop_ops[slot.op];
    QueuedCall c;
    c.op = slot.op;
    c.kind = op.kind;
    c.target = op.target;
    c.other = op.other;
    c.timer = op.op == TraceLoopOp::Op::Timer;
    c.when = slot.when;
    c.handle = op.handle;
    c.cancelled = is_cancelled(slot.op);
    c.queued_by = op.at_callback == 0 ? kNoPass : op.at_callback - 1;
    c.line = op.line;
    return c;
}

LoopQueues LoopReplay::queues(std::size_t cap) const {
    LoopQueues q;
    q.callback = taken_ == 0 ? 0 : taken_ - 1;
    q.pass = next_pass_ == 0 ? kNoPass : next_pass_ - 1;
    q.ready_total = ready_.size();
    q.pass_left = static_cast<std::size_t>(intake_ - popped_);
    q.timers_total = heap_.size();
    for (std::size_t i = 0; i < ready_.size() && i < cap; ++i) q.ready.push_back(call_of(ready_[i]));
    std::vector<Slot> heap = heap_;
    while (!heap.empty() && q.timers.size() < cap) q.timers.push_back(call_of(heapq::pop(heap)));
    return q;
}

std::vector<QueuedCall> LoopReplay::sleep_timers(const std::vector<std::uint32_t>& futures) const {
    const std::unordered_set<std::uint32_t> wanted(futures.begin(), futures.end());
    std::vector<QueuedCall> out;
    for (const Slot& s : heap_) {
        const TraceLoopOp& op = trace_.loop_ops[s.op];
        if (!op.handle && op.kind == CallbackKind::SetResultUnlessCancelled && wanted.contains(op.target))
            out.push_back(call_of(s));
    }
    return out;
}

LoopQueues loop_queues_at(const Trace& trace, std::uint32_t callback, std::size_t cap) {
    LoopReplay replay(trace);
    replay.run_to(callback);
    LoopQueues q = replay.queues(cap);
    if (callback >= trace.callbacks.size()) q.callback = static_cast<std::uint32_t>(trace.callbacks.size());
    return q;
}

namespace {
nlohmann::json call_row(const Trace& trace, const QueuedCall& c, bool with_when) {
    nlohmann::json row = nlohmann::json::array();
    if (with_when) row.push_back(c.when);
    row.push_back(callback_kind_name(c.kind));
    row.push_back(c.target);
    row.push_back(c.kind == CallbackKind::Python ? nlohmann::json(trace.str(c.other)) : nlohmann::json(nullptr));
    row.push_back(c.cancelled);
    return row;
}
}  // namespace

void write_queue_snapshots(const Trace& trace, std::ostream& out) {
    nlohmann::json snapshots = nlohmann::json::array();
    LoopReplay replay(trace);
    const auto last = static_cast<std::uint32_t>(std::min<std::size_t>(trace.callbacks.size(), kSnapshotCallbacks));
    for (std::uint32_t callback = 0; callback < last; ++callback) {
        replay.run_to(callback);
        const LoopQueues q = replay.queues(kSnapshotCalls + 1);
        if (q.ready_total + q.timers_total > kSnapshotCalls) continue;
        nlohmann::json ready = nlohmann::json::array(), timers = nlohmann::json::array();
        for (const QueuedCall& c : q.ready) ready.push_back(call_row(trace, c, false));
        for (const QueuedCall& c : q.timers) timers.push_back(call_row(trace, c, true));
        snapshots.push_back({{"callback", callback}, {"ready", ready}, {"timers", timers}});
    }
    out << nlohmann::json{{"consistent", replay.consistent()}, {"snapshots", snapshots}}.dump() << '\n';
}

}  // namespace loopscope
