// Trace exports. JSON goes through nlohmann::json so escaping and number
// formatting are a library's job; both exports are deterministic (same trace,
// same bytes).
//
// The documents are streamed: each row is built and dumped on its own, and
// the brackets and commas around rows are written here, which is exactly what
// dump() of the whole document prints. A document object for a million-task
// trace (ten million events) would need gigabytes; a row needs a few bytes.
#include <cmath>
#include <nlohmann/json.hpp>
#include <ostream>

#include "engine/trace.hpp"

namespace loopscope {

namespace {

const char* event_name(EventKind k) {
    switch (k) {
        case EventKind::TaskCreated: return "task_created";
        case EventKind::StepBegin: return "step_begin";
        case EventKind::StepEnd: return "step_end";
        case EventKind::FutureDone: return "future_done";
        case EventKind::CancelRequested: return "cancel_requested";
        case EventKind::GroupCreated: return "group_created";
        case EventKind::GroupFinished: return "group_finished";
        case EventKind::Printed: return "printed";
    }
    return "?";
}

const char* done_state_name(std::uint8_t flag) {
    switch (flag) {
        case 1: return "cancelled";
        case 2: return "finished";
        case 3: return "crashed";
        default: return "pending";
    }
}

const char* kind_name(FutureKind k) {
    switch (k) {
        case FutureKind::Task: return "task";
        case FutureKind::Gathering: return "gather";
        case FutureKind::Shield: return "shield";
        case FutureKind::Plain: return "future";
    }
    return "?";
}

// Microseconds for Chrome's `ts`, rounded so that the output is stable.
double micros(double seconds) { return std::round(seconds * 1e9) / 1e3; }

// A JSON array written element by element, as ordered_json::dump() would
// write it whole: `[`, the elements' dumps separated by `,`, `]`.
class ArrayWriter {
public:
    explicit ArrayWriter(std::ostream& out) : out_(out) { out_ << '['; }
    ArrayWriter(const ArrayWriter&) = delete;
    ArrayWriter& operator=(const ArrayWriter&) = delete;
    ~ArrayWriter() { out_ << ']'; }
    void add(const nlohmann::ordered_json& element) {
        if (!first_) out_ << ',';
        first_ = false;
        out_ << element.dump();
    }

private:
    std::ostream& out_;
    bool first_ = true;
};

}  // namespace

namespace {

void write_future_rows(const Trace& trace, std::ostream& out) {
    ArrayWriter futures(out);
    trace.for_each_future([&](std::uint32_t id, const TraceFuture& f) {
        nlohmann::ordered_json row{{"id", id}, {"kind", kind_name(f.kind)}, {"name", trace.name(f)}};
        if (f.function != kNoString) row["function"] = trace.str(f.function);
        row["creator"] = f.creator;
        row["line"] = static_cast<std::int32_t>(f.line);
        futures.add(row);
    });
}

void write_group_rows(const Trace& trace, std::ostream& out) {
    ArrayWriter groups(out);
    for (const TraceGroup& g : trace.groups) {
        nlohmann::ordered_json row{{"group", g.group}, {"kind", group_kind_name(g.kind)}};
        if (g.kind == GroupInfo::Kind::Gather) {
            row["return_exceptions"] = g.return_exceptions;
        } else {
            if (g.kind == GroupInfo::Kind::Wait) row["return_when"] = trace.str(g.return_when);
            row["timeout"] = g.timeout < 0 ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(g.timeout);
        }
        row["owner"] = g.owner;
        row["children"] = g.children;
        if (g.label != kNoString) row["label"] = trace.str(g.label);
        if (g.ended) {
            row["how"] = group_end_name(g.end);
            row["ended_at"] = g.ended_at;
            if (g.kind == GroupInfo::Kind::Wait && g.end != GroupEnd::NeverReturned) {
                row["done"] = g.done;
                row["pending"] = g.pending;
            }
        }
        groups.add(row);
    }
}

void write_event_rows(const Trace& trace, std::ostream& out) {
    ArrayWriter events(out);
    for (std::size_t seq = 0; seq < trace.events.size(); ++seq) {
        const TraceEvent& e = trace.events[seq];
        nlohmann::ordered_json row{{"seq", seq}, {"t", e.time}, {"event", event_name(e.kind)}, {"subject", e.subject}};
        switch (e.kind) {
            case EventKind::TaskCreated: row["creator"] = e.other; break;
            case EventKind::StepBegin:
                if (e.text != kNoString) row["thrown"] = trace.text(e.text);
                break;
            case EventKind::StepEnd:
                if (e.other) row["awaiting"] = e.other;
                if (e.flag) row["yielded"] = true;
                row["line"] = e.text;
                break;
            case EventKind::FutureDone:
                row["state"] = done_state_name(e.flag);
                if (e.text != kNoString) row[e.flag == 2 ? "result" : e.flag == 3 ? "exception" : "message"] = trace.text(e.text);
                break;
            case EventKind::CancelRequested: {
                const TraceCancel& c = trace.cancels[e.other];
                row["requester"] = c.requester;
                row["cause"] = cancel_cause_name(c.cause);
                if (c.source != 0) row["source"] = c.source;
                if (c.line > 0) row["line"] = c.line;
                if (c.detail != kNoString) row["detail"] = trace.str(c.detail);
                if (e.text != kNoString) row["message"] = trace.text(e.text);
                break;
            }
            case EventKind::GroupCreated: row["group_index"] = e.other; break;
            case EventKind::GroupFinished:
                row["group_index"] = e.other;
                row["how"] = group_end_name(static_cast<GroupEnd>(e.flag));
                break;
            case EventKind::Printed: row["text"] = trace.text(e.text); break;
        }
        events.add(row);
    }
}

std::string_view loop_op_name(TraceLoopOp::Op op) {
    switch (op) {
        case TraceLoopOp::Op::Ready: return "ready";
        case TraceLoopOp::Op::Timer: return "timer";
        case TraceLoopOp::Op::Cancel: return "cancel";
        case TraceLoopOp::Op::DropTimers: return "drop_timers";
        case TraceLoopOp::Op::RebuildHeap: return "rebuild_heap";
        case TraceLoopOp::Op::NewLoop: return "new_loop";
    }
    return "?";
}

// The loop's work: {"passes":[...], "callbacks":[...], "ops":[...], "cut":..., "unordered_from_pass":...}.
// A callback names its pass; its kind is named as CPython's function is
// (engine/callback_kind.hpp).
void write_loop(const Trace& trace, std::ostream& out) {
    out << "{\"passes\":";
    {
        ArrayWriter passes(out);
        for (std::size_t i = 0; i < trace.passes.size(); ++i) {
            const TracePass& p = trace.passes[i];
            passes.add({{"pass", i}, {"t", p.time}, {"ntodo", p.ntodo}, {"due", p.due},
                        {"first_event", p.first_event}, {"first_op", p.first_op}, {"cleaned", p.cleaned}});
        }
    }
    out << ",\"callbacks\":";
    {
        ArrayWriter callbacks(out);
        std::uint32_t pass = 0;
        for (std::uint32_t i = 0; i < trace.callbacks.size(); ++i) {
            const TraceCallback& c = trace.callbacks[i];
            while (pass + 1 < trace.passes.size() && trace.passes[pass + 1].first_callback <= i) ++pass;
            nlohmann::ordered_json row{{"pass", pass}, {"kind", callback_kind_name(c.kind)}, {"target", c.target}};
            if (c.kind == CallbackKind::Python) {
                row["name"] = trace.str(c.other);
            } else if (c.kind == CallbackKind::TaskWakeup) {
                row["awaited"] = c.other;
            }
            row["first_event"] = c.first_event;
            callbacks.add(row);
        }
    }
    out << ",\"ops\":";
    {
        ArrayWriter ops(out);
        std::size_t timer = 0;
        for (const TraceLoopOp& op : trace.loop_ops) {
            nlohmann::ordered_json row{{"op", loop_op_name(op.op)}, {"at_callback", op.at_callback}};
            if (op.line != 0) row["line"] = op.line;
            switch (op.op) {
                case TraceLoopOp::Op::Timer: row["when"] = trace.timer_whens[timer++]; [[fallthrough]];
                case TraceLoopOp::Op::Ready:
                    row["kind"] = callback_kind_name(op.kind);
                    row["target"] = op.target;
                    if (op.kind == CallbackKind::Python) row["name"] = trace.str(op.other);
                    row["handle"] = op.handle;
                    break;
                case TraceLoopOp::Op::Cancel:
                    row[op.handle ? "queued_by_op" : "sleep_future"] = op.target;
                    break;
                case TraceLoopOp::Op::DropTimers: row["count"] = op.target; break;
                case TraceLoopOp::Op::RebuildHeap:
                case TraceLoopOp::Op::NewLoop: break;
            }
            ops.add(row);
        }
    }
    const TraceLoopDetail& d = trace.loop_detail;
    nlohmann::ordered_json tail{{"limit", d.limit}, {"cut", d.cut}};
    tail["unordered_from_pass"] = d.unordered_from_pass == kNoPass ? nlohmann::ordered_json(nullptr)
                                                                  : nlohmann::ordered_json(d.unordered_from_pass);
    const std::string rest = tail.dump();
    out << ',' << std::string_view(rest).substr(1);  // the object's members after the arrays
}

}  // namespace

void write_trace_json(const Trace& trace, std::ostream& out) {
    out << "{\"futures\":";
    write_future_rows(trace, out);
    out << ",\"groups\":";
    write_group_rows(trace, out);
    out << ",\"events\":";
    write_event_rows(trace, out);
    out << ",\"loop\":";
    write_loop(trace, out);
    out << "}\n";
}

namespace {

void write_chrome_events(const Trace& trace, std::ostream& out) {
    ArrayWriter events(out);
    // One "thread" per task, named after it.
    trace.for_each_future([&](std::uint32_t id, const TraceFuture& f) {
        if (f.kind != FutureKind::Task) return;
        events.add({{"name", "thread_name"}, {"ph", "M"}, {"pid", 1}, {"tid", id},
                    {"args", {{"name", trace.name(f) + " " + std::string(trace.str(f.function)) + "()"}}}});
    });
    // The loop's own track: a slice per callback run, named by its kind.
    // Virtual time stands still within a pass, so the slices have no width.
    if (!trace.callbacks.empty())
        events.add({{"name", "thread_name"}, {"ph", "M"}, {"pid", 1}, {"tid", 0}, {"args", {{"name", "loop"}}}});
    {
        std::uint32_t pass = 0;
        for (std::uint32_t i = 0; i < trace.callbacks.size(); ++i) {
            const TraceCallback& c = trace.callbacks[i];
            while (pass + 1 < trace.passes.size() && trace.passes[pass + 1].first_callback <= i) ++pass;
            std::string name(callback_kind_name(c.kind));
            if (c.kind == CallbackKind::Python) name = trace.str(c.other);
            nlohmann::ordered_json args{{"pass", pass}};
            if (const TraceFuture* f = trace.future(c.target)) args["target"] = trace.name(*f);
            events.add({{"name", name}, {"ph", "X"}, {"pid", 1}, {"tid", 0}, {"ts", micros(trace.passes[pass].time)},
                        {"dur", 0}, {"args", args}});
        }
    }
    for (const TraceEvent& e : trace.events) {
        const double ts = micros(e.time);
        switch (e.kind) {
            case EventKind::StepBegin:
                events.add({{"name", "step"}, {"ph", "B"}, {"pid", 1}, {"tid", e.subject}, {"ts", ts}});
                break;
            case EventKind::StepEnd:
                events.add({{"ph", "E"}, {"pid", 1}, {"tid", e.subject}, {"ts", ts}});
                break;
            case EventKind::FutureDone:
            case EventKind::CancelRequested:
            case EventKind::Printed:
            case EventKind::TaskCreated: {
                const TraceFuture* f = trace.future(e.subject);
                const bool on_task = f && f->kind == FutureKind::Task;
                std::string name = event_name(e.kind);
                if (e.kind == EventKind::FutureDone) name = done_state_name(e.flag);
                nlohmann::ordered_json ev{{"name", name}, {"ph", "i"}, {"pid", 1},
                                          {"tid", on_task ? e.subject : 0u}, {"ts", ts}, {"s", on_task ? "t" : "p"}};
                if (e.text != kNoString && e.kind != EventKind::StepEnd) ev["args"] = {{"text", trace.text(e.text)}};
                events.add(ev);
                break;
            }
            case EventKind::GroupCreated:
            case EventKind::GroupFinished: break;
        }
    }
}

}  // namespace

void write_chrome_trace(const Trace& trace, std::ostream& out) {
    out << "{\"traceEvents\":";
    write_chrome_events(trace, out);
    out << ",\"displayTimeUnit\":\"ms\"}\n";
}

}  // namespace loopscope
