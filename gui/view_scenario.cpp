// The scenario panel: which scenario, its parameters as controls, the seed,
// and the cancel interventions (added from the timeline, removed here).
#include <imgui.h>
#include <imgui_internal.h>  // TempInputIsActive: a typed value is kept as typed
#include <imgui_stdlib.h>

#include <optional>
#include <random>
#include <string>

#include "engine/run.hpp"
#include "gui/app.hpp"
#include "gui/file_params.hpp"
#include "gui/number_entry.hpp"
#include "scenarios/registry.hpp"

namespace loopscope::gui {

namespace {

constexpr const char* kReturnWhen[] = {"FIRST_COMPLETED", "FIRST_EXCEPTION", "ALL_COMPLETED"};

// A number parameter: a double slider in 0.1 s steps (Ctrl+click types any
// value), and for an optional one a "none" toggle that gives back the number
// it had. The value reaches the program as `--set NAME=TEXT` would give it
// (gui/number_entry.hpp).
bool number_param_control(App& app, const ParamSpec& spec, const Value& v) {
    ControlState& controls = app.controls;
    const bool optional = spec.type == ParamSpec::Type::OptionalFloat;
    bool none = optional && v.is_none();
    bool changed = false;
    if (optional) {
        if (ImGui::Checkbox("none", &none)) {
            if (none) {
                if (as_number(v)) controls.number_before_none[spec.name] = set_text(v);
                app.session.set_param(spec.name, Value());
            } else {
                const auto it = controls.number_before_none.find(spec.name);
                const std::string text = number_to_restore(
                    it != controls.number_before_none.end() ? std::optional<std::string>(it->second) : std::nullopt,
                    spec.default_value);
                if (auto restored = parse_param_value(spec, text)) app.session.set_param(spec.name, *restored);
            }
            controls.number_error.erase(spec.name);
            changed = true;
        }
        ImGui::SameLine();
    }
    const SliderRange range = slider_range(spec);
    double d = as_number(v).value_or(range.lo);
    ImGui::BeginDisabled(none);
    // A Ctrl+click edit commits in the frame its text box is still active.
    const bool typing = ImGui::TempInputIsActive(ImGui::GetID(spec.name.c_str()));
    const std::string format = none ? std::string("none") : slider_format(d);
    if (ImGui::SliderScalar(spec.name.c_str(), ImGuiDataType_Double, &d, &range.lo, &range.hi, format.c_str())) {
        if (auto value = param_number(spec, d, typing ? NumberEntry::Typed : NumberEntry::Dragged)) {
            app.session.set_param(spec.name, *value);
            controls.number_error.erase(spec.name);
            changed = true;
        } else {
            controls.number_error[spec.name] = "not applied: " + expected_values(spec);
        }
    }
    {
        const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
        app.param_rects.push_back({spec.name, a.x, a.y, ImGui::CalcItemWidth(), b.y - a.y});  // the frame, not its label
    }
    ImGui::EndDisabled();
    if (!spec.help.empty() && ImGui::IsItemHovered()) ImGui::SetTooltip("%s (Ctrl+click to type a value)", spec.help.c_str());
    if (const auto it = controls.number_error.find(spec.name); it != controls.number_error.end())
        ImGui::TextColored(app.palette.error, "%s", it->second.c_str());
    return changed;
}

// One control per parameter type. Returns true when the value changed.
bool param_control(App& app, const ParamSpec& spec) {
    const Value v = app.session.param(spec);
    ImGui::PushID(spec.name.c_str());
    bool changed = false;
    switch (spec.type) {
        case ParamSpec::Type::Bool: {
            bool b = v.kind() == Value::Kind::Bool && v.as_bool();
            if (ImGui::Checkbox(spec.name.c_str(), &b)) app.session.set_param(spec.name, Value(b)), changed = true;
            break;
        }
        case ParamSpec::Type::Int: {
            int i = v.kind() == Value::Kind::Int ? static_cast<int>(v.as_int()) : 0;
            const int lo = static_cast<int>(spec.min), hi = static_cast<int>(spec.max);
            const ImGuiSliderFlags flags = hi > 1000 ? ImGuiSliderFlags_Logarithmic : 0;
            if (hi > lo ? ImGui::SliderInt(spec.name.c_str(), &i, lo, hi, "%d", flags)
                        : ImGui::InputInt(spec.name.c_str(), &i)) {
                // Sliders report every drag step; re-running at each is fine
                // for small runs and the worker keeps big ones off the UI.
                app.session.set_param(spec.name, Value(static_cast<std::int64_t>(i)));
                changed = true;
            }
            break;
        }
        case ParamSpec::Type::Float:
        case ParamSpec::Type::OptionalFloat: changed = number_param_control(app, spec, v); break;
        case ParamSpec::Type::ReturnWhen: {
            const std::string current = v.kind() == Value::Kind::Str ? v.as_str() : std::string(kReturnWhen[2]);
            if (ImGui::BeginCombo(spec.name.c_str(), current.c_str())) {
                for (const char* option : kReturnWhen) {
                    if (ImGui::Selectable(option, current == option)) {
                        app.session.set_param(spec.name, Value(option));
                        changed = true;
                    }
                }
                ImGui::EndCombo();
            }
            break;
        }
    }
    const bool number = spec.type == ParamSpec::Type::Float || spec.type == ParamSpec::Type::OptionalFloat;
    if (!number && !spec.help.empty() && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", spec.help.c_str());
    ImGui::PopID();
    return changed;
}

void scenario_picker(App& app) {
    const Scenario* current = app.session.scenario();
    ImGui::SetNextItemWidth(-1);
    if (ImGui::BeginCombo("##scenario", current ? current->name.c_str() : "(none)")) {
        for (const Scenario& s : builtin_scenarios()) {
            if (ImGui::Selectable(s.name.c_str(), &s == current)) open_scenario(app, s);
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", s.description.c_str());
        }
        ImGui::EndCombo();
    }
    if (current) ImGui::TextWrapped("%s", current->description.c_str());
}

// random.seed(n) takes any int, so the seed is text: applied on Enter or
// when the box loses focus if it is a decimal integer (Seed::parse), else
// kept as typed with the reason beside it, and the run keeps its seed.
void seed_control(App& app) {
    ControlState& controls = app.controls;
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.5f);
    const bool entered = ImGui::InputText("seed", &controls.seed_text, ImGuiInputTextFlags_EnterReturnsTrue);
    const bool editing = ImGui::IsItemActive();
    if (entered || ImGui::IsItemDeactivatedAfterEdit()) {
        std::string problem;
        if (auto seed = Seed::parse(controls.seed_text, &problem)) {
            controls.seed_error.clear();
            if (!(*seed == app.session.request().seed)) app.session.set_seed(*seed);
        } else {
            controls.seed_error = problem;
        }
    }
    if (!editing && controls.seed_error.empty()) controls.seed_text = app.session.request().seed.text();
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("random.seed(%s) before main starts; any decimal integer", app.session.request().seed.text().c_str());
    ImGui::SameLine();
    if (ImGui::Button("new seed")) {
        // The engine never draws unseeded randomness; the app may.
        std::random_device rd;
        app.session.set_seed(Seed(static_cast<std::int64_t>(rd() % 1000000)));
        controls.seed_error.clear();
    }
    if (!controls.seed_error.empty())
        ImGui::TextColored(app.palette.error, "seed not applied: %s (still %s)", controls.seed_error.c_str(),
                           app.session.request().seed.text().c_str());
}

void interventions(App& app) {
    const auto& cancels = app.session.request().cancels;
    ImGui::Separator();
    ImGui::TextUnformatted("Interventions");
    if (cancels.empty()) {
        ImGui::TextDisabled("none: click × on a lane or group to cancel it at the playhead");
        return;
    }
    for (std::size_t i = 0; i < cancels.size(); ++i) {
        ImGui::PushID(static_cast<int>(i));
        if (ImGui::SmallButton("remove")) {
            app.session.remove_cancel(i);
            ImGui::PopID();
            break;
        }
        ImGui::SameLine();
        ImGui::Text("cancel %s at t=%.3f", cancels[i].target.c_str(), cancels[i].time);
        ImGui::PopID();
    }
}

void run_info(App& app) {
    ImGui::Separator();
    const RunResult* r = app.shown;
    if (app.session.running()) ImGui::TextColored(app.palette.warning, "running…");
    if (r == nullptr) return;
    if (!r->error.empty()) ImGui::TextColored(app.palette.error, "%s", r->error.c_str());
    if (r->stopped) ImGui::TextColored(app.palette.warning, "stopped: %s", r->stopped->c_str());
    if (const TraceModel* m = app.model()) {
        const auto counted = [](std::size_t n, const char* noun) {
            return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
        };
        ImGui::TextDisabled("%s, %s, %s; run %.1f ms, model %.1f ms", counted(m->lanes.size(), "task").c_str(),
                            counted(m->groups.size(), "group").c_str(), counted(r->trace.events.size(), "event").c_str(),
                            r->run_ms, r->model_ms);
    }
}

}  // namespace

void draw_scenario_panel(App& app) {
    // Wide controls scroll sideways rather than being cut by a narrow panel.
    if (!begin_view(app, View::Scenario, "Scenario", ImGuiWindowFlags_HorizontalScrollbar)) {
        ImGui::End();
        return;
    }
    scenario_picker(app);
    ImGui::Separator();
    if (const Scenario* s = app.session.scenario()) {
        ImGui::PushItemWidth(ImGui::GetContentRegionAvail().x * 0.55f);
        for (const ParamSpec& spec : s->params) param_control(app, spec);
        ImGui::PopItemWidth();
        if (s->params.empty()) ImGui::TextDisabled("no parameters");
    }
    seed_control(app);
    interventions(app);
    run_info(app);
    ImGui::End();
}

}  // namespace loopscope::gui
