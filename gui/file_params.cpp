#include "gui/file_params.hpp"

#include <algorithm>
#include <cmath>

#include "engine/py/parser.hpp"

namespace loopscope::gui {

namespace {

bool is_return_when(const Value& v) {
    if (v.kind() != Value::Kind::Str) return false;
    const std::string& s = v.as_str();
    return s == "FIRST_COMPLETED" || s == "FIRST_EXCEPTION" || s == "ALL_COMPLETED";
}

// A literal: a constant, or a negated number.
std::optional<Value> literal(const py::Expr* e) {
    if (e == nullptr) return std::nullopt;
    if (e->kind == py::EK::Const) return e->constant;
    if (e->kind == py::EK::UnaryOp && e->op == static_cast<std::uint8_t>(py::UnaryKind::Neg) && e->a &&
        e->a->kind == py::EK::Const) {
        const Value& c = e->a->constant;
        if (c.kind() == Value::Kind::Int) return Value(-c.as_int());
        if (c.kind() == Value::Kind::Float) return Value(-c.as_float());
    }
    return std::nullopt;
}

// Names that hold a delay in seconds, which None may switch off.
bool names_a_delay(const std::string& name) {
    return name.find("timeout") != std::string::npos || name.find("delay") != std::string::npos;
}

std::optional<ParamSpec> spec_for(const std::string& name, const Value& v, int line) {
    ParamSpec spec;
    spec.name = name;
    spec.default_value = v;
    spec.help = "PARAMS[\"" + name + "\"], line " + std::to_string(line);
    const double magnitude = (v.kind() == Value::Kind::Int || v.kind() == Value::Kind::Float) ? v.as_float() : 0.0;
    spec.min = std::min(0.0, magnitude);
    spec.max = std::max(10.0, 4 * magnitude);
    switch (v.kind()) {
        case Value::Kind::Bool: spec.type = ParamSpec::Type::Bool; break;
        case Value::Kind::None: spec.type = ParamSpec::Type::OptionalFloat; break;
        case Value::Kind::Int: spec.type = names_a_delay(name) ? ParamSpec::Type::OptionalFloat : ParamSpec::Type::Int; break;
        case Value::Kind::Float: spec.type = names_a_delay(name) ? ParamSpec::Type::OptionalFloat : ParamSpec::Type::Float; break;
        case Value::Kind::Str:
            if (!is_return_when(v)) return std::nullopt;
            spec.type = ParamSpec::Type::ReturnWhen;
            break;
        default: return std::nullopt;
    }
    return spec;
}

}  // namespace

FileOutline outline_py_source(const std::string& source, const std::string& filename) {
    FileOutline out;
    py::Module module;
    try {
        module = py::parse_module(source, filename);
    } catch (const py::SyntaxProblem& p) {
        out.problem = SourceProblem{p.line, p.col, p.message};
        return out;
    }
    out.call_sites = py::find_call_sites(module, source);
    bool has_params = false, has_targets = false, has_main = false;
    const py::Stmt* params = nullptr;
    for (const py::StmtP& s : module.body) {
        if (s->kind == py::SK::FunctionDef && s->func && s->func->name == "main") has_main = true;
        if (s->kind != py::SK::Assign || s->targets.size() != 1 || s->targets[0]->kind != py::EK::Name) continue;
        const std::string& target = py::sym_name(s->targets[0]->name);
        if (target == "TARGETS") has_targets = true;
        if (target == "PARAMS") has_params = true, params = s.get();
    }
    out.is_scenario = has_params && has_targets && has_main;
    if (!out.is_scenario || params == nullptr || !params->value || params->value->kind != py::EK::Dict) return out;
    const py::Expr& dict = *params->value;
    for (std::size_t i = 0; i < dict.items.size() && i < dict.values.size(); ++i) {
        const auto key = literal(dict.items[i].get());
        const auto value = literal(dict.values[i].get());
        if (!key || key->kind() != Value::Kind::Str || !value) continue;
        const std::string name = key->as_str();
        if (std::any_of(out.params.begin(), out.params.end(), [&](const ParamSpec& p) { return p.name == name; })) continue;
        if (auto spec = spec_for(name, *value, dict.items[i]->line)) out.params.push_back(std::move(*spec));
    }
    return out;
}

std::string set_text(const Value& v) {
    switch (v.kind()) {
        case Value::Kind::None: return "none";
        case Value::Kind::Bool: return v.as_bool() ? "true" : "false";
        case Value::Kind::Int: return std::to_string(v.as_int());
        case Value::Kind::Float: return repr(v);
        case Value::Kind::Str: return v.as_str();
        default: return repr(v);
    }
}

}  // namespace loopscope::gui
