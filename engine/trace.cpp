#include "engine/trace.hpp"

#include <algorithm>
#include <optional>

#include "engine/loop.hpp"
#include "engine/task.hpp"

namespace loopscope {

namespace {
std::size_t hash_text(std::string_view s) noexcept { return std::hash<std::string_view>{}(s); }
}  // namespace

std::string_view group_kind_name(GroupInfo::Kind kind) {
    switch (kind) {
        case GroupInfo::Kind::Gather: return "gather";
        case GroupInfo::Kind::Wait: return "wait";
        case GroupInfo::Kind::WaitFor: return "wait_for";
        case GroupInfo::Kind::AsCompleted: return "as_completed";
    }
    return "?";
}

std::string_view group_end_name(GroupEnd end) {
    switch (end) {
        case GroupEnd::Returned: return "returned";
        case GroupEnd::TimedOut: return "timed out";
        case GroupEnd::NeverReturned: return "never returned";
        case GroupEnd::Raised: return "raised";
    }
    return "?";
}

std::string_view cancel_cause_name(CancelCause::Kind kind) {
    switch (kind) {
        case CancelCause::Kind::Code: return "code";
        case CancelCause::Kind::LoopCallback: return "loop callback";
        case CancelCause::Kind::Intervention: return "intervention";
        case CancelCause::Kind::Group: return "group";
        case CancelCause::Kind::Awaiter: return "awaiter";
        case CancelCause::Kind::Shutdown: return "shutdown";
        case CancelCause::Kind::Timeout: return "timeout";
        case CancelCause::Kind::TaskGroup: return "task group";
    }
    return "?";
}

std::uint32_t TraceRecorder::intern(std::string_view s) {
    if ((table_used_ + 1) * 2 > table_.size()) {
        // Grow and re-insert: the table holds indices, the texts stay put.
        std::vector<std::uint32_t> old = std::move(table_);
        table_.assign(old.empty() ? 64 : old.size() * 2, kNoString);
        const std::size_t mask = table_.size() - 1;
        for (std::uint32_t idx : old) {
            if (idx == kNoString) continue;
            std::size_t slot = hash_text(trace_.strings[idx]) & mask;
            while (table_[slot] != kNoString) slot = (slot + 1) & mask;
            table_[slot] = idx;
        }
    }
    const std::size_t mask = table_.size() - 1;
    std::size_t slot = hash_text(s) & mask;
    for (; table_[slot] != kNoString; slot = (slot + 1) & mask)
        if (trace_.strings[table_[slot]] == s) return table_[slot];
    const std::uint32_t idx = trace_.strings.push_back(s);
    table_[slot] = idx;
    ++table_used_;
    return idx;
}

std::uint32_t TraceRecorder::intern_result(std::string_view s) {
    const std::size_t h = hash_text(s);
    CachedResult& cached = result_cache_[h & (result_cache_.size() - 1)];
    // The stored hash settles most misses without reading the cached text,
    // which is usually far back in the arena (a cache miss).
    if (cached.index != kNoString && cached.hash == h && trace_.strings[cached.index] == s) return cached.index;
    cached = {trace_.strings.push_back(s), h};
    return cached.index;
}

std::uint32_t TraceRecorder::intern_function(std::string_view name) {
    // Tasks of one function name it through the same pointer (a literal or
    // the interpreter's tree): one lookup per function, not per task.
    if (name.data() == last_function_.data() && name.size() == last_function_.size()) return last_function_index_;
    last_function_ = name;
    last_function_index_ = intern(name);
    return last_function_index_;
}

// The row for a future, made on first sight.
std::uint32_t TraceRecorder::know(const Future& fut) {
    const std::uint32_t id = fut.id();
    if (fut.seen_by_observer()) return id;
    fut.mark_seen_by_observer();
    if (trace_.futures.size() <= id) trace_.futures.resize(id + 1);
    // First sight: the mark above is set here and nowhere else, so the row is new.
    TraceFuture& row = trace_.futures[id];
    row.kind = fut.kind();
    switch (fut.kind()) {
        case FutureKind::Task: {
            const auto& task = static_cast<const Task&>(fut);
            const std::optional<std::uint32_t> number = task.default_name_number();
            row.name = number ? Trace::number_slot(*number) : intern(task.name());
            row.function = intern_function(task.function_name());
            break;
        }
        case FutureKind::Gathering: row.name = intern_constant(gather_name_, "gather"); break;
        case FutureKind::Shield: row.name = intern_constant(shield_name_, "shield"); break;
        case FutureKind::Plain: row.name = intern_constant(future_name_, "future"); break;
    }
    if (const Task* creator = loop_.current_task()) {
        row.creator = creator->id();
        const std::int32_t line = creator->current_line();
        row.line = line <= TraceFuture::kMaxLine ? line : 0;
    }
    return id;
}

double TraceRecorder::now() {
    // Several loops may record into one trace, one after another (a script
    // calling asyncio.run twice): each starts its clock at 0, as CPython's
    // loops (and the harness's VirtualLoop) do. The trace keeps one time
    // line: a loop whose clock is behind the trace's end is shifted to
    // continue from there, for as long as it records. One loop alone never
    // goes back in time, so its times are its own.
    double t = loop_.time() + time_shift_;
    if (!trace_.events.empty() && t < trace_.events.last_time()) {
        time_shift_ += trace_.events.last_time() - t;
        t = trace_.events.last_time();
    }
    return t;
}

void TraceRecorder::add(EventKind kind, std::uint32_t subject, std::uint32_t other, std::uint32_t text,
                        std::uint8_t flag) {
    trace_.events.push_back(TraceEvent{now(), kind, flag, subject, other, text});
}

std::string_view Trace::call_text(std::uint32_t task) const {
    const auto it = std::lower_bound(calls.begin(), calls.end(), task,
                                     [](const TaskCall& c, std::uint32_t id) { return c.task < id; });
    return it != calls.end() && it->task == task ? str(it->text) : std::string_view{};
}

std::uint32_t Trace::pass_of(std::uint32_t callback) const {
    // The last pass whose first callback is at or before this one.
    std::uint32_t lo = 0, hi = static_cast<std::uint32_t>(passes.size());
    while (hi - lo > 1) {
        const std::uint32_t mid = lo + (hi - lo) / 2;
        if (passes[mid].first_callback <= callback) lo = mid; else hi = mid;
    }
    return lo;
}

void TraceRecorder::loop_pass(std::size_t ntodo, std::size_t due) {
    if (trace_.loop_detail.cut) return;
    // The time is read as an event's would be, so that a pass and the
    // events it causes share their time (a later loop's clock shifted).
    double t = loop_.time() + time_shift_;
    if (!trace_.events.empty() && t < trace_.events.last_time()) t = trace_.events.last_time();
    trace_.passes.push_back(TracePass{t, static_cast<std::uint32_t>(ntodo),
                                      static_cast<std::uint32_t>(trace_.callbacks.size()),
                                      static_cast<std::uint32_t>(trace_.events.size()),
                                      pass_first_op_ != kNoPass ? pass_first_op_
                                                                : static_cast<std::uint32_t>(trace_.loop_ops.size()),
                                      static_cast<std::uint32_t>(due), pass_first_op_ != kNoPass});
    pass_first_op_ = kNoPass;
}

TraceCallback TraceRecorder::describe(CallbackFn fn, const RefCounted& self, const Value& arg) {
    const CallbackKindEntry& entry = kinds_.of(fn);
    TraceCallback c;
    c.kind = entry.kind;
    const Future* arg_future = arg.kind() == Value::Kind::Future ? &arg.future() : nullptr;
    switch (c.kind) {
        case CallbackKind::TaskStep: c.target = know(static_cast<const Future&>(self)); break;
        case CallbackKind::TaskWakeup:
            c.target = know(static_cast<const Future&>(self));
            if (arg_future) c.other = know(*arg_future);
            break;
        case CallbackKind::GatherDone:
        case CallbackKind::SetResultUnlessCancelled:
            // Their target object is a future (the gather's outer, the sleep's).
            c.target = arg_future ? know(*arg_future) : know(static_cast<const Future&>(self));
            break;
        case CallbackKind::Python:
            if (entry.targeter) {
                if (const Future* f = entry.targeter(self, arg)) c.target = know(*f);
            } else if (arg_future) {
                c.target = know(*arg_future);
            }
            if (entry.namer) c.other = intern(entry.namer(self));
            break;
        default:
            if (arg_future) c.target = know(*arg_future);
            break;
    }
    return c;
}

void TraceRecorder::callback_run(CallbackFn fn, const RefCounted& self, const Value& arg) {
    TraceLoopDetail& detail = trace_.loop_detail;
    if (detail.cut) return;
    if (detail.limit != 0 && trace_.callbacks.size() >= detail.limit) {
        detail.cut = true;
        return;
    }
    TraceCallback c = describe(fn, self, arg);
    c.first_event = static_cast<std::uint32_t>(trace_.events.size());
    trace_.callbacks.push_back(c);
}

TraceRecorder::TraceRecorder(const Loop& loop, Trace& out) : loop_(loop), trace_(out) {
    if (!trace_.loop_detail.cut && (trace_.loop_ops.size() > 0 || trace_.passes.size() > 0))
        add_op(TraceLoopOp{0, 0, 0, 0, TraceLoopOp::Op::NewLoop});
}

void TraceRecorder::add_op(TraceLoopOp op) {
    op.at_callback = static_cast<std::uint32_t>(trace_.callbacks.size());
    if (const Task* running = loop_.current_task()) op.line = running->current_line();
    trace_.loop_ops.push_back(op);
}

void TraceRecorder::queue_op(TraceLoopOp::Op op, CallbackFn fn, const RefCounted& self, const Value& arg,
                             const void* handle) {
    const TraceCallback c = describe(fn, self, arg);
    if (handle != nullptr) handle_ops_[handle] = static_cast<std::uint32_t>(trace_.loop_ops.size());
    add_op(TraceLoopOp{c.target, c.other, 0, 0, op, c.kind, handle != nullptr});
}

void TraceRecorder::call_queued(CallbackFn fn, const RefCounted& self, const Value& arg, const void* handle) {
    if (trace_.loop_detail.cut) return;
    queue_op(TraceLoopOp::Op::Ready, fn, self, arg, handle);
}

void TraceRecorder::timer_queued(double when, CallbackFn fn, const RefCounted& self, const Value& arg,
                                 const void* handle) {
    if (trace_.loop_detail.cut) return;
    trace_.timer_whens.push_back(when);
    queue_op(TraceLoopOp::Op::Timer, fn, self, arg, handle);
}

void TraceRecorder::handle_cancelled(const void* handle) {
    if (trace_.loop_detail.cut) return;
    const auto it = handle_ops_.find(handle);
    if (it == handle_ops_.end()) return;  // queued before this recorder saw the loop
    add_op(TraceLoopOp{it->second, 0, 0, 0, TraceLoopOp::Op::Cancel, CallbackKind::Unknown, true});
}

void TraceRecorder::own_timer_cancelled(const Future& sleep_future) {
    if (trace_.loop_detail.cut) return;
    add_op(TraceLoopOp{know(sleep_future), 0, 0, 0, TraceLoopOp::Op::Cancel, CallbackKind::SetResultUnlessCancelled, false});
}

void TraceRecorder::timers_dropped(std::size_t dropped) {
    if (trace_.loop_detail.cut) return;
    pass_first_op_ = static_cast<std::uint32_t>(trace_.loop_ops.size());
    add_op(TraceLoopOp{static_cast<std::uint32_t>(dropped), 0, 0, 0, TraceLoopOp::Op::DropTimers});
}

void TraceRecorder::timers_rebuilt() {
    if (trace_.loop_detail.cut) return;
    pass_first_op_ = static_cast<std::uint32_t>(trace_.loop_ops.size());
    add_op(TraceLoopOp{0, 0, 0, 0, TraceLoopOp::Op::RebuildHeap});
}

void TraceRecorder::shutdown_cancelling() {
    if (trace_.loop_detail.unordered_from_pass == kNoPass)
        trace_.loop_detail.unordered_from_pass = static_cast<std::uint32_t>(trace_.passes.size());
}

void TraceRecorder::task_created(const Task& task, const Task* creator) {
    know(task);
    if (trace_.calls.size() < Trace::kMaxCallTexts) {
        if (std::string call = task.call_text(); !call.empty())
            trace_.calls.push_back({task.id(), intern(call)});
    }
    add(EventKind::TaskCreated, task.id(), creator ? creator->id() : 0);
}

void TraceRecorder::step_begin(const Task& task, const Exc& thrown) {
    add(EventKind::StepBegin, task.id(), 0, thrown ? intern(repr(*thrown)) : kNoString);
}

void TraceRecorder::step_end(const Task& task, const Future* awaited, bool yielded) {
    std::uint32_t other = 0;
    if (awaited) other = know(*awaited);
    // The .py line the task is suspended at travels in `flag`'s neighbour:
    // lines fit in the text slot as a number when no string is needed.
    add(EventKind::StepEnd, task.id(), other, static_cast<std::uint32_t>(task.current_line()), yielded ? 1 : 0);
}

void TraceRecorder::future_done(const Future& fut) {
    know(fut);
    std::uint32_t text = kNoString;
    if (fut.state() == FutureState::Finished) {
        const Value& result = fut.peek_result();
        if (fut.peek_exception()) {
            text = intern(repr(*fut.peek_exception()));
        } else if (result.is_none()) {
            text = intern_constant(none_text_, "None");  // every sleep's result
        } else if (result.kind() == Value::Kind::Int && result.as_int() >= 0 && result.as_int() < kNumberLimit) {
            text = Trace::number_slot(static_cast<std::uint32_t>(result.as_int()));
        } else {
            text = intern_result(repr(result));
        }
    } else if (fut.state() == FutureState::Cancelled && !fut.cancel_message().is_none()) {
        text = intern(repr(fut.cancel_message()));
    }
    std::uint8_t flag = static_cast<std::uint8_t>(fut.state());
    if (fut.state() == FutureState::Finished && fut.peek_exception()) flag = 3;  // crashed
    add(EventKind::FutureDone, fut.id(), 0, text, flag);
}

void TraceRecorder::cancel_requested(const Future& target, const Task* requester, const Value& msg) {
    know(target);
    TraceCancel c;
    c.requester = requester ? requester->id() : 0;
    if (const CancelCause* cause = loop_.cancel_cause()) {
        c.cause = cause->kind;
        c.source = cause->source;
        c.line = cause->line;
        if (!cause->detail.empty()) c.detail = intern(cause->detail);
    } else if (requester != nullptr) {
        c.cause = CancelCause::Kind::Code;
        c.source = requester->id();
        c.line = requester->current_line();
    } else {
        c.cause = CancelCause::Kind::LoopCallback;
    }
    trace_.cancels.push_back(c);
    add(EventKind::CancelRequested, target.id(), static_cast<std::uint32_t>(trace_.cancels.size() - 1),
        msg.is_none() ? kNoString : intern(repr(msg)));
}

void TraceRecorder::group_created(const Future& group, const std::vector<const Future*>& children,
                                  const GroupInfo& info) {
    know(group);
    switch (info.kind) {
        case GroupInfo::Kind::Gather: break;
        case GroupInfo::Kind::Wait: trace_.futures[group.id()].name = intern("wait"); break;
        case GroupInfo::Kind::WaitFor: trace_.futures[group.id()].name = intern("wait_for"); break;
        case GroupInfo::Kind::AsCompleted: trace_.futures[group.id()].name = intern("as_completed"); break;
    }
    TraceGroup g;
    g.group = group.id();
    g.kind = info.kind;
    g.return_exceptions = info.return_exceptions;
    g.return_when = info.return_when.empty() ? kNoString : intern(info.return_when);
    g.timeout = info.timeout;
    if (const Task* owner = loop_.current_task()) g.owner = owner->id();
    g.children.reserve(children.size());
    for (const Future* c : children) g.children.push_back(know(*c));
    trace_.groups.push_back(std::move(g));
    if (group_of_future_.size() <= group.id()) group_of_future_.resize(group.id() + 1, 0);
    group_of_future_[group.id()] = static_cast<std::uint32_t>(trace_.groups.size());
    add(EventKind::GroupCreated, group.id(), static_cast<std::uint32_t>(trace_.groups.size() - 1));
}

void TraceRecorder::group_finished(const Future& group, GroupEnd how, const std::vector<const Future*>& done,
                                   const std::vector<const Future*>& pending) {
    const std::uint32_t index = group.id() < group_of_future_.size() ? group_of_future_[group.id()] : 0;
    if (index == 0) return;  // a group made before this recorder was attached
    TraceGroup& g = trace_.groups[index - 1];
    g.ended = true;
    g.end = how;
    g.done.clear();
    g.pending.clear();
    for (const Future* f : done) g.done.push_back(know(*f));
    for (const Future* f : pending) g.pending.push_back(know(*f));
    add(EventKind::GroupFinished, group.id(), index - 1, kNoString, static_cast<std::uint8_t>(how));
    g.ended_at = trace_.events.last_time();  // the time add() recorded, shifted as the trace's times are
}

void TraceRecorder::printed(std::string_view text) {
    const Task* running = loop_.current_task();
    add(EventKind::Printed, running ? running->id() : 0, 0, intern(text));
}

// A row shows the name a task starts running with, e.g. the one
// create_task(name=...) gives it right after making it. A rename once the
// task runs would relabel its lane before the playhead reaches the rename,
// so the row keeps the name it started with.
void TraceRecorder::task_renamed(const Task& task) {
    if (!task.seen_by_observer() || task.started()) return;  // know() reads the name / too late
    trace_.futures[task.id()].name = intern(task.name());
}

void TraceRecorder::label(const Future& fut, std::string_view name) {
    know(fut);
    for (TraceGroup& g : trace_.groups)
        if (g.group == fut.id()) g.label = intern(name);
}

}  // namespace loopscope
