// A small dynamic value with Python's semantics for what scenarios print.
//
// Kinds: None, bool, int, float, str, list, tuple, set, exception, future
// (a Task or any other Future). Scalars live inline; strings, sequences,
// exceptions and futures are shared heap objects, so copying a Value is as
// cheap as copying a Python reference and keeps identity where Python has it.
//
// Sections: Value (construction and access) · str()/repr() · print().
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/exception.hpp"
#include "engine/ref.hpp"

namespace loopscope {

class Future;

class Value {
public:
    enum class Kind : std::uint8_t { None, Bool, Int, Float, Str, List, Tuple, Set, Exception, Future };

    Value() noexcept = default;  // None
    Value(bool b) noexcept : kind_(Kind::Bool) { scalar_.b = b; }
    Value(int i) noexcept : Value(static_cast<std::int64_t>(i)) {}
    Value(std::int64_t i) noexcept : kind_(Kind::Int) { scalar_.i = i; }
    Value(double f) noexcept : kind_(Kind::Float) { scalar_.f = f; }
    Value(std::string s);
    Value(const char* s) : Value(std::string(s)) {}
    Value(Exc exc);
    Value(Ref<Future> fut);

    static Value list(std::vector<Value> items = {});
    static Value tuple(std::vector<Value> items);
    // A set as the scenario hands it over: Python's iteration order of a set of
    // tasks is by hash, so scenarios sort before iterating; items keep the order
    // given.
    static Value set(std::vector<Value> items);

    [[nodiscard]] Kind kind() const noexcept { return kind_; }
    [[nodiscard]] bool is_none() const noexcept { return kind_ == Kind::None; }
    [[nodiscard]] bool is_sequence() const noexcept {
        return kind_ == Kind::List || kind_ == Kind::Tuple || kind_ == Kind::Set;
    }

    [[nodiscard]] bool as_bool() const;
    [[nodiscard]] std::int64_t as_int() const;
    [[nodiscard]] double as_float() const;  // int or float, as Python's float()
    [[nodiscard]] const std::string& as_str() const;
    [[nodiscard]] const std::vector<Value>& items() const;
    [[nodiscard]] std::vector<Value>& mutable_items();
    [[nodiscard]] Exc as_exception() const;
    [[nodiscard]] Ref<Future> as_future() const;

    // Python's `==` for the kinds above (identity for exceptions and futures).
    friend bool operator==(const Value& a, const Value& b);

private:
    struct StrObject;
    struct SeqObject;

    Kind kind_ = Kind::None;
    union {
        bool b;
        std::int64_t i;
        double f;
    } scalar_{};
    Ref<RefCounted> object_;
};

// ---- str() / repr() -------------------------------------------------------

std::string repr(const Value& v);
std::string str(const Value& v);
std::string repr(const ExceptionObject& e);
std::string str(const ExceptionObject& e);
// repr(float) exactly as CPython prints it (shortest round-trip digits,
// exponent form below 1e-4 and from 1e16 on).
std::string float_repr(double f);
// repr(str): Python's quote choice and escapes.
std::string str_repr(std::string_view s);

// print(*args): str() of each, joined by one space (no trailing newline).
std::string print_line(const std::vector<Value>& args);

}  // namespace loopscope
