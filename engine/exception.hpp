// Python exceptions as engine values.
//
// An exception is an object with identity (asyncio hands the very same
// CancelledError instance around: Future._cancelled_exc), a class from a small
// single-inheritance hierarchy, and its constructor arguments (which is all
// repr() shows: `ValueError()`, `CancelledError('msg')`).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/ref.hpp"

namespace loopscope {

class Value;

// A Python exception class. Instances are static; `base` is nullptr only for
// BaseException.
struct ExceptionType {
    std::string_view name;
    const ExceptionType* base;

    [[nodiscard]] bool is_subclass_of(const ExceptionType& other) const noexcept;
};

namespace exc_types {
extern const ExceptionType BaseException;
extern const ExceptionType Exception;
extern const ExceptionType ValueError;
extern const ExceptionType TypeError;
extern const ExceptionType RuntimeError;
extern const ExceptionType RecursionError;    // engine/recursion.hpp
extern const ExceptionType ZeroDivisionError;
extern const ExceptionType KeyError;
extern const ExceptionType IndexError;
extern const ExceptionType OSError;
extern const ExceptionType TimeoutError;      // asyncio.TimeoutError is this one since 3.11
extern const ExceptionType CancelledError;    // a BaseException since 3.8
extern const ExceptionType InvalidStateError;
extern const ExceptionType ExceptionGroup;    // raised by TaskGroup
extern const ExceptionType BaseExceptionGroup;
// What Task.__step and Handle._run re-raise instead of keeping: they leave
// run_until_complete at once.
extern const ExceptionType SystemExit;
extern const ExceptionType KeyboardInterrupt;

// Looks up a class by its Python name; nullptr when the engine does not know it.
const ExceptionType* find(std::string_view name) noexcept;
}  // namespace exc_types

class ExceptionObject : public RefCounted {
public:
    ExceptionObject(const ExceptionType& type, std::vector<Value> args);
    ~ExceptionObject() override;

    [[nodiscard]] const ExceptionType& type() const noexcept { return *type_; }
    [[nodiscard]] const std::vector<Value>& args() const noexcept { return args_; }
    [[nodiscard]] bool is(const ExceptionType& cls) const noexcept { return type_->is_subclass_of(cls); }

    // For ExceptionGroup: the grouped exceptions (args_[1] in Python).
    std::vector<Ref<ExceptionObject>> group;
    // The .py interpreter's instance attributes (`self.code = code` in an
    // exception subclass) and `super().__init__(...)`, which resets args.
    Ref<RefCounted> attributes;
    void set_args(std::vector<Value> args);

private:
    const ExceptionType* type_;
    std::vector<Value> args_;
};

using Exc = Ref<ExceptionObject>;

Exc make_exception(const ExceptionType& type);
Exc make_exception(const ExceptionType& type, std::string message);
// BaseExceptionGroup(message, excs): an ExceptionGroup when every member is
// an Exception, as BaseExceptionGroup.__new__ decides. Its args hold the
// members as a list, or as a tuple (`tuple_args`: a lone exception that an
// except* clause receives wrapped).
Exc exception_group(std::string message, std::vector<Exc> excs, bool tuple_args = false);

// The C++ carrier of a Python exception through C++ coroutine frames: what
// `raise e` becomes in a C++ twin, and what `coro.throw(e)` delivers.
struct PyError {
    Exc exc;
};

[[noreturn]] void raise(Exc exc);
[[noreturn]] void raise(const ExceptionType& type, std::string message = {});

}  // namespace loopscope
