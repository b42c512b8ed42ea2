// Measuring one run in a child process, so that each run's peak memory is its
// own (ru_maxrss of the child) and one run's heap cannot flatter the next.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace loopscope::cli {

struct Measurement {
    double wall_seconds = 0;
    std::uint64_t peak_rss_bytes = 0;
    int exit_code = 0;
    std::string output;  // what the child wrote to stdout
};

// Forks, runs `work` in the child with its stdout captured, and measures it.
Measurement measure_in_child(const std::function<int()>& work);
// Runs a program (argv[0] looked up in PATH) and measures it the same way.
std::optional<Measurement> measure_program(const std::vector<std::string>& argv);

}  // namespace loopscope::cli
