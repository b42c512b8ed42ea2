#include "gui/timeline_math.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace loopscope::gui {

void zoom_at(TimelineContext& ctx, float cursor_x, double factor) {
    if (factor <= 0) return;
    const double anchor = ctx.time_at(cursor_x);
    ctx.seconds_per_px = std::clamp(ctx.seconds_per_px / factor, kMinSecondsPerPx, kMaxSecondsPerPx);
    // Solve time_at(cursor_x) == anchor for t0.
    ctx.t0 = anchor - (static_cast<double>(cursor_x) - ctx.x0) * ctx.seconds_per_px;
}

void pan_px(TimelineContext& ctx, float dx) { ctx.t0 -= static_cast<double>(dx) * ctx.seconds_per_px; }

void fit(TimelineContext& ctx, double t_begin, double t_end, float margin_px) {
    if (t_end <= t_begin) t_end = t_begin + 1.0;  // a run that takes no virtual time still gets a scale
    const float usable = std::max(ctx.width - 2 * margin_px, 1.f);
    ctx.seconds_per_px = std::clamp((t_end - t_begin) / usable, kMinSecondsPerPx, kMaxSecondsPerPx);
    ctx.t0 = t_begin - static_cast<double>(margin_px) * ctx.seconds_per_px;
}

double tick_step(double seconds_per_px, float min_label_px) {
    const double raw = seconds_per_px * min_label_px;
    const double decade = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (m * decade >= raw * (1 - 1e-9)) return m * decade;
    return 10 * decade;
}

std::vector<Tick> axis_ticks(const TimelineContext& ctx, float min_label_px) {
    std::vector<Tick> ticks;
    const double step = tick_step(ctx.seconds_per_px, min_label_px);
    const double minor = step / 5;
    const double first = std::ceil(ctx.t0 / minor);
    const double last = std::floor(ctx.t1() / minor);
    if (last - first > 10000) return ticks;  // degenerate view; never draw a flood
    for (double k = first; k <= last; ++k) {
        const double t = k * minor;
        const bool major = std::fmod(std::abs(k), 5.0) < 0.5;
        ticks.push_back({t, ctx.x_at(t), major});
    }
    return ticks;
}

std::string format_time_label(double t, double step) {
    // Choose the unit from the step so that neighbouring labels read alike.
    const char* unit = "s";
    double scale = 1;
    if (step < 1e-6) unit = "ns", scale = 1e9;
    else if (step < 1e-3) unit = "µs", scale = 1e6;
    else if (step < 0.1) unit = "ms", scale = 1e3;  // 0.5s reads better than 500ms
    const double v = t * scale, s = step * scale;
    int decimals = 0;
    while (decimals < 6 && std::abs(s * std::pow(10.0, decimals) - std::round(s * std::pow(10.0, decimals))) > 1e-6)
        ++decimals;
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.*f%s", decimals, std::abs(v) < 1e-12 ? 0.0 : v, unit);
    return buf;
}

std::vector<FoldedSpan> fold_spans(const std::vector<TimeSpan>& spans, const TimelineContext& ctx,
                                   float min_gap_px, float min_width_px) {
    std::vector<FoldedSpan> out;
    const float left = ctx.x0, right = ctx.x0 + ctx.width;
    for (const TimeSpan& s : spans) {
        float xb = ctx.x_at(s.t_begin), xe = ctx.x_at(s.t_end);
        if (xe - xb < min_width_px) {
            const float mid = (xb + xe) / 2;
            xb = mid - min_width_px / 2, xe = mid + min_width_px / 2;
        }
        if (xe < left || xb > right) continue;
        if (!out.empty() && xb - out.back().x_end < min_gap_px) {
            out.back().x_end = std::max(out.back().x_end, xe);
            ++out.back().count;
            continue;
        }
        out.push_back({xb, xe, s.id, 1});
    }
    return out;
}

std::vector<FoldedMarker> fold_markers(const std::vector<MarkerPoint>& markers, const TimelineContext& ctx,
                                       float min_px) {
    std::vector<FoldedMarker> out;
    std::uint8_t best_priority = 0;
    float bunch_x = 0;
    const float left = ctx.x0 - min_px, right = ctx.x0 + ctx.width + min_px;
    for (const MarkerPoint& m : markers) {
        const float x = ctx.x_at(m.time);
        if (x < left || x > right) continue;
        if (!out.empty() && x - bunch_x < min_px) {
            ++out.back().count;
            if (m.priority > best_priority) {
                best_priority = m.priority;
                out.back().id = m.id;
                out.back().x = x;
            }
            continue;
        }
        bunch_x = x;
        best_priority = m.priority;
        out.push_back({x, m.id, 1});
    }
    return out;
}

int hit_marker(const std::vector<FoldedMarker>& markers, float x, float radius) {
    int best = -1;
    float best_d = radius;
    for (std::size_t i = 0; i < markers.size(); ++i) {
        const float d = std::abs(markers[i].x - x);
        if (d <= best_d) best = static_cast<int>(i), best_d = d;
    }
    return best;
}

}  // namespace loopscope::gui
