#include "gui/playhead.hpp"

#include <algorithm>

namespace loopscope::gui {

namespace {
// First event later than t (events are in time order: the loop's clock only
// moves forward).
std::size_t upper(const Trace& trace, double t) {
    const auto it = std::upper_bound(trace.events.begin(), trace.events.end(), t,
                                     [](double v, const TraceEvent& ev) { return v < ev.time; });
    return static_cast<std::size_t>(it - trace.events.begin());
}
std::size_t lower(const Trace& trace, double t) {
    const auto it = std::lower_bound(trace.events.begin(), trace.events.end(), t,
                                     [](const TraceEvent& ev, double v) { return ev.time < v; });
    return static_cast<std::size_t>(it - trace.events.begin());
}
}  // namespace

double trace_end_time(const Trace& trace) { return trace.events.empty() ? 0.0 : trace.events.back().time; }

Playhead playhead_end(const Trace& trace) { return {trace.events.size(), trace_end_time(trace)}; }

bool at_end(const Trace& trace, const Playhead& p) { return p.event >= trace.events.size(); }

Playhead playhead_at_time(const Trace& trace, double t) {
    t = std::clamp(t, 0.0, trace_end_time(trace));
    return {upper(trace, t), t};
}

Playhead step_event(const Trace& trace, Playhead p, int dir) {
    const std::size_t n = trace.events.size();
    p.event = std::min(p.event, n);
    if (dir > 0) {
        if (p.event < n) p.time = trace.events[p.event++].time;
    } else if (p.event > 0) {
        --p.event;
        p.time = p.event > 0 ? trace.events[p.event - 1].time : 0.0;
    }
    return p;
}

Playhead step_instant(const Trace& trace, Playhead p, int dir) {
    const std::size_t n = trace.events.size();
    p.event = std::min(p.event, n);
    if (dir > 0) {
        if (p.event < n) {
            const double t = trace.events[p.event].time;
            p = {upper(trace, t), t};
        }
    } else if (p.event > 0) {
        // Back to the end of the instant before the one the last shown event belongs to.
        const std::size_t start = lower(trace, trace.events[p.event - 1].time);
        p.event = start;
        p.time = start > 0 ? trace.events[start - 1].time : 0.0;
    }
    return p;
}

Playhead advance(const Trace& trace, Playhead p, double dt) {
    const double end = trace_end_time(trace);
    const double t = std::min(p.time + dt, end);
    Playhead next = playhead_at_time(trace, t);
    next.event = std::max(next.event, std::min(p.event, trace.events.size()));  // never undo a step
    return next;
}

}  // namespace loopscope::gui
