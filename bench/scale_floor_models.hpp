// The two floor models' entry points and what they share (bench/scale_floor.hpp).
#pragma once

#include <cstdint>
#include <vector>

#include "bench/floor_loop.hpp"
#include "engine/py_random.hpp"
#include "engine/scenario.hpp"

namespace loopscope::scale_floor {

RunReport run_bare(std::int64_t n, const Seed& seed, bool record_trace);
RunReport run_objects(std::int64_t n, const Seed& seed, bool record_trace);

// What a running model shares with its awaiters and callbacks, which
// asyncio's running loop is to them: one pointer for the run, not one per
// frame. Each model adds its own fields.
struct RunState {
    RunState(void (*due)(void*), std::int64_t workers, const Seed& seed, bool record_trace)
        : loop(due, record_trace), random(seed), n(workers) {}
    FloorLoop loop;
    PyRandom random;
    std::int64_t n;
    std::int64_t finished = 0;  // workers done, as gather counts them
    std::uint64_t steps = 0;
    std::vector<TranscriptLine> transcript;

    // The run's report: transcript, task steps, the loop's events, n tasks.
    RunReport report();
};

// scale.py's one line: print("gathered", len(results), "sum", sum(results)).
TranscriptLine gathered_line(double now, std::int64_t count, std::int64_t sum);

}  // namespace loopscope::scale_floor
