// Which .py line each live task is at, at the playhead: what the source
// view marks in its gutter (and --dump-state reports).
#pragma once

#include <cstdint>
#include <vector>

#include "gui/trace_model.hpp"

namespace loopscope::gui {

struct TaskLine {
    std::uint32_t lane = 0;  // index into TraceModel::lanes
    std::int32_t line = 0;   // 1-based
};

// Tasks created and not yet done once events [0, event_index) happened,
// that have stepped at least once (before its first step a task is at no
// line yet); sorted by line, then lane. Looks at no more than `max_lanes`
// lanes: a million-task run marks its first ones only.
std::vector<TaskLine> task_lines(const TraceModel& m, std::size_t event_index, std::size_t max_lanes = 20000);

}  // namespace loopscope::gui
