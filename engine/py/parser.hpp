// The parser of the .py interpreter: tokens to a Module (engine/py/ast.hpp).
//
// Recursive descent over Python's grammar for the subset the interpreter
// runs, with Python's precedence. What it does not run it refuses up front,
// naming the construct ("unsupported decorator"), so that a file either runs
// as Python would or does not start at all.
#pragma once

#include <string>
#include <string_view>

#include "engine/py/ast.hpp"
#include "engine/py/tokenizer.hpp"

namespace loopscope::py {

// Parses a whole file; throws SyntaxProblem.
Module parse_module(std::string_view source, std::string filename);

// `file:line:col: message`, the one-line form of a problem.
std::string format_problem(const std::string& filename, const SyntaxProblem& p);

}  // namespace loopscope::py
