#include "gui/source_marks.hpp"

#include <algorithm>

namespace loopscope::gui {

std::vector<TaskLine> task_lines(const TraceModel& m, std::size_t event_index, std::size_t max_lanes) {
    std::vector<TaskLine> out;
    if (m.empty()) return out;
    const std::size_t n = std::min(m.lanes.size(), max_lanes);
    for (std::size_t i = 0; i < n; ++i) {
        const Lane& lane = m.lanes[i];
        const LaneState s = m.lane_status(lane, event_index).state;
        if (s != LaneState::Scheduled && s != LaneState::Running && s != LaneState::Suspended) continue;
        const std::int32_t line = m.lane_line(lane, event_index);
        if (line > 0) out.push_back({static_cast<std::uint32_t>(i), line});
    }
    std::sort(out.begin(), out.end(), [](const TaskLine& a, const TaskLine& b) {
        return a.line != b.line ? a.line < b.line : a.lane < b.lane;
    });
    return out;
}

}  // namespace loopscope::gui
