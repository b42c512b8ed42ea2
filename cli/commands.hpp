// The subcommands of `loopscope`, each in its own file.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace loopscope::cli {

// Each registers its subcommand and returns the action to run when chosen.
using Action = std::function<int()>;
Action add_list_command(CLI::App& app);
Action add_run_command(CLI::App& app);
Action add_sites_command(CLI::App& app);
Action add_bench_command(CLI::App& app);
Action add_gui_command(CLI::App& app);
// `loopscope` with no subcommand.
int open_default_gui();

}  // namespace loopscope::cli
