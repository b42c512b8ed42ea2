#include <iostream>
#include <memory>

#include "cli/commands.hpp"
#include "cli/request_options.hpp"
#include "engine/py/call_sites.hpp"
#include "scenarios/registry.hpp"

namespace loopscope::cli {

// `loopscope sites FILE.py|NAME`: the file's (or a built-in twin's) call
// sites without running it, one per line, for teachers and tests:
//   LINE:COL FUNCTION NAME=AS_WRITTEN [notes] ...
Action add_sites_command(CLI::App& app) {
    auto file = std::make_shared<std::string>();
    CLI::App* cmd = app.add_subcommand("sites", "List the gather/wait/wait_for/timeout/as_completed calls of a .py file and their options");
    cmd->add_option("file", *file, "FILE.py, or a built-in scenario's name for its .py twin")->required();
    cmd->footer(
        "One line per call: LINE:COL FUNCTION, then each option as NAME=SOURCE, with notes in brackets:\n"
        "[default] not written (SOURCE is the default), [missing] required and not written,\n"
        "[positional], [param P] the argument is p[\"P\"] (a PARAMS entry), [not settable] *args may fill it.\n"
        "Set one with `loopscope run FILE.py --set LINE:NAME=VALUE`. asyncio.timeout's option is `delay`.\n");
    return [file]() -> int {
        std::string path = *file;
        if (!path.ends_with(".py")) {
            const Scenario* scenario = find_scenario(path);
            if (scenario == nullptr) return usage_error("unknown scenario '" + path + "' (a FILE.py or see `loopscope list`)");
            path = twin_path(*scenario);
        }
        const py::CallSiteListing listing = py::list_call_sites_in_file(path);
        if (!listing.error.empty()) return usage_error(listing.error);
        std::string out;
        for (const py::CallSite& site : listing.sites) out += py::format_call_site(site) + '\n';
        std::cout << out << std::flush;
        return 0;
    };
}

}  // namespace loopscope::cli
