#include "gui/pass_axis.hpp"

#include <algorithm>
#include <cmath>

namespace loopscope::gui {

namespace {
constexpr double kMargin = 0.1;  // each side of a column, between its events and the next column's
}  // namespace

PassAxis::PassAxis(const Trace& trace) : trace_(&trace), passes_(trace.passes.size()) {}

std::size_t PassAxis::column_of(std::size_t e) const {
    // The last pass whose first event is at or before e, plus one.
    std::size_t lo = 0, hi = passes_;
    while (lo < hi) {
        const std::size_t mid = lo + (hi - lo) / 2;
        if (trace_->passes[mid].first_event <= e) lo = mid + 1; else hi = mid;
    }
    return lo;
}

double PassAxis::at_event(std::size_t e) const {
    const std::size_t column = column_of(e);
    const std::size_t first = column == 0 ? 0 : trace_->passes[column - 1].first_event;
    const std::size_t end = column < passes_ ? trace_->passes[column].first_event : trace_->events.size();
    const double share = end > first + 1 ? static_cast<double>(e - first) / static_cast<double>(end - first - 1) : 0.5;
    return static_cast<double>(column) + kMargin + (1 - 2 * kMargin) * share;
}

std::size_t PassAxis::event_at(double u) const {
    // at_event is monotone in e: search it directly.
    std::size_t lo = 0, hi = trace_->events.size();
    while (lo < hi) {
        const std::size_t mid = lo + (hi - lo) / 2;
        if (at_event(mid) < u) lo = mid + 1; else hi = mid;
    }
    return lo;
}

double PassAxis::column_time(std::size_t column) const {
    if (passes_ == 0) return 0;
    return trace_->passes[column == 0 ? 0 : std::min(column, passes_) - 1].time;
}

}  // namespace loopscope::gui
