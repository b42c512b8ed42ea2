// The options every command that runs a scenario shares: --seed, --set,
// --cancel. Parsed into a RunRequest and checked against the scenario, with
// a one-line message for anything wrong.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "engine/scenario.hpp"

namespace loopscope::cli {

struct RequestOptions {
    std::int64_t seed = 1;
    std::vector<std::string> sets;     // KEY=VALUE
    std::vector<std::string> cancels;  // TARGET@T

    void add_to(CLI::App& command);
    // Builds the request; on a problem returns nothing and fills `error`.
    std::optional<RunRequest> to_request(const Scenario& scenario, std::string& error) const;
};

// The error line and exit code every command uses for bad input.
int usage_error(const std::string& message);

}  // namespace loopscope::cli
