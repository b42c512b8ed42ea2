// Parsing .py source in a doctest: the one-line error `loopscope run t.py`
// prints for it (`t.py:LINE:COL: message`), or "no error".
#pragma once

#include <string>

#include "engine/py/parser.hpp"

namespace loopscope::test {

inline std::string parse_error_of(const std::string& src) {
    try {
        py::parse_module(src, "t.py");
    } catch (const py::SyntaxProblem& p) {
        return py::format_problem("t.py", p);
    }
    return "no error";
}

}  // namespace loopscope::test
