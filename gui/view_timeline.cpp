// The timeline: one lane per task under its gather/wait group, on a canvas.
//
// Call flow of draw_timeline():
//   toolbar (fit, legend) -> time axis (click/drag scrubs the playhead) ->
//   rows child window: InvisibleButton over the canvas part for input (drag
//   pans, wheel zooms at the cursor, right click opens the row menu) ->
//   ImGuiListClipper over the rows: label column (collapse, name, × cancel)
//   and the row's bar, steps and markers -> arrows of the visible rows ->
//   the playhead line -> tooltips.
// Only visible rows are touched; events of a row are found with lower_bound
// on time and folded when they are closer than a few pixels.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "gui/app.hpp"
#include "gui/flow.hpp"
#include "gui/timeline_draw.hpp"
#include "gui/timeline_tooltip.hpp"

namespace loopscope::gui {

namespace {

constexpr float kGhostAlpha = 0.22f;

// What one frame of the canvas needs to know, gathered once.
struct Frame {
    const TraceModel& m;
    const Trace& trace;
    const Palette& pal;
    TimelineState& tl;
    std::size_t at;      // playhead event index
    double now;          // the playhead's coordinate on the axis (its time, on the time axis)
    const PassAxis* passes = nullptr;  // the pass axis, when it is the one shown
    bool ghost;          // show events after the playhead faded (else hidden)
    float row_h;
    float label_w;
    float rows_top;      // screen y of row 0
    ImDrawList* dl;
    std::int32_t hovered_row = -1;
    float mouse_x = 0;
    // Filled while drawing the hovered row:
    std::uint32_t hovered_event = kNone;
    std::uint32_t hovered_count = 0;
    std::int32_t menu_row = -1;  // a right click on a label asks for the row menu
    // Three layers, so that the draw list keeps one command per layer instead
    // of one per row (software GL pays for each): row backgrounds, the canvas
    // (clipped to it), labels and widgets.
    ImDrawListSplitter* layers = nullptr;
    ImVec4 canvas_clip{};
};

enum Layer : int { kBackground = 0, kCanvas = 1, kLabels = 2, kLayerCount = 3 };

void to_layer(Frame& f, Layer layer) { f.layers->SetCurrentChannel(f.dl, layer); }

float row_centre(const Frame& f, std::int32_t row) { return f.rows_top + (static_cast<float>(row) + 0.5f) * f.row_h; }

// An event's coordinate on the axis shown: its time, or its place among the passes.
double pos(const Frame& f, std::uint32_t event) {
    return f.passes != nullptr ? f.passes->at_event(event) : f.trace.events[event].time;
}
// A span's ends on the axis shown: the times given, or the events' places
// (no end event: the end of the run).
double span_pos(const Frame& f, double time, std::uint32_t event) {
    if (f.passes == nullptr) return time;
    return event == kNone ? f.passes->end() : f.passes->at_event(event);
}

// The time under the mouse, within the run, and no later than the playhead
// when the future is hidden.
HoverMoment hover_moment(const Frame& f) {
    HoverMoment when;
    if (f.passes != nullptr) {
        // The events before the mouse's place have happened.
        when.event = std::min(f.passes->event_at(f.tl.ctx.time_at(f.mouse_x)), f.ghost ? f.trace.events.size() : f.at);
        when.clamped_to_playhead = !f.ghost && when.event == f.at;
        when.time = when.event == 0 ? 0.0 : f.trace.events[when.event - 1].time;
        return when;
    }
    when.time = std::clamp(f.tl.ctx.time_at(f.mouse_x), 0.0, f.m.end_time());
    if (!f.ghost && when.time >= f.now) {
        when.time = f.now;
        when.event = f.at;
        when.clamped_to_playhead = true;
        return when;
    }
    when.event = playhead_at_time(f.trace, when.time).event;
    return when;
}

// Events of an entity within [t0, t1] of the view (plus what touches it).
const std::uint32_t* first_at_or_after(const Frame& f, TraceModel::Span span, double t) {
    return std::lower_bound(span.begin(), span.end(), t,
                            [&](std::uint32_t idx, double v) { return pos(f, idx) < v; });
}

// Steps (StepBegin..StepEnd) and markers of one row, solid before the
// playhead, faded after it in ghost mode.
void draw_row_events(Frame& f, std::uint32_t future, float y, std::int32_t row) {
    const TimelineContext& ctx = f.tl.ctx;
    const TraceModel::Span span = f.m.events_of(future);
    const double margin = ctx.seconds_per_px * 8;
    const std::uint32_t* it = first_at_or_after(f, span, ctx.t0 - margin);
    std::vector<TimeSpan> steps[2];
    std::vector<MarkerPoint> markers[2];
    double step_begin = -1;
    // A waiting call's row ends with how the call ended (GroupFinished); the
    // inner future wait() parks on finishes with None, which is no result.
    const auto group = f.m.group_of(future);
    const bool waiting_call = group >= 0 && f.trace.groups[f.m.groups[static_cast<std::size_t>(group)].group].kind != GroupInfo::Kind::Gather;
    for (; it != span.end(); ++it) {
        const std::uint32_t idx = *it;
        const TraceEvent& ev = f.trace.events[idx];
        const double x = pos(f, idx);
        if (x > ctx.t1() + margin) break;
        const int future_side = idx >= f.at ? 1 : 0;
        if (future_side && !f.ghost) break;
        if (ev.kind == EventKind::StepBegin) step_begin = x;
        else if (ev.kind == EventKind::StepEnd) {
            steps[future_side].push_back({step_begin < 0 ? x : step_begin, x, idx});
            step_begin = -1;
        }
        const MarkerKind k = waiting_call && ev.kind == EventKind::FutureDone ? MarkerKind::None : marker_of(f.trace, ev);
        if (k != MarkerKind::None) markers[future_side].push_back({x, marker_priority(k), idx});
    }
    // A step in progress at the playhead.
    if (step_begin >= 0) steps[0].push_back({step_begin, step_begin, kNone});

    const float step_h = f.row_h * 0.34f;
    const float r = f.row_h * 0.30f;
    for (int side = 0; side < 2; ++side) {
        const float alpha = side ? kGhostAlpha : 1.0f;
        for (const FoldedSpan& s : fold_spans(steps[side], ctx, 2.0f, 3.0f))
            f.dl->AddRectFilled(ImVec2(s.x_begin, y - step_h), ImVec2(s.x_end, y + step_h), with_alpha(f.pal.running, alpha));
        const auto folded = fold_markers(markers[side], ctx, r * 1.6f);
        for (const FoldedMarker& fm : folded) {
            const MarkerKind k = marker_of(f.trace, f.trace.events[fm.id]);
            draw_marker(f.dl, k, ImVec2(fm.x, y), r, with_alpha(marker_colour(f.pal, k), alpha));
            if (fm.count > 1)  // a folded bunch: a tick under it says "more here"
                f.dl->AddLine(ImVec2(fm.x - r, y + r + 1), ImVec2(fm.x + r, y + r + 1), with_alpha(f.pal.text_dim, alpha));
        }
        if (row == f.hovered_row && f.hovered_event == kNone) {
            if (int hit = hit_marker(folded, f.mouse_x, r + 2); hit >= 0) {
                f.hovered_event = folded[static_cast<std::size_t>(hit)].id;
                f.hovered_count = folded[static_cast<std::size_t>(hit)].count;
            }
        }
    }
}

// The horizontal bar: from start to end, cut at the playhead when live.
void draw_bar(Frame& f, double start, double end, std::uint32_t created_event, std::uint32_t done_event, float y,
              float thickness, ImU32 colour) {
    const TimelineContext& ctx = f.tl.ctx;
    if (created_event != kNone && created_event >= f.at && !f.ghost) return;
    const double vis_end = (done_event != kNone && done_event < f.at) ? end : std::min(end, f.now);
    const float xa = std::max(ctx.x_at(start), ctx.x0 - 10), xb = std::min(ctx.x_at(vis_end), ctx.x0 + ctx.width + 10);
    if (xb >= xa) f.dl->AddRectFilled(ImVec2(xa, y - thickness / 2), ImVec2(std::max(xb, xa + 1), y + thickness / 2), colour);
    if (f.ghost && vis_end < end) {
        const double ghost_end = std::isinf(end) ? (f.passes != nullptr ? f.passes->end() : f.m.end_time()) : end;
        const float ga = std::max(ctx.x_at(std::max(vis_end, start)), ctx.x0 - 10);
        const float gb = std::min(ctx.x_at(ghost_end), ctx.x0 + ctx.width + 10);
        if (gb > ga) f.dl->AddRectFilled(ImVec2(ga, y - thickness / 2), ImVec2(gb, y + thickness / 2), with_alpha(colour, kGhostAlpha));
    }
}

// The × button that cancels a lane or group at the playhead.
void cancel_button(App& app, const std::string& target, bool enabled, float x, float y) {
    ImGui::SetCursorScreenPos(ImVec2(x, y));
    ImGui::BeginDisabled(!enabled);
    if (ImGui::SmallButton("×")) cancel_at_playhead(app, target);
    ImGui::EndDisabled();
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip(enabled ? "cancel %s at t=%.6f (re-runs the scenario)" : "%s is not running at t=%.6f", target.c_str(),
                          app.transport.playhead.time);
    if (enabled) app.timeline.cancel_controls.push_back({target, a.x, a.y, b.x - a.x, b.y - a.y});
}

void row_context_menu(App& app, const TraceModel& m) {
    if (!ImGui::BeginPopup("row_menu")) return;
    const std::int32_t r = app.timeline.context_row;
    if (r >= 0 && static_cast<std::size_t>(r) < app.timeline.layout.rows.size()) {
        const Row& row = app.timeline.layout.rows[static_cast<std::size_t>(r)];
        std::string target;
        if (row.is_group) target = std::string(m.group_label(m.groups[row.index]));
        else target = m.lane_name(m.lanes[row.index]);
        char label[160];
        std::snprintf(label, sizeof label, "Cancel %s at t=%.6f", target.empty() ? "(unnamed group)" : target.c_str(),
                      app.transport.playhead.time);
        if (ImGui::MenuItem(label, nullptr, false, !target.empty())) cancel_at_playhead(app, target);
        if (row.is_group) {
            auto& c = app.timeline.collapsed[row.index];
            if (ImGui::MenuItem(c ? "Expand" : "Collapse")) {
                c = !c;
                app.timeline.layout_dirty = true;
            }
        } else if (ImGui::MenuItem("Follow in source view")) {
            app.timeline.selected_lane = row.index;
        }
    }
    ImGui::EndPopup();
}

void draw_label(App& app, Frame& f, const Row& row, std::int32_t r, float x, float top) {
    const float s = app.settings.ui_scale;
    const float indent = static_cast<float>(row.depth) * 14.f * s;
    const float button_w = ImGui::CalcTextSize("×").x + ImGui::GetStyle().FramePadding.x * 2;
    const float right = x + f.label_w - button_w - 6 * s;
    const float text_y = top + (f.row_h - ImGui::GetTextLineHeight()) / 2;
    ImGui::PushID(r);
    std::string target;
    bool alive = false;
    if (row.is_group) {
        const GroupNode& g = f.m.groups[row.index];
        ImGui::SetCursorScreenPos(ImVec2(x + indent, top + (f.row_h - ImGui::GetFrameHeight()) / 2));
        auto& collapsed = f.tl.collapsed[row.index];
        if (ImGui::ArrowButton("fold", collapsed ? ImGuiDir_Right : ImGuiDir_Down)) {
            collapsed = !collapsed;
            f.tl.layout_dirty = true;
        }
        const float tx = x + indent + ImGui::GetFrameHeight() + 4 * s;
        // Clipped on the CPU: a clip rectangle per row would cost a draw command each.
        const ImVec4 clip(tx, top, right, top + f.row_h);
        f.dl->AddText(nullptr, 0.f, ImVec2(tx, text_y), f.pal.text, f.m.group_title(g).c_str(), nullptr, 0.f, &clip);
        target = std::string(f.m.group_label(g));
        alive = (g.created_event == kNone || g.created_event < f.at) && (g.done_event == kNone || g.done_event >= f.at);
    } else {
        const Lane& lane = f.m.lanes[row.index];
        const bool created = f.m.lane_status(lane, f.at).state != LaneState::NotCreated;
        const std::string name = f.m.lane_name(lane), fn = f.m.lane_call(lane);
        const float tx = x + indent + 6 * s;
        const ImVec4 clip(tx, top, right, top + f.row_h);
        f.dl->AddText(nullptr, 0.f, ImVec2(tx, text_y), created ? f.pal.text : f.pal.text_dim, name.c_str(), nullptr, 0.f, &clip);
        f.dl->AddText(nullptr, 0.f, ImVec2(tx + ImGui::CalcTextSize(name.c_str()).x + 6 * s, text_y), f.pal.text_dim, fn.c_str(),
                      nullptr, 0.f, &clip);
        // Click the name to follow the task in the source view.
        ImGui::SetCursorScreenPos(ImVec2(x, top));
        if (ImGui::InvisibleButton("select", ImVec2(std::max(right - x, 1.f), f.row_h))) app.timeline.selected_lane = row.index;
        target = name;
        alive = created && (lane.done_event == kNone || lane.done_event >= f.at);
    }
    if (ImGui::IsMouseReleased(ImGuiMouseButton_Right) && ImGui::IsWindowHovered() &&
        ImGui::IsMouseHoveringRect(ImVec2(x, top), ImVec2(x + f.label_w, top + f.row_h)))
        f.menu_row = r;  // opened outside PushID(r), where BeginPopup looks for it
    if (!target.empty()) cancel_button(app, target, alive, right, top + (f.row_h - ImGui::GetFrameHeight()) / 2);
    ImGui::PopID();
}

std::string row_name(const TraceModel& m, const Row& row) {
    if (!row.is_group) return m.lane_name(m.lanes[row.index]);
    const GroupNode& g = m.groups[row.index];
    return m.group_label(g).empty() ? m.group_title(g) : std::string(m.group_label(g));
}

void draw_row(App& app, Frame& f, std::int32_t r, float x_left, float width) {
    const Row& row = f.tl.layout.rows[static_cast<std::size_t>(r)];
    const float top = f.rows_top + static_cast<float>(r) * f.row_h;
    const float y = top + f.row_h / 2;
    to_layer(f, kBackground);
    if (r % 2 == 1) f.dl->AddRectFilled(ImVec2(x_left, top), ImVec2(x_left + width, top + f.row_h), f.pal.lane_bg_alt);
    if (!row.is_group && static_cast<std::int64_t>(row.index) == f.tl.selected_lane)
        f.dl->AddRectFilled(ImVec2(x_left, top), ImVec2(x_left + width, top + f.row_h), f.pal.lane_selected);
    if (!row.is_group && static_cast<std::int64_t>(row.index) == f.tl.linked_lane)
        f.dl->AddRect(ImVec2(x_left + 1, top + 1), ImVec2(x_left + width - 1, top + f.row_h - 1), f.pal.running, 0, 0, 2.0f);

    const TimelineContext& ctx = f.tl.ctx;
    to_layer(f, kCanvas);
    f.dl->PushClipRect(ImVec2(f.canvas_clip.x, f.canvas_clip.y), ImVec2(f.canvas_clip.z, f.canvas_clip.w), true);
    if (row.is_group) {
        const GroupNode& g = f.m.groups[row.index];
        draw_bar(f, span_pos(f, g.start, g.created_event), g.done_event == kNone ? g.end : span_pos(f, g.end, g.done_event),
                 g.created_event, g.done_event, y, f.row_h * 0.5f, with_alpha(f.pal.group_bar, 0.8f));
        draw_row_events(f, f.m.trace().groups[g.group].group, y, r);
    } else {
        const Lane& lane = f.m.lanes[row.index];
        const LaneStatus st = f.m.lane_status(lane, f.at);
        if (st.state == LaneState::Running) {  // the task whose step is being played
            to_layer(f, kBackground);
            f.dl->AddRectFilled(ImVec2(ctx.x0, top + 1), ImVec2(ctx.x0 + ctx.width, top + f.row_h - 1), with_alpha(f.pal.running, 0.18f));
            to_layer(f, kCanvas);
        }
        std::uint32_t created = kNone;
        if (auto sp = f.m.events_of(lane.future); sp.size() > 0) created = *sp.begin();
        draw_bar(f, span_pos(f, lane.start, created), lane.done_event == kNone ? lane.end : span_pos(f, lane.end, lane.done_event),
                 created, lane.done_event, y, std::max(2.0f, f.row_h * 0.1f), f.pal.suspended);
        draw_row_events(f, lane.future, y, r);
    }
    f.dl->PopClipRect();
    to_layer(f, kLabels);
    draw_label(app, f, row, r, x_left, top);
    f.tl.row_rects.push_back({row_name(f.m, row), x_left, top, width, f.row_h});
}

// On the pass axis an arrow starts where its source last did something
// before the arrow's event: a cancel passed on, a crash, a result.
double arrow_source_pos(const Frame& f, const Arrow& a) {
    const TraceModel::Span span = f.m.events_of(a.from);
    const std::uint32_t* it = std::lower_bound(span.begin(), span.end(), a.event);
    return it == span.begin() ? f.passes->at_event(a.event) : f.passes->at_event(*(it - 1));
}

void draw_arrows(Frame& f, std::int32_t first_row, std::int32_t last_row, float clip_top, float clip_bottom) {
    const TimelineContext& ctx = f.tl.ctx;
    const float head = f.row_h * 0.32f;
    for (std::int32_t r = first_row; r < last_row; ++r) {
        const std::uint32_t to = row_future(f.m, f.tl.layout.rows[static_cast<std::size_t>(r)]);
        const auto [begin, end] = f.m.arrows_to(to);
        for (const Arrow* a = begin; a != end; ++a) {
            const bool future_side = a->event >= f.at;
            if (future_side && !f.ghost) continue;
            const std::int32_t from_row = f.tl.layout.row_of(a->from);
            if (from_row < 0 || from_row == r) continue;
            const float x0 = ctx.x_at(f.passes != nullptr ? arrow_source_pos(f, *a) : a->t_from);
            const float x1 = ctx.x_at(f.passes != nullptr ? f.passes->at_event(a->event) : a->t_to);
            if (std::max(x0, x1) < ctx.x0 || std::min(x0, x1) > ctx.x0 + ctx.width) continue;
            const float y0 = std::clamp(row_centre(f, from_row), clip_top - 4, clip_bottom + 4), y1 = row_centre(f, r);
            ImU32 col = f.pal.arrow_await;
            float thick = 1.5f;
            if (a->kind == ArrowKind::CancelPropagated) col = f.pal.arrow_cancel, thick = 2.0f;
            if (a->kind == ArrowKind::ExceptionPropagated) col = f.pal.arrow_exception, thick = 2.0f;
            // Arrows start a little off the source marker so both stay visible.
            const float dir = y1 > y0 ? 1.f : -1.f;
            draw_arrow(f.dl, ImVec2(x0, y0 + dir * head * 0.6f), ImVec2(x1, y1 - dir * head * 0.6f),
                       future_side ? with_alpha(col, kGhostAlpha) : col, thick, head);
            f.tl.arrows_drawn.push_back({f.m.future_name(a->from), f.m.future_name(to), x0, y0, x1, y1});
        }
    }
}

// The pass axis above the rows: a column per pass; each instant labelled
// with its time where it begins, the jump to it marked; click or drag to
// scrub. Narrow columns are sampled a pixel apart.
void draw_pass_axis(App& app, const TimelineContext& ctx, const PassAxis& axis, float height) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 pos(ctx.x0, ImGui::GetCursorScreenPos().y);
    ImGui::SetCursorScreenPos(pos);
    ImGui::InvisibleButton("axis", ImVec2(std::max(ctx.width, 1.f), height));
    const Trace& trace = *app.trace();
    if (ImGui::IsItemActive()) {
        app.transport.playing = false;
        const std::size_t e = axis.event_at(ctx.time_at(ImGui::GetIO().MousePos.x));
        app.transport.playhead = {e, e == 0 ? 0.0 : trace.events[e - 1].time};
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("one column per pass of _run_once; click or drag to move the playhead");
    const float bottom = pos.y + height, s = app.settings.ui_scale;
    dl->AddLine(ImVec2(ctx.x0, bottom - 1), ImVec2(ctx.x0 + ctx.width, bottom - 1), app.palette.text_dim);
    dl->PushClipRect(pos, ImVec2(ctx.x0 + ctx.width, bottom), true);
    const double col_px = 1.0 / ctx.seconds_per_px;
    const std::size_t stride = col_px >= 1 ? 1 : static_cast<std::size_t>(std::ceil(1.0 / col_px));
    const std::size_t first = static_cast<std::size_t>(std::max(0.0, std::floor(ctx.t0)));
    const std::size_t last = std::min(axis.columns(), static_cast<std::size_t>(std::max(0.0, std::ceil(ctx.t1()))) + 1);
    float last_label_end = -1e9f;
    for (std::size_t c = first - first % stride; c < last; c += stride) {
        const float x = ctx.x_at(static_cast<double>(c));
        const bool jump = c > 0 && axis.column_time(c) != axis.column_time(c - stride < c ? c - stride : 0);
        if (col_px >= 4 || jump)
            dl->AddLine(ImVec2(x, bottom - (jump ? height * 0.6f : height * 0.2f)), ImVec2(x, bottom),
                        jump ? app.palette.text : app.palette.text_dim, jump ? 2.0f : 1.0f);
        char label[48];
        if (jump || c == first) {
            std::snprintf(label, sizeof label, "t=%g", axis.column_time(c));
        } else if (col_px >= 48 * s) {
            std::snprintf(label, sizeof label, "#%zu", c);
        } else {
            continue;
        }
        if (x < last_label_end) continue;
        dl->AddText(ImVec2(x + 3, pos.y), jump || c == first ? app.palette.text : app.palette.text_dim, label);
        last_label_end = x + 6 + ImGui::CalcTextSize(label).x;
    }
    dl->PopClipRect();
}

// The axis above the rows: ticks with labels; click or drag to scrub.
void draw_axis(App& app, const TimelineContext& ctx, float height) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 pos(ctx.x0, ImGui::GetCursorScreenPos().y);
    ImGui::SetCursorScreenPos(pos);
    ImGui::InvisibleButton("axis", ImVec2(std::max(ctx.width, 1.f), height));
    const Trace* trace = app.trace();
    if (ImGui::IsItemActive() && trace != nullptr) {
        app.transport.playing = false;
        app.transport.playhead = playhead_at_time(*trace, std::clamp(ctx.time_at(ImGui::GetIO().MousePos.x), 0.0, trace_end_time(*trace)));
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("click or drag to move the playhead");
    const float bottom = pos.y + height;
    dl->AddLine(ImVec2(ctx.x0, bottom - 1), ImVec2(ctx.x0 + ctx.width, bottom - 1), app.palette.text_dim);
    const double step = tick_step(ctx.seconds_per_px, 90.f * app.settings.ui_scale);
    dl->PushClipRect(pos, ImVec2(ctx.x0 + ctx.width, bottom), true);
    for (const Tick& t : axis_ticks(ctx, 90.f * app.settings.ui_scale)) {
        dl->AddLine(ImVec2(t.x, bottom - (t.major ? height * 0.45f : height * 0.2f)), ImVec2(t.x, bottom), app.palette.text_dim);
        if (t.major) dl->AddText(ImVec2(t.x + 3, pos.y), app.palette.text, format_time_label(t.time, step).c_str());
    }
    dl->PopClipRect();
}

void handle_canvas_input(App& app, const Frame& f, bool hovered, bool active) {
    ImGuiIO& io = ImGui::GetIO();
    TimelineContext& ctx = app.timeline.ctx;
    if (active && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 2.0f)) {
        pan_px(ctx, io.MouseDelta.x);
        app.timeline.is_fit = false;
        ImGui::SetScrollY(ImGui::GetScrollY() - io.MouseDelta.y);
    }
    if (hovered && io.MouseWheel != 0) {
        if (io.KeyShift) ImGui::SetScrollY(ImGui::GetScrollY() - io.MouseWheel * f.row_h * 3);
        else {
            zoom_at(ctx, io.MousePos.x, std::pow(1.25, static_cast<double>(io.MouseWheel)));
            app.timeline.is_fit = false;
        }
    }
    // A click (not a drag) on a lane selects it for the source view.
    if (hovered && ImGui::IsMouseReleased(ImGuiMouseButton_Left) && ImGui::GetMouseDragDelta(ImGuiMouseButton_Left).x == 0 &&
        f.hovered_row >= 0) {
        const Row& row = app.timeline.layout.rows[static_cast<std::size_t>(f.hovered_row)];
        if (!row.is_group) app.timeline.selected_lane = row.index;
    }
    const std::int32_t menu_row = f.menu_row >= 0 ? f.menu_row
                                  : (hovered && ImGui::IsMouseReleased(ImGuiMouseButton_Right)) ? f.hovered_row
                                                                                               : -1;
    if (menu_row >= 0) {
        app.timeline.context_row = menu_row;
        ImGui::OpenPopup("row_menu");
    }
    // F fits the whole run (GLFW's key code for F is 'F').
    if (hovered && !io.WantTextInput && ImGui::IsKeyPressed('F', false)) app.timeline.fit_pending = true;
}

void ensure_layout(App& app, const TraceModel& m) {
    TimelineState& tl = app.timeline;
    // Opening another scenario resets the folds while the old run is still shown.
    if (tl.collapsed.size() != m.groups.size()) {
        tl.collapsed.resize(m.groups.size(), 0);
        tl.layout_dirty = true;
    }
    if (tl.layout_model == &m && !tl.layout_dirty) return;
    tl.layout = build_layout(m, tl.collapsed);
    tl.layout_model = &m;
    tl.layout_dirty = false;
}

// A script records a trace of every event loop it makes; one that makes
// none (no asyncio.run, no run_until_complete) has nothing to draw.
bool untraced_script(const App& app) {
    return app.shown != nullptr && app.shown->is_script && app.shown->trace.events.empty() && app.shown->error.empty();
}

}  // namespace

// Where the playhead stands on the pass axis: just after the last event
// that has happened.
double pass_axis_now(const PassAxis& axis, std::size_t at, std::size_t events) {
    if (at == 0) return 0.05;
    const double prev = axis.at_event(at - 1), next = at < events ? axis.at_event(at) : axis.end();
    return std::min((prev + next) / 2, prev + 0.05);
}

void draw_timeline(App& app) {
    app.timeline.cancel_controls.clear();
    app.timeline.row_rects.clear();
    app.timeline.arrows_drawn.clear();
    app.timeline.hover = {};
    if (!begin_view(app, View::Timeline, "Timeline")) {
        ImGui::End();
        return;
    }
    const TraceModel* model = app.model();
    if (model == nullptr || model->empty()) {
        ImGui::TextDisabled(app.session.running() ? "running…" : "no run");
        ImGui::End();
        return;
    }
    if (untraced_script(app)) {
        ImGui::TextWrapped("This script ran (its output is in the console) but ran nothing on an event loop (no asyncio.run, "
                           "no run_until_complete), so there is no timeline to draw.");
        ImGui::End();
        return;
    }
    const TraceModel& m = *model;
    ensure_layout(app, m);
    TimelineState& tl = app.timeline;
    const float s = app.settings.ui_scale;

    if (ImGui::Button("Fit")) tl.fit_pending = true;
    same_line_or_wrap(ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize("show future faded").x);
    ImGui::Checkbox("show future faded", &app.settings.ghost_future);
    // The axis: seconds, or the loop's passes (not without the loop's detail).
    const bool can_pass = m.trace().passes.size() > 0 && !m.trace().loop_detail.cut;
    if (!can_pass) tl.by_passes = false;
    same_line_or_wrap(ImGui::CalcTextSize("axis: time passes").x + 4 * ImGui::GetFrameHeight());
    ImGui::TextUnformatted("axis:");
    ImGui::SameLine();
    if (ImGui::RadioButton("time", !tl.by_passes) && tl.by_passes) tl.by_passes = false, tl.fit_pending = true;
    ImGui::SameLine();
    if (!can_pass) ImGui::BeginDisabled();
    if (ImGui::RadioButton("passes", tl.by_passes) && !tl.by_passes) tl.by_passes = true, tl.fit_pending = true;
    if (!can_pass) ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip(can_pass ? "one column per pass of _run_once: the events of one instant in the order they happened"
                                   : "this run's trace keeps the loop's passes for its first callbacks only "
                                     "(Outcome > Event loop: Run again keeping all of it)");
    if (tl.by_passes && tl.pass_axis_trace != &m.trace()) {
        tl.pass_axis = PassAxis(m.trace());
        tl.pass_axis_trace = &m.trace();
    }
    const PassAxis* passes = tl.by_passes ? &tl.pass_axis : nullptr;
    draw_legend(app.palette, 20 * s);

    const float label_w = std::floor(std::min(250.f * s, ImGui::GetContentRegionAvail().x * 0.4f));
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float avail_w = ImGui::GetContentRegionAvail().x;
    const float scrollbar = ImGui::GetStyle().ScrollbarSize;
    tl.ctx.x0 = origin.x + label_w;
    const float width = std::max(avail_w - label_w - scrollbar, 10.f);
    if (tl.is_fit && width != tl.ctx.width) tl.fit_pending = true;  // a resized window stays fitted
    tl.ctx.width = width;
    if (tl.fit_pending) {
        fit(tl.ctx, 0.0, passes != nullptr ? passes->end() : std::max(m.end_time(), 1e-6), 24.f * s);  // room for the markers at either end
        tl.fit_pending = false;
        tl.is_fit = true;
    }
    const float axis_h = ImGui::GetTextLineHeight() * 1.5f;
    if (passes != nullptr) {
        draw_pass_axis(app, tl.ctx, *passes, axis_h);
    } else {
        draw_axis(app, tl.ctx, axis_h);
    }

    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::BeginChild("rows", ImVec2(0, 0), false, ImGuiWindowFlags_NoScrollWithMouse);
    ImGui::PopStyleVar();  // read by BeginChild only; tooltips keep their padding
    const ImVec2 win = ImGui::GetWindowPos();
    const float visible_h = ImGui::GetWindowHeight();
    Frame f{m, m.trace(), app.palette, tl, app.transport.playhead.event,
            passes != nullptr ? pass_axis_now(*passes, app.transport.playhead.event, m.trace().events.size())
                              : app.transport.playhead.time,
            passes, app.settings.ghost_future, std::round(ImGui::GetFontSize() + 5 * s), label_w, 0,
            ImGui::GetWindowDrawList()};

    // Input first: the canvas button covers the visible part right of the labels.
    ImGui::SetCursorScreenPos(ImVec2(tl.ctx.x0, win.y));
    ImGui::InvisibleButton("canvas", ImVec2(tl.ctx.width, std::max(visible_h, 1.f)),
                           ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight);
    const bool hovered = ImGui::IsItemHovered(), active = ImGui::IsItemActive();
    tl.canvas = {"canvas", tl.ctx.x0, win.y, tl.ctx.width, visible_h};

    ImGui::SetCursorPos(ImVec2(0, 0));
    f.rows_top = ImGui::GetCursorScreenPos().y;
    const auto rows = static_cast<std::int32_t>(tl.layout.rows.size());
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    if (ImGui::IsWindowHovered()) f.hovered_row = row_at_y(mouse.y - f.rows_top, f.row_h, tl.layout.rows.size());
    f.mouse_x = mouse.x;

    ImDrawListSplitter layers;
    layers.Split(f.dl, kLayerCount);
    f.layers = &layers;
    f.canvas_clip = ImVec4(tl.ctx.x0, win.y, tl.ctx.x0 + tl.ctx.width, win.y + visible_h);
    // Grid lines under the rows.
    to_layer(f, kBackground);
    if (passes == nullptr) {
        for (const Tick& t : axis_ticks(tl.ctx, 90.f * s))
            if (t.major) f.dl->AddLine(ImVec2(t.x, win.y), ImVec2(t.x, win.y + visible_h), app.palette.grid);
    } else if (1.0 / tl.ctx.seconds_per_px >= 6) {
        // Column edges, where columns are wide enough to tell apart, and
        // every other instant shaded, so that its passes read as one.
        const auto c0 = static_cast<std::size_t>(std::max(0.0, std::floor(tl.ctx.t0)));
        const auto c1 = std::min(passes->columns(), static_cast<std::size_t>(std::max(0.0, std::ceil(tl.ctx.t1()))) + 1);
        bool shaded = false;
        for (std::size_t c = 0; c < c1; ++c) {
            if (c > 0 && passes->column_time(c) != passes->column_time(c - 1)) shaded = !shaded;
            if (c < c0) continue;
            const float x = tl.ctx.x_at(static_cast<double>(c));
            if (shaded)
                f.dl->AddRectFilled(ImVec2(x, win.y), ImVec2(tl.ctx.x_at(static_cast<double>(c + 1)), win.y + visible_h),
                                    with_alpha(app.palette.grid, 0.5f));
            f.dl->AddLine(ImVec2(x, win.y), ImVec2(x, win.y + visible_h), app.palette.grid);
        }
    }

    // Rows are tight: small buttons with little vertical padding.
    ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(4 * s, 1 * s));
    ImGuiListClipper clipper;
    clipper.Begin(rows, f.row_h);
    std::int32_t first = rows, last = 0;
    while (clipper.Step()) {
        first = std::min(first, clipper.DisplayStart);
        last = std::max(last, clipper.DisplayEnd);
        for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) draw_row(app, f, r, win.x, avail_w);
    }
    clipper.End();
    ImGui::PopStyleVar();
    to_layer(f, kCanvas);
    f.dl->PushClipRect(ImVec2(f.canvas_clip.x, f.canvas_clip.y), ImVec2(f.canvas_clip.z, f.canvas_clip.w), true);
    if (first < last) draw_arrows(f, first, last, win.y, win.y + visible_h);
    // The playhead, over everything.
    const float px = std::round(tl.ctx.x_at(f.now));  // on a pixel boundary: two crisp columns
    if (px >= tl.ctx.x0 && px <= tl.ctx.x0 + tl.ctx.width) {
        f.dl->AddLine(ImVec2(px, win.y), ImVec2(px, win.y + visible_h), app.palette.playhead, 2.0f);
        // Over the axis, outside the rows' clip: the foreground list, which
        // would also draw over the help overlay.
        if (!app.help_open) ImGui::GetForegroundDrawList()->AddTriangleFilled(ImVec2(px - 6 * s, win.y - 8 * s), ImVec2(px + 6 * s, win.y - 8 * s),
                                                          ImVec2(px, win.y), app.palette.playhead);
    }
    f.dl->PopClipRect();
    to_layer(f, kLabels);
    layers.Merge(f.dl);
    f.layers = nullptr;

    handle_canvas_input(app, f, hovered, active);
    if (hovered && !active && f.hovered_row >= 0 && !ImGui::IsPopupOpen("row_menu")) {
        const Row& row = tl.layout.rows[static_cast<std::size_t>(f.hovered_row)];
        if (f.hovered_event != kNone) {
            event_tooltip(m, f.hovered_event, f.hovered_count);
        } else {
            const HoverMoment when = hover_moment(f);
            if (row.is_group) group_tooltip(m, m.groups[row.index], when);
            else lane_tooltip(m, m.lanes[row.index], when);
            const std::string state =
                row.is_group ? "group" : std::string(lane_state_name(m.lane_status(m.lanes[row.index], when.event).state));
            tl.hover = {true, row_name(m, row), when.time, state, when.clamped_to_playhead};
        }
    }
    row_context_menu(app, m);
    ImGui::EndChild();
    ImGui::End();
}

}  // namespace loopscope::gui
