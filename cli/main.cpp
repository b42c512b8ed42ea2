// loopscope: the workshop app, and its command line.
//
//   loopscope                 open the app on the last (or first) scenario
//   loopscope list            the built-in scenarios
//   loopscope run NAME ...    a scenario's transcript, as CPython prints it
//   loopscope sites FILE.py   the asyncio call sites whose options --set LINE:NAME=VALUE sets
//   loopscope bench ...       speed and memory, optionally against CPython
//   loopscope gui [NAME] ...  the app, scriptable for tests and slides
#include <iostream>

#include "cli/commands.hpp"
#include "cli/request_options.hpp"

int main(int argc, char** argv) {
    using namespace loopscope::cli;
    CLI::App app{"Loopscope: Python asyncio made visible"};
    app.require_subcommand(0, 1);
    const Action list = add_list_command(app);
    const Action run = add_run_command(app);
    const Action sites = add_sites_command(app);
    const Action bench = add_bench_command(app);
    const Action gui = add_gui_command(app);
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        return usage_error(e.what());
    }
    if (app.got_subcommand("list")) return list();
    if (app.got_subcommand("run")) return run();
    if (app.got_subcommand("sites")) return sites();
    if (app.got_subcommand("bench")) return bench();
    if (app.got_subcommand("gui")) return gui();
    return open_default_gui();
}
