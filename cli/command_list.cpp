#include <iostream>

#include "cli/commands.hpp"
#include "scenarios/registry.hpp"

namespace loopscope::cli {

namespace {
std::string type_name(ParamSpec::Type t) {
    switch (t) {
        case ParamSpec::Type::Bool: return "bool";
        case ParamSpec::Type::Int: return "int";
        case ParamSpec::Type::Float: return "float";
        case ParamSpec::Type::OptionalFloat: return "float|none";
        case ParamSpec::Type::ReturnWhen: return "return_when";
    }
    return "?";
}
}  // namespace

// `loopscope list`: one line per scenario with its parameters and defaults.
Action add_list_command(CLI::App& app) {
    app.add_subcommand("list", "List the built-in scenarios and their parameters");
    return [] {
        for (const Scenario& s : builtin_scenarios()) {
            std::cout << s.name << " - " << s.description;
            if (!s.params.empty()) {
                std::cout << " [";
                for (std::size_t i = 0; i < s.params.size(); ++i) {
                    const ParamSpec& p = s.params[i];
                    std::cout << (i ? ", " : "") << p.name << ": " << type_name(p.type) << " = "
                              << (p.type == ParamSpec::Type::ReturnWhen ? p.default_value.as_str() : repr(p.default_value));
                }
                std::cout << "]";
            }
            if (!s.group_targets.empty()) {
                std::cout << " {cancel:";
                for (const std::string& g : s.group_targets) std::cout << ' ' << g;
                std::cout << " Task-N}";
            }
            std::cout << '\n';
        }
        return 0;
    };
}

}  // namespace loopscope::cli
