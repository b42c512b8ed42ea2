#include "gui/state_dump.hpp"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "gui/app.hpp"

namespace loopscope::gui {

namespace {

std::string json_string(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\t': out += "\\t"; break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04x", c);
                    out += buf;
                } else {
                    out += c;
                }
        }
    }
    return out + "\"";
}

std::string json_number(double v) {
    if (!std::isfinite(v)) return "null";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.9g", v);
    return buf;
}

std::string json_value(const Value& v) {
    switch (v.kind()) {
        case Value::Kind::None: return "null";
        case Value::Kind::Bool: return v.as_bool() ? "true" : "false";
        case Value::Kind::Int: return std::to_string(v.as_int());
        case Value::Kind::Float: return json_number(v.as_float());
        case Value::Kind::Str: return json_string(v.as_str());
        default: return json_string(repr(v));
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

void write_lanes(std::ostream& out, const TraceModel& m, std::size_t at) {
    out << "  \"lanes\": [";
    const std::size_t n = std::min(m.lanes.size(), kMaxLanes);
    for (std::size_t i = 0; i < n; ++i) {
        const Lane& lane = m.lanes[i];
        const LaneStatus st = m.lane_status(lane, at);
        out << (i ? ",\n" : "\n") << "    {\"name\": " << json_string(m.lane_name(lane))
            << ", \"function\": " << json_string(m.lane_function(lane))
            << ", \"state\": " << json_string(lane_state_name(st.state));
        if (const std::int32_t line = m.lane_line(lane, at); line > 0) out << ", \"line\": " << line;
        if (st.state == LaneState::Suspended) out << ", \"awaits\": " << json_string(m.future_name(st.awaiting));
        if (lane.parent_group != kNone) {
            const GroupNode& g = m.groups[lane.parent_group];
            out << ", \"group\": " << json_string(m.group_label(g).empty() ? m.group_title(g) : std::string(m.group_label(g)));
        }
        if (lane.done_event != kNone && lane.done_event < at)
            out << ", \"outcome\": " << json_string(m.trace().text(m.trace().events[lane.done_event].text));
        out << "}";
    }
    out << "\n  ],\n  \"lanes_total\": " << m.lanes.size() << ",\n";
}

void write_groups(std::ostream& out, const TraceModel& m, std::size_t at) {
    out << "  \"groups\": [";
    for (std::size_t i = 0; i < m.groups.size(); ++i) {
        const GroupNode& g = m.groups[i];
        const TraceGroup& tg = m.trace().groups[g.group];
        const bool done = g.done_event != kNone && g.done_event < at;
        const bool created = g.created_event == kNone || g.created_event < at;
        out << (i ? ",\n" : "\n") << "    {\"label\": " << json_string(m.group_label(g))
            << ", \"title\": " << json_string(m.group_title(g))
            << ", \"kind\": " << json_string(tg.kind == GroupInfo::Kind::Gather ? "gather" : "wait")
            << ", \"state\": " << json_string(!created ? "not created" : done ? done_name(g.done) : "pending")
            << ", \"children\": " << tg.children.size() << ", \"children_done\": " << g.children_done_before(at) << "}";
    }
    out << "\n  ],\n";
}

void write_main(std::ostream& out, const TraceModel& m, std::size_t at) {
    out << "  \"main\": {";
    if (m.lanes.empty()) {
        out << "\"state\": \"none\"},\n";
        return;
    }
    const Lane& main = m.lanes.front();
    const LaneStatus st = m.lane_status(main, at);
    out << "\"state\": " << json_string(lane_state_name(st.state));
    if (main.done_event != kNone && main.done_event < at) {
        const TraceEvent& e = m.trace().events[main.done_event];
        const DoneKind d = done_kind(m.trace(), e);
        std::string text = m.trace().text(e.text);
        if (d == DoneKind::Cancelled && text.empty()) text = "CancelledError()";
        out << ", \"raised\": " << (d != DoneKind::Finished ? "true" : "false") << ", \"outcome\": " << json_string(text);
    }
    out << "},\n";
}

void write_rects(std::ostream& out, const char* key, const std::vector<ControlRect>& rects) {
    out << "  \"" << key << "\": [";
    for (std::size_t i = 0; i < rects.size(); ++i)
        out << (i ? ",\n" : "\n") << "    {\"target\": " << json_string(rects[i].target) << ", \"x\": " << json_number(rects[i].x)
            << ", \"y\": " << json_number(rects[i].y) << ", \"w\": " << json_number(rects[i].w)
            << ", \"h\": " << json_number(rects[i].h) << "}";
    out << "\n  ],\n";
}

// The open file, its problem, and what the source view marks.
void write_file(std::ostream& out, const App& app) {
    const Session& session = app.session;
    out << "  \"file\": ";
    if (const SourceText* f = session.file()) {
        out << "{\"path\": " << json_string(f->path) << ", \"reloads\": " << session.reloads()
            << ", \"lines\": " << f->lines.size()
            << ", \"script\": " << (app.shown && app.shown->is_script ? "true" : "false") << "},\n";
    } else {
        out << "null,\n";
    }
    out << "  \"problem\": ";
    if (app.shown && app.shown->problem) {
        const SourceProblem& p = *app.shown->problem;
        out << "{\"line\": " << p.line << ", \"col\": " << p.col << ", \"message\": " << json_string(p.message)
            << ", \"text\": " << json_string(app.shown->error) << "},\n";
    } else {
        out << "null,\n";
    }
    out << "  \"open_error\": " << json_string(app.open_error) << ",\n";
    out << "  \"recent_files\": [";
    for (std::size_t i = 0; i < app.settings.recent_files.size(); ++i)
        out << (i ? ", " : "") << json_string(app.settings.recent_files[i]);
    out << "],\n  \"file_browser\": {\"open\": " << (app.browser.open ? "true" : "false")
        << ", \"folder\": " << json_string(app.browser.listing.folder) << ", \"entries\": " << app.browser.listing.entries.size()
        << "},\n";
    out << "  \"source\": {\"path\": " << json_string(app.source_text_path) << ", \"lines\": " << app.source_lines.size()
        << ", \"highlight_line\": " << app.source_last_line << ", \"task_lines\": [";
    if (const TraceModel* m = app.model(); m != nullptr && !m->empty()) {
        const auto marks = task_lines(*m, app.transport.playhead.event);
        for (std::size_t i = 0; i < marks.size() && i < kMaxLanes; ++i)
            out << (i ? ", " : "") << "{\"task\": " << json_string(m->lane_name(m->lanes[marks[i].lane]))
                << ", \"line\": " << marks[i].line << "}";
    }
    out << "]},\n";
    // Each call site with its options: as written, the override this run applied.
    out << "  \"call_sites\": [";
    if (app.shown != nullptr && session.is_file()) {
        const auto& sites = app.shown->call_sites;
        for (std::size_t i = 0; i < sites.size(); ++i) {
            const py::CallSite& site = sites[i];
            out << (i ? ",\n" : "\n") << "    {\"line\": " << site.line << ", \"col\": " << site.col
                << ", \"function\": " << json_string(site.function) << ", \"options\": [";
            for (std::size_t j = 0; j < site.options.size(); ++j) {
                const py::CallSiteOption& o = site.options[j];
                out << (j ? ", " : "") << "{\"name\": " << json_string(o.name) << ", \"present\": " << (o.present ? "true" : "false")
                    << ", \"source_text\": " << json_string(o.source_text);
                // "value": the literal or default (absent for an expression); "set": the override, if any.
                if (o.value) out << ", \"value\": " << json_value(*o.value);
                if (o.set_value) out << ", \"set\": " << json_value(*o.set_value);
                if (!o.param.empty()) out << ", \"param\": " << json_string(o.param);
                out << "}";
            }
            out << "]}";
        }
    }
    out << "\n  ],\n  \"call_site_choices\": [";
    const auto& choices = session.call_site_choices();
    for (std::size_t i = 0; i < choices.size(); ++i)
        out << (i ? ", " : "") << "{\"line\": " << choices[i].line << ", \"function\": " << json_string(choices[i].function)
            << ", \"name\": " << json_string(choices[i].name) << ", \"value\": " << json_string(choices[i].value_text) << "}";
    out << "],\n";
}

}  // namespace

std::string write_state_json(const App& app, const std::string& path, int window_w, int window_h) {
    std::ostringstream out;
    const Scenario* sc = app.session.scenario();
    const RunRequest& req = app.session.request();
    out << "{\n  \"scenario\": " << json_string(sc ? sc->name : "") << ",\n";
    out << "  \"seed\": " << req.seed << ",\n  \"params\": {";
    if (sc != nullptr) {
        bool first = true;
        for (const ParamSpec& spec : sc->params) {
            out << (first ? "" : ", ") << json_string(spec.name) << ": " << json_value(app.session.param(spec));
            first = false;
        }
    }
    out << "},\n  \"interventions\": [";
    for (std::size_t i = 0; i < req.cancels.size(); ++i)
        out << (i ? ", " : "") << "{\"target\": " << json_string(req.cancels[i].target)
            << ", \"time\": " << json_number(req.cancels[i].time) << "}";
    out << "],\n";
    const Playhead& p = app.transport.playhead;
    write_file(out, app);
    out << "  \"playhead\": {\"time\": " << json_number(p.time) << ", \"event\": " << p.event
        << ", \"events_total\": " << (app.trace() ? app.trace()->events.size() : 0) << "},\n";
    if (const RunResult* r = app.shown) {
        out << "  \"run\": {\"error\": " << json_string(r->error) << ", \"main_raised\": " << (r->main_raised ? "true" : "false")
            << ", \"main_outcome\": " << json_string(r->main_outcome)
            << ", \"transcript_lines\": " << r->transcript.size() << "},\n";
    }
    if (const TraceModel* m = app.model(); m != nullptr && !m->empty()) {
        write_main(out, *m, p.event);
        write_groups(out, *m, p.event);
        write_lanes(out, *m, p.event);
    }
    write_rects(out, "call_site_controls", app.call_site_rects);
    out << "  \"cancel_controls\": [";
    const auto& controls = app.timeline.cancel_controls;
    for (std::size_t i = 0; i < controls.size(); ++i)
        out << (i ? ",\n" : "\n") << "    {\"target\": " << json_string(controls[i].target) << ", \"x\": " << json_number(controls[i].x)
            << ", \"y\": " << json_number(controls[i].y) << ", \"w\": " << json_number(controls[i].w)
            << ", \"h\": " << json_number(controls[i].h) << "}";
    out << "\n  ],\n";
    const ControlRect& c = app.timeline.canvas;
    out << "  \"timeline_canvas\": {\"x\": " << json_number(c.x) << ", \"y\": " << json_number(c.y) << ", \"w\": " << json_number(c.w)
        << ", \"h\": " << json_number(c.h) << "},\n";
    out << "  \"window\": {\"width\": " << window_w << ", \"height\": " << window_h << "},\n";
    out << "  \"ui_scale\": " << json_number(app.settings.ui_scale) << ",\n  \"theme\": " << json_string(app.settings.dark ? "dark" : "light")
        << "\n}\n";
    std::ofstream file(path);
    if (!file) return "cannot write " + path;
    file << out.str();
    return {};
}

}  // namespace loopscope::gui
