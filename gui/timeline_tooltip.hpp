// Hover tooltips of the timeline.
#pragma once

#include <cstddef>
#include <cstdint>

#include "gui/trace_model.hpp"

namespace loopscope::gui {

// Task name, coroutine function, state, what it awaits, result or exception,
// who cancelled it and when: as of the playhead (events [0, at)).
void lane_tooltip(const TraceModel& m, const Lane& lane, std::size_t at);
void group_tooltip(const TraceModel& m, const GroupNode& g, std::size_t at);
void event_tooltip(const TraceModel& m, std::uint32_t event_index, std::uint32_t folded_count);

}  // namespace loopscope::gui
