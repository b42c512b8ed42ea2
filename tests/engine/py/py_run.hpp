// Running .py source in a doctest: what `loopscope run t.py` would print.
#pragma once

#include <string>

#include "engine/py/run_file.hpp"

namespace loopscope::test {

// The transcript, one `%.6f | text` line each, or "error: <one line>" when
// nothing ran (a parse error or a refused option).
inline std::string run_transcript(const std::string& src, const py::FileRunOptions& options = {}) {
    py::FileRunResult r = py::run_py_source(src, "t.py", options);
    if (!r.error.empty()) return "error: " + r.error;
    std::string out;
    for (const TranscriptLine& line : r.report.transcript) out += format_transcript_line(line) + "\n";
    return out;
}

}  // namespace loopscope::test
