#include "gui/number_entry.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "engine/py/call_sites.hpp"
#include "engine/run.hpp"
#include "gui/file_params.hpp"

namespace loopscope::gui {

std::string number_text(double v, NumberEntry how) {
    if (how == NumberEntry::Typed) return float_repr(v);
    // Rounded to the step as decimal text, never as binary arithmetic:
    // "%.1f" of 16.799999237060547 is "16.8", which parses to 16.8.
    char buf[64];
    std::snprintf(buf, sizeof buf, kSliderFormat, v);
    std::string text = buf;
    if (text == "-0.0") text = "0.0";
    return text;
}

std::string slider_format(double v, const std::string& unit) {
    const std::string on_grid = number_text(v, NumberEntry::Dragged);
    if (std::isfinite(v) && std::strtod(on_grid.c_str(), nullptr) == v) return kSliderFormat + unit;
    return number_text(v, NumberEntry::Typed) + unit;
}

std::optional<Value> param_number(const ParamSpec& spec, double v, NumberEntry how) {
    if (!std::isfinite(v)) return std::nullopt;
    return parse_param_value(spec, number_text(v, how));
}

std::optional<std::string> call_site_number_text(double v, NumberEntry how) {
    if (!std::isfinite(v)) return std::nullopt;
    std::string text = number_text(v, how);
    const auto parsed = py::parse_set_value(text);
    if (!parsed || (parsed->kind() != Value::Kind::Float && parsed->kind() != Value::Kind::Int) || parsed->as_float() < 0)
        return std::nullopt;
    return text;
}

std::optional<double> as_number(const Value& v) {
    if (v.kind() == Value::Kind::Int || v.kind() == Value::Kind::Float) return v.as_float();
    return std::nullopt;
}

SliderRange slider_range(const ParamSpec& spec) {
    SliderRange r;
    r.lo = spec.min;
    const double widest = spec.max > spec.min ? spec.max : spec.min + 10;
    double hi = spec.min + 10;
    if (const auto d = as_number(spec.default_value); d && *d > hi) hi = std::ceil(*d * 2);
    r.hi = std::min(hi, widest);
    return r;
}

std::string number_to_restore(const std::optional<std::string>& remembered, const Value& fallback) {
    if (remembered) return *remembered;
    if (as_number(fallback)) return set_text(fallback);
    return "1.0";
}

}  // namespace loopscope::gui
