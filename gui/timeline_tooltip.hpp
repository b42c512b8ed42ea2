// Hover tooltips of the timeline.
#pragma once

#include <cstddef>
#include <cstdint>

#include "gui/trace_model.hpp"

namespace loopscope::gui {

// The moment a tooltip describes: the time under the mouse, as the events
// [0, event) that had happened by then; clamped to the playhead when what
// comes after it is hidden (live mode), so that a hover never tells the
// future.
struct HoverMoment {
    double time = 0;
    std::size_t event = 0;
    bool clamped_to_playhead = false;
};

// Task name, coroutine function, state, what it awaits, result or exception,
// who cancelled it, when and why: as of `when`.
void lane_tooltip(const TraceModel& m, const Lane& lane, const HoverMoment& when);
void group_tooltip(const TraceModel& m, const GroupNode& g, const HoverMoment& when);
void event_tooltip(const TraceModel& m, std::uint32_t event_index, std::uint32_t folded_count);

}  // namespace loopscope::gui
