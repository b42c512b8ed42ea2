// A small dynamic value with Python's semantics for what scenarios print.
//
// Kinds: None, bool, int, float, str, list, tuple, set, exception, future
// (a Task or any other Future), and big int (an int past 64 bits,
// engine/bigint.hpp). Scalars live inline; strings, sequences, exceptions,
// futures and big ints are shared heap objects, so copying a Value is as
// cheap as copying a Python reference and keeps identity where Python has it.
//
// Sections: Value (construction and access) · str()/repr() · print().
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/exception.hpp"
#include "engine/ref.hpp"

namespace loopscope {

class Future;
class BigIntObject;

// An object the engine carries without knowing what it is: the .py
// interpreter's dicts, functions and coroutine objects (engine/py/). The
// engine only prints and compares it.
class OpaqueObject : public RefCounted {
public:
    [[nodiscard]] virtual std::string repr() const = 0;
    [[nodiscard]] virtual std::string str() const { return repr(); }
    // Python's `==`; identity unless the object says otherwise.
    [[nodiscard]] virtual bool equals(const OpaqueObject& other) const { return this == &other; }
};

class Value {
public:
    // An int is Int when it fits int64 and BigInt only when it does not.
    enum class Kind : std::uint8_t { None, Bool, Int, Float, Str, List, Tuple, Set, Exception, Future, Object, BigInt };

    Value() noexcept = default;  // None
    // 16 bytes: the kind and one word, a scalar or a counted object.
    Value(const Value& other) noexcept : kind_(other.kind_), scalar_(other.scalar_) {
        if (RefCounted* p = obj()) p->add_ref();
    }
    Value(Value&& other) noexcept : kind_(std::exchange(other.kind_, Kind::None)), scalar_(other.scalar_) {
        other.scalar_.i = 0;
    }
    Value& operator=(const Value& other) noexcept {
        Value copy(other);
        swap(copy);
        return *this;
    }
    Value& operator=(Value&& other) noexcept {
        Value moved(std::move(other));
        swap(moved);
        return *this;
    }
    ~Value() {
        if (RefCounted* p = obj()) p->release();
    }
    void swap(Value& other) noexcept {
        std::swap(kind_, other.kind_);
        std::swap(scalar_, other.scalar_);
    }
    Value(bool b) noexcept : kind_(Kind::Bool) { scalar_.b = b; }
    Value(int i) noexcept : Value(static_cast<std::int64_t>(i)) {}
    Value(std::int64_t i) noexcept : kind_(Kind::Int) { scalar_.i = i; }
    Value(double f) noexcept : kind_(Kind::Float) { scalar_.f = f; }
    Value(std::string s);
    Value(const char* s) : Value(std::string(s)) {}
    Value(Exc exc);
    Value(Ref<Future> fut);
    Value(Ref<OpaqueObject> obj);
    Value(Ref<BigIntObject> big);

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
    [[nodiscard]] std::int64_t as_int() const;  // Bool or Int (a BigInt does not fit)
    // int or float, as Python's float(); a BigInt past DBL_MAX is +-inf
    // (Python raises OverflowError: py::float_of).
    [[nodiscard]] double as_float() const;
    [[nodiscard]] const BigIntObject& big() const;
    [[nodiscard]] const std::string& as_str() const;
    [[nodiscard]] const std::vector<Value>& items() const;
    [[nodiscard]] std::vector<Value>& mutable_items();
    [[nodiscard]] Exc as_exception() const;
    [[nodiscard]] Ref<Future> as_future() const;
    // The future without touching its count (the Value keeps it alive).
    [[nodiscard]] Future& future() const;
    // The opaque object without touching its count (nullptr for other kinds).
    [[nodiscard]] OpaqueObject* object() const noexcept {
        return kind_ == Kind::Object ? static_cast<OpaqueObject*>(obj()) : nullptr;
    }
    // Any heap object's identity (Python's `is` and id()); nullptr for scalars.
    [[nodiscard]] const RefCounted* identity() const noexcept { return obj(); }

    // Python's `==` for the kinds above (identity for exceptions and futures).
    friend bool operator==(const Value& a, const Value& b);

private:
    struct StrObject;
    struct SeqObject;

    // Str and the kinds after it hold a counted object in scalar_.obj.
    [[nodiscard]] RefCounted* obj() const noexcept { return kind_ >= Kind::Str ? scalar_.obj : nullptr; }
    // Takes over one reference to `p` (kind_ must already say it is an object).
    void adopt(RefCounted* p) noexcept { scalar_.obj = p; }

    Kind kind_ = Kind::None;
    union {
        bool b;
        std::int64_t i;
        double f;
        RefCounted* obj;
    } scalar_{};
};

// ---- str() / repr() -------------------------------------------------------

std::string repr(const Value& v);
std::string str(const Value& v);
std::string repr(const ExceptionObject& e);
// A Python class may define __repr__ for its exceptions; the .py interpreter
// sets this hook to call it (it returns false to keep the default repr).
extern bool (*exception_repr_hook)(const ExceptionObject& e, std::string& out);
std::string str(const ExceptionObject& e);
// repr(float) exactly as CPython prints it (shortest round-trip digits,
// exponent form below 1e-4 and from 1e16 on).
std::string float_repr(double f);
// repr(str): Python's quote choice and escapes.
std::string str_repr(std::string_view s);

// print(*args): str() of each, joined by one space (no trailing newline).
std::string print_line(const std::vector<Value>& args);

}  // namespace loopscope
