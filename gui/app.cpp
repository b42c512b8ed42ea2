#include "gui/app.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>

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
    if (keep_time) {
        place_playhead(app.transport, trace, app.transport.playhead.time);
    } else {
        app.transport.playhead = playhead_end(trace);
        app.transport.clamped_note.clear();
    }
    if (app.model() != nullptr && app.timeline.collapsed.size() != app.model()->groups.size())
        app.timeline.collapsed.resize(app.model()->groups.size(), 0);
    app.timeline.layout_dirty = true;
    if (app.timeline.is_fit) app.timeline.fit_pending = true;
    const auto lanes = app.model() ? app.model()->lanes.size() : 0;
    if (app.timeline.selected_lane >= static_cast<std::int64_t>(lanes)) app.timeline.selected_lane = -1;
}

// With software GL (llvmpipe, Xvfb) filling pixels is what a frame costs,
// and window backgrounds are most of the pixels. The frame is cleared to the
// window background colour anyway, so a window that overlaps no other one
// (the default tiled layout) leaves its background out; one dragged over
// another gets it back.
bool begin_view(App& app, View view, const char* name, ImGuiWindowFlags flags) {
    const int self = static_cast<int>(view);
    const ViewRect& me = app.views[self];
    bool overlaps = !me.shown;
    for (int i = 0; i < static_cast<int>(View::Count) && !overlaps; ++i) {
        const ViewRect& o = app.views[i];
        if (i == self || !o.shown) continue;
        overlaps = me.x0 < o.x1 - 1 && o.x0 < me.x1 - 1 && me.y0 < o.y1 - 1 && o.y0 < me.y1 - 1;
    }
    const bool open = ImGui::Begin(name, nullptr, flags | (overlaps ? 0 : ImGuiWindowFlags_NoBackground));
    const ImVec2 pos = ImGui::GetWindowPos(), size = ImGui::GetWindowSize();
    app.views[self] = {pos.x, pos.y, pos.x + size.x, pos.y + size.y, true};
    return open;
}

namespace {
// Default window placement: scenario panel and call sites on the left, the timeline on the
// right under the transport bar, console/outcome/source along the bottom.
// FirstUseEver lets imgui.ini keep the user's own arrangement.
void place(float x, float y, float w, float h, bool force) {
    const ImGuiCond cond = force ? ImGuiCond_Always : ImGuiCond_FirstUseEver;
    ImGui::SetNextWindowPos(ImVec2(x, y), cond);
    ImGui::SetNextWindowSize(ImVec2(w, h), cond);
}
}  // namespace

void draw_frame(App& app) {
    app.call_site_rects.clear();
    app.param_rects.clear();
    handle_transport_keys(app);
    draw_menu_bar(app);

    const ImVec2 display = ImGui::GetIO().DisplaySize;
    const float s = app.settings.ui_scale;
    const float top = ImGui::GetFrameHeight();  // the main menu bar
    const float left_w = std::min(360.f * s, display.x * 0.35f);
    const float split_y = std::floor(display.y * 0.64f);
    // Title bar + two rows of controls.
    const float transport_h = ImGui::GetFrameHeight() + ImGui::GetFrameHeightWithSpacing() * 2 + ImGui::GetStyle().WindowPadding.y * 2;
    const bool force = app.reset_layout;
    app.reset_layout = false;

    const float scenario_h = std::floor((split_y - top) * 0.45f);
    place(0, top, left_w, scenario_h, force);
    draw_scenario_panel(app);
    place(0, top + scenario_h, left_w, split_y - top - scenario_h, force);
    draw_call_sites(app);
    place(left_w, top, display.x - left_w, transport_h, force);
    draw_transport(app);
    place(left_w, top + transport_h, display.x - left_w, split_y - top - transport_h, force);
    draw_timeline(app);
    const float bottom_h = display.y - split_y;
    place(0, split_y, display.x * 0.38f, bottom_h, force);
    draw_console(app);
    place(display.x * 0.38f, split_y, display.x * 0.27f, bottom_h, force);
    draw_outcome(app);
    place(display.x * 0.65f, split_y, display.x * 0.35f, bottom_h, force);
    draw_source(app);
    draw_problem(app);
    draw_file_browser(app);
}

}  // namespace loopscope::gui
