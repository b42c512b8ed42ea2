// What the views read from a trace: lane states at the playhead, crash and
// cancel detection, arrows, group slots (gui/trace_model.*).
#include <doctest/doctest.h>

#include <algorithm>

#include "gui/trace_model.hpp"
#include "trace_builder.hpp"

using namespace loopscope;
using namespace loopscope::gui;

namespace {

// NestedGroups played out: Task-2 finishes at 1, group2 is cancelled at 1.5
// by an intervention, Task-3 raises at 2 and the ValueError climbs to main.
struct Played : test::NestedGroups {
    std::uint32_t sleep = 0;
    std::uint32_t e_main_awaits = 0, e_t2_done = 0, e_cancel_b = 0, e_cancel_t5 = 0, e_t3_crash = 0, e_a_crash = 0,
                  e_outer_crash = 0, e_main_thrown = 0;

    Played() {
        using K = EventKind;
        sleep = b.future(FutureKind::Plain, "future");
        b.ev(0, K::TaskCreated, main);
        b.ev(0, K::StepBegin, main);
        b.ev(0, K::TaskCreated, t2, main);
        b.ev(0, K::TaskCreated, t3, main);
        b.ev(0, K::GroupCreated, a, 0);
        b.ev(0, K::TaskCreated, t5, main);
        b.ev(0, K::TaskCreated, t6, main);
        b.ev(0, K::GroupCreated, g_b, 1);
        b.ev(0, K::GroupCreated, outer, 2);
        e_main_awaits = b.ev(0, K::StepEnd, main, outer, 28);  // text = the .py line
        b.ev(0, K::StepBegin, t2);                              // 10
        b.ev(0, K::StepEnd, t2, sleep, 13);                     // 11
        b.ev(1, K::StepBegin, t2);                              // 12
        e_t2_done = b.done(1, t2, FutureState::Finished, "'x'");
        b.ev(1, K::StepEnd, t2, 0, 14);                         // 14
        e_cancel_b = b.cancel(1.5, g_b, CancelCause::Kind::Intervention);       // 15
        e_cancel_t5 = b.cancel(1.5, t5, CancelCause::Kind::Group, g_b);         // 16: gather passes it on
        b.cancel(1.5, t6, CancelCause::Kind::Group, g_b);                       // 17
        b.ev(1.5, K::StepBegin, t5, 0, b.str("CancelledError()"));
        b.done(1.5, t5, FutureState::Cancelled);
        b.ev(1.5, K::StepEnd, t5);                              // 20
        b.ev(2, K::StepBegin, t3);                              // 21
        e_t3_crash = b.done(2, t3, FutureState::Finished, "ValueError()", true);
        b.ev(2, K::StepEnd, t3);
        e_a_crash = b.done(2, a, FutureState::Finished, "ValueError()", true);
        e_outer_crash = b.done(2, outer, FutureState::Finished, "ValueError()", true);
        e_main_thrown = b.ev(2, K::StepBegin, main, 0, b.str("ValueError()"));
        b.done(2, main, FutureState::Finished, "ValueError()", true);
        b.ev(2, K::StepEnd, main);
    }
};

const Lane& lane(const TraceModel& m, std::uint32_t future) { return m.lanes[static_cast<std::size_t>(m.lane_of(future))]; }

bool has_arrow(const TraceModel& m, ArrowKind kind, std::uint32_t from, std::uint32_t to) {
    const auto [first, last] = m.arrows_to(to);
    return std::any_of(first, last, [&](const Arrow& a) { return a.kind == kind && a.from == from; });
}

}  // namespace

TEST_CASE("a lane's state follows its events") {
    Played p;
    const TraceModel m(p.b.t);
    const Lane& t2 = lane(m, p.t2);
    CHECK(m.lane_status(t2, 0).state == LaneState::NotCreated);
    CHECK(m.lane_status(t2, 3).state == LaneState::Scheduled);
    CHECK(m.lane_status(t2, 11).state == LaneState::Running);
    const LaneStatus suspended = m.lane_status(t2, 12);
    CHECK(suspended.state == LaneState::Suspended);
    CHECK(suspended.awaiting == p.sleep);
    CHECK(m.lane_status(t2, 13).state == LaneState::Running);
    CHECK(m.lane_status(t2, p.e_t2_done + 1).state == LaneState::Finished);
    CHECK(m.lane_status(lane(m, p.t3), p.e_t3_crash + 1).state == LaneState::Crashed);
    CHECK(m.lane_status(lane(m, p.t5), 20).state == LaneState::Cancelled);
    const LaneStatus main = m.lane_status(lane(m, p.main), 15);
    CHECK(main.state == LaneState::Suspended);
    CHECK(m.future_name(main.awaiting) == "all_groups");
}

TEST_CASE("a cancel request stays pending until the step that delivers it") {
    Played p;
    const TraceModel m(p.b.t);
    const Lane& t5 = lane(m, p.t5);
    CHECK_FALSE(m.lane_status(t5, p.e_cancel_t5).cancel_requested);
    CHECK(m.lane_status(t5, p.e_cancel_t5 + 1).cancel_requested);
    CHECK(m.lane_status(t5, 18).cancel_requested);
    CHECK_FALSE(m.lane_status(t5, 19).cancel_requested);  // delivered: StepBegin with CancelledError
    CHECK(m.last_cancel_request(p.g_b, 20) == p.e_cancel_b);
    CHECK(m.last_cancel_request(p.g_b, p.e_cancel_b) == kNone);
}

TEST_CASE("lane bounds and how each lane ended") {
    Played p;
    const TraceModel m(p.b.t);
    CHECK(lane(m, p.t2).done == DoneKind::Finished);
    CHECK(lane(m, p.t2).end == 1.0);
    CHECK(lane(m, p.t3).done == DoneKind::Crashed);
    CHECK(lane(m, p.t5).done == DoneKind::Cancelled);
    CHECK(lane(m, p.t6).done == DoneKind::Pending);
    CHECK(lane(m, p.t6).end == kNever);
    CHECK(m.groups[static_cast<std::size_t>(m.group_of(p.a))].done == DoneKind::Crashed);
    CHECK(m.end_time() == 2.0);
}

TEST_CASE("the .py line a task is at comes from its last step") {
    Played p;
    const TraceModel m(p.b.t);
    CHECK(m.lane_line(lane(m, p.main), 9) == 0);
    CHECK(m.lane_line(lane(m, p.main), 10) == 28);
    CHECK(m.lane_line(lane(m, p.t2), 12) == 13);
    CHECK(m.lane_line(lane(m, p.t2), 15) == 14);
}

TEST_CASE("crashes are told from results") {
    test::TraceBuilder b;
    const auto t = b.task("Task-1");
    const auto crash_flag = b.done(0, t, FutureState::Finished, "RuntimeError('x')", true);
    const auto crash_repr = b.done(0, t, FutureState::Finished, "ValueError()");  // an older recorder: no flag
    const auto result_str = b.done(0, t, FutureState::Finished, "'ValueError()'");
    const auto result_list = b.done(0, t, FutureState::Finished, "[ValueError(), 1]");
    const auto cancelled = b.done(0, t, FutureState::Cancelled);
    const auto gather_cancelled = b.done(0, t, FutureState::Finished, "CancelledError()", true);
    const Trace& tr = b.t;
    CHECK(done_kind(tr, tr.events[crash_flag]) == DoneKind::Crashed);
    CHECK(done_kind(tr, tr.events[crash_repr]) == DoneKind::Crashed);
    CHECK(done_kind(tr, tr.events[result_str]) == DoneKind::Finished);
    CHECK(done_kind(tr, tr.events[result_list]) == DoneKind::Finished);
    CHECK(done_kind(tr, tr.events[cancelled]) == DoneKind::Cancelled);
    // A cancelled gather() finishes with set_exception(CancelledError).
    CHECK(done_kind(tr, tr.events[gather_cancelled]) == DoneKind::Cancelled);
}

TEST_CASE("arrows: awaits, cancel propagated, exception propagated") {
    Played p;
    const TraceModel m(p.b.t);
    CHECK(has_arrow(m, ArrowKind::Awaits, p.main, p.outer));
    CHECK_FALSE(has_arrow(m, ArrowKind::Awaits, p.t2, p.sleep));  // plain futures have no row
    CHECK(has_arrow(m, ArrowKind::CancelPropagated, p.g_b, p.t5));
    CHECK(has_arrow(m, ArrowKind::CancelPropagated, p.g_b, p.t6));
    CHECK(m.arrows_to(p.g_b).first == m.arrows_to(p.g_b).second);  // the intervention came from the loop
    CHECK(has_arrow(m, ArrowKind::ExceptionPropagated, p.t3, p.a));
    CHECK(has_arrow(m, ArrowKind::ExceptionPropagated, p.a, p.outer));
    CHECK(has_arrow(m, ArrowKind::ExceptionPropagated, p.outer, p.main));
    // Every arrow is found under its target.
    for (const Arrow& a : m.arrows) {
        const auto [first, last] = m.arrows_to(a.to);
        CHECK(first <= &a);
        CHECK(&a < last);
    }
}

TEST_CASE("group slots fill as children finish") {
    Played p;
    const TraceModel m(p.b.t);
    const GroupNode& a = m.groups[static_cast<std::size_t>(m.group_of(p.a))];
    CHECK(a.children_done_before(p.e_t2_done) == 0);
    CHECK(a.children_done_before(p.e_t2_done + 1) == 1);
    CHECK(a.children_done_before(p.b.t.events.size()) == 2);
    const GroupNode& outer = m.groups[static_cast<std::size_t>(m.group_of(p.outer))];
    CHECK(outer.children_done_before(p.b.t.events.size()) == 1);  // group1 crashed; group2 never finished here
    CHECK(m.group_title(a) == "group1 = gather(2)");
}

TEST_CASE("a cancel passed on by a gather tells its whole chain of causes, from the first") {
    Played p;
    const TraceModel m(p.b.t);
    const std::string root = m.cancel_cause_text(p.e_cancel_b);
    CHECK(root.starts_with("intervention"));
    // Task-5's cancel is group2's, passed on.
    CHECK(m.cancel_cause_text(p.e_cancel_t5) == "group2 = gather(2) was cancelled, so it cancelled its children");
    CHECK(m.cancel_chain_text(p.e_cancel_t5) == root + " \u2192 group2 = gather(2) was cancelled, so it cancelled its children");
    // A root cause is its own chain.
    CHECK(m.cancel_chain_text(p.e_cancel_b) == root);
}
