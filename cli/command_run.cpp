#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/request_options.hpp"
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
};
// `loopscope run FILE.py ...`: the interpreter runs the file; --set names
// PARAMS entries, --cancel targets TARGETS names or tasks, as the harness does.
int run_py(const std::string& path, const RequestOptions& request) {
    py::FileRunOptions options;
    options.seed = request.seed;
    options.sets = request.sets;
    for (const std::string& c : request.cancels) {
        const auto at = c.rfind('@');
        char* end = nullptr;
        const double t = at == std::string::npos ? 0 : std::strtod(c.c_str() + at + 1, &end);
        if (at == std::string::npos || at == 0 || end == nullptr || *end != '\0' || !(t >= 0))
            return usage_error("--cancel expects TARGET@TIME (e.g. group2@1.5), got '" + c + "'");
        options.cancels.push_back({c.substr(0, at), t});
    }
    const py::FileRunResult result = py::run_py_file(path, options);
    if (!result.error.empty()) return usage_error(result.error);
    std::string out;
    for (const TranscriptLine& line : result.report.transcript) out += format_transcript_line(line) + '\n';
    std::cout << out << std::flush;
    if (result.report.stopped) {
        std::cerr << "loopscope: " << result.report.stopped->detail << '\n';
        return 3;
    }
    return 0;
}
}  // namespace

// `loopscope run NAME ...`: the transcript on stdout, `%.6f | text` per line.
Action add_run_command(CLI::App& app) {
    auto opts = std::make_shared<RunOptions>();
    CLI::App* cmd = app.add_subcommand("run", "Run a scenario and print its transcript");
    cmd->add_option("scenario", opts->scenario, "scenario name (see `loopscope list`)")->required();
    opts->request.add_to(*cmd);
    cmd->add_option("--trace", opts->trace_path, "write the trace to FILE");
    cmd->add_option("--trace-format", opts->trace_format, "json or chrome (Perfetto)")
        ->check(CLI::IsMember({"json", "chrome"}));
    return [opts]() -> int {
        if (opts->scenario.ends_with(".py")) return run_py(opts->scenario, opts->request);
        const Scenario* scenario = find_scenario(opts->scenario);
        if (scenario == nullptr) return usage_error("unknown scenario '" + opts->scenario + "' (see `loopscope list`)");
        std::string error;
        auto request = opts->request.to_request(*scenario, error);
        if (!request) return usage_error(error);
        request->record_trace = !opts->trace_path.empty();
        std::ofstream trace_file;
        if (!opts->trace_path.empty()) {
            trace_file.open(opts->trace_path, std::ios::binary);
            if (!trace_file) return usage_error("cannot write trace file '" + opts->trace_path + "'");
        }
        const RunReport report = run_scenario(*scenario, *request);
        std::string out;
        for (const TranscriptLine& line : report.transcript) out += format_transcript_line(line) + '\n';
        std::cout << out << std::flush;
        if (trace_file.is_open()) {
            if (opts->trace_format == "chrome") {
                write_chrome_trace(report.trace, trace_file);
            } else {
                write_trace_json(report.trace, trace_file);
            }
        }
        // A run that a guard or a deadlock stopped is not a finished run.
        if (report.stopped) {
            std::cerr << "loopscope: " << report.stopped->detail << '\n';
            return 3;
        }
        return 0;
    };
}

}  // namespace loopscope::cli
