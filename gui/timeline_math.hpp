// The timeline's geometry, without ImGui: time <-> pixel mapping, zoom and
// pan, axis ticks, folding of things too small to see, and marker hit tests.
//
// Kept pure so that headless tests pin down the arithmetic the canvas relies
// on (Tracy's TimelineContext plays the same role).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace loopscope::gui {

// Per-frame viewport state of the timeline canvas.
struct TimelineContext {
    double t0 = 0;                // virtual time at the canvas's left edge
    double seconds_per_px = 0.01;
    float x0 = 0;                 // canvas left edge, screen px
    float width = 1;              // canvas width, px

    [[nodiscard]] double time_at(float x) const { return t0 + (static_cast<double>(x) - x0) * seconds_per_px; }
    [[nodiscard]] float x_at(double t) const { return x0 + static_cast<float>((t - t0) / seconds_per_px); }
    [[nodiscard]] double t1() const { return t0 + static_cast<double>(width) * seconds_per_px; }
};

constexpr double kMinSecondsPerPx = 1e-9;
constexpr double kMaxSecondsPerPx = 1e6;

// Zooms by `factor` (>1 zooms in) keeping the time under `cursor_x` fixed.
void zoom_at(TimelineContext& ctx, float cursor_x, double factor);
// Moves the view by a drag of `dx` pixels (dragging right shows earlier times).
void pan_px(TimelineContext& ctx, float dx);
// Shows [t_begin, t_end] with a margin of `margin_px` on both sides.
void fit(TimelineContext& ctx, double t_begin, double t_end, float margin_px = 12.f);

struct Tick {
    double time;
    float x;
    bool major;  // labelled
};
// Ticks at a 1-2-5 step chosen so that labels are at least `min_label_px` apart.
std::vector<Tick> axis_ticks(const TimelineContext& ctx, float min_label_px = 90.f);
// The step axis_ticks chose between labelled ticks.
double tick_step(double seconds_per_px, float min_label_px);
// "1.5s", "250ms", "12µs": a tick label with no more digits than the step needs.
std::string format_time_label(double t, double step);

// ---- folding -----------------------------------------------------------------

// Something drawn at [t_begin, t_end] in the timeline.
struct TimeSpan {
    double t_begin, t_end;
    std::uint32_t id;  // caller's index (first of the folded ones)
};
struct FoldedSpan {
    float x_begin, x_end;
    std::uint32_t first_id;
    std::uint32_t count;  // how many spans were merged into it
};
// Merges consecutive spans (sorted by time) whose gap is under `min_gap_px`
// and widens each result to at least `min_width_px`. Spans outside the view
// are skipped.
std::vector<FoldedSpan> fold_spans(const std::vector<TimeSpan>& spans, const TimelineContext& ctx,
                                   float min_gap_px, float min_width_px);

// A point event drawn as a marker.
struct MarkerPoint {
    double time;
    std::uint8_t priority;  // the most important of a folded bunch is shown
    std::uint32_t id;
};
struct FoldedMarker {
    float x;
    std::uint32_t id;     // the shown (highest priority) marker
    std::uint32_t count;  // how many markers it stands for
};
// Markers (sorted by time) closer than `min_px` to the first of a bunch are
// folded into one that shows the highest-priority marker of the bunch.
std::vector<FoldedMarker> fold_markers(const std::vector<MarkerPoint>& markers, const TimelineContext& ctx,
                                       float min_px);

// Index of the folded marker within `radius` px of x (the nearest), or -1.
int hit_marker(const std::vector<FoldedMarker>& markers, float x, float radius);

}  // namespace loopscope::gui
