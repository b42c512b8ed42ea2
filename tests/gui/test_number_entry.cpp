// The number controls' conversions (gui/number_entry.hpp): what a slider or
// a typed value hands the program is the double `--set NAME=TEXT` gives.
#include <doctest/doctest.h>

#include <limits>
#include <string>

#include "engine/py/call_sites.hpp"
#include "engine/run.hpp"
#include "gui/number_entry.hpp"

using namespace loopscope;
using namespace loopscope::gui;

namespace {

ParamSpec timeout_spec() {
    return ParamSpec{"timeout", ParamSpec::Type::OptionalFloat, Value(std::int64_t{2}), "", 0, 60};
}

double as_cli(const std::string& text) {
    const auto v = parse_param_value(timeout_spec(), text);
    REQUIRE(v.has_value());
    return v->as_float();
}

}  // namespace

TEST_CASE("a dragged value is the slider's 0.1 step as --set gives it, never a float32") {
    // What a float slider used to hand over at 16.8: 16.799999237060547.
    const double from_float = static_cast<double>(16.8f);
    CHECK(number_text(from_float, NumberEntry::Dragged) == "16.8");
    const auto v = param_number(timeout_spec(), from_float, NumberEntry::Dragged);
    REQUIRE(v.has_value());
    CHECK(v->kind() == Value::Kind::Float);
    CHECK(v->as_float() == as_cli("16.8"));
    CHECK(repr(*v) == "16.8");
    CHECK(number_text(2.04999, NumberEntry::Dragged) == "2.0");
    CHECK(number_text(0.3000000000000000444, NumberEntry::Dragged) == "0.3");
    CHECK(number_text(-0.01, NumberEntry::Dragged) == "0.0");  // no "-0.0"
}

TEST_CASE("a typed value is kept as typed, parsed as a double") {
    for (const char* typed : {"16.8", "1.25", "0.001", "7.123456789", "59.99"}) {
        INFO(typed);
        const double d = std::stod(typed);  // what the Ctrl+click box parses
        const auto v = param_number(timeout_spec(), d, NumberEntry::Typed);
        REQUIRE(v.has_value());
        CHECK(v->as_float() == as_cli(typed));
        CHECK(repr(*v) == typed);
    }
    CHECK(number_text(1.25, NumberEntry::Typed) == "1.25");
    CHECK(number_text(3.0, NumberEntry::Typed) == "3.0");  // a double, as typed into a double box
}

TEST_CASE("a value the parameter refuses is not applied") {
    CHECK_FALSE(param_number(timeout_spec(), 61.0, NumberEntry::Typed).has_value());
    CHECK_FALSE(param_number(timeout_spec(), -1.0, NumberEntry::Typed).has_value());
    CHECK_FALSE(param_number(timeout_spec(), std::numeric_limits<double>::infinity(), NumberEntry::Typed).has_value());
}

TEST_CASE("call-site timeouts go through the --set LINE:NAME=VALUE parser") {
    const auto text = call_site_number_text(static_cast<double>(16.8f), NumberEntry::Dragged);
    REQUIRE(text.has_value());
    CHECK(*text == "16.8");
    CHECK(py::parse_set_value(*text)->as_float() == 16.8);
    CHECK(call_site_number_text(0.125, NumberEntry::Typed) == std::optional<std::string>("0.125"));
    CHECK_FALSE(call_site_number_text(-2.0, NumberEntry::Typed).has_value());
}

TEST_CASE("the slider offers 0 to 10 s unless the parameter needs another range") {
    const SliderRange r = slider_range(timeout_spec());
    CHECK(r.lo == 0);
    CHECK(r.hi == 10);
    ParamSpec narrow{"t", ParamSpec::Type::Float, Value(1.0), "", 0, 5};
    CHECK(slider_range(narrow).hi == 5);
    ParamSpec big{"t", ParamSpec::Type::OptionalFloat, Value(30.0), "", 0, 120};  // a file's PARAMS timeout=30
    CHECK(slider_range(big).hi == 60);
}

TEST_CASE("unticking None restores the number it had") {
    CHECK(number_to_restore(std::string("16.8"), Value(std::int64_t{2})) == "16.8");
    CHECK(number_to_restore(std::nullopt, Value(std::int64_t{2})) == "2");  // never a number yet: the default
    CHECK(number_to_restore(std::nullopt, Value(2.5)) == "2.5");
    CHECK(number_to_restore(std::nullopt, Value()) == "1.0");               // default None: 1 s
    const auto restored = parse_param_value(timeout_spec(), number_to_restore(std::string("2"), Value()));
    REQUIRE(restored.has_value());
    CHECK(restored->kind() == Value::Kind::Int);  // the int 2 comes back an int, as it was
}

TEST_CASE("the slider shows the value the program gets") {
    CHECK(slider_format(2.0) == "%.1f");
    CHECK(slider_format(16.8) == "%.1f");
    CHECK(slider_format(1.25) == "1.25");  // typed: not rounded to "1.2" on screen
    CHECK(slider_format(0.001, " s") == "0.001 s");
    CHECK(slider_format(6.8, " s") == "%.1f s");
}
