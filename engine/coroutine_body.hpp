// What a Task drives: the engine's view of a Python coroutine object.
//
// CPython's Task.__step calls `coro.send(None)` or `coro.throw(exc)` and looks
// at what comes back: a Future the coroutine blocks on (`yield fut` inside
// Future.__await__), a bare `yield` (asyncio.sleep(0)), StopIteration(value),
// or an exception. This interface is exactly that contract, so C++20
// coroutines (the built-in scenarios) and an interpreter for .py files can
// both be driven by the same Task.
#pragma once

#include <string>
#include <string_view>

#include "engine/future.hpp"

namespace loopscope {

struct StepOutcome {
    enum class Kind : std::uint8_t {
        Awaiting,  // blocked on `awaited` until it is done
        Yielded,   // bare yield: asyncio.sleep(0) gives the loop one pass
        Returned,  // StopIteration(value)
        Raised,    // the coroutine raised `error`
    };
    Kind kind = Kind::Returned;
    Ref<Future> awaited;
    Value value;
    Exc error;

    static StepOutcome awaiting(Ref<Future> f) { return {Kind::Awaiting, std::move(f), {}, {}}; }
    static StepOutcome yielded() { return {Kind::Yielded, {}, {}, {}}; }
    static StepOutcome returned(Value v) { return {Kind::Returned, {}, std::move(v), {}}; }
    static StepOutcome raised(Exc e) { return {Kind::Raised, {}, {}, std::move(e)}; }
};

class CoroutineBody {
public:
    virtual ~CoroutineBody() = default;
    static void* operator new(std::size_t size) { return pool::allocate(size); }
    static void operator delete(void* ptr, std::size_t size) noexcept { pool::release(ptr, size); }
    // coro.send(None): start the coroutine or resume it after a wake-up.
    virtual StepOutcome send() = 0;
    // coro.throw(exc): raise `exc` at the suspension point (or, before the
    // first step, at the very start, so that no line of the body runs).
    virtual StepOutcome throw_in(Exc exc) = 0;
    // The coroutine's function name as Python shows it (`coro`, `wait`).
    // Must view a NUL-terminated name that outlives the task (a literal, or
    // the interpreter's function definition): the Task keeps only its pointer,
    // taken before the first step (a finished body may answer empty).
    [[nodiscard]] virtual std::string_view function_name() const = 0;
    // The call that made the coroutine, as the code would write it
    // (`coro('group 1.3')`), when the body knows it (the interpreter's do;
    // C++ coroutines cannot see their arguments); empty otherwise. Asked
    // once, when the task is created, before the first step.
    [[nodiscard]] virtual std::string call_text() const { return {}; }
    // The source line (of the .py twin) the coroutine is suspended at; 0 if unknown.
    [[nodiscard]] virtual int current_line() const { return 0; }
};

}  // namespace loopscope
