// libFuzzer target: arbitrary bytes through the .py tokenizer and parser,
// by the same entry `loopscope run FILE.py` uses (parse_module).
//
// Bad input may only end in the project's own SyntaxProblem, and that must be
// what the user sees: a one-line message at a place that exists in the
// source (line and column from 1). Anything else -- another exception, a crash, a sanitizer report, a
// hang, a leak, a stack overflow on deep nesting -- is a bug the fuzzer
// reports. `scripts/dev test` builds and runs it for a minute (fuzz_parser);
// by hand, for longer, with a corpus directory that keeps what it finds:
//   CXX=clang++ CC=clang cmake -S . -B build-fuzz -G Ninja -DLOOPSCOPE_FUZZ=ON -DLOOPSCOPE_BUILD_GUI=OFF
//   cmake --build build-fuzz --target loopscope_fuzz_parse
//   mkdir -p corpus && cp tests/py_corpus/cases/*.py scenarios/*.py corpus/
//   build-fuzz/tests/fuzz/loopscope_fuzz_parse corpus -dict=tests/fuzz/python.dict -timeout=5
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
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
        // The place exists: a line of the source, a column up to one past its
        // end (an unterminated construct ends there).
        std::size_t start = 0;
        for (int line = 1; line < p.line && start != std::string_view::npos; ++line) {
            start = source.find('\n', start);
            if (start != std::string_view::npos) ++start;
        }
        if (p.line < 1 || p.col < 1 || start == std::string_view::npos) bad_problem(p, "no such place in the source");
        const std::size_t end = std::min(source.find('\n', start), source.size());
        if (static_cast<std::size_t>(p.col) > end - start + 1) bad_problem(p, "no such column in the line");
    }
    return 0;
}
