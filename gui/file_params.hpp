// A .py file seen before it runs: does it parse, and which PARAMS does it
// offer as controls.
//
// A scenario file (PARAMS, TARGETS, main(p), as the built-ins' twins) takes
// `--set NAME=VALUE` for each PARAMS entry; the app shows each entry whose
// value is a literal as a control of the matching type, as the built-ins'
// ParamSpecs are shown. The parser's symbol table is not thread-safe: call
// this on the thread that runs the interpreter (the session's worker).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/py/call_sites.hpp"
#include "engine/scenario.hpp"

namespace loopscope::gui {

struct SourceProblem {
    int line = 0, col = 0;  // 1-based; 0 when the problem has no place
    std::string message;    // without the `file:line:col: ` prefix
};

struct FileOutline {
    std::optional<SourceProblem> problem;  // the file does not parse
    bool is_scenario = false;              // PARAMS, TARGETS and main at top level
    std::vector<ParamSpec> params;         // PARAMS' literal entries, in file order
    std::vector<py::CallSite> call_sites;  // gather/wait/wait_for/timeout/as_completed calls, in source order
};

FileOutline outline_py_source(const std::string& source, const std::string& filename);

// The `--set` text for a value: true/false/none, numbers as Python prints
// them (a float keeps its point), return_when names as they are.
std::string set_text(const Value& v);

}  // namespace loopscope::gui
