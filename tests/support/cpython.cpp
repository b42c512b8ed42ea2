#include "tests/support/cpython.hpp"

#include <cstdio>
#include <stdexcept>
#include <sys/wait.h>

namespace loopscope::test {

namespace {
// Wraps text in single quotes for /bin/sh, where only ' itself needs care.
std::string shell_quote(const std::string& text) {
    std::string out = "'";
    for (const char c : text) {
        if (c == '\'') out += "'\\''";
        else out += c;
    }
    return out + "'";
}
}  // namespace

std::string run_cpython(const std::string& code) {
    // PYTHONIOENCODING: print non-ASCII text as UTF-8 whatever the locale.
    const std::string command = "PYTHONIOENCODING=utf-8 python3 -c " + shell_quote(code);
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) throw std::runtime_error("run_cpython: cannot start python3");
    std::string out;
    char buf[4096];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, pipe)) > 0;) out.append(buf, n);
    const int status = pclose(pipe);
    if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        throw std::runtime_error("run_cpython: python3 failed on:\n" + code);
    return out;
}

}  // namespace loopscope::test
