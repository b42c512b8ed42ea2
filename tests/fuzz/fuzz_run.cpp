// libFuzzer target: arbitrary bytes as a .py file, run by the interpreter on
// the engine, by the same entry `loopscope run FILE.py` uses (run_py_source),
// under small guards so that one input takes milliseconds: a few thousand
// statements and callbacks, a few hundred virtual seconds, 64 MiB.
//
// What may happen: the file does not parse or an option is refused (a
// one-line error), the script raises (a transcript), a guard stops it (a
// one-line reason), or it ends. Anything else -- a C++ exception, a crash, a
// sanitizer report, a hang, a leak, a stack overflow -- is a bug the fuzzer
// reports. `scripts/dev test` runs it for a bounded time (fuzz_targets); by
// hand, for longer (seeds: tests/py_corpus/cases/*.py and scenarios/*.py):
//   CXX=clang++ CC=clang cmake -S . -B build-fuzz -G Ninja -DLOOPSCOPE_FUZZ=ON -DLOOPSCOPE_BUILD_GUI=OFF
//   cmake --build build-fuzz --target loopscope_fuzz_run
//   mkdir -p corpus-run && cp tests/py_corpus/cases/*.py scenarios/*.py corpus-run/
//   build-fuzz/tests/fuzz/loopscope_fuzz_run corpus-run -dict=tests/fuzz/python.dict -timeout=10
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "engine/py/run_file.hpp"

namespace {
[[noreturn]] void bad(const char* why, const std::string& text) {
    std::fprintf(stderr, "fuzz_run: %s: %s\n", why, text.c_str());
    std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size > 16384) return -1;  // long inputs only cost time, they reach nothing new
    const std::string source(reinterpret_cast<const char*>(data), size);
    loopscope::py::FileRunOptions options;
    options.max_statements = 20'000;
    options.max_memory_bytes = std::uint64_t{64} << 20;
    options.limits.max_callbacks = 20'000;
    options.limits.max_time = 500;
    const loopscope::py::FileRunResult result = loopscope::py::run_py_source(source, "fuzz.py", options);
    if (!result.error.empty() && result.error.find('\n') != std::string::npos) bad("a multi-line error", result.error);
    if (result.report.stopped && result.report.stopped->reason != loopscope::LoopStop::Reason::Deadlock &&
        (result.report.stopped->detail.empty() || result.report.stopped->detail.find('\n') != std::string::npos))
        bad("a stop without a one-line reason", result.report.stopped->detail);
    return 0;
}
