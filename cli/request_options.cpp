#include "cli/request_options.hpp"

#include <charconv>
#include <cmath>
#include <iostream>

#include "engine/run.hpp"

namespace loopscope::cli {

void RequestOptions::add_to(CLI::App& command) {
    // Parsed here, not as an int64: random.seed(2**64) is its own seed.
    command
        .add_option_function<std::string>(
            "--seed",
            [this](const std::string& text) {
                std::string problem;
                auto parsed = Seed::parse(text, &problem);
                if (!parsed) throw CLI::ValidationError("--seed", "bad value '" + text + "': " + problem);
                seed = *parsed;
            },
            "random.seed(N) before main starts: any decimal integer (default 1)")
        ->type_name("INT");
    command.add_option("--set", sets,
                       "KEY=VALUE: a scenario parameter; LINE:NAME=VALUE: option NAME of the asyncio call on "
                       "LINE of a .py file (see `loopscope sites`); repeatable");
    command.add_option("--cancel", cancels, "cancel a group or task Task-N at virtual time T: TARGET@T (repeatable)");
    command.add_option("--max-seconds", max_seconds,
                       "stop a .py run after this many seconds of real time, exit 3 (0: no limit; default 5, none for bench)")
        ->check([](const std::string& text) {
            double v = -1;
            const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
            const bool ok = ec == std::errc() && end == text.data() + text.size() && std::isfinite(v) && v >= 0;
            return ok ? std::string() : "expected a number of seconds >= 0, got '" + text + "'";
        });
    command.add_option("--loop-detail", loop_detail,
                       "keep the loop's passes, callbacks and queues in the trace for the first N callbacks "
                       "(0: all; default 1000000)")
        ->check([](const std::string& text) {
            std::uint64_t v = 0;
            const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
            const bool ok = ec == std::errc() && end == text.data() + text.size() && !text.empty();
            return ok ? std::string() : "expected a whole number of callbacks >= 0 (0: all), got '" + text + "'";
        });
    command.add_flag("--interpret", interpret,
                     "run a built-in scenario's .py twin (scenarios/NAME.py) on the interpreter instead of its C++ twin");
}

namespace {

std::optional<CancelIntervention> parse_cancel(const std::string& c, std::string& error) {
    const auto at = c.rfind('@');
    double t = 0;
    const char* first = c.data() + (at == std::string::npos ? 0 : at + 1);
    const char* last = c.data() + c.size();
    auto [ptr, ec] = std::from_chars(first, last, t);
    if (at == std::string::npos || at == 0 || ec != std::errc() || ptr != last || first == last || !std::isfinite(t)) {
        error = "--cancel expects TARGET@TIME (e.g. group2@1.5), got '" + c + "'";
        return std::nullopt;
    }
    return CancelIntervention{c.substr(0, at), t};
}

}  // namespace

std::string twin_path(const Scenario& scenario) { return std::string(LOOPSCOPE_SOURCE_DIR) + "/scenarios/" + scenario.py_file; }

std::optional<py::FileRunOptions> RequestOptions::to_file_options(const Scenario* scenario, std::string& error,
                                                                  double default_max_seconds) const {
    py::FileRunOptions options;
    options.seed = seed;
    options.max_wall_seconds = max_seconds.value_or(default_max_seconds);
    options.loop_detail_callbacks = loop_detail;
    RequestOptions params_only = *this;
    params_only.sets.clear();
    for (const std::string& kv : sets) {
        if (!py::is_call_site_set(kv)) {
            params_only.sets.push_back(kv);
            continue;
        }
        auto set = py::parse_call_site_set(kv, error);
        if (!set) return std::nullopt;
        options.call_site_sets.push_back(std::move(*set));
    }
    options.sets = params_only.sets;
    if (scenario != nullptr) {
        // The twin takes what the C++ twin takes: same names, same checks.
        auto request = params_only.to_request(*scenario, error);
        if (!request) return std::nullopt;
        options.cancels = request->cancels;
        return options;
    }
    for (const std::string& c : cancels) {
        auto cancel = parse_cancel(c, error);
        if (!cancel) return std::nullopt;
        if (cancel->time < 0) {
            error = "--cancel time must not be negative, got '" + c + "'";
            return std::nullopt;
        }
        options.cancels.push_back(*cancel);
    }
    return options;
}

std::optional<RunRequest> RequestOptions::to_request(const Scenario& scenario, std::string& error) const {
    RunRequest request;
    request.seed = seed;
    request.loop_detail_callbacks = loop_detail;
    for (const std::string& kv : sets) {
        if (py::is_call_site_set(kv)) {
            error = "--set " + kv + " names a call site (LINE:NAME=VALUE), which only a .py file has: add --interpret to run " +
                    "scenarios/" + scenario.py_file + " (see `loopscope sites " + scenario.name + "`)";
            return std::nullopt;
        }
        const auto eq = kv.find('=');
        if (eq == std::string::npos || eq == 0) {
            error = "--set expects KEY=VALUE, got '" + kv + "'";
            return std::nullopt;
        }
        const std::string key = kv.substr(0, eq);
        const std::string text = kv.substr(eq + 1);
        const ParamSpec* spec = nullptr;
        for (const ParamSpec& p : scenario.params)
            if (p.name == key) spec = &p;
        if (spec == nullptr) {
            std::string known;
            for (const ParamSpec& p : scenario.params) known += (known.empty() ? "" : ", ") + p.name;
            error = "unknown parameter '" + key + "' for scenario " + scenario.name +
                    (known.empty() ? " (it takes none)" : " (it takes: " + known + ")");
            return std::nullopt;
        }
        auto value = parse_param_value(*spec, text);
        if (!value) {
            error = "bad value '" + text + "' for parameter " + key + " (expected " + expected_values(*spec) + ")";
            return std::nullopt;
        }
        request.params[key] = *value;
    }
    for (const std::string& c : cancels) {
        auto cancel = parse_cancel(c, error);
        if (!cancel) return std::nullopt;
        request.cancels.push_back(*cancel);
    }
    if (auto problem = validate_request(scenario, request)) {
        error = *problem;
        return std::nullopt;
    }
    return request;
}

int usage_error(const std::string& message) {
    std::cerr << "loopscope: " << message << '\n';
    return 2;
}

}  // namespace loopscope::cli
