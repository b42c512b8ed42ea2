// The timeline's other axis: the loop's passes instead of seconds.
//
// Virtual time stands still while a pass of _run_once runs, so a cancel's
// whole cascade (the gather cancelling its children, their wake-ups one
// pass later, the done-callbacks the pass after) shares one instant: on a
// time axis it is one pixel wide. Here each pass is a column of width 1,
// column 0 holding what happened before the first pass; within its column
// an event sits by its place among the pass's events, so the steps and
// arrows of one instant stand apart, in the order they happened. A column
// keeps its pass's time for the axis labels; where the time moves on
// between two columns, the axis marks the jump.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "engine/trace.hpp"

namespace loopscope::gui {

class PassAxis {
public:
    PassAxis() = default;
    explicit PassAxis(const Trace& trace);

    // The coordinate of event `e` (monotone in e): its column plus its
    // place in it, within [column + 0.1, column + 0.9].
    [[nodiscard]] double at_event(std::size_t e) const;
    // The first event at or after coordinate u (events.size() past the end).
    [[nodiscard]] std::size_t event_at(double u) const;
    [[nodiscard]] std::size_t columns() const noexcept { return passes_ + 1; }
    // The time of a column's pass (column 0: the first pass's, or 0).
    [[nodiscard]] double column_time(std::size_t column) const;
    // The coordinate past every event.
    [[nodiscard]] double end() const { return static_cast<double>(columns()); }
    [[nodiscard]] bool empty() const noexcept { return trace_ == nullptr; }

private:
    const Trace* trace_ = nullptr;
    std::size_t passes_ = 0;
    // The column of each event, found from the passes' first events.
    [[nodiscard]] std::size_t column_of(std::size_t e) const;
};

}  // namespace loopscope::gui
