#include <algorithm>
#include <charconv>
#include <cstdio>
#include <memory>

#include "cli/commands.hpp"
#include "cli/request_options.hpp"
#include "scenarios/registry.hpp"

#ifdef LOOPSCOPE_HAS_GUI
#include "engine/py/call_sites.hpp"
#include "gui/file_browser.hpp"
#include "gui/file_params.hpp"
#include "gui/gui_app.hpp"
#include "gui/session.hpp"
#include "gui/settings.hpp"
#endif

namespace loopscope::cli {

namespace {
struct GuiOptions {
    std::string scenario;
    RequestOptions request;
    std::string at;  // a time, or "end"
    std::string screenshot;
    int frames = 0;
    std::string dump_state;
    bool bench_frames = false;
    std::string ui_scale;     // --ui-scale S, checked in the action
    std::string window_size;  // --window-size WxH
    std::string axis = "time";  // --axis time|passes
    std::string tab = "outcome";  // --tab outcome|loop
};

#ifdef LOOPSCOPE_HAS_GUI
int launch(const GuiLaunch& launch) { return run_gui(launch); }

// A whole decimal number filling `text`, or -1.
int whole_number(std::string_view text) {
    int v = -1;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    return ec == std::errc() && end == text.data() + text.size() && !text.empty() ? v : -1;
}

// `loopscope gui FILE.py`: --set is checked against the file's PARAMS and
// --cancel's syntax as for a built-in; any cancel target is accepted, as
// `loopscope run FILE.py` accepts it (TARGETS is filled as main runs). A
// file that does not parse still opens: the app shows where.
int prepare_file(GuiLaunch& l, const GuiOptions& opts, const std::string& file, bool has_request) {
    const std::string path = gui::normal_path(file);
    switch (gui::classify_path(path)) {
        case gui::PathKind::Missing: return usage_error("cannot read " + path + ": no such file");
        case gui::PathKind::Folder: return usage_error(path + " is a folder, not a .py file");
        default: break;
    }
    const gui::SourceText source = gui::read_source(path);
    if (!source.read_error.empty()) return usage_error(source.read_error);
    l.file = path;
    if (!has_request) return 0;
    const gui::FileOutline outline = gui::outline_py_source(source.text, path);
    const bool param_sets = std::any_of(opts.request.sets.begin(), opts.request.sets.end(),
                                        [](const std::string& t) { return !py::is_call_site_set(t); });
    if (!outline.problem && !outline.is_scenario && param_sets)
        return usage_error("--set needs a scenario file (PARAMS, TARGETS and main); " + path + " is a script");
    RequestOptions request = opts.request;
    // LINE:NAME=VALUE sets a call site's option; NAME=VALUE a PARAMS entry.
    std::erase_if(request.sets, [&](const std::string& text) { return py::is_call_site_set(text); });
    for (const std::string& text : opts.request.sets) {
        if (!py::is_call_site_set(text)) continue;
        std::string error;
        const auto set = py::parse_call_site_set(text, error);
        if (!set) return usage_error(error);
        if (outline.problem) continue;  // nothing to check it against; the app shows the problem
        if (std::string problem = py::check_call_site_set(outline.call_sites, *set); !problem.empty())
            return usage_error(path + ": " + problem);
        for (const py::CallSite& site : outline.call_sites) {
            const py::CallSiteOption* o = site.option(set->name);
            if (o == nullptr || (site.line != set->line && o->line != set->line)) continue;
            l.call_sites.push_back({site.line, site.function, set->name, gui::set_text(set->value), site.call_text});
            break;
        }
    }
    Scenario scenario;
    scenario.name = path;
    scenario.params = outline.params;
    for (const std::string& c : opts.request.cancels) scenario.group_targets.push_back(c.substr(0, c.rfind('@')));
    if (outline.problem) request.sets.clear();  // nothing to check them against; the app shows the problem
    std::string error;
    auto r = request.to_request(scenario, error);
    if (!r) return usage_error(error);
    l.request = *r;
    l.has_request = true;
    return 0;
}
#else
int launch(const auto&) { return usage_error("this build has no GUI (configured with LOOPSCOPE_BUILD_GUI=OFF)"); }
#endif
}  // namespace

// `loopscope gui [NAME] ...`: the app, optionally scripted for tests and slides.
Action add_gui_command(CLI::App& app) {
    auto opts = std::make_shared<GuiOptions>();
    CLI::App* cmd = app.add_subcommand("gui", "Open the app (optionally render, screenshot and exit)");
    cmd->add_option("scenario", opts->scenario, "scenario to open, or a .py file");
    opts->request.add_to(*cmd);
    cmd->add_option("--at", opts->at, "put the playhead at virtual time T, or at the end (`--at end`); the app opens at t=0")
        ->check(CLI::NonNegativeNumber | CLI::IsMember({"end"}));
    cmd->add_option("--screenshot", opts->screenshot, "save a PNG of the window and exit");
    cmd->add_option("--frames", opts->frames, "render N frames and exit")->check(CLI::PositiveNumber);
    cmd->add_option("--dump-state", opts->dump_state, "write the app state as JSON on exit");
    cmd->add_flag("--bench-frames", opts->bench_frames, "print frame-time statistics on exit");
    cmd->add_option("--ui-scale", opts->ui_scale, "UI scale for this run, e.g. 1.5 (the saved setting is kept)");
    cmd->add_option("--window-size", opts->window_size, "window size WxH for this run, e.g. 1280x720");
    cmd->add_option("--axis", opts->axis, "the timeline's axis: time (virtual seconds) or passes (of the event loop)")
        ->check(CLI::IsMember({"time", "passes"}));
    cmd->add_option("--tab", opts->tab, "the Outcome panel's tab to open: outcome, or loop (the Event loop)")
        ->check(CLI::IsMember({"outcome", "loop"}));
    return [opts, cmd]() -> int {
        // A .py file (or with --interpret a built-in's .py twin) takes LINE:NAME=VALUE
        // call-site sets; a built-in's C++ twin refuses them (to_request says so).
#ifdef LOOPSCOPE_HAS_GUI
        GuiLaunch l;
        const bool has_request = !opts->request.sets.empty() || !opts->request.cancels.empty() || cmd->count("--seed") > 0 ||
                                 cmd->count("--loop-detail") > 0;
        if (opts->scenario.ends_with(".py")) {
            if (int rc = prepare_file(l, *opts, opts->scenario, has_request); rc != 0) return rc;
        } else if (opts->request.interpret) {
            // A built-in's .py twin, opened as a file: its call sites become controls.
            const Scenario* builtin = opts->scenario.empty() ? nullptr : find_scenario(opts->scenario);
            if (builtin == nullptr) return usage_error("--interpret needs a built-in scenario name or a .py file");
            if (int rc = prepare_file(l, *opts, twin_path(*builtin), has_request); rc != 0) return rc;
        } else if (!opts->scenario.empty()) {
            l.scenario = find_scenario(opts->scenario);
            if (l.scenario == nullptr) return usage_error("unknown scenario '" + opts->scenario + "' (see `loopscope list`)");
            std::string error;
            auto request = opts->request.to_request(*l.scenario, error);
            if (!request) return usage_error(error);
            l.request = *request;
            l.has_request = true;
        } else if (has_request) {
            return usage_error("--seed, --set, --cancel and --loop-detail need a scenario name");
        }
        if (opts->at == "end") {
            l.at_end = true;
        } else if (!opts->at.empty()) {
            l.at = std::stod(opts->at);
        }
        l.max_seconds = opts->request.max_seconds;
        l.screenshot_path = opts->screenshot;
        l.frames = opts->frames;
        l.dump_state_path = opts->dump_state;
        l.bench_frames = opts->bench_frames;
        l.axis_passes = opts->axis == "passes";
        l.loop_tab = opts->tab == "loop";
        if (cmd->count("--ui-scale") > 0) {
            float scale = 0;
            const std::string& text = opts->ui_scale;
            const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), scale);
            if (ec != std::errc() || end != text.data() + text.size() || !(scale >= gui::kMinScale && scale <= gui::kMaxScale)) {
                char range[64];
                std::snprintf(range, sizeof range, "from %g to %g", gui::kMinScale, gui::kMaxScale);
                return usage_error("--ui-scale takes a number " + std::string(range) + " (1.5 is 150%), not '" + text + "'");
            }
            l.ui_scale = scale;
        }
        if (cmd->count("--window-size") > 0) {
            const std::string& text = opts->window_size;
            const auto x = text.find('x');
            const int w = x == std::string::npos ? -1 : whole_number(std::string_view(text).substr(0, x));
            const int h = x == std::string::npos ? -1 : whole_number(std::string_view(text).substr(x + 1));
            if (w < 320 || h < 240 || w > 16384 || h > 16384)
                return usage_error("--window-size takes WIDTHxHEIGHT in pixels, from 320x240 to 16384x16384 (e.g. 1280x720), not '" +
                                   text + "'");
            l.window_w = w;
            l.window_h = h;
        }
        return launch(l);
#else
        (void)cmd;
        return launch(*opts);
#endif
    };
}

int open_default_gui() {
#ifdef LOOPSCOPE_HAS_GUI
    return launch(GuiLaunch{});
#else
    return launch(0);
#endif
}

}  // namespace loopscope::cli
