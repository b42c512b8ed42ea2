// The two floor models' entry points and what they share (bench/scale_floor.hpp).
#pragma once

#include <cstdint>

#include "engine/scenario.hpp"

namespace loopscope::scale_floor {

RunReport run_bare(std::int64_t n, std::int64_t seed, bool record_trace);
RunReport run_objects(std::int64_t n, std::int64_t seed, bool record_trace);

// scale.py's one line: print("gathered", len(results), "sum", sum(results)).
TranscriptLine gathered_line(double now, std::int64_t count, std::int64_t sum);

}  // namespace loopscope::scale_floor
