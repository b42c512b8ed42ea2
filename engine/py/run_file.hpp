// Running a .py file on the engine, as the CPython harness runs it.
//
// Two ways, chosen by what the file defines, as tests/conformance/vloop.py
// and tests/py_corpus/vscript.py do:
//   * a scenario file (PARAMS, TARGETS and main): the module is loaded, then
//     asyncio.run(main(params)) runs under run_scenario, with --set
//     overriding PARAMS entries;
//   * any other script: it runs as `python3 FILE.py` would (__name__ ==
//     "__main__"), its asyncio.run / run_until_complete calls on engine
//     loops; an exception escaping the script is reported like main's.
// Both print the built-ins' transcript: `%.6f | line`, `main raised ...`,
// `!! ...` and `deadlock`.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/py/call_sites.hpp"
#include "engine/scenario.hpp"

namespace loopscope::py {

struct FileRunOptions {
    Seed seed = 1;
    std::vector<std::string> sets;  // NAME=VALUE
    // LINE:NAME=VALUE overrides of call-site options (engine/py/call_sites.hpp),
    // applied to the tree before anything runs.
    std::vector<CallSiteSet> call_site_sets;
    std::vector<CancelIntervention> cancels;
    bool record_trace = false;
    std::uint64_t loop_detail_callbacks = kLoopDetailCallbacks;  // as RunRequest's
    LoopLimits limits;
    // The interpreter's own guards (Interp::max_statements, max_memory_bytes, max_wall_seconds).
    std::uint64_t max_statements = 200'000'000;
    std::uint64_t max_memory_bytes = std::uint64_t{4} << 30;
    double max_wall_seconds = 5.0;  // real seconds; 0: no limit
};

struct FileRunResult {
    std::string error;  // a parse error or bad option: one line, nothing ran
    RunReport report;
    // The file's call sites, found before it ran; set_value marks the overrides.
    // Also filled when a call-site set was refused (`error`), without set_value.
    std::vector<CallSite> call_sites;
    // A script that raised SystemExit (sys.exit): the process's exit status,
    // and the text `python3 FILE.py` writes to stderr (exit("msg")), if any.
    std::optional<int> exit_status;
    std::string exit_message;
};

FileRunResult run_py_file(const std::string& path, const FileRunOptions& options);
// Whether source text is a scenario file (PARAMS, TARGETS and main), run as
// vloop.py runs it, rather than a script, run as vscript.py runs it.
bool is_scenario_source(const std::string& source);
// A script has no PARAMS, so a NAME=VALUE set for it is refused: the one-line
// error, or "" when `sets` is empty.
std::string script_sets_error(const std::string& path, const std::vector<std::string>& sets);
// The same for source text already read (tests).
FileRunResult run_py_source(const std::string& source, const std::string& filename, const FileRunOptions& options);

}  // namespace loopscope::py
