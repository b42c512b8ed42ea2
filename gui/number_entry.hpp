// What a number control hands the program: the value `--set` would give.
//
// The app's sliders hold doubles; a float would leak into Python as
// 16.799999237060547 where `--set timeout=16.8` prints 16.8. So a control's
// value goes through text, and the text through the command line's parser:
//   dragged: snapped to the slider's 0.1 s step, as its "%.1f" label shows it;
//   typed (Ctrl+click): the double as typed, written back in its shortest
//     exact text (Python's repr), which parses to that very double.
// No ImGui here: the headless tests check these conversions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "engine/scenario.hpp"

namespace loopscope::gui {

enum class NumberEntry : std::uint8_t { Dragged, Typed };

// The slider's step and the format of its label.
inline constexpr double kSliderStep = 0.1;
inline constexpr const char* kSliderFormat = "%.1f";

// The --set text for a control's value: "16.8" for a drag near 16.8, the
// repr for a typed value ("1.25", "0.001").
std::string number_text(double v, NumberEntry how);

// The slider's format for the value it shows: "%.1f" on the 0.1 s grid,
// else the value's exact text as a literal (a typed 1.25 reads "1.25", not
// "1.2"). `unit` is appended (" s"); '%' never occurs in a number's text.
std::string slider_format(double v, const std::string& unit = "");

// A scenario parameter's value for that text, parsed as `--set NAME=TEXT`
// is (parse_param_value); nothing when the parameter refuses it (out of range).
std::optional<Value> param_number(const ParamSpec& spec, double v, NumberEntry how);

// A call-site timeout's value text for `--set LINE:NAME=TEXT`, checked with
// the command line's parser (py::parse_set_value); nothing for a negative or
// unparsable value.
std::optional<std::string> call_site_number_text(double v, NumberEntry how);

// The number a value shows on a slider (an int or float), else nothing.
std::optional<double> as_number(const Value& v);

// The range a parameter's slider offers: from its minimum, 10 s wide (in 0.1 s
// steps), narrower when the parameter allows less, wider when its default
// would not fit. Ctrl+click types any value the parameter takes.
struct SliderRange {
    double lo = 0, hi = 10;
};
SliderRange slider_range(const ParamSpec& spec);

// The number to restore when a None toggle is switched off: the one
// remembered when it was switched on (`remembered`, its --set text), else
// the default if it is a number, else 1 s. Returns --set text.
std::string number_to_restore(const std::optional<std::string>& remembered, const Value& fallback);

}  // namespace loopscope::gui
