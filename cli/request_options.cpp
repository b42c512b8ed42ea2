#include "cli/request_options.hpp"

#include <charconv>
#include <cmath>
#include <iostream>

#include "engine/run.hpp"

namespace loopscope::cli {

void RequestOptions::add_to(CLI::App& command) {
    command.add_option("--seed", seed, "random.seed(N) before main starts")->default_val(1);
    command.add_option("--set", sets, "a scenario parameter, KEY=VALUE (repeatable)");
    command.add_option("--cancel", cancels, "cancel a group or task Task-N at virtual time T: TARGET@T (repeatable)");
}

std::optional<RunRequest> RequestOptions::to_request(const Scenario& scenario, std::string& error) const {
    RunRequest request;
    request.seed = seed;
    for (const std::string& kv : sets) {
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
        const auto at = c.rfind('@');
        double t = 0;
        const char* first = c.data() + (at == std::string::npos ? 0 : at + 1);
        const char* last = c.data() + c.size();
        auto [ptr, ec] = std::from_chars(first, last, t);
        if (at == std::string::npos || at == 0 || ec != std::errc() || ptr != last || first == last || !std::isfinite(t)) {
            error = "--cancel expects TARGET@TIME (e.g. group2@1.5), got '" + c + "'";
            return std::nullopt;
        }
        request.cancels.push_back({c.substr(0, at), t});
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
