// libFuzzer target: the command line's option parsing. The input is split
// into arguments (one per line) and parsed by the same CLI11 setup `loopscope`
// uses (cli/main.cpp registers the same commands); nothing is run. Then the
// `run` options are checked as `loopscope run` checks them, against a
// built-in scenario or as a .py file's (to_request, to_file_options): the
// scenario, --set NAME=VALUE and LINE:NAME=VALUE, --cancel TARGET@T.
//
// Every refusal must be CLI11's ParseError or a one-line message. `scripts/dev
// test` runs it for a bounded time (fuzz_targets); by hand, for longer:
//   cmake --build build-fuzz --target loopscope_fuzz_cli
//   mkdir -p corpus-cli && cp tests/fuzz/cli_seeds/* corpus-cli/
//   build-fuzz/tests/fuzz/loopscope_fuzz_cli corpus-cli -timeout=5
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "cli/commands.hpp"
#include "cli/request_options.hpp"
#include "scenarios/registry.hpp"

namespace {

[[noreturn]] void bad(const char* why, const std::string& text) {
    std::fprintf(stderr, "fuzz_cli: %s: %s\n", why, text.c_str());
    std::abort();
}

void check_one_line(const std::string& error) {
    if (error.empty() || error.find('\n') != std::string::npos) bad("not a one-line message", error);
}

std::vector<std::string> split_lines(std::string_view text) {
    std::vector<std::string> args;
    std::size_t start = 0;
    while (start <= text.size() && args.size() < 64) {
        const std::size_t end = std::min(text.find('\n', start), text.size());
        args.emplace_back(text.substr(start, end - start));
        start = end + 1;
    }
    return args;
}

// main.cpp's parse, actions not run.
void parse_all_commands(const std::vector<std::string>& args) {
    using namespace loopscope::cli;
    CLI::App app{"Loopscope: Python asyncio made visible"};
    app.require_subcommand(0, 1);
    // The actions own what the options write into: kept for the parse.
    const Action actions[] = {add_list_command(app), add_run_command(app), add_sites_command(app),
                              add_bench_command(app), add_gui_command(app)};
    (void)actions;
    std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11's vector form takes argv backwards
    try {
        app.parse(reversed);
    } catch (const CLI::ParseError&) {
        // CallForHelp and the rest: main.cpp prints them and exits.
    }
}

// `loopscope run SCENARIO ...`'s own checks of what it parsed.
void check_run_request(const std::vector<std::string>& args) {
    using namespace loopscope::cli;
    CLI::App app{"fuzz"};
    std::string scenario_name;
    RequestOptions request;
    app.add_option("scenario", scenario_name)->required();
    request.add_to(app);
    std::vector<std::string> reversed(args.rbegin(), args.rend());
    try {
        app.parse(reversed);
    } catch (const CLI::ParseError&) {
        return;
    }
    std::string error;
    if (const loopscope::Scenario* scenario = loopscope::find_scenario(scenario_name)) {
        if (!request.to_request(*scenario, error)) check_one_line(error);
        error.clear();
        if (!request.to_file_options(scenario, error)) check_one_line(error);
    } else {
        if (!request.to_file_options(nullptr, error)) check_one_line(error);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size > 65536) return -1;
    const std::vector<std::string> args = split_lines(std::string_view(reinterpret_cast<const char*>(data), size));
    parse_all_commands(args);
    if (!args.empty() && args[0] == "run") check_run_request({args.begin() + 1, args.end()});
    return 0;
}
