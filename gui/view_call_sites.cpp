// Call sites: every gather/wait/wait_for/timeout/as_completed call of the
// open .py file, keyed by its line, with its keyword options as controls
// (return_exceptions: a checkbox; return_when: a combo; timeout/delay: a
// number with a None toggle). Changing one re-runs the file as if the code
// said so (engine/py/call_sites.hpp rewrites the argument before the run).
// The same controls open from the source view, on a call's line.
#include <imgui.h>
#include <imgui_internal.h>  // TempInputIsActive: a typed value is kept as typed

#include <optional>
#include <string>

#include "engine/py/call_sites.hpp"
#include "gui/app.hpp"
#include "gui/file_params.hpp"
#include "gui/number_entry.hpp"

namespace loopscope::gui {

namespace {

// What the option is in this run: the override, else the PARAMS entry it
// reads (p["NAME"]), else the literal or default; nothing for an expression.
std::optional<Value> effective_value(const App& app, const py::CallSite& site, const py::CallSiteOption& o) {
    if (const CallSiteChoice* c = app.session.call_site_choice(site.line, o.name)) return py::parse_set_value(c->value_text);
    if (!o.param.empty())
        if (const Scenario* s = app.session.scenario())
            for (const ParamSpec& spec : s->params)
                if (spec.name == o.param) return app.session.param(spec);
    return o.value;
}

void set_option_text(App& app, const py::CallSite& site, const py::CallSiteOption& o, std::string text) {
    app.session.set_call_site(CallSiteChoice{site.line, site.function, o.name, std::move(text), site.call_text});
}

void set_option(App& app, const py::CallSite& site, const py::CallSiteOption& o, const Value& v) {
    set_option_text(app, site, o, set_text(v));
}

std::string rect_name(const char* where, const py::CallSite& site, const py::CallSiteOption& o, const char* control) {
    return std::string(where) + ":" + std::to_string(site.line) + ":" + o.name + ":" + control;
}

// A timeout or delay: a None toggle and a double slider in 0.1 s steps
// (Ctrl+click types any value), as the scenario panel's numbers. The value
// is the text `--set LINE:NAME=TEXT` takes (gui/number_entry.hpp); unticking
// None gives back the number it had (remembered in app.controls), else the
// number written at the call, else 1 s.
bool number_option_control(App& app, const py::CallSite& site, const py::CallSiteOption& o, const std::optional<Value>& v,
                           const char* where) {
    ControlState& controls = app.controls;
    const std::string key = std::to_string(site.line) + ":" + o.name;
    const bool known = v.has_value();
    bool none = known && v->is_none();
    bool changed = false;
    if (ImGui::Checkbox("None", &none)) {
        if (none) {
            if (known && as_number(*v)) controls.number_before_none[key] = set_text(*v);
            set_option(app, site, o, Value());
        } else {
            const auto it = controls.number_before_none.find(key);
            set_option_text(app, site, o,
                            number_to_restore(it != controls.number_before_none.end() ? std::optional<std::string>(it->second)
                                                                                      : std::nullopt,
                                              o.value ? *o.value : Value()));
        }
        controls.number_error.erase(key);
        changed = true;
    }
    note_call_site_rect(app, rect_name(where, site, o, "None"));
    ImGui::SameLine();
    constexpr double lo = 0, hi = 10;
    double d = known ? as_number(*v).value_or(0.0) : 0.0;
    ImGui::BeginDisabled(none);
    const float width = ImGui::CalcTextSize("000.0 s").x * 2 + ImGui::GetStyle().FramePadding.x * 4;
    ImGui::SetNextItemWidth(width);
    const bool typing = ImGui::TempInputIsActive(ImGui::GetID(o.name.c_str()));
    const std::string format = known && !none ? slider_format(d, " s") : none ? std::string("off") : std::string("? s");
    if (ImGui::SliderScalar(o.name.c_str(), ImGuiDataType_Double, &d, &lo, &hi, format.c_str())) {
        if (auto text = call_site_number_text(d, typing ? NumberEntry::Typed : NumberEntry::Dragged)) {
            set_option_text(app, site, o, *text);
            controls.number_error.erase(key);
            changed = true;
        } else {
            controls.number_error[key] = "not applied: a number of seconds, 0 or more";
        }
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("drag in 0.1 s steps; Ctrl+click to type any value");
    {
        // The slider's frame alone, without its label: where a drag maps to 0..10 s.
        const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
        app.call_site_rects.push_back({rect_name(where, site, o, "slider"), a.x, a.y, width, b.y - a.y});
    }
    ImGui::EndDisabled();
    if (const auto it = controls.number_error.find(key); it != controls.number_error.end()) {
        ImGui::SameLine();
        ImGui::TextColored(app.palette.error, "%s", it->second.c_str());
    }
    return changed;
}

bool option_control(App& app, const py::CallSite& site, const py::CallSiteOption& o, const char* where) {
    ImGui::PushID(o.name.c_str());
    const std::optional<Value> v = effective_value(app, site, o);
    const bool overridden = app.session.call_site_choice(site.line, o.name) != nullptr;
    bool changed = false;
    if (!o.settable) {
        ImGui::TextDisabled("%s: %s (filled by *args: cannot be set)", o.name.c_str(), o.source_text.c_str());
        ImGui::PopID();
        return false;
    }
    switch (o.kind) {
        case py::OptionKind::Bool: {
            bool b = v && v->kind() == Value::Kind::Bool && v->as_bool();
            if (ImGui::Checkbox(o.name.c_str(), &b)) set_option(app, site, o, Value(b)), changed = true;
            note_call_site_rect(app, rect_name(where, site, o, "check"));
            break;
        }
        case py::OptionKind::ReturnWhen: {
            const std::string current = v && v->kind() == Value::Kind::Str ? v->as_str() : std::string("?");
            ImGui::SetNextItemWidth(ImGui::CalcTextSize("FIRST_EXCEPTION").x + ImGui::GetFrameHeight() * 2);
            if (ImGui::BeginCombo(o.name.c_str(), current.c_str())) {
                for (const std::string& choice : o.choices)
                    if (ImGui::Selectable(choice.c_str(), choice == current)) set_option(app, site, o, Value(choice)), changed = true;
                ImGui::EndCombo();
            }
            break;
        }
        case py::OptionKind::OptionalNumber: changed = number_option_control(app, site, o, v, where); break;
    }
    ImGui::SameLine();
    if (overridden) {
        if (ImGui::SmallButton("as written")) app.session.clear_call_site(site.line, o.name), changed = true;
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("go back to the source: %s", o.source_text.empty() ? "(none)" : o.source_text.c_str());
    } else {
        const std::string written = o.present ? o.source_text : o.source_text.empty() ? "required, not written" : "default " + o.source_text;
        ImGui::TextDisabled("%s%s", written.c_str(), o.param.empty() ? "" : "  (PARAMS)");
    }
    ImGui::PopID();
    return changed;
}

}  // namespace

void note_call_site_rect(App& app, std::string name) {
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    app.call_site_rects.push_back({std::move(name), a.x, a.y, b.x - a.x, b.y - a.y});
}

void call_site_controls(App& app, const py::CallSite& site, const char* where) {
    ImGui::PushID(site.line * 1000 + site.col);
    for (const py::CallSiteOption& o : site.options) option_control(app, site, o, where);
    ImGui::PopID();
}

// Overrides a change of the file dropped: said in words, until dismissed.
void dropped_call_sites(App& app) {
    const auto& dropped = app.session.dropped_call_sites();
    if (dropped.empty()) return;
    for (std::size_t i = 0; i < dropped.size(); ++i) {
        ImGui::PushID(static_cast<int>(i));
        if (ImGui::SmallButton("dismiss")) {
            app.session.dismiss_dropped_call_site(i);
            ImGui::PopID();
            break;
        }
        ImGui::SameLine();
        ImGui::PushStyleColor(ImGuiCol_Text, app.palette.warning);
        ImGui::TextWrapped("dropped: %s", describe_dropped(dropped[i]).c_str());
        ImGui::PopStyleColor();
        ImGui::PopID();
    }
    if (dropped.size() > 1 && ImGui::SmallButton("dismiss all")) app.session.dismiss_dropped_call_sites();
    ImGui::Separator();
}

void draw_call_sites(App& app) {
    if (!begin_view(app, View::CallSites, "Call sites", ImGuiWindowFlags_HorizontalScrollbar)) {
        ImGui::End();
        return;
    }
    if (app.session.is_file()) dropped_call_sites(app);
    const RunResult* r = app.shown;
    if (!app.session.is_file()) {
        ImGui::TextWrapped("The options of gather, wait, wait_for, timeout and as_completed can be changed "
                           "in a .py file (File > Open).");
        if (!app.source_text_path.empty() && ImGui::Button("Open this scenario's .py twin as a file"))
            open_path(app, app.source_text_path);
    } else if (r == nullptr) {
        ImGui::TextDisabled("running…");
    } else if (r->problem) {
        ImGui::TextDisabled("the file does not parse: no call sites");
    } else if (r->call_sites.empty()) {
        ImGui::TextDisabled("no gather, wait, wait_for, timeout or as_completed call in this file");
    } else {
        for (const py::CallSite& site : r->call_sites) {
            ImGui::PushID(site.line * 1000 + site.col);
            char label[64];
            std::snprintf(label, sizeof label, "line %d", site.line);
            if (ImGui::SmallButton(label)) app.source_goto_line = site.line;
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("show it in the source");
            ImGui::SameLine();
            ImGui::Text("%s()", site.function.c_str());
            ImGui::PopID();
            ImGui::Indent();
            call_site_controls(app, site, "panel");
            ImGui::Unindent();
        }
    }
    ImGui::End();
}

}  // namespace loopscope::gui
