// The entry point the command line uses to open the workshop app.
#pragma once

#include <optional>
#include <string>

#include "engine/scenario.hpp"
#include "gui/session.hpp"

namespace loopscope {

struct GuiLaunch {
    // nullptr: the last scenario used (persisted), else gather_groups.
    const Scenario* scenario = nullptr;
    // A .py file to open instead (its parameters are PARAMS entries).
    std::string file;
    std::vector<gui::CallSiteChoice> call_sites;  // --set LINE:NAME=VALUE for the file
    // Seed, parameters and interventions given on the command line; when
    // `has_request` is false the app starts from the scenario's defaults.
    RunRequest request;
    bool has_request = false;
    std::optional<double> at;          // --at T: put the playhead at virtual time T
    bool at_end = false;               // --at end: at the end of the run (else it opens at t=0)
    std::optional<double> max_seconds; // --max-seconds S: a .py run's real-time limit (0: none)
    std::string screenshot_path;       // --screenshot FILE.png: render, save, exit
    int frames = 0;                    // --frames N: render N frames then exit (0: run until closed)
    std::string dump_state_path;       // --dump-state FILE: write the app's state as JSON on exit
    bool bench_frames = false;         // --bench-frames: report frame timings on exit
    std::optional<float> ui_scale;     // --ui-scale S: this run's scale; the saved one is kept
    int window_w = 0, window_h = 0;    // --window-size WxH (0: the default, 1600x1000)
    bool axis_passes = false;          // --axis passes: the timeline's axis is the loop's passes
    bool loop_tab = false;             // --tab loop: the Outcome panel opens on its Event loop tab
};

// Opens the window and runs until it is closed (or --frames/--screenshot end
// it). Returns the process exit code; prints a one-line error on failure.
int run_gui(const GuiLaunch& launch);

}  // namespace loopscope
