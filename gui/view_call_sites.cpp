// Call sites: every gather/wait/wait_for/timeout/as_completed call of the
// open .py file, keyed by its line, with its keyword options as controls
// (return_exceptions: a checkbox; return_when: a combo; timeout/delay: a
// number with a None toggle). Changing one re-runs the file as if the code
// said so (engine/py/call_sites.hpp rewrites the argument before the run).
// The same controls open from the source view, on a call's line.
#include <imgui.h>

#include <string>

#include "engine/py/call_sites.hpp"
#include "gui/app.hpp"

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

void set_option(App& app, const py::CallSite& site, const py::CallSiteOption& o, const Value& v) {
    app.session.set_call_site(CallSiteChoice{site.line, site.function, o.name, set_text(v)});
}

std::string rect_name(const char* where, const py::CallSite& site, const py::CallSiteOption& o, const char* control) {
    return std::string(where) + ":" + std::to_string(site.line) + ":" + o.name + ":" + control;
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
        case py::OptionKind::OptionalNumber: {
            const bool known = v.has_value();
            bool none = known && v->is_none();
            const bool number = known && (v->kind() == Value::Kind::Int || v->kind() == Value::Kind::Float);
            // Unticking None goes back to the number written at the call, else 1 s.
            const bool written_number = o.value && (o.value->kind() == Value::Kind::Int || o.value->kind() == Value::Kind::Float);
            float f = number ? static_cast<float>(v->as_float()) : written_number ? static_cast<float>(o.value->as_float()) : 1.0f;
            if (ImGui::Checkbox("None", &none)) {
                set_option(app, site, o, none ? Value() : Value(static_cast<double>(f)));
                changed = true;
            }
            note_call_site_rect(app, rect_name(where, site, o, "None"));
            ImGui::SameLine();
            ImGui::BeginDisabled(none);
            ImGui::SetNextItemWidth(ImGui::CalcTextSize("000.00 s").x + ImGui::GetStyle().FramePadding.x * 4);
            if (ImGui::DragFloat(o.name.c_str(), &f, 0.05f, 0.0f, 3600.0f, known && !none ? "%.2f s" : none ? "off" : "? s",
                                 ImGuiSliderFlags_AlwaysClamp)) {
                // Two decimals, as shown: the re-run says timeout=1.25, not 1.2500000476837158.
                const double rounded = static_cast<double>(static_cast<long long>(f * 100.0f + 0.5f)) / 100.0;
                set_option(app, site, o, Value(rounded));
                changed = true;
            }
            ImGui::EndDisabled();
            break;
        }
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

void draw_call_sites(App& app) {
    if (!begin_view(app, View::CallSites, "Call sites")) {
        ImGui::End();
        return;
    }
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
