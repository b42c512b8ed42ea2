#include "gui/state_dump.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cmath>
#include <fstream>

#include "engine/callback_kind.hpp"
#include "gui/app.hpp"
#include "gui/loop_moment.hpp"
#include "gui/loop_state.hpp"
#include "gui/theme.hpp"

namespace loopscope::gui {

namespace {

using Json = nlohmann::ordered_json;

// A number, or null for what JSON cannot hold (inf, nan).
Json number(double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); }

Json python_value(const Value& v) {
    switch (v.kind()) {
        case Value::Kind::None: return nullptr;
        case Value::Kind::Bool: return v.as_bool();
        case Value::Kind::Int: return v.as_int();
        case Value::Kind::Float: return number(v.as_float());
        case Value::Kind::Str: return v.as_str();
        default: return repr(v);
    }
}

const char* done_name(DoneKind d) {
    switch (d) {
        case DoneKind::Finished: return "finished";
        case DoneKind::Crashed: return "crashed";
        case DoneKind::Cancelled: return "cancelled";
        case DoneKind::Pending: break;
    }
    return "pending";
}

// A million-lane run would make a file nobody reads; tests use small ones.
constexpr std::size_t kMaxLanes = 20000;

Json names(const TraceModel& m, const std::vector<std::uint32_t>& futures) {
    Json out = Json::array();
    for (std::uint32_t f : futures) out.push_back(m.future_name(f));
    return out;
}

Json lanes(const TraceModel& m, std::size_t at) {
    Json out = Json::array();
    const std::size_t n = std::min(m.lanes.size(), kMaxLanes);
    for (std::size_t i = 0; i < n; ++i) {
        const Lane& lane = m.lanes[i];
        const LaneStatus st = m.lane_status(lane, at);
        Json row{{"name", m.lane_name(lane)}, {"function", m.lane_function(lane)}, {"call", m.lane_call(lane)},
                 {"state", lane_state_name(st.state)}};
        if (const std::int32_t line = m.lane_line(lane, at); line > 0) row["line"] = line;
        if (st.state == LaneState::Suspended) row["awaits"] = m.future_name(st.awaiting);
        if (lane.parent_group != kNone) {
            const GroupNode& g = m.groups[lane.parent_group];
            row["group"] = m.group_label(g).empty() ? m.group_title(g) : std::string(m.group_label(g));
        }
        if (lane.done_event != kNone && lane.done_event < at)
            row["outcome"] = m.trace().text(m.trace().events[lane.done_event].text);
        if (const std::uint32_t cancel = m.last_cancel_request(lane.future, at); cancel != kNone) {
            row["cancel_cause"] = m.cancel_cause_text(cancel);
            row["cancel_chain"] = m.cancel_chain_text(cancel);
        }
        out.push_back(std::move(row));
    }
    return out;
}

// A waiting call's end as of `at`: pending until its GroupFinished has
// happened; then how it ended, when, and for wait() the sets it returned.
void group_end(Json& row, const TraceModel& m, const GroupNode& g, std::size_t at) {
    const TraceGroup& tg = m.trace().groups[g.group];
    const bool ended = g.finished_event != kNone && g.finished_event < at;
    row["how"] = ended ? group_end_name(tg.end) : "pending";
    row["returned_at"] = ended ? number(tg.ended_at) : Json(nullptr);
    row["done"] = ended ? names(m, tg.done) : Json::array();
    row["pending"] = ended ? names(m, tg.pending) : Json::array();
}

Json groups(const TraceModel& m, std::size_t at) {
    Json out = Json::array();
    for (const GroupNode& g : m.groups) {
        const TraceGroup& tg = m.trace().groups[g.group];
        const bool done = g.done_event != kNone && g.done_event < at;
        const bool created = g.created_event == kNone || g.created_event < at;
        Json row{{"label", m.group_label(g)},
                 {"title", m.group_title(g)},
                 {"kind", group_kind_name(tg.kind)},
                 {"state", !created ? "not created" : done ? done_name(g.done) : "pending"},
                 {"children", tg.children.size()},
                 {"children_done", g.children_done_before(at)}};
        if (tg.kind != GroupInfo::Kind::Gather) group_end(row, m, g, at);
        if (const std::uint32_t cancel = m.last_cancel_request(tg.group, at); cancel != kNone) {
            row["cancel_cause"] = m.cancel_cause_text(cancel);
            row["cancel_chain"] = m.cancel_chain_text(cancel);
        }
        out.push_back(std::move(row));
    }
    return out;
}

Json main_task(const TraceModel& m, std::size_t at) {
    if (m.lanes.empty()) return {{"state", "none"}};
    const Lane& main = m.lanes.front();
    Json out{{"state", lane_state_name(m.lane_status(main, at).state)}};
    if (main.done_event != kNone && main.done_event < at) {
        const TraceEvent& e = m.trace().events[main.done_event];
        const DoneKind d = done_kind(m.trace(), e);
        std::string text = m.trace().text(e.text);
        if (d == DoneKind::Cancelled && text.empty()) text = "CancelledError()";
        out["raised"] = d != DoneKind::Finished;
        out["outcome"] = text;
    }
    return out;
}

// The loop's work at the playhead, as the Event loop tab shows it: the pass,
// and each of its callbacks with what it does and whether it has run.
Json loop_state(const TraceModel& m, std::size_t at) {
    const Trace& t = m.trace();
    const LoopMoment lm = loop_moment(t, at);
    static constexpr const char* kWhere[] = {"no detail", "before the loop", "in a pass", "past the loop detail kept"};
    Json out{{"where", kWhere[static_cast<int>(lm.where)]}};
    if (lm.where != LoopMoment::Where::InPass) return out;
    out["pass"] = lm.pass + 1;
    out["time"] = number(t.passes[lm.pass].time);
    out["ntodo"] = t.passes[lm.pass].ntodo;
    out["unordered"] = lm.unordered;
    Json callbacks = Json::array();
    for (std::uint32_t c = lm.pass_begin; c < lm.pass_end && c < lm.pass_begin + 500; ++c) {
        static constexpr const char* kProgress[] = {"ran", "running", "waiting"};
        callbacks.push_back({{"kind", callback_kind_name(t.callbacks[c].kind)},
                             {"does", describe_callback(m, c)},
                             {"state", kProgress[static_cast<int>(lm.progress(c))]}});
    }
    out["callbacks"] = std::move(callbacks);
    out["current"] = lm.callback - lm.pass_begin;
    out["callback"] = lm.callback;
    out["callback_returned"] = lm.callback_done;
    return out;
}

// The queues and await chains the Event loop tab shows at the playhead.
void add_loop_queues(Json& out, const TraceModel& m, LoopStateCache& cache, std::size_t at) {
    const LoopState& s = cache.at(m, at);
    out["queues_known"] = s.known;
    if (!s.known) return;
    const auto rows = [&](const std::vector<QueuedCall>& calls, bool timers) {
        Json list = Json::array();
        for (const QueuedCall& c : calls) {
            Json row{{"kind", callback_kind_name(c.kind)},
                     {"target", c.target != 0 ? m.future_name(c.target) : std::string("-")},
                     {"does", describe_queued(m, c, at)},
                     {"queued_by", queued_by_text(m, c)},
                     {"cancelled", c.cancelled}};
            if (timers) row["when"] = number(c.when);
            list.push_back(std::move(row));
        }
        return list;
    };
    out["ready"] = rows(s.queues.ready, false);
    out["ready_total"] = s.queues.ready_total;
    out["ready_this_pass"] = s.queues.pass_left;
    out["timers"] = rows(s.queues.timers, true);
    out["timers_total"] = s.queues.timers_total;
    Json chains = Json::array();
    for (const AwaitChain& chain : s.chains) {
        std::string text;
        for (const std::uint32_t f : chain.links) text += chain_link_name(m, f) + " → ";
        chains.push_back(text + chain.waits_on);
    }
    out["chains"] = std::move(chains);
}

Json rect(const ControlRect& r) {
    return {{"target", r.target}, {"x", number(r.x)}, {"y", number(r.y)}, {"w", number(r.w)}, {"h", number(r.h)}};
}

Json rects(const std::vector<ControlRect>& all) {
    Json out = Json::array();
    for (const ControlRect& r : all) out.push_back(rect(r));
    return out;
}

Json call_sites(const App& app) {
    Json out = Json::array();
    if (app.shown == nullptr || !app.session.is_file()) return out;
    for (const py::CallSite& site : app.shown->call_sites) {
        Json options = Json::array();
        for (const py::CallSiteOption& o : site.options) {
            Json opt{{"name", o.name}, {"present", o.present}, {"source_text", o.source_text}};
            // "value": the literal or default (absent for an expression); "set": the override, if any.
            if (o.value) opt["value"] = python_value(*o.value);
            if (o.set_value) opt["set"] = python_value(*o.set_value);
            if (!o.param.empty()) opt["param"] = o.param;
            options.push_back(std::move(opt));
        }
        out.push_back({{"line", site.line},
                       {"col", site.col},
                       {"function", site.function},
                       {"call_text", site.call_text},
                       {"options", std::move(options)}});
    }
    return out;
}

// The open file, its problem, and what the source view marks.
void file_state(Json& out, const App& app) {
    const Session& session = app.session;
    if (const SourceText* f = session.file()) {
        out["file"] = {{"path", f->path},
                       {"reloads", session.reloads()},
                       {"lines", f->lines.size()},
                       {"script", app.shown != nullptr && app.shown->is_script}};
    } else {
        out["file"] = nullptr;
    }
    if (app.shown && app.shown->problem) {
        const SourceProblem& p = *app.shown->problem;
        out["problem"] = {{"line", p.line}, {"col", p.col}, {"message", p.message}, {"text", app.shown->error}};
    } else {
        out["problem"] = nullptr;
    }
    out["open_error"] = app.open_error;
    out["recent_files"] = app.settings.recent_files;
    out["file_browser"] = {{"open", app.browser.open},
                           {"folder", app.browser.listing.folder},
                           {"entries", app.browser.listing.entries.size()}};
    Json task_lines_json = Json::array();
    if (const TraceModel* m = app.model(); m != nullptr && !m->empty()) {
        const auto marks = task_lines(*m, app.transport.playhead.event);
        for (std::size_t i = 0; i < marks.size() && i < kMaxLanes; ++i)
            task_lines_json.push_back({{"task", m->lane_name(m->lanes[marks[i].lane])}, {"line", marks[i].line}});
    }
    out["source"] = {{"path", app.source_text_path},
                     {"lines", app.source_lines.size()},
                     {"highlight_line", app.source_last_line},
                     {"task_lines", std::move(task_lines_json)}};
    // Each call site with its options: as written, the override this run applied.
    out["call_sites"] = call_sites(app);
    Json choices = Json::array();
    for (const auto& c : session.call_site_choices())
        choices.push_back({{"line", c.line}, {"function", c.function}, {"name", c.name}, {"value", c.value_text}, {"call_text", c.call_text}});
    out["call_site_choices"] = std::move(choices);
    // Settings whose call could not be found again after the file changed.
    Json dropped = Json::array();
    for (const DroppedCallSite& d : session.dropped_call_sites()) dropped.push_back(describe_dropped(d));
    out["dropped_call_sites"] = std::move(dropped);
}

}  // namespace

std::string write_state_json(const App& app, const std::string& path, int window_w, int window_h) {
    Json out;
    const Scenario* sc = app.session.scenario();
    const RunRequest& req = app.session.request();
    out["scenario"] = sc ? sc->name : "";
    // JSON readers hold a number in a double or an int64: a seed past that is
    // its text there; seed_text is always exact.
    long long seed_number = 0;
    const std::string& seed_text = req.seed.text();
    const auto [end, ec] = std::from_chars(seed_text.data(), seed_text.data() + seed_text.size(), seed_number);
    out["seed"] = ec == std::errc() && end == seed_text.data() + seed_text.size() ? Json(seed_number) : Json(seed_text);
    out["seed_text"] = seed_text;
    Json params = Json::object();
    if (sc != nullptr)
        for (const ParamSpec& spec : sc->params) params[spec.name] = python_value(app.session.param(spec));
    out["params"] = std::move(params);
    Json interventions = Json::array();
    for (const CancelIntervention& c : req.cancels) interventions.push_back({{"target", c.target}, {"time", number(c.time)}});
    out["interventions"] = std::move(interventions);
    file_state(out, app);
    const Playhead& p = app.transport.playhead;
    out["playhead"] = {{"time", number(p.time)},
                       {"event", p.event},
                       {"events_total", app.trace() ? app.trace()->events.size() : 0},
                       {"clamped", app.transport.clamp_note()}};
    const bool by_callbacks = app.transport.pace == TransportState::Pace::Callbacks;
    out["play"] = {{"playing", app.transport.playing},
                   {"pace", by_callbacks ? "callbacks per second" : "virtual seconds per second"},
                   {"speed", number(by_callbacks ? app.transport.callbacks_per_second : app.transport.speed)}};
    if (const Trace* t = app.trace(); t != nullptr && t->callbacks.size() > 0) {
        const LoopMoment lm = loop_moment(*t, p.event);
        out["play"]["callback"] = lm.where == LoopMoment::Where::InPass ? Json(lm.callback) : Json(nullptr);
    }
    Json help{{"open", app.help_open}, {"hint_shown", !app.settings.seen_help}};
    if (app.help_rect)
        help["rect"] = {{"x", number(app.help_rect->x)}, {"y", number(app.help_rect->y)}, {"w", number(app.help_rect->w)},
                        {"h", number(app.help_rect->h)}};
    out["help"] = std::move(help);
    if (app.loop_tab_rect)
        out["loop_tab"] = {{"x", number(app.loop_tab_rect->x)}, {"y", number(app.loop_tab_rect->y)},
                           {"w", number(app.loop_tab_rect->w)}, {"h", number(app.loop_tab_rect->h)},
                           {"open", app.outcome_tab == OutcomeTab::Loop}};
    out["timeline_axis"] = app.timeline.by_passes ? "passes" : "time";
    if (app.loop_rerun_rect)
        out["loop_rerun"] = {{"x", number(app.loop_rerun_rect->x)}, {"y", number(app.loop_rerun_rect->y)},
                             {"w", number(app.loop_rerun_rect->w)}, {"h", number(app.loop_rerun_rect->h)}};
    if (const Trace* t = app.trace())
        out["loop_detail"] = {{"cut", t->loop_detail.cut}, {"limit", t->loop_detail.limit}, {"callbacks", t->callbacks.size()}};
    Json arrows = Json::array();
    for (const TimelineState::ArrowRect& a : app.timeline.arrows_drawn)
        arrows.push_back({{"from", a.from}, {"to", a.to}, {"x0", number(a.x0)}, {"y0", number(a.y0)},
                          {"x1", number(a.x1)}, {"y1", number(a.y1)}});
    out["arrows_drawn"] = std::move(arrows);
    if (const TraceModel* m = app.model(); m != nullptr && app.trace() != nullptr) {
        out["loop"] = loop_state(*m, p.event);
        add_loop_queues(out["loop"], *m, app.loop_state, p.event);
    }
    if (const RunResult* r = app.shown) {
        out["run"] = {{"error", r->error},
                      {"main_raised", r->main_raised},
                      {"main_outcome", r->main_outcome},
                      {"transcript_lines", r->transcript.size()}};
        // The transcript as `loopscope run` prints it (a small run's, for tests).
        Json lines = Json::array();
        for (std::size_t i = 0; i < r->transcript.size() && i < 500; ++i) lines.push_back(format_transcript_line(r->transcript[i]));
        out["transcript"] = std::move(lines);
        // Characters of the printed lines the console font cannot draw, as U+XXXX.
        if (app.fonts.mono != nullptr) {
            Json missing = Json::array();
            std::vector<char32_t> seen;
            for (std::size_t i = 0; i < r->transcript.size() && i < 500; ++i)
                for (char32_t c : missing_glyphs(*app.fonts.mono, r->transcript[i].text))
                    if (std::find(seen.begin(), seen.end(), c) == seen.end()) seen.push_back(c);
            for (char32_t c : seen) {
                char code[16];
                std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(c));
                missing.push_back(code);
            }
            out["console_missing_glyphs"] = std::move(missing);
        }
    }
    if (const TraceModel* m = app.model(); m != nullptr && !m->empty()) {
        out["main"] = main_task(*m, p.event);
        out["groups"] = groups(*m, p.event);
        out["lanes"] = lanes(*m, p.event);
        out["lanes_total"] = m->lanes.size();
    }
    out["call_site_controls"] = rects(app.call_site_rects);
    out["param_controls"] = rects(app.param_rects);
    out["cancel_controls"] = rects(app.timeline.cancel_controls);
    out["timeline_canvas"] = rect(app.timeline.canvas);
    out["timeline_rows"] = rects(app.timeline.row_rects);
    const TimelineContext& view = app.timeline.ctx;
    out["timeline_view"] = {{"x0", number(view.x0)}, {"t0", number(view.t0)}, {"seconds_per_px", number(view.seconds_per_px)}};
    const TimelineState::Hover& hover = app.timeline.hover;
    out["hover"] = hover.shown ? Json{{"row", hover.row}, {"time", number(hover.time)}, {"state", hover.state}, {"clamped", hover.clamped}}
                               : Json(nullptr);
    out["window"] = {{"width", window_w}, {"height", window_h}};
    out["menu_bar_h"] = app.menu_bar_h;
    Json panels = Json::array();
    for (int i = 0; i < kPanelCount; ++i) {
        const ViewRect& v = app.views[i];
        if (v.shown)
            panels.push_back({{"name", kPanelNames[i]}, {"x", v.x0}, {"y", v.y0}, {"w", v.x1 - v.x0}, {"h", v.y1 - v.y0}});
    }
    out["panels"] = std::move(panels);
    Json labels = Json::array();
    for (const LabelRect& l : app.transport.labels)
        labels.push_back({{"name", l.name}, {"x", l.x}, {"y", l.y}, {"w", l.w}, {"h", l.h}, {"visible", l.visible}});
    out["transport_labels_visible"] = std::move(labels);
    out["ui_scale"] = number(app.settings.ui_scale);
    out["theme"] = app.settings.dark ? "dark" : "light";
    std::ofstream file(path);
    if (!file) return "cannot write " + path;
    file << out.dump(2) << '\n';
    return {};
}

}  // namespace loopscope::gui
