#include "engine/exception.hpp"

#include <array>

#include "engine/value.hpp"

namespace loopscope {

bool ExceptionType::is_subclass_of(const ExceptionType& other) const noexcept {
    for (const ExceptionType* t = this; t != nullptr; t = t->base) {
        if (t == &other) return true;
        // class ExceptionGroup(BaseExceptionGroup, Exception): the one class
        // here with a second base, so `except Exception` catches a TaskGroup's errors.
        if (t == &exc_types::ExceptionGroup && &other == &exc_types::Exception) return true;
    }
    return false;
}

namespace exc_types {
// The slice of CPython's hierarchy that scenarios meet. CancelledError derives
// from BaseException (3.8+), so `except Exception` does not swallow it.
const ExceptionType BaseException{"BaseException", nullptr};
const ExceptionType Exception{"Exception", &BaseException};
const ExceptionType ValueError{"ValueError", &Exception};
const ExceptionType TypeError{"TypeError", &Exception};
const ExceptionType RuntimeError{"RuntimeError", &Exception};
const ExceptionType RecursionError{"RecursionError", &RuntimeError};
const ExceptionType ZeroDivisionError{"ZeroDivisionError", &Exception};
const ExceptionType KeyError{"KeyError", &Exception};
const ExceptionType IndexError{"IndexError", &Exception};
const ExceptionType OSError{"OSError", &Exception};
const ExceptionType TimeoutError{"TimeoutError", &OSError};
const ExceptionType CancelledError{"CancelledError", &BaseException};
const ExceptionType InvalidStateError{"InvalidStateError", &Exception};
const ExceptionType BaseExceptionGroup{"BaseExceptionGroup", &BaseException};
const ExceptionType ExceptionGroup{"ExceptionGroup", &BaseExceptionGroup};
const ExceptionType SystemExit{"SystemExit", &BaseException};
const ExceptionType KeyboardInterrupt{"KeyboardInterrupt", &BaseException};

const ExceptionType* find(std::string_view name) noexcept {
    static const std::array<const ExceptionType*, 16> all{
        &BaseException, &Exception, &ValueError, &TypeError, &RuntimeError,
        &ZeroDivisionError, &KeyError, &IndexError, &OSError, &TimeoutError,
        &CancelledError, &InvalidStateError, &BaseExceptionGroup, &ExceptionGroup, &SystemExit, &KeyboardInterrupt};
    for (const ExceptionType* t : all)
        if (t->name == name) return t;
    return nullptr;
}
}  // namespace exc_types

ExceptionObject::ExceptionObject(const ExceptionType& type, std::vector<Value> args)
    : type_(&type), args_(std::move(args)) {}
ExceptionObject::~ExceptionObject() = default;
void ExceptionObject::set_args(std::vector<Value> args) { args_ = std::move(args); }

Exc make_exception(const ExceptionType& type) { return Exc(new ExceptionObject(type, {})); }
Exc make_exception(const ExceptionType& type, std::string message) {
    return Exc(new ExceptionObject(type, {Value(std::move(message))}));
}

Exc exception_group(std::string message, std::vector<Exc> excs, bool tuple_args) {
    bool all_exceptions = true;
    std::vector<Value> items;
    for (const Exc& e : excs) {
        all_exceptions = all_exceptions && e->is(exc_types::Exception);
        items.emplace_back(e);
    }
    Value seq = tuple_args ? Value::tuple(std::move(items)) : Value::list(std::move(items));
    Exc group(new ExceptionObject(all_exceptions ? exc_types::ExceptionGroup : exc_types::BaseExceptionGroup,
                                  {Value(std::move(message)), std::move(seq)}));
    group->group = std::move(excs);
    return group;
}

void raise(Exc exc) { throw PyError{std::move(exc)}; }
void raise(const ExceptionType& type, std::string message) {
    raise(message.empty() ? make_exception(type) : make_exception(type, std::move(message)));
}

}  // namespace loopscope
