// The outcome: what main got, and each group's slots as they fill in:
// gather's results in argument order; wait's done and pending sets as it
// returned them, once it has; wait_for and as_completed and how they ended.
// Its second tab is the event loop at the playhead (view_loop.cpp).
#include <imgui.h>

#include <string>

#include "gui/app.hpp"

namespace loopscope::gui {

namespace {

struct ChildOutcome {
    std::string name;
    DoneKind done = DoneKind::Pending;
    std::string text;  // repr of the result or exception
};

ChildOutcome child_outcome(const TraceModel& m, std::uint32_t child, std::size_t at) {
    ChildOutcome out;
    out.name = m.future_name(child);
    std::uint32_t ev = kNone;
    if (auto l = m.lane_of(child); l >= 0) ev = m.lanes[static_cast<std::size_t>(l)].done_event;
    else if (auto g = m.group_of(child); g >= 0) ev = m.groups[static_cast<std::size_t>(g)].done_event;
    if (ev != kNone && ev < at) {
        const TraceEvent& e = m.trace().events[ev];
        out.done = done_kind(m.trace(), e);
        out.text = m.trace().text(e.text);
        // Who cancelled it: a gather's siblings cancelled by asyncio.run()'s
        // shutdown were not cancelled by the gather.
        if (const std::uint32_t c = m.last_cancel_request(child, at); out.done == DoneKind::Cancelled && c != kNone)
            out.text += (out.text.empty() ? "by " : " by ") + m.cancel_cause_text(c);
    }
    return out;
}

ImVec4 done_colour(const App& app, DoneKind d) {
    switch (d) {
        case DoneKind::Crashed: return ImGui::ColorConvertU32ToFloat4(app.palette.crash);
        case DoneKind::Cancelled: return ImGui::ColorConvertU32ToFloat4(app.palette.cancelled);
        case DoneKind::Finished: return ImGui::ColorConvertU32ToFloat4(app.palette.finish);
        case DoneKind::Pending: break;
    }
    return ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled);
}

const char* done_word(DoneKind d) {
    switch (d) {
        case DoneKind::Finished: return "result";
        case DoneKind::Crashed: return "exception";
        case DoneKind::Cancelled: return "cancelled";
        case DoneKind::Pending: break;
    }
    return "pending";
}

void main_outcome(const App& app, const TraceModel& m, std::size_t at) {
    if (m.lanes.empty()) return;
    const Lane& main = m.lanes.front();  // main is Task-1, created first (runners.py)
    if (main.done_event == kNone || main.done_event >= at) {
        const LaneStatus st = m.lane_status(main, at);
        ImGui::Text("main: %s", std::string(lane_state_name(st.state)).c_str());
        if (st.state == LaneState::Suspended) {
            ImGui::SameLine();
            ImGui::TextDisabled("awaiting %s", m.future_name(st.awaiting).c_str());
        }
        return;
    }
    const TraceEvent& e = m.trace().events[main.done_event];
    const DoneKind d = done_kind(m.trace(), e);
    ImGui::TextUnformatted(d == DoneKind::Finished ? "main returned:" : "main raised:");
    ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_Text, done_colour(app, d));
    const std::string text = m.trace().text(e.text);
    ImGui::TextWrapped("%s", d == DoneKind::Cancelled && text.empty() ? "CancelledError()" : text.c_str());
    ImGui::PopStyleColor();
}

// One row of a group's table: its first column, the child, its outcome by `at`.
void slot_row(const App& app, const TraceModel& m, const char* first, std::uint32_t child, std::size_t at) {
    const ChildOutcome c = child_outcome(m, child, at);
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(first);
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(c.name.c_str());
    ImGui::TableNextColumn();
    ImGui::PushStyleColor(ImGuiCol_Text, done_colour(app, c.done));
    if (c.done == DoneKind::Pending) ImGui::TextUnformatted("…");
    else ImGui::Text("%s %s", done_word(c.done), c.text.c_str());
    ImGui::PopStyleColor();
}

// The rows of a group: gather's slots in argument order; a wait() that
// returned, its done and pending sets as it returned them (the outcome
// column goes on showing each task as it is); any other waiting call, or a
// wait still waiting or never returned, its children as they are now.
void group_rows(const App& app, const TraceModel& m, const GroupNode& g, std::size_t at) {
    const TraceGroup& tg = m.trace().groups[g.group];
    const bool returned_sets = tg.kind == GroupInfo::Kind::Wait && g.finished_event != kNone && g.finished_event < at &&
                               tg.end != GroupEnd::NeverReturned;
    const std::size_t rows = returned_sets ? tg.done.size() + tg.pending.size() : tg.children.size();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(rows));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const auto row = static_cast<std::size_t>(i);
            if (returned_sets) {
                const bool in_done = row < tg.done.size();
                slot_row(app, m, in_done ? "done" : "pending", in_done ? tg.done[row] : tg.pending[row - tg.done.size()], at);
            } else if (tg.kind == GroupInfo::Kind::Gather) {
                slot_row(app, m, std::to_string(i).c_str(), tg.children[row], at);
            } else {
                const ChildOutcome now = child_outcome(m, tg.children[row], at);
                slot_row(app, m, now.done == DoneKind::Pending ? "not done" : "done", tg.children[row], at);
            }
        }
    }
}

void group_slots(const App& app, const TraceModel& m, const GroupNode& g, std::size_t at) {
    const TraceGroup& tg = m.trace().groups[g.group];
    if (g.created_event != kNone && g.created_event >= at) return;  // not created yet
    const std::size_t done_count = g.children_done_before(at);
    std::string header = m.group_title(g) + "   ";
    if (tg.kind == GroupInfo::Kind::Gather) {
        header += std::to_string(done_count) + "/" + std::to_string(tg.children.size()) + " slots filled";
    } else {
        header += m.group_end_text(g, at);
        if (g.finished_event == kNone || g.finished_event >= at)
            header += " (" + std::to_string(done_count) + " of " + std::to_string(tg.children.size()) + " done so far)";
    }
    ImGui::PushID(static_cast<int>(g.group));
    if (ImGui::CollapsingHeader((header + "###g").c_str(), tg.children.size() <= 20 ? ImGuiTreeNodeFlags_DefaultOpen : 0)) {
        const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingFixedFit;
        if (ImGui::BeginTable("slots", 3, flags)) {
            const bool returned = g.finished_event != kNone && g.finished_event < at;
            const char* first = tg.kind == GroupInfo::Kind::Gather                     ? "slot"
                                : tg.kind == GroupInfo::Kind::Wait && returned &&
                                        tg.end != GroupEnd::NeverReturned ? "returned in"
                                                                          : "now";
            ImGui::TableSetupColumn(first);
            ImGui::TableSetupColumn("child");
            ImGui::TableSetupColumn("outcome", ImGuiTableColumnFlags_WidthStretch);
            ImGui::TableHeadersRow();
            group_rows(app, m, g, at);
            ImGui::EndTable();
        }
    }
    ImGui::PopID();
}

}  // namespace

void draw_outcome(App& app) {
    if (!begin_view(app, View::Outcome, "Outcome")) {
        ImGui::End();
        return;
    }
    // Two tabs: what the program got, and the event loop's work at the playhead.
    app.loop_tab_rect.reset();
    app.loop_rerun_rect.reset();
    if (ImGui::BeginTabBar("outcome_tabs")) {
        if (ImGui::BeginTabItem("Outcome")) {
            app.outcome_tab = OutcomeTab::Outcome;
            ImGui::EndTabItem();
        }
        const bool loop_open =
            ImGui::BeginTabItem("Event loop", nullptr, app.select_loop_tab ? ImGuiTabItemFlags_SetSelected : 0);
        app.select_loop_tab = false;
        app.loop_tab_rect = Rect{ImGui::GetItemRectMin().x, ImGui::GetItemRectMin().y, ImGui::GetItemRectSize().x,
                                 ImGui::GetItemRectSize().y};
        if (loop_open) {
            app.outcome_tab = OutcomeTab::Loop;
            ImGui::EndTabItem();
        }
        ImGui::EndTabBar();
    }
    const TraceModel* m = app.model();
    if (app.outcome_tab == OutcomeTab::Loop) {
        draw_loop_view(app);
    } else if (m != nullptr && !m->empty()) {
        const std::size_t at = app.transport.playhead.event;
        main_outcome(app, *m, at);
        if (app.shown->stopped) ImGui::TextColored(app.palette.warning, "stopped: %s", app.shown->stopped->c_str());
        ImGui::Separator();
        // Outermost groups first: the result main sees comes from them.
        for (std::size_t gi = m->groups.size(); gi-- > 0;) group_slots(app, *m, m->groups[gi], at);
    }
    ImGui::End();
}

}  // namespace loopscope::gui
