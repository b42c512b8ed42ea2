// Transport: restart, step back/forward (by event or by instant), play/pause,
// speed and the scrubber; and their keys (space, ←/→, Shift+←/→, Home/End).
#include <imgui.h>
#include <imgui_internal.h>  // the window's clip rectangle

#include <algorithm>
#include <cstdio>

#include "gui/app.hpp"

namespace loopscope::gui {

namespace {
void set_playhead(App& app, Playhead p) {
    app.transport.playhead = p;
}

// Records a control or label of the Transport and whether the panel shows
// all of it (for --dump-state: a label cut by the panel's edge is a bug).
void note_label(App& app, const char* name, ImVec2 min, ImVec2 max, bool fits = true) {
    const ImRect clip = ImGui::GetCurrentWindow()->InnerClipRect;
    const bool inside = min.x >= clip.Min.x - 0.5f && min.y >= clip.Min.y - 0.5f && max.x <= clip.Max.x + 0.5f &&
                        max.y <= clip.Max.y + 0.5f;
    app.transport.labels.push_back({name, min.x, min.y, max.x - min.x, max.y - min.y, inside && fits});
}
void note_item(App& app, const char* name) { note_label(app, name, ImGui::GetItemRectMin(), ImGui::GetItemRectMax()); }

// The scrubber's text, centred in its frame as ImGui draws it: shown whole
// only when the frame is wide enough.
void note_slider_text(App& app, const char* name, const char* text) {
    const ImVec2 fmin = ImGui::GetItemRectMin(), fmax = ImGui::GetItemRectMax();
    const ImVec2 size = ImGui::CalcTextSize(text);
    const float cx = (fmin.x + fmax.x) / 2, cy = (fmin.y + fmax.y) / 2;
    const ImVec2 min(cx - size.x / 2, cy - size.y / 2), max(cx + size.x / 2, cy + size.y / 2);
    note_label(app, name, min, max, size.x <= fmax.x - fmin.x - 2 * ImGui::GetStyle().FramePadding.x);
}

void toggle_play(App& app) {
    const Trace* trace = app.trace();
    if (trace == nullptr) return;
    // Play from the start when at the end, as media players do.
    if (!app.transport.playing && at_end(*trace, app.transport.playhead)) set_playhead(app, Playhead{});
    app.transport.playing = !app.transport.playing;
}
}  // namespace

void handle_transport_keys(App& app) {
    const Trace* trace = app.trace();
    const ImGuiIO& io = ImGui::GetIO();
    // Keys belong to text fields while one is being edited.
    if (trace == nullptr || io.WantTextInput || io.KeyCtrl) return;
    Playhead& p = app.transport.playhead;
    const int dir_step = io.KeyShift ? 1 : 0;
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Space), false)) toggle_play(app);
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_RightArrow))) {
        app.transport.playing = false;
        p = dir_step ? step_instant(*trace, p, +1) : step_event(*trace, p, +1);
    }
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_LeftArrow))) {
        app.transport.playing = false;
        p = dir_step ? step_instant(*trace, p, -1) : step_event(*trace, p, -1);
    }
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Home), false)) app.transport.playing = false, p = Playhead{};
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_End), false)) app.transport.playing = false, p = playhead_end(*trace);
}

void tick_playback(App& app, double dt) {
    const Trace* trace = app.trace();
    if (!app.transport.playing || trace == nullptr) return;
    // After an idle wait the first frame's dt can be long: never jump ahead.
    dt = std::min(dt, 0.1);
    app.transport.playhead = advance(*trace, app.transport.playhead, dt * app.transport.speed);
    if (at_end(*trace, app.transport.playhead)) app.transport.playing = false;
}

void draw_transport(App& app) {
    app.transport.labels.clear();
    if (!begin_view(app, View::Transport, "Transport", ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoCollapse)) {
        ImGui::End();
        return;
    }
    const Trace* trace = app.trace();
    ImGui::BeginDisabled(trace == nullptr);
    Playhead& p = app.transport.playhead;
    if (trace != nullptr) {
        if (ImGui::Button("Restart")) app.transport.playing = false, p = Playhead{};
        note_item(app, "restart");
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Home");
        ImGui::SameLine();
        if (ImGui::Button("◀◀ instant")) app.transport.playing = false, p = step_instant(*trace, p, -1);
        note_item(app, "back_instant");
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Shift+Left: back to the previous instant of virtual time");
        ImGui::SameLine();
        if (ImGui::Button("◀ event")) app.transport.playing = false, p = step_event(*trace, p, -1);
        note_item(app, "back_event");
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Left: one event back");
        ImGui::SameLine();
        if (ImGui::Button(app.transport.playing ? "Pause" : "Play", ImVec2(ImGui::GetFontSize() * 4, 0))) toggle_play(app);
        note_item(app, "play");
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Space");
        ImGui::SameLine();
        if (ImGui::Button("event ▶")) app.transport.playing = false, p = step_event(*trace, p, +1);
        note_item(app, "forward_event");
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Right: one event forward");
        ImGui::SameLine();
        if (ImGui::Button("instant ▶▶")) app.transport.playing = false, p = step_instant(*trace, p, +1);
        note_item(app, "forward_instant");
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("Shift+Right: to the end of the next instant");
        ImGui::SameLine();
        if (ImGui::Button("End")) app.transport.playing = false, p = playhead_end(*trace);
        note_item(app, "end");
        ImGui::SameLine();
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
        ImGui::SliderFloat("speed", &app.transport.speed, 0.1f, 100.f, "%.1f vs/s", ImGuiSliderFlags_Logarithmic);
        note_item(app, "speed");
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("virtual seconds per second");
        ImGui::SameLine();
        ImGui::Text("event %zu / %zu", p.event, trace->events.size());
        note_item(app, "event_counter");

        double t = p.time;
        const double zero = 0, end = std::max(trace_end_time(*trace), 1e-9);
        ImGui::SetNextItemWidth(-1);
        if (ImGui::SliderScalar("##scrub", ImGuiDataType_Double, &t, &zero, &end, "t = %.6f s")) {
            app.transport.playing = false;
            p = playhead_at_time(*trace, t);
        }
        note_item(app, "scrubber");
        char time_text[64];
        std::snprintf(time_text, sizeof time_text, "t = %.6f s", t);
        note_slider_text(app, "time", time_text);
        if (const std::string_view note = app.transport.clamp_note(); !note.empty())
            ImGui::TextColored(app.palette.warning, "%.*s", static_cast<int>(note.size()), note.data());
    }
    ImGui::EndDisabled();
    ImGui::End();
}

}  // namespace loopscope::gui
