// The timeline's rows: the model's lane/group tree flattened with the
// collapsed groups left out, and the way back from a y coordinate to a row.
//
// Rebuilt only when a run arrives or a group is folded, never per frame: a
// million-task run is a million rows and a frame looks at forty of them.
#pragma once

#include <cstdint>
#include <vector>

#include "gui/trace_model.hpp"

namespace loopscope::gui {

struct Row {
    bool is_group = false;
    std::uint16_t depth = 0;
    std::uint32_t index = 0;  // into TraceModel::lanes or ::groups
};

struct LaneLayout {
    std::vector<Row> rows;
    // By future id: the row that shows it, or the row of the collapsed
    // group that hides it (arrows then end at the header); -1 when none.
    std::vector<std::int32_t> row_of_future;

    [[nodiscard]] std::int32_t row_of(std::uint32_t future) const {
        return future < row_of_future.size() ? row_of_future[future] : -1;
    }
};

// `collapsed` is indexed by group index (missing entries: expanded).
LaneLayout build_layout(const TraceModel& model, const std::vector<std::uint8_t>& collapsed);

// The row under `y` (relative to the first row's top), or -1 outside the rows.
std::int32_t row_at_y(float y, float row_height, std::size_t row_count);
// The entity (future id) a row shows.
std::uint32_t row_future(const TraceModel& model, const Row& row);

}  // namespace loopscope::gui
