#include "cli/bench_measure.hpp"

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>

namespace loopscope::cli {

namespace {

std::string read_all(int fd) {
    std::string out;
    char buf[65536];
    for (;;) {
        const ssize_t n = read(fd, buf, sizeof buf);
        if (n <= 0) break;
        out.append(buf, static_cast<std::size_t>(n));
    }
    return out;
}

// Starts the child (which runs `child_body` with stdout on a pipe) and waits,
// collecting wall time, peak RSS and output.
std::optional<Measurement> spawn_and_measure(const std::function<void()>& child_body) {
    int fds[2];
    if (pipe(fds) != 0) return std::nullopt;
    std::fflush(nullptr);
    const auto start = std::chrono::steady_clock::now();
    const pid_t pid = fork();
    if (pid < 0) return std::nullopt;
    if (pid == 0) {
        close(fds[0]);
        dup2(fds[1], STDOUT_FILENO);
        close(fds[1]);
        child_body();
        std::fflush(nullptr);
        _exit(127);
    }
    close(fds[1]);
    Measurement m;
    m.output = read_all(fds[0]);
    close(fds[0]);
    int status = 0;
    rusage usage{};
    wait4(pid, &status, 0, &usage);
    m.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    m.peak_rss_bytes = static_cast<std::uint64_t>(usage.ru_maxrss) * 1024;  // Linux reports KiB
    m.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return m;
}

}  // namespace

Measurement measure_in_child(const std::function<int()>& work) {
    auto m = spawn_and_measure([&] {
        const int code = work();
        std::fflush(nullptr);
        _exit(code);
    });
    return m ? *m : Measurement{0, 0, 126, {}};
}

std::optional<Measurement> measure_program(const std::vector<std::string>& argv) {
    return spawn_and_measure([&] {
        std::vector<char*> args;
        for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        execvp(args[0], args.data());
        _exit(127);
    });
}

}  // namespace loopscope::cli
