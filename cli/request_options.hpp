// The options every command that runs a scenario shares: --seed, --set,
// --cancel, --interpret. Parsed into a RunRequest and checked against the
// scenario, with a one-line message for anything wrong.
//
// --set takes two forms: NAME=VALUE sets a scenario parameter (a PARAMS
// entry of a .py file); LINE:NAME=VALUE sets an option of the asyncio call
// on that line of a .py file (engine/py/call_sites.hpp).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "engine/py/run_file.hpp"
#include "engine/scenario.hpp"

namespace loopscope::cli {

struct RequestOptions {
    Seed seed = 1;  // any decimal integer, as random.seed(n) takes any int
    std::vector<std::string> sets;     // KEY=VALUE
    std::vector<std::string> cancels;  // TARGET@T
    bool interpret = false;            // a built-in runs its .py twin on the interpreter
    // --max-seconds: the real-time limit of a .py run (0: none); unset, the
    // command's default (FileRunOptions' for run and gui; none for bench,
    // which measures long runs on purpose).
    std::optional<double> max_seconds;
    // --loop-detail N: the callbacks whose loop detail the trace keeps (0: all).
    std::uint64_t loop_detail = kLoopDetailCallbacks;

    void add_to(CLI::App& command);
    // Builds the request for a built-in's C++ twin; on a problem returns
    // nothing and fills `error`.
    std::optional<RunRequest> to_request(const Scenario& scenario, std::string& error) const;
    // The options for running a .py file: `path`, or the built-in `scenario`'s
    // twin (then checked against its parameters and targets, as to_request does).
    std::optional<py::FileRunOptions> to_file_options(const Scenario* scenario, std::string& error,
                                                      double default_max_seconds = py::FileRunOptions{}.max_wall_seconds) const;
};

// A built-in's .py twin in the source tree (scenarios/NAME.py).
std::string twin_path(const Scenario& scenario);

// The error line and exit code every command uses for bad input.
int usage_error(const std::string& message);

}  // namespace loopscope::cli
