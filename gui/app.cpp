#include "gui/app.hpp"

#include <imgui.h>
#include <imgui_internal.h>  // FindWindowByName: a panel's rectangle before Begin

#include <algorithm>
#include <cmath>
#include <utility>

#include "gui/recent_files.hpp"
#include "gui/source_file.hpp"

namespace loopscope::gui {

namespace {
void reset_views(App& app) {
    app.timeline.collapsed.clear();
    app.timeline.layout_dirty = true;
    app.timeline.selected_lane = -1;
    app.timeline.fit_pending = true;
    app.source_last_line = -1;
    app.source_goto_line = 0;
    app.source_popup_line = 0;
    app.open_error.clear();
    app.controls = ControlState{};  // numbers remembered for None toggles belong to the old document
}

void show_file_source(App& app) {
    const SourceText* f = app.session.file();
    app.source_text_path = f ? f->path : std::string();
    app.source_lines = f ? f->lines : std::vector<std::string>{};
}
}  // namespace

void open_scenario(App& app, const Scenario& scenario, const RunRequest* request) {
    app.session.open(scenario, request);
    app.settings.last_scenario = scenario.name;
    app.watcher.stop();
    reset_views(app);
    app.source_lines = load_source_lines(scenario.py_file, app.source_text_path);
}

bool open_path(App& app, const std::string& path, const RunRequest* request, std::vector<CallSiteChoice> call_sites) {
    const std::string full = normal_path(path);
    switch (classify_path(full)) {
        case PathKind::Missing: app.open_error = "no such file: " + full; return false;
        case PathKind::Folder: app.open_error = "a folder, not a .py file: " + full; return false;
        case PathKind::OtherFile: app.open_error = "not a .py file: " + full; return false;
        case PathKind::PyFile: break;
    }
    app.session.open_file(full, request, std::move(call_sites));
    reset_views(app);
    show_file_source(app);
    app.watcher.watch(full, app.session.file()->stamp);
    app.settings.last_scenario = full;
    remember_recent(app.settings.recent_files, full);
    return true;
}

void reload_if_changed(App& app, double now) {
    if (!app.session.is_file() || !app.watcher.poll(now)) return;
    // A file deleted for a moment (an editor's save) is read again at the
    // next change; meanwhile the run shows "cannot read".
    app.session.reload_file();
    show_file_source(app);
}

void cancel_at_playhead(App& app, const std::string& target) {
    app.transport.land_before = app.transport.playhead.time;
    app.session.add_cancel(CancelIntervention{target, app.transport.playhead.time});
}

void place_playhead(TransportState& transport, const Trace& trace, double t) {
    transport.playhead = playhead_at_time(trace, t);
    transport.clamped_note.clear();
    if (t > transport.playhead.time) {
        char note[160];
        std::snprintf(note, sizeof note, "t=%.6f is past the end of this run: the playhead stops at its end, t=%.6f", t,
                      transport.playhead.time);
        transport.clamped_note = note;
        transport.clamped_at = transport.playhead;
    }
}

void accept_result(App& app, bool keep_time) {
    const auto& result = app.session.result();
    app.shown = result.get();
    app.source_marks_model = nullptr;  // recomputed for the new model
    if (app.shown == nullptr) return;
    const Trace& trace = app.shown->trace;
    const std::optional<double> land_before = std::exchange(app.transport.land_before, std::nullopt);
    if (keep_time && land_before && *land_before <= trace_end_time(trace)) {
        app.transport.playhead = playhead_before_time(trace, *land_before);
        app.transport.clamped_note.clear();
    } else if (keep_time) {
        place_playhead(app.transport, trace, app.transport.playhead.time);
    } else {
        // Before the story starts: the class guesses, then plays or presses End.
        app.transport.playhead = Playhead{};
        app.transport.playing = false;
        app.transport.clamped_note.clear();
    }
    if (app.model() != nullptr && app.timeline.collapsed.size() != app.model()->groups.size())
        app.timeline.collapsed.resize(app.model()->groups.size(), 0);
    app.timeline.layout_dirty = true;
    if (app.timeline.is_fit) app.timeline.fit_pending = true;
    const auto lanes = app.model() ? app.model()->lanes.size() : 0;
    if (app.timeline.selected_lane >= static_cast<std::int64_t>(lanes)) app.timeline.selected_lane = -1;
}

namespace {
bool differs(const Rect& a, const Rect& b) {
    return std::abs(a.x - b.x) > 0.5f || std::abs(a.y - b.y) > 0.5f || std::abs(a.w - b.w) > 0.5f || std::abs(a.h - b.h) > 0.5f;
}

LayoutInput layout_input(const App& app) { return {app.work_area, ImGui::GetFontSize(), app.transport_need_h}; }

// A tiled panel goes where the layout says, set only when that changes (a
// new window size or scale, a reset) so that the user can drag it. When the
// user has moved or resized it (ImGui moved it under the mouse since it was
// put), it stays there, held inside the work area, and its rectangle is kept
// as fractions of the work area in the settings.
void place_panel(App& app, int panel, const char* name) {
    std::optional<Rect>& applied = app.panel_applied[panel];
    if (const ImGuiWindow* w = ImGui::FindWindowByName(name); w != nullptr && applied) {
        const Rect now{w->Pos.x, w->Pos.y, w->SizeFull.x, w->SizeFull.y};
        if (differs(now, *applied)) {
            if (ImGui::IsMouseDown(ImGuiMouseButton_Left) || ImGui::IsMouseReleased(ImGuiMouseButton_Left)) {
                app.settings.panels[panel] = to_fractions(keep_inside(now, app.work_area, 0, 0), app.work_area);
                app.panel_target[panel] = layout_panels(layout_input(app), app.settings.panels)[panel];
                applied = now;
            } else {
                applied.reset();  // moved by something else: put it back
            }
        }
    }
    const Rect& target = app.panel_target[panel];
    if (applied && !differs(target, *applied)) return;
    ImGui::SetNextWindowPos(ImVec2(target.x, target.y), ImGuiCond_Always);
    ImGui::SetNextWindowSize(ImVec2(target.w, target.h), ImGuiCond_Always);
    applied = target;
}
}  // namespace

// With software GL (llvmpipe, Xvfb) filling pixels is what a frame costs,
// and window backgrounds are most of the pixels. The frame is cleared to the
// window background colour anyway, so a window that overlaps no other one
// (the default tiled layout) leaves its background out; one dragged over
// another gets it back.
bool begin_view(App& app, View view, const char* name, ImGuiWindowFlags flags) {
    const int self = static_cast<int>(view);
    if (self < kPanelCount) place_panel(app, self, name);
    const ViewRect& me = app.views[self];
    bool overlaps = !me.shown;
    for (int i = 0; i < static_cast<int>(View::Count) && !overlaps; ++i) {
        const ViewRect& o = app.views[i];
        if (i == self || !o.shown) continue;
        overlaps = me.x0 < o.x1 - 1 && o.x0 < me.x1 - 1 && me.y0 < o.y1 - 1 && o.y0 < me.y1 - 1;
    }
    // A tiled panel does not collapse: it would leave a hole in the tiling.
    if (self < kPanelCount) flags |= ImGuiWindowFlags_NoCollapse;
    const bool open = ImGui::Begin(name, nullptr, flags | (overlaps ? 0 : ImGuiWindowFlags_NoBackground));
    const ImVec2 pos = ImGui::GetWindowPos(), size = ImGui::GetWindowSize();
    app.views[self] = {pos.x, pos.y, pos.x + size.x, pos.y + size.y, true};
    return open;
}

// The menu bar, then the panels: Scenario and Call sites on the left, the
// Transport over the Timeline on the right, Console, Outcome and Source
// along the bottom, tiled over the window below the menu bar at every frame
// (gui/layout.hpp); the Problem banner and the file browser float above.
void draw_frame(App& app) {
    app.timeline.linked_lane = std::exchange(app.timeline.linked_lane_next, -1);
    app.call_site_rects.clear();
    app.param_rects.clear();
    handle_transport_keys(app);
    handle_help_keys(app);
    draw_menu_bar(app);

    const ImVec2 display = ImGui::GetIO().DisplaySize;
    app.work_area = {0, app.menu_bar_h, display.x, std::max(display.y - app.menu_bar_h, 1.0f)};
    if (app.reset_layout) {
        app.settings.panels = {};
        app.panel_applied = {};
        app.reset_layout = false;
    }
    app.panel_target = layout_panels(layout_input(app), app.settings.panels);

    draw_scenario_panel(app);
    draw_call_sites(app);
    draw_transport(app);
    draw_timeline(app);
    draw_console(app);
    draw_outcome(app);
    draw_source(app);
    draw_problem(app);
    draw_file_browser(app);
    draw_help(app);
}

}  // namespace loopscope::gui
