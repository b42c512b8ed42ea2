// The floor under issue 3's targets: the least work that any engine made of
// C++ coroutines can do for the `scale` scenario, measured by `loopscope
// bench scale --floor MODEL` exactly as the engine is.
//
// Both models run scale.py's work and nothing else: n coroutine frames, each
// sleeping uniform(1, 3) then uniform(0, 1) s (the same PyRandom draws in the
// same order), gathered; the same heapq-exact timer heap (engine/heapq.hpp),
// FIFO ready queue, virtual clock, pools (engine/pool.hpp) and 12-byte trace
// events (engine/trace_events.hpp), ten per task as the engine records. They
// print the twin's one line, so `--against-python` proves they did the work.
//
// - Bare: a frame is all a task is. A timer resumes its frame directly.
// - Objects: asyncio's object model at the engine's sizes. A Task and a
//   Future per sleep; the timer sets the future's result, whose done-callback
//   (scheduled, as CPython does) wakes the task in the next pass.
//
// Neither keeps what the engine keeps beside the events: trace rows, names,
// result strings, the trace's time runs. Neither can cancel, raise or run
// anything but this one scenario. They are yardsticks, not engines.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "engine/scenario.hpp"

namespace loopscope::scale_floor {

enum class Model { Bare, Objects };

// "bare" or "objects".
std::optional<Model> parse_model(std::string_view name);

// Runs the model on n workers with random.seed(seed). The report carries the
// transcript, the task steps, the tasks made and, when record_trace, the
// events in trace.events (no rows, no strings).
RunReport run(Model model, std::int64_t n, const Seed& seed, bool record_trace);

}  // namespace loopscope::scale_floor
