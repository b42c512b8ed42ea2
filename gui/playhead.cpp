#include "gui/playhead.hpp"

#include <algorithm>

#include "gui/loop_moment.hpp"

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

Playhead playhead_before_time(const Trace& trace, double t) {
    t = std::clamp(t, 0.0, trace_end_time(trace));
    return {lower(trace, t), t};
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

namespace {
// The playhead after events [0, end): the time of the last of them.
Playhead after(const Trace& trace, std::size_t end) { return {end, end > 0 ? trace.events[end - 1].time : 0.0}; }

// Steps over units whose events end at end_of(0) <= end_of(1) <= ... <= end_of(count - 1).
template <typename EndOf>
Playhead step_units(const Trace& trace, Playhead p, int dir, std::size_t count, EndOf end_of) {
    if (count == 0) return step_event(trace, p, dir);
    const std::size_t at = std::min(p.event, trace.events.size());
    std::size_t lo = 0, hi = count;  // the first unit whose end is past `at` (dir > 0) or at least `at`
    while (lo < hi) {
        const std::size_t mid = lo + (hi - lo) / 2;
        if (dir > 0 ? end_of(mid) <= at : end_of(mid) < at) lo = mid + 1; else hi = mid;
    }
    if (dir > 0) return lo < count ? after(trace, end_of(lo)) : after(trace, trace.events.size());
    return lo > 0 ? after(trace, end_of(lo - 1)) : after(trace, 0);
}
}  // namespace

Playhead step_callback(const Trace& trace, Playhead p, int dir) {
    return step_units(trace, p, dir, trace.callbacks.size(),
                      [&trace](std::size_t c) { return callback_end_event(trace, static_cast<std::uint32_t>(c)); });
}

Playhead step_pass(const Trace& trace, Playhead p, int dir) {
    return step_units(trace, p, dir, trace.passes.size(),
                      [&trace](std::size_t k) { return pass_end_event(trace, static_cast<std::uint32_t>(k)); });
}

Playhead advance(const Trace& trace, Playhead p, double dt) {
    const double end = trace_end_time(trace);
    const double t = std::min(p.time + dt, end);
    Playhead next = playhead_at_time(trace, t);
    next.event = std::max(next.event, std::min(p.event, trace.events.size()));  // never undo a step
    return next;
}

}  // namespace loopscope::gui
