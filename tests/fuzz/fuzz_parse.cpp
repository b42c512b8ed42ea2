// libFuzzer target: arbitrary bytes through the .py tokenizer and parser,
// by the same entry `loopscope run FILE.py` uses (parse_module).
//
// Bad input may only end in the project's own SyntaxProblem, and that must be
// what the user sees: a one-line message at a real place (line and column
// from 1). Anything else -- another exception, a crash, a sanitizer report, a
// hang, a leak, a stack overflow on deep nesting -- is a bug the fuzzer
// reports. Build and run: README.md (Tests) and scripts/dev test.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "engine/py/parser.hpp"

namespace {
[[noreturn]] void bad_problem(const loopscope::py::SyntaxProblem& p, const char* why) {
    std::fprintf(stderr, "fuzz_parse: %s: %d:%d: %s\n", why, p.line, p.col, p.message.c_str());
    std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view source(reinterpret_cast<const char*>(data), size);
    try {
        (void)loopscope::py::parse_module(source, "fuzz.py");
    } catch (const loopscope::py::SyntaxProblem& p) {
        if (p.message.empty() || p.message.find('\n') != std::string::npos) bad_problem(p, "not a one-line message");
        if (p.line < 1 || p.col < 1) bad_problem(p, "no place in the source");
    }
    return 0;
}
