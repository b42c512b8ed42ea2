// Transport: restart, step back/forward (by event, callback, pass of the
// loop or instant), play/pause, speed and the scrubber; and their keys
// (space, ←/→ with Alt, Shift or both, Home/End).
// The controls wrap to the panel's width (icons when it is narrow); the
// panel's height follows what they need (App::transport_need_h).
#include <imgui.h>
#include <imgui_internal.h>  // the window's clip rectangle

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>

#include "gui/app.hpp"
#include "gui/flow.hpp"

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
    // Arrows step by event; Shift: by instant; Alt: by callback; Alt+Shift: by pass.
    auto step = [&](int dir) {
        app.transport.playing = false;
        if (io.KeyAlt) p = io.KeyShift ? step_pass(*trace, p, dir) : step_callback(*trace, p, dir);
        else p = io.KeyShift ? step_instant(*trace, p, dir) : step_event(*trace, p, dir);
    };
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Space), false)) toggle_play(app);
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_RightArrow))) step(+1);
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_LeftArrow))) step(-1);
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Home), false)) app.transport.playing = false, p = Playhead{};
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_End), false)) app.transport.playing = false, p = playhead_end(*trace);
}

void tick_playback(App& app, double dt) {
    const Trace* trace = app.trace();
    if (!app.transport.playing || trace == nullptr) return;
    // After an idle wait the first frame's dt can be long: never jump ahead.
    dt = std::min(dt, 0.1);
    TransportState& tr = app.transport;
    if (tr.pace == TransportState::Pace::Callbacks && trace->callbacks.size() > 0) {
        // Each whole callback owed is one callback step (to the end of the
        // next callback that changes something).
        tr.callback_credit += dt * tr.callbacks_per_second;
        for (; tr.callback_credit >= 1 && !at_end(*trace, tr.playhead); tr.callback_credit -= 1)
            tr.playhead = step_callback(*trace, tr.playhead, +1);
    } else {
        tr.playhead = advance(*trace, tr.playhead, dt * tr.speed);
    }
    if (at_end(*trace, tr.playhead)) tr.playing = false, tr.callback_credit = 0;
}

namespace {
// The step buttons, with a full label and an icon for a narrow panel (then
// the tooltip names the step too).
enum class Step : std::uint8_t {
    Restart, BackInstant, BackPass, BackCallback, BackEvent, Play, ForwardEvent, ForwardCallback, ForwardPass, ForwardInstant, End
};
struct StepButton {
    Step step;
    const char* name;  // in the dump
    const char* full;
    const char* icon;
    const char* tip;
};
constexpr StepButton kSteps[] = {
    {Step::Restart, "restart", "Restart", "|◀", "Restart (Home)"},
    {Step::BackInstant, "back_instant", "◀◀ instant", "◀◀", "◀◀ instant (Shift+Left): back to the previous instant of virtual time"},
    {Step::BackPass, "back_pass", "◀ pass", "◀P", "◀ pass (Alt+Shift+Left): back to the end of the loop's previous pass"},
    {Step::BackCallback, "back_callback", "◀ callback", "◀C", "◀ callback (Alt+Left): back to the end of the previous callback"},
    {Step::BackEvent, "back_event", "◀ event", "◀", "◀ event (Left): one event back"},
    {Step::Play, "play", nullptr, nullptr, "Play / Pause (Space)"},
    {Step::ForwardEvent, "forward_event", "event ▶", "▶", "event ▶ (Right): one event forward"},
    {Step::ForwardCallback, "forward_callback", "callback ▶", "C▶", "callback ▶ (Alt+Right): to the end of the next callback the loop runs"},
    {Step::ForwardPass, "forward_pass", "pass ▶", "P▶", "pass ▶ (Alt+Shift+Right): to the end of the loop's next pass of _run_once"},
    {Step::ForwardInstant, "forward_instant", "instant ▶▶", "▶▶", "instant ▶▶ (Shift+Right): to the end of the next instant"},
    {Step::End, "end", "End", "▶|", "End (End)"},
};

void do_step(App& app, const Trace& trace, Step step) {
    Playhead& p = app.transport.playhead;
    if (step == Step::Play) return toggle_play(app);
    app.transport.playing = false;
    switch (step) {
        case Step::Restart: p = Playhead{}; break;
        case Step::BackInstant: p = step_instant(trace, p, -1); break;
        case Step::BackPass: p = step_pass(trace, p, -1); break;
        case Step::BackCallback: p = step_callback(trace, p, -1); break;
        case Step::BackEvent: p = step_event(trace, p, -1); break;
        case Step::ForwardEvent: p = step_event(trace, p, +1); break;
        case Step::ForwardCallback: p = step_callback(trace, p, +1); break;
        case Step::ForwardPass: p = step_pass(trace, p, +1); break;
        case Step::ForwardInstant: p = step_instant(trace, p, +1); break;
        case Step::End: p = playhead_end(trace); break;
        case Step::Play: break;
    }
}

// The buttons flow over as many lines as the panel's width needs; when even
// their full labels would not fit on one line they show icons.
void step_buttons(App& app, const Trace& trace) {
    const float avail = ImGui::GetContentRegionAvail().x, spacing = ImGui::GetStyle().ItemSpacing.x;
    const float play_w = std::max(ImGui::GetFontSize() * 4, button_width("Pause"));
    float full_w = -spacing;
    for (const StepButton& b : kSteps) full_w += spacing + (b.full ? button_width(b.full) : play_w);
    const bool icons = full_w > avail;
    bool first = true;
    for (const StepButton& b : kSteps) {
        char label[64];
        const char* text = b.full == nullptr ? (app.transport.playing ? "Pause" : "Play") : icons ? b.icon : b.full;
        std::snprintf(label, sizeof label, "%s###%s", text, b.name);  // one ID whatever it shows
        const float w = b.full == nullptr ? play_w : button_width(label);
        if (!first) same_line_or_wrap(w);
        first = false;
        if (ImGui::Button(label, ImVec2(b.full == nullptr ? play_w : 0, 0))) do_step(app, trace, b.step);
        note_item(app, b.name);
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", b.tip);
    }
}
}  // namespace

void draw_transport(App& app) {
    app.transport.labels.clear();
    if (!begin_view(app, View::Transport, "Transport", ImGuiWindowFlags_NoScrollbar)) {
        ImGui::End();
        return;
    }
    const Trace* trace = app.trace();
    ImGui::BeginDisabled(trace == nullptr);
    Playhead& p = app.transport.playhead;
    if (trace != nullptr) {
        step_buttons(app, *trace);
        const ImGuiStyle& style = ImGui::GetStyle();
        TransportState& tr = app.transport;
        const bool by_callbacks = tr.pace == TransportState::Pace::Callbacks;
        const char* pace_label = by_callbacks ? "per callback###pace" : "per second###pace";
        const float label_w = ImGui::CalcTextSize("speed").x + style.ItemInnerSpacing.x;
        const float slider_w = std::max(std::min(ImGui::GetFontSize() * 9, ImGui::GetContentRegionAvail().x - label_w),
                                        ImGui::GetFontSize() * 3);
        same_line_or_wrap(slider_w + label_w);
        ImGui::SetNextItemWidth(slider_w);
        if (by_callbacks) {
            ImGui::SliderFloat("speed", &tr.callbacks_per_second, 0.5f, 500.f, "%.1f callbacks/s", ImGuiSliderFlags_Logarithmic);
        } else {
            ImGui::SliderFloat("speed", &tr.speed, 0.1f, 100.f, "%.1f vs/s", ImGuiSliderFlags_Logarithmic);
        }
        note_item(app, "speed");
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip(by_callbacks ? "callbacks of the event loop per second (those that change something)"
                                           : "virtual seconds per second");
        same_line_or_wrap(button_width(pace_label));
        if (ImGui::Button(pace_label)) {
            tr.pace = by_callbacks ? TransportState::Pace::VirtualTime : TransportState::Pace::Callbacks;
            tr.callback_credit = 0;
        }
        note_item(app, "pace");
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip(by_callbacks ? "Play steps callback by callback; click to play in virtual seconds"
                                           : "Play moves in virtual seconds; click to play callback by callback");
        char counter[64];
        std::snprintf(counter, sizeof counter, "event %zu / %zu", p.event, trace->events.size());
        same_line_or_wrap(ImGui::CalcTextSize(counter).x);
        ImGui::TextUnformatted(counter);
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
        if (const std::string_view note = app.transport.clamp_note(); !note.empty()) {
            ImGui::PushStyleColor(ImGuiCol_Text, app.palette.warning);
            ImGui::TextWrapped("%.*s", static_cast<int>(note.size()), note.data());
            ImGui::PopStyleColor();
        }
    }
    ImGui::EndDisabled();
    // What the layout gives the panel next frame: the height of what it holds.
    const ImGuiStyle& style = ImGui::GetStyle();
    app.transport_need_h = std::ceil(ImGui::GetCursorPosY() - style.ItemSpacing.y + style.WindowPadding.y);
    ImGui::End();
}

}  // namespace loopscope::gui
