// Why a cancel() was called: who asked, and on whose behalf.
//
// asyncio passes cancellation on in a few fixed places (a gather cancelling
// its children, a task cancelling the future it awaits, a timeout cancelling
// its task, a TaskGroup aborting, asyncio.run's shutdown). The engine names
// each of those places with a CancelCauseScope around the cancel() calls it
// makes; a cancel() with no scope around it is the program's own (or, with
// no task running, a loop callback's). The observer reads the innermost
// scope, so the trace keeps one field per cancel request instead of a guess.
#pragma once

#include <cstdint>
#include <string>

namespace loopscope {

struct CancelCause {
    enum class Kind : std::uint8_t {
        Code,          // the program called .cancel() (the requester task, at its line)
        LoopCallback,  // a loop callback called .cancel() with no task running
        Intervention,  // the user: --cancel TARGET@T, or a click in the app
        Group,         // a gather's future was cancelled and cancelled its children (source: the gather)
        Awaiter,       // a task was cancelled and cancelled what it awaited (source: the task)
        Shutdown,      // asyncio.run()'s shutdown cancelling the tasks left once main finished
        Timeout,       // wait_for / asyncio.timeout expired and cancelled its task (detail: the call)
        TaskGroup,     // a TaskGroup aborting because a child failed (source: the child)
    };
    Kind kind = Kind::Code;
    std::uint32_t source = 0;  // the future id the cause names (0: none)
    std::string detail;        // Intervention: "cancel group2 at t=1.5"; Timeout: "wait_for(timeout=2)"; TaskGroup: the error
    std::int32_t line = 0;     // Code, LoopCallback: the .py line of the cancel() call, when the caller knows it
};

}  // namespace loopscope
