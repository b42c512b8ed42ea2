#include "gui/lane_layout.hpp"

#include <cmath>

namespace loopscope::gui {

std::uint32_t row_future(const TraceModel& model, const Row& row) {
    return row.is_group ? model.trace().groups[model.groups[row.index].group].group
                        : model.lanes[row.index].future;
}

namespace {

struct Builder {
    const TraceModel& model;
    const std::vector<std::uint8_t>& collapsed;
    LaneLayout& out;

    bool is_collapsed(std::uint32_t g) const { return g < collapsed.size() && collapsed[g] != 0; }

    void set_row(std::uint32_t future, std::int32_t row) {
        if (future < out.row_of_future.size()) out.row_of_future[future] = row;
    }

    // Everything under a collapsed group points at the group's row.
    void hide(const GroupNode& g, std::int32_t row) {
        for (std::uint32_t l : g.child_lanes) set_row(model.lanes[l].future, row);
        for (std::uint32_t sub : g.child_groups) {
            set_row(model.trace().groups[model.groups[sub].group].group, row);
            hide(model.groups[sub], row);
        }
    }

    // Iterative in spirit, recursive in code: depth is the nesting of groups,
    // which scenarios keep shallow (gather of gathers).
    void add_group(std::uint32_t gi, std::uint16_t depth) {
        const GroupNode& g = model.groups[gi];
        const auto row = static_cast<std::int32_t>(out.rows.size());
        out.rows.push_back(Row{true, depth, gi});
        set_row(model.trace().groups[g.group].group, row);
        if (is_collapsed(gi)) {
            hide(g, row);
            return;
        }
        std::size_t next_lane = 0, next_group = 0;
        for (std::uint8_t kind : g.child_order) {
            if (kind == 0) add_lane(g.child_lanes[next_lane++], static_cast<std::uint16_t>(depth + 1));
            else add_group(g.child_groups[next_group++], static_cast<std::uint16_t>(depth + 1));
        }
    }

    void add_lane(std::uint32_t li, std::uint16_t depth) {
        set_row(model.lanes[li].future, static_cast<std::int32_t>(out.rows.size()));
        out.rows.push_back(Row{false, depth, li});
    }
};

}  // namespace

LaneLayout build_layout(const TraceModel& model, const std::vector<std::uint8_t>& collapsed) {
    LaneLayout out;
    if (model.empty()) return out;
    std::size_t max_id = model.trace().futures.size();
    for (const auto& g : model.trace().groups) max_id = std::max<std::size_t>(max_id, g.group + 1);
    out.row_of_future.assign(max_id, -1);
    out.rows.reserve(model.lanes.size() + model.groups.size());
    Builder b{model, collapsed, out};
    for (const TopItem& item : model.top) {
        if (item.is_group) b.add_group(item.index, 0);
        else b.add_lane(item.index, 0);
    }
    return out;
}

std::int32_t row_at_y(float y, float row_height, std::size_t row_count) {
    if (y < 0 || row_height <= 0) return -1;
    const auto row = static_cast<std::size_t>(std::floor(y / row_height));
    return row < row_count ? static_cast<std::int32_t>(row) : -1;
}

}  // namespace loopscope::gui
