// Rows of the timeline: the group tree flattened, collapsing, and finding
// the row under a y coordinate (gui/lane_layout.*).
#include <doctest/doctest.h>

#include "gui/lane_layout.hpp"
#include "trace_builder.hpp"

using namespace loopscope;
using namespace loopscope::gui;

namespace {
std::vector<std::string> names(const TraceModel& m, const LaneLayout& l) {
    std::vector<std::string> out;
    for (const Row& r : l.rows)
        out.push_back(std::string(r.depth * 2, ' ') +
                      (r.is_group ? std::string(m.group_label(m.groups[r.index])) : m.lane_name(m.lanes[r.index])));
    return out;
}
}  // namespace

TEST_CASE("lanes nest under their groups, groups under groups") {
    test::NestedGroups s;
    const TraceModel m(s.b.t);
    const LaneLayout l = build_layout(m, {});
    CHECK(names(m, l) == std::vector<std::string>{"Task-1", "all_groups", "  group1", "    Task-2", "    Task-3",
                                                  "  group2", "    Task-5", "    Task-6"});
    CHECK(l.row_of(s.t5) == 6);
    CHECK(l.row_of(s.outer) == 1);
}

TEST_CASE("a collapsed group hides its rows and stands in for them") {
    test::NestedGroups s;
    const TraceModel m(s.b.t);
    std::vector<std::uint8_t> collapsed(m.groups.size(), 0);
    const auto group1 = static_cast<std::size_t>(m.group_of(s.a));
    collapsed[group1] = 1;
    LaneLayout l = build_layout(m, collapsed);
    CHECK(names(m, l) == std::vector<std::string>{"Task-1", "all_groups", "  group1", "  group2", "    Task-5", "    Task-6"});
    CHECK(l.row_of(s.t2) == 2);  // arrows to Task-2 end at group1's header
    CHECK(l.row_of(s.t6) == 5);

    collapsed.assign(m.groups.size(), 0);
    collapsed[static_cast<std::size_t>(m.group_of(s.outer))] = 1;
    l = build_layout(m, collapsed);
    CHECK(names(m, l) == std::vector<std::string>{"Task-1", "all_groups"});
    CHECK(l.row_of(s.t6) == 1);
    CHECK(l.row_of(s.g_b) == 1);
}

TEST_CASE("a task waited by several wait() calls lives under the first") {
    test::TraceBuilder b;
    const auto main = b.task("Task-1", "main");
    const auto t2 = b.task("Task-2"), t3 = b.task("Task-3");
    b.gather({t2, t3}, "first", main);
    b.gather({t3}, "second", main);
    const TraceModel m(b.t);
    const LaneLayout l = build_layout(m, {});
    CHECK(names(m, l) == std::vector<std::string>{"Task-1", "first", "  Task-2", "  Task-3", "second"});
}

TEST_CASE("the row under a y coordinate") {
    CHECK(row_at_y(-0.5f, 20, 8) == -1);
    CHECK(row_at_y(0, 20, 8) == 0);
    CHECK(row_at_y(19.9f, 20, 8) == 0);
    CHECK(row_at_y(20, 20, 8) == 1);
    CHECK(row_at_y(155, 20, 8) == 7);
    CHECK(row_at_y(160, 20, 8) == -1);
    CHECK(row_at_y(10, 0, 8) == -1);
}

TEST_CASE("a million rows build without trouble") {
    test::TraceBuilder b;
    const auto main = b.task("Task-1", "main");
    std::vector<std::uint32_t> kids;
    TraceFuture worker;
    worker.kind = FutureKind::Task;
    worker.name = b.str("Task-n");
    worker.function = b.str("worker");
    for (int i = 0; i < 1'000'000; ++i) {
        kids.push_back(static_cast<std::uint32_t>(b.t.futures.size()));
        b.t.futures.push_back(worker);
    }
    b.gather(kids, {}, main);
    const TraceModel m(b.t);
    const LaneLayout l = build_layout(m, {});
    CHECK(l.rows.size() == 1'000'002);
    CHECK(l.row_of(kids.back()) == 1'000'001);
    CHECK(row_at_y(20.0f * 999'999.5f, 20, l.rows.size()) == 999'999);
}
