#include <fstream>
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/request_options.hpp"
#include "engine/loop_queues.hpp"
#include "engine/py/run_file.hpp"
#include "engine/run.hpp"
#include "scenarios/registry.hpp"

namespace loopscope::cli {

namespace {
struct RunOptions {
    std::string scenario;
    RequestOptions request;
    std::string trace_path;
    std::string trace_format = "json";
    std::string queues_path;
};

// Prints the transcript, writes the trace; 3 for a run that a guard or a
// deadlock stopped (not a finished run), else 0.
int report_run(const RunReport& report, const RunOptions& opts) {
    std::ofstream trace_file, queues_file;
    if (!opts.trace_path.empty()) {
        trace_file.open(opts.trace_path, std::ios::binary);
        if (!trace_file) return usage_error("cannot write trace file '" + opts.trace_path + "'");
    }
    if (!opts.queues_path.empty()) {
        queues_file.open(opts.queues_path, std::ios::binary);
        if (!queues_file) return usage_error("cannot write queues file '" + opts.queues_path + "'");
    }
    std::string out;
    for (const TranscriptLine& line : report.transcript) out += format_transcript_line(line) + '\n';
    std::cout << out << std::flush;
    if (trace_file.is_open()) {
        if (opts.trace_format == "chrome") {
            write_chrome_trace(report.trace, trace_file);
        } else {
            write_trace_json(report.trace, trace_file);
        }
    }
    if (queues_file.is_open()) write_queue_snapshots(report.trace, queues_file);
    if (report.stopped) {
        std::cerr << "loopscope: " << report.stopped->detail << '\n';
        return 3;
    }
    return 0;
}

// A .py file (or a built-in's twin, `scenario` set) on the interpreter:
// NAME=VALUE sets go to PARAMS, LINE:NAME=VALUE sets to call sites,
// --cancel targets TARGETS names or tasks, as the harness does.
int run_py(const std::string& path, const Scenario* scenario, const RunOptions& opts) {
    std::string error;
    auto options = opts.request.to_file_options(scenario, error);
    if (!options) return usage_error(error);
    options->record_trace = !opts.trace_path.empty() || !opts.queues_path.empty();
    const py::FileRunResult result = py::run_py_file(path, *options);
    if (!result.error.empty()) return usage_error(result.error);
    const int status = report_run(result.report, opts);
    if (status != 0 || !result.exit_status) return status;
    // sys.exit / SystemExit: python3 FILE.py's status, and its message.
    if (!result.exit_message.empty()) std::cerr << result.exit_message << '\n';
    return *result.exit_status;
}
}  // namespace

// `loopscope run NAME ...`: the transcript on stdout, `%.6f | text` per line.
Action add_run_command(CLI::App& app) {
    auto opts = std::make_shared<RunOptions>();
    CLI::App* cmd = app.add_subcommand("run", "Run a scenario or a .py file and print its transcript");
    cmd->add_option("scenario", opts->scenario, "scenario name (see `loopscope list`) or FILE.py")->required();
    opts->request.add_to(*cmd);
    cmd->add_option("--trace", opts->trace_path, "write the trace to FILE");
    cmd->add_option("--trace-format", opts->trace_format, "json or chrome (Perfetto)")
        ->check(CLI::IsMember({"json", "chrome"}));
    cmd->add_option("--queues", opts->queues_path,
                    "write the ready queue and the timer heap before each of the first callbacks to FILE (JSON)");
    cmd->footer(
        "Call sites: every gather/wait/wait_for/timeout/as_completed call of a .py file has options\n"
        "(return_exceptions, return_when, timeout; asyncio.timeout's is `delay`). `loopscope sites FILE.py`\n"
        "lists them by line; `--set LINE:NAME=VALUE` runs the file as if that call said NAME=VALUE, e.g.\n"
        "  loopscope run my.py --set 21:return_exceptions=true --set 30:return_when=FIRST_EXCEPTION\n"
        "  loopscope run gather_groups --interpret --set return_exceptions=true   # the .py twin, PARAMS\n"
        "  loopscope run gather_groups --interpret --set 20:return_exceptions=true\n");
    return [opts]() -> int {
        if (opts->scenario.ends_with(".py")) {
            if (opts->request.interpret) return usage_error("--interpret is for built-in scenarios; a .py file always runs on the interpreter");
            return run_py(opts->scenario, nullptr, *opts);
        }
        const Scenario* scenario = find_scenario(opts->scenario);
        if (scenario == nullptr) return usage_error("unknown scenario '" + opts->scenario + "' (see `loopscope list`)");
        if (opts->request.interpret) return run_py(twin_path(*scenario), scenario, *opts);
        std::string error;
        auto request = opts->request.to_request(*scenario, error);
        if (!request) return usage_error(error);
        request->record_trace = !opts->trace_path.empty() || !opts->queues_path.empty();
        return report_run(run_scenario(*scenario, *request), *opts);
    };
}

}  // namespace loopscope::cli
