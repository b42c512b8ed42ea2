// Python's recursion limit, and the C++ stack behind it.
//
// CPython counts one depth for every Python frame and for every level of
// native recursion through objects (repr, ==, < of nested containers:
// Py_EnterRecursiveCall), against one limit, sys.getrecursionlimit()
// (1000); past it, RecursionError. Here the interpreter's calls, the
// coroutine frames a chain awaits (engine/coro.hpp keeps a suspended chain's
// share), and the engine's own recursions over values count alike.
//
// The count alone cannot keep the C++ stack safe once a script raises the
// limit (sys.setrecursionlimit(10**6)), and a C++ frame per level differs
// between builds (a sanitizer build's are several times larger). So each
// level also checks the real stack: past a floor a fixed margin above the
// thread's stack end, it is RecursionError too, as CPython 3.12 does for
// its C stack. Nothing that data can drive deeper recurses without a Scope.
#pragma once

#include <cstdint>

namespace loopscope::recursion {

constexpr int kDefaultLimit = 1000;

struct State {
    int depth = 0;                  // Python frames and native levels now active
    int limit = kDefaultLimit;      // sys.setrecursionlimit
    std::uintptr_t stack_floor = 0; // below this address the stack is too close to its end
};

// This thread's state (the interpreter runs on one thread: the CLI's main
// thread, or the app's worker).
State& state() noexcept;

// Whether the C++ stack has room for another level.
[[nodiscard]] bool stack_ok() noexcept;

// Whether a coroutine chain whose driver's frame is at `chain_start` may
// take one more frame. Where symmetric transfer is a tail call (clang always,
// GCC when optimizing) a deeper chain uses no more C++ stack, and this is
// stack_ok(). Where it is not (GCC at -O0, the sanitizer build), every level
// stays on the stack, and an exception raised at the bottom climbs back
// through a second activation of each frame plus the unwinder's own: so the
// chain stops while what is left is still twice what it has used.
[[nodiscard]] bool chain_stack_ok(std::uintptr_t chain_start) noexcept;

// Raises RecursionError: "maximum recursion depth exceeded" + `where`
// (" while calling a Python object", " in comparison", ...: CPython's suffixes).
[[noreturn]] void raise_error(const char* where);

// One level: counts, and raises RecursionError if the limit or the stack is
// reached (then the level is not counted).
class Scope {
public:
    explicit Scope(const char* where = "") {
        State& s = state();
        if (s.depth >= s.limit || !stack_ok()) raise_error(where);
        ++s.depth;
    }
    ~Scope() { --state().depth; }
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;
};

// Containers being printed (Py_ReprEnter / Py_ReprLeave): a container met
// again inside its own repr prints as `[...]`, `{...}`.
class ReprGuard {
public:
    explicit ReprGuard(const void* container);
    ~ReprGuard();
    ReprGuard(const ReprGuard&) = delete;
    ReprGuard& operator=(const ReprGuard&) = delete;
    // False when the container is already being printed further out.
    [[nodiscard]] bool entered() const noexcept { return entered_; }

private:
    bool entered_;
};

}  // namespace loopscope::recursion
