#include <algorithm>
#include <chrono>
#include <fstream>
#include <iterator>
#include <cstdio>
#include <functional>
#include <iostream>
#include <memory>
#include <set>
#include <sstream>

#include "bench/scale_floor.hpp"
#include "cli/bench_measure.hpp"
#include "cli/commands.hpp"
#include "cli/request_options.hpp"
#include "engine/py/run_file.hpp"
#include "engine/run.hpp"
#include "scenarios/registry.hpp"

namespace loopscope::cli {

namespace {

struct BenchOptions {
    std::string scenario = "scale";
    RequestOptions request;
    int repeat = 3;
    bool no_trace = false;
    bool against_python = false;
    std::string python = "python3";
    std::string floor;  // a floor model (bench/scale_floor.hpp) to run instead of the engine
};

// What one engine run reports from its child process (first line of its
// output; the transcript follows).
struct EngineRun {
    Measurement m;
    double engine_seconds = 0;  // the run itself, without process start-up
    std::uint64_t steps = 0;
    std::uint64_t events = 0;
    std::uint64_t tasks = 0;
    std::string transcript;
};

// `run` is one whole run: the C++ twin, or the .py twin on the interpreter
// (its parse included, as a user of `run --interpret` waits for it too).
EngineRun run_engine_once(const std::function<RunReport()>& run) {
    EngineRun r;
    r.m = measure_in_child([&] {
        const auto start = std::chrono::steady_clock::now();
        const RunReport report = run();
        const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        std::string out;
        char head[256];
        std::snprintf(head, sizeof head, "%.9f %llu %llu %llu\n", secs,
                      static_cast<unsigned long long>(report.task_steps),
                      static_cast<unsigned long long>(report.trace.events.size()),
                      static_cast<unsigned long long>(report.tasks_created));
        out += head;
        for (const TranscriptLine& line : report.transcript) out += format_transcript_line(line) + '\n';
        std::fwrite(out.data(), 1, out.size(), stdout);
        return 0;
    });
    std::istringstream in(r.m.output);
    in >> r.engine_seconds >> r.steps >> r.events >> r.tasks;
    in.ignore(1);
    r.transcript.assign(std::istreambuf_iterator<char>(in), {});
    return r;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// Transcripts compare line by line, except the `!!` warnings, which CPython
// logs in garbage-collection order and so are compared as a set.
bool same_transcript(const std::string& a, const std::string& b) {
    auto split = [](const std::string& text, std::vector<std::string>& ordered, std::multiset<std::string>& warnings) {
        std::istringstream in(text);
        for (std::string line; std::getline(in, line);) {
            if (line.find(" | !! ") != std::string::npos) {
                warnings.insert(line);
            } else {
                ordered.push_back(line);
            }
        }
    };
    std::vector<std::string> oa, ob;
    std::multiset<std::string> wa, wb;
    split(a, oa, wa);
    split(b, ob, wb);
    return oa == ob && wa == wb;
}

std::string megabytes(std::uint64_t bytes) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / 1e6);
    return buf;
}

}  // namespace

// `loopscope bench [SCENARIO] ...`: wall time, steps, events and peak memory
// per run and as medians; --against-python runs the .py twin under the
// conformance harness in the same invocation and compares.
Action add_bench_command(CLI::App& app) {
    auto opts = std::make_shared<BenchOptions>();
    CLI::App* cmd = app.add_subcommand("bench", "Measure a scenario's speed and memory");
    cmd->add_option("scenario", opts->scenario, "scenario name or FILE.py")->capture_default_str();
    opts->request.add_to(*cmd);
    cmd->add_option("--repeat", opts->repeat, "runs to measure (of each side, with --against-python)")->check(CLI::Range(1, 1000))->capture_default_str();
    cmd->add_flag("--no-trace", opts->no_trace, "do not record the trace");
    cmd->add_flag("--against-python", opts->against_python, "also run the .py twin under CPython and compare");
    cmd->add_option("--python", opts->python, "the CPython to compare with")->capture_default_str();
    cmd->add_option("--floor", opts->floor,
                    "run a floor model of scale's work instead of the engine: bare (coroutine frames only) "
                    "or objects (asyncio's Task and Future objects); see docs/performance.md");
    return [opts]() -> int {
        // A built-in (its C++ twin, or with --interpret its .py twin) or a .py file.
        const bool is_file = opts->scenario.ends_with(".py");
        const Scenario* scenario = is_file ? nullptr : find_scenario(opts->scenario);
        if (!is_file && scenario == nullptr)
            return usage_error("unknown scenario '" + opts->scenario + "' (see `loopscope list`)");
        if (is_file && opts->request.interpret)
            return usage_error("--interpret is for built-in scenarios; a .py file always runs on the interpreter");
        const std::string py_path = is_file ? opts->scenario : opts->request.interpret ? twin_path(*scenario) : "";
        std::string error;
        std::function<RunReport()> run;
        std::optional<RunRequest> request;
        bool scenario_file = true;  // the .py file runs under vloop.py (else vscript.py)
        if (!py_path.empty()) {
            auto file_options = opts->request.to_file_options(scenario, error, /*default_max_seconds=*/0);
            if (!file_options) return usage_error(error);
            // Checked here so that a bad file or LINE:NAME=VALUE is one line, not a failed child.
            const py::CallSiteListing listing = py::list_call_sites_in_file(py_path);
            if (!listing.error.empty()) return usage_error(listing.error);
            for (const py::CallSiteSet& set : file_options->call_site_sets)
                if (std::string problem = py::check_call_site_set(listing.sites, set); !problem.empty())
                    return usage_error(py_path + ": " + problem);
            if (opts->against_python && !file_options->call_site_sets.empty())
                return usage_error("--against-python cannot pass LINE:NAME=VALUE sets to CPython's harness "
                                   "(tests/py_corpus/call_sites.py checks them against rewritten sources)");
            if (is_file) {
                std::ifstream in(py_path, std::ios::binary);
                scenario_file = py::is_scenario_source(std::string(std::istreambuf_iterator<char>(in), {}));
                if (!scenario_file)
                    if (std::string problem = py::script_sets_error(py_path, file_options->sets); !problem.empty())
                        return usage_error(problem);
            }
            file_options->record_trace = !opts->no_trace;
            if (scenario != nullptr) {
                // The parameters alone, for the header line (to_file_options checked them).
                RequestOptions params_only = opts->request;
                std::erase_if(params_only.sets, [](const std::string& kv) { return py::is_call_site_set(kv); });
                request = params_only.to_request(*scenario, error);
                if (!request) return usage_error(error);
            }
            run = [py_path, file_options] { return py::run_py_file(py_path, *file_options).report; };
        } else {
            request = opts->request.to_request(*scenario, error);
            if (!request) return usage_error(error);
            request->record_trace = !opts->no_trace;
            run = [scenario, request] { return run_scenario(*scenario, *request); };
        }
        std::optional<scale_floor::Model> floor_model;
        if (!opts->floor.empty()) {
            floor_model = scale_floor::parse_model(opts->floor);
            if (!floor_model) return usage_error("unknown --floor model '" + opts->floor + "' (bare or objects)");
            if (scenario == nullptr || scenario->name != "scale" || !py_path.empty())
                return usage_error("--floor models the built-in scale scenario's work only");
            if (!request->cancels.empty()) return usage_error("--floor models cannot cancel (no --cancel)");
            const std::map<std::string, Value> params = effective_params(*scenario, *request);
            if (params.at("wait").as_bool()) return usage_error("--floor models gather only, not --set wait=true");
            const scale_floor::Model model = *floor_model;
            const std::int64_t n = params.at("n").as_int();
            const Seed seed = request->seed;
            const bool trace = request->record_trace;
            run = [model, n, seed, trace] { return scale_floor::run(model, n, seed, trace); };
        }

        if (scenario != nullptr) {
            std::printf("bench %s%s%s seed=%s trace=%s", scenario->name.c_str(), opts->request.interpret ? " (interpreted)" : "",
                        floor_model ? (" floor=" + opts->floor).c_str() : "",
                        opts->request.seed.text().c_str(), opts->no_trace ? "off" : "on");
            for (const auto& [k, v] : request->params) std::printf(" %s=%s", k.c_str(), repr(v).c_str());
        } else {
            std::printf("bench %s (interpreted) seed=%s trace=%s", py_path.c_str(),
                        opts->request.seed.text().c_str(), opts->no_trace ? "off" : "on");
            for (const std::string& kv : opts->request.sets)
                if (!py::is_call_site_set(kv)) std::printf(" %s", kv.c_str());
        }
        for (const std::string& kv : opts->request.sets)
            if (py::is_call_site_set(kv)) std::printf(" %s", kv.c_str());
        std::printf("\n%-5s %10s %12s %14s %12s %12s %10s\n", "run", "wall s", "task steps", "steps/s",
                    "events", "peak RSS", "B/task");
        // With --against-python, each engine run is followed by a CPython
        // run, so that both sides meet the same moments of a shared
        // machine (its neighbours come and go), and the ratios compare the
        // two medians.
        std::vector<std::string> py_argv;
        if (opts->against_python) {
            const std::string source = LOOPSCOPE_SOURCE_DIR;
            const std::string harness = scenario_file ? "/tests/conformance/vloop.py" : "/tests/py_corpus/vscript.py";
            const std::string py_file = py_path.empty() ? twin_path(*scenario) : py_path;
            py_argv = {opts->python, source + harness, py_file, "--seed", opts->request.seed.text()};
            if (scenario_file)
                for (const std::string& s : opts->request.sets) py_argv.insert(py_argv.end(), {"--set", s});
            for (const std::string& c : opts->request.cancels) py_argv.insert(py_argv.end(), {"--cancel", c});
        }
        std::vector<double> walls, rss, py_walls, py_rss;
        bool same = true;
        std::uint64_t tasks = 1;
        for (int i = 0; i < opts->repeat; ++i) {
            EngineRun r = run_engine_once(run);
            if (r.m.exit_code != 0) {
                std::fprintf(stderr, "loopscope: bench run %d failed (exit %d)\n", i + 1, r.m.exit_code);
                return 1;
            }
            tasks = std::max<std::uint64_t>(r.tasks, 1);
            std::printf("%-5d %10.3f %12llu %14.0f %12llu %12s %10llu\n", i + 1, r.engine_seconds,
                        static_cast<unsigned long long>(r.steps), static_cast<double>(r.steps) / r.engine_seconds,
                        static_cast<unsigned long long>(r.events), megabytes(r.m.peak_rss_bytes).c_str(),
                        static_cast<unsigned long long>(r.m.peak_rss_bytes / tasks));
            walls.push_back(r.engine_seconds);
            rss.push_back(static_cast<double>(r.m.peak_rss_bytes));
            if (py_argv.empty()) continue;
            auto py = measure_program(py_argv);
            if (!py || py->exit_code != 0) {
                std::fprintf(stderr, "loopscope: the CPython run failed (%s exit %d)\n", opts->python.c_str(),
                             py ? py->exit_code : -1);
                return 1;
            }
            same = same && same_transcript(r.transcript, py->output);
            std::printf("      cpython %s: wall %.3f s (process), peak RSS %s\n", opts->python.c_str(), py->wall_seconds,
                        megabytes(py->peak_rss_bytes).c_str());
            py_walls.push_back(py->wall_seconds);
            py_rss.push_back(static_cast<double>(py->peak_rss_bytes));
        }
        const double wall = median(walls);
        const double peak = median(rss);
        std::printf("%-5s %10.3f %12s %14s %12s %12s %10.0f\n", "median", wall, "", "", "",
                    megabytes(static_cast<std::uint64_t>(peak)).c_str(), peak / static_cast<double>(tasks));
        if (py_argv.empty()) return 0;

        const double py_wall = median(py_walls);
        const double py_peak = median(py_rss);
        std::printf("cpython %s median: wall %.3f s, peak RSS %s\n", opts->python.c_str(), py_wall,
                    megabytes(static_cast<std::uint64_t>(py_peak)).c_str());
        const char* side = floor_model ? "floor" : "engine";
        std::printf("speed: %s %.1fx faster; memory: %s %.1fx leaner\n", side, py_wall / wall, side, py_peak / peak);
        std::printf("transcripts: %s\n", same ? "identical" : "DIFFERENT");
        return same ? 0 : 1;
    };
}

}  // namespace loopscope::cli
