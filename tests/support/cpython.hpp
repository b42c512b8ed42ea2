// Asking the real CPython, for tests that compare the engine with it.
#pragma once

#include <string>

namespace loopscope::test {

// Runs `python3 -c code` (python3 from PATH, UTF-8 stdio) and returns its
// stdout. Throws std::runtime_error if it cannot start or exits non-zero.
// Batch many checks into one call: each call starts an interpreter.
std::string run_cpython(const std::string& code);

}  // namespace loopscope::test
