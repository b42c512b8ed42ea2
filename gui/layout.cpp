#include "gui/layout.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace loopscope::gui {

namespace {
float clamp_lo(float v, float lo, float hi) { return std::max(std::min(v, hi), lo); }  // lo wins when hi < lo

Rect span(float x0, float y0, float x1, float y1) { return {x0, y0, x1 - x0, y1 - y0}; }
}  // namespace

std::array<Rect, kPanelCount> default_layout(const LayoutInput& in) {
    const Rect& a = in.work;
    const float em = in.em;
    // The left column: 22.5% of the width (360 px of 1600), wide enough for
    // the Scenario panel's controls at any scale, never more than 40%.
    const float left = std::round(a.x + clamp_lo(std::max(a.w * 0.225f, 14 * em), 0, a.w * 0.4f));
    // The bottom row starts at 64% of the height, lower when the Transport
    // needs more room at a large scale, so that the Timeline keeps some rows
    // (12 lines when it can); the bottom row keeps its title and three lines.
    const float transport_want = in.transport_h > 0 ? in.transport_h : 6 * em;
    const float split_h = clamp_lo(std::max(a.h * 0.64f, transport_want + 12 * em), a.h * 0.4f, a.h - 5 * em);
    const float split = std::round(a.y + split_h);
    const float transport_bottom = std::round(a.y + clamp_lo(transport_want, 0, split_h - 3 * em));
    const float scenario_bottom = std::round(a.y + (split - a.y) * 0.55f);
    const float right = a.x1(), bottom = a.y1();
    const float console_right = std::round(a.x + a.w * 0.38f), outcome_right = std::round(a.x + a.w * 0.65f);

    std::array<Rect, kPanelCount> r;
    r[static_cast<int>(Panel::Scenario)] = span(a.x, a.y, left, scenario_bottom);
    r[static_cast<int>(Panel::CallSites)] = span(a.x, scenario_bottom, left, split);
    r[static_cast<int>(Panel::Transport)] = span(left, a.y, right, transport_bottom);
    r[static_cast<int>(Panel::Timeline)] = span(left, transport_bottom, right, split);
    r[static_cast<int>(Panel::Console)] = span(a.x, split, console_right, bottom);
    r[static_cast<int>(Panel::Outcome)] = span(console_right, split, outcome_right, bottom);
    r[static_cast<int>(Panel::Source)] = span(outcome_right, split, right, bottom);
    return r;
}

std::array<Rect, kPanelCount> layout_panels(const LayoutInput& in, const PanelFractions& placed) {
    std::array<Rect, kPanelCount> r = default_layout(in);
    for (int i = 0; i < kPanelCount; ++i) {
        if (!placed[i]) continue;
        Rect px = from_fractions(*placed[i], in.work);
        float min_h = 3 * in.em;
        // The Transport is never shorter than its controls need.
        if (i == static_cast<int>(Panel::Transport) && in.transport_h > 0) min_h = std::max(min_h, in.transport_h);
        r[i] = keep_inside(px, in.work, 6 * in.em, min_h);
    }
    return r;
}

Rect keep_inside(Rect r, const Rect& work, float min_w, float min_h) {
    r.w = std::round(std::min(std::max(r.w, min_w), work.w));
    r.h = std::round(std::min(std::max(r.h, min_h), work.h));
    r.x = std::round(clamp_lo(r.x, work.x, work.x1() - r.w));
    r.y = std::round(clamp_lo(r.y, work.y, work.y1() - r.h));
    return r;
}

Rect to_fractions(const Rect& px, const Rect& work) {
    if (work.w <= 0 || work.h <= 0) return {};
    return {(px.x - work.x) / work.w, (px.y - work.y) / work.h, px.w / work.w, px.h / work.h};
}

Rect from_fractions(const Rect& f, const Rect& work) {
    return {std::round(work.x + f.x * work.w), std::round(work.y + f.y * work.h), std::round(f.w * work.w),
            std::round(f.h * work.h)};
}

std::string format_fractions(const Rect& f) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "%.5g %.5g %.5g %.5g", f.x, f.y, f.w, f.h);
    return buf;
}

std::optional<Rect> parse_fractions(std::string_view text) {
    float v[4];
    const char* p = text.data();
    const char* end = text.data() + text.size();
    for (float& x : v) {
        while (p < end && *p == ' ') ++p;
        const auto [next, ec] = std::from_chars(p, end, x);
        if (ec != std::errc() || !std::isfinite(x) || x < 0 || x > 1) return std::nullopt;
        p = next;
    }
    while (p < end && *p == ' ') ++p;
    if (p != end || v[2] <= 0 || v[3] <= 0) return std::nullopt;
    return Rect{v[0], v[1], v[2], v[3]};
}

}  // namespace loopscope::gui
