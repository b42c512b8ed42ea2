// What a loop callback is, named by what CPython runs at that point.
//
// The ready queue holds Callbacks (engine/handle.hpp): a plain function and
// its target. bind<&T::method, CallbackKind::X>(self) makes one and records,
// once per instantiation, which kind its function is, so that an observer
// can name any callback the loop runs from its function pointer alone: the
// Callback stays 16 bytes and running one costs nothing more.
//
// kCallbackKinds is the table: for each kind, the name the trace shows, and
// the CPython file and function it mirrors.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace loopscope {

class Future;
class RefCounted;
class Value;

enum class CallbackKind : std::uint8_t {
    Unknown,
    TaskStep,                  // the task
    TaskWakeup,                // the task; arg: the future it awaited
    GatherDone,                // arg: the child that is done
    WaitOnCompletion,          // arg: the future that is done
    SetResultUnlessCancelled,  // asyncio.sleep's timer: the sleep's future
    ReleaseWaiter,             // wait()'s timeout, _cancel_and_wait's done-callback
    ShieldInnerDone,           // arg: the inner future
    ShieldOuterDone,           // arg: the outer future
    TimeoutOnTimeout,          // asyncio.timeout's timer
    TaskGroupOnTaskDone,       // arg: the child task
    AsCompletedOnCompletion,   // arg: the future that is done
    AsCompletedOnTimeout,      // as_completed's timer
    RunUntilCompleteCb,        // arg: the future run_until_complete waited for
    InterventionCancel,        // --cancel TARGET@T: the harness's cancel_by_name timer
    Python,                    // a Python function given to call_soon/call_later/call_at/add_done_callback
};
constexpr std::size_t kCallbackKindCount = static_cast<std::size_t>(CallbackKind::Python) + 1;

struct CallbackKindInfo {
    std::string_view name;      // as the trace and the conformance harness spell it
    std::string_view cpython;   // the CPython file and function it mirrors
};

// Indexed by CallbackKind.
inline constexpr CallbackKindInfo kCallbackKinds[kCallbackKindCount] = {
    {"?", ""},
    {"Task.__step", "tasks.py Task.__step (C: _asynciomodule.c task_step, TaskStepMethWrapper)"},
    {"Task.__wakeup", "tasks.py Task.__wakeup (C: _asynciomodule.c task_wakeup)"},
    {"gather._done_callback", "tasks.py gather.<locals>._done_callback"},
    {"wait._on_completion", "tasks.py _wait.<locals>._on_completion"},
    {"futures._set_result_unless_cancelled", "futures.py _set_result_unless_cancelled (tasks.py sleep's call_later)"},
    {"tasks._release_waiter", "tasks.py _release_waiter (_wait's timeout, _cancel_and_wait's partial)"},
    {"shield._inner_done_callback", "tasks.py shield.<locals>._inner_done_callback"},
    {"shield._outer_done_callback", "tasks.py shield.<locals>._outer_done_callback"},
    {"timeouts.Timeout._on_timeout", "timeouts.py Timeout._on_timeout"},
    {"TaskGroup._on_task_done", "taskgroups.py TaskGroup._on_task_done"},
    {"as_completed._on_completion", "tasks.py as_completed.<locals>._on_completion"},
    {"as_completed._on_timeout", "tasks.py as_completed.<locals>._on_timeout"},
    {"base_events._run_until_complete_cb", "base_events.py _run_until_complete_cb"},
    {"intervention.cancel", "tests/conformance/vloop.py cancel_by_name (loop.call_at(T, ...))"},
    {"python", "a Python callable, by its __qualname__"},
};

[[nodiscard]] constexpr std::string_view callback_kind_name(CallbackKind kind) noexcept {
    return kCallbackKinds[static_cast<std::size_t>(kind)].name;
}

using CallbackFn = void (*)(RefCounted& self, const Value& arg);
// A callback's own name (a Python function's qualname), for kinds that have one.
using CallbackNamer = std::string (*)(const RefCounted& self);
// The future a callback acts on, for kinds that decide it themselves from
// their target and the argument the loop passes (a Python call's first
// argument, or the future a bound method belongs to); null: none.
using CallbackTargeter = const Future* (*)(const RefCounted& self, const Value& arg);

// Records that `fn` is a callback of `kind` (bind<> calls it once per
// function). Returns true, for a static initialiser.
bool register_callback_kind(CallbackFn fn, CallbackKind kind, CallbackNamer namer = nullptr,
                            CallbackTargeter targeter = nullptr);

struct CallbackKindEntry {
    CallbackKind kind = CallbackKind::Unknown;
    CallbackNamer namer = nullptr;
    CallbackTargeter targeter = nullptr;
};
// The kind `fn` was registered with (Unknown for a function bind<> never made).
[[nodiscard]] CallbackKindEntry callback_kind_of(CallbackFn fn) noexcept;

}  // namespace loopscope
