// run_gui: the window's life and the main loop, plus the automation the
// command line asks for (--at, --frames, --screenshot, --dump-state,
// --bench-frames).
#include "gui/gui_app.hpp"

#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include "gui/app.hpp"
#include "gui/platform.hpp"
#include "gui/recent_files.hpp"
#include "gui/screenshot.hpp"
#include "gui/state_dump.hpp"
#include "scenarios/registry.hpp"

namespace loopscope {

namespace {

using Clock = std::chrono::steady_clock;

double ms_between(Clock::time_point a, Clock::time_point b) {
    return std::chrono::duration<double, std::milli>(b - a).count();
}

double median(std::vector<double> v) {
    if (v.empty()) return 0;
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
    return v[v.size() / 2];
}

double count_draw_calls(const ImDrawData* data) {
    int n = 0;
    for (int i = 0; i < data->CmdListsCount; ++i) n += data->CmdLists[i]->CmdBuffer.Size;
    return n;
}

// --bench-frames: per-frame timings, reported as medians on exit.
struct FrameStats {
    std::vector<double> frame_ms;   // from one frame's start to the next's (input, build, render, swap)
    std::vector<double> build_ms;   // NewFrame to Render: building the ImGui frame
    std::vector<double> render_ms;  // drawing it with GL, waited for (glFinish)
    std::vector<double> draw_calls;

    void print(std::size_t tasks) const {
        // The slowest build: the frame that first shows a view of a big run
        // (the Event loop tab replaying its queues) pays once, there.
        const double slowest_build = build_ms.empty() ? 0 : *std::max_element(build_ms.begin(), build_ms.end());
        std::printf("frames: %zu  median frame: %.2f ms  median ImGui build: %.2f ms  median GL render: %.2f ms  "
                    "slowest ImGui build: %.1f ms  (draw calls: %.0f, tasks: %zu, renderer: %s)\n",
                    frame_ms.size(), median(frame_ms), median(build_ms), median(render_ms), slowest_build,
                    median(draw_calls), tasks, gui::Window::renderer().c_str());
    }
};

const Scenario& initial_scenario(const GuiLaunch& launch, const gui::Settings& settings) {
    if (launch.scenario != nullptr) return *launch.scenario;
    if (const Scenario* last = find_scenario(settings.last_scenario)) return *last;
    if (const Scenario* dflt = find_scenario("gather_groups")) return *dflt;
    return builtin_scenarios().front();
}

// The command line's file, else the command line's scenario, else the last
// file or scenario used (a file that is gone falls back to a built-in).
void open_initial(gui::App& app, const GuiLaunch& launch) {
    const RunRequest* request = launch.has_request ? &launch.request : nullptr;
    if (!launch.file.empty()) {
        gui::open_path(app, launch.file, request, launch.call_sites);  // the command line checked it is a .py file
        return;
    }
    if (launch.scenario == nullptr && app.settings.last_scenario.ends_with(".py") &&
        gui::classify_path(app.settings.last_scenario) == gui::PathKind::PyFile && gui::open_path(app, app.settings.last_scenario))
        return;
    gui::open_scenario(app, initial_scenario(launch, app.settings), request);
}

double steady_seconds() { return std::chrono::duration<double>(Clock::now().time_since_epoch()).count(); }

// Fonts and style follow the scale and theme; rebuilt between frames only.
void apply_look(gui::App& app) {
    if (app.applied_scale == app.settings.ui_scale && app.applied_dark == app.settings.dark) return;
    if (app.applied_scale != app.settings.ui_scale) {
        app.fonts = gui::load_fonts(app.settings.ui_scale);
        if (app.applied_scale != 0) gui::Window::reload_fonts();  // the first upload happens in NewFrame
    }
    app.palette = gui::apply_theme(app.settings.dark, app.settings.ui_scale);
    app.applied_scale = app.settings.ui_scale;
    app.applied_dark = app.settings.dark;
}

}  // namespace

int run_gui(const GuiLaunch& launch) {
    gui::App app;
    app.config_dir = gui::config_dir();
    app.settings = gui::load_settings(app.config_dir);
    // What the command line sets for this run only; saved back as it was.
    const gui::Settings saved = app.settings;
    if (launch.ui_scale) app.settings.ui_scale = *launch.ui_scale;
    app.timeline.by_passes = launch.axis_passes;
    app.select_loop_tab = launch.loop_tab;

    // Scripted runs render as fast as they can; an interactive one follows vsync.
    const bool scripted = !launch.screenshot_path.empty() || launch.frames > 0 || launch.bench_frames;
    int frame_limit = launch.frames;
    if (frame_limit == 0 && !launch.screenshot_path.empty()) frame_limit = 4;  // layout settles in two frames
    if (frame_limit == 0 && launch.bench_frames) frame_limit = 120;

    gui::Window window;
    const int width = launch.window_w > 0 ? launch.window_w : 1600, height = launch.window_h > 0 ? launch.window_h : 1000;
    if (auto err = window.open(width, height, "Loopscope", !scripted); !err.empty()) {
        std::fprintf(stderr, "loopscope: %s\n", err.c_str());
        return 1;
    }
    apply_look(app);

    if (launch.max_seconds) app.session.set_max_wall_seconds(*launch.max_seconds);
    open_initial(app, launch);
    app.session.run_now();
    gui::accept_result(app, false);
    if (launch.at && app.trace()) gui::place_playhead(app.transport, *app.trace(), *launch.at);
    if (launch.at_end && app.trace()) app.transport.playhead = gui::playhead_end(*app.trace());
    if (!app.shown->error.empty()) std::fprintf(stderr, "loopscope: %s\n", app.shown->error.c_str());

    FrameStats stats;
    Clock::time_point last = Clock::now();
    for (int frame = 0; frame_limit == 0 || frame < frame_limit; ++frame) {
        const bool idle = !scripted && !app.transport.playing && !app.session.running();
        window.poll_events(idle);
        if (window.should_close() || app.quit) break;
        apply_look(app);

        // A dropped .py file opens (the last one, when several are dropped).
        for (const std::string& path : window.take_dropped_paths()) gui::open_path(app, path);
        gui::reload_if_changed(app, steady_seconds());
        // A new scenario or file opens at t=0; an edited or reloaded one keeps the playhead.
        const std::uint64_t before = app.shown ? app.shown->document : 0;
        if (app.session.poll()) gui::accept_result(app, app.session.result()->document == before);
        const Clock::time_point now = Clock::now();
        gui::tick_playback(app, std::chrono::duration<double>(now - last).count());
        if (frame > 0) stats.frame_ms.push_back(ms_between(last, now));
        last = now;

        window.new_frame(!launch.screenshot_path.empty());
        gui::draw_frame(app);
        ImGui::Render();
        stats.build_ms.push_back(ms_between(now, Clock::now()));
        stats.draw_calls.push_back(count_draw_calls(ImGui::GetDrawData()));
        // Cleared to the window background: windows that overlap none skip theirs.
        const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
        const Clock::time_point render_start = Clock::now();
        window.render(bg.x, bg.y, bg.z);
        if (launch.bench_frames) {
            gui::Window::finish();
            stats.render_ms.push_back(ms_between(render_start, Clock::now()));
        }
        if (!launch.screenshot_path.empty() && frame + 1 == frame_limit) {
            int w = 0, h = 0;
            window.framebuffer_size(w, h);
            if (auto err = gui::save_screenshot(launch.screenshot_path, w, h); !err.empty()) {
                std::fprintf(stderr, "loopscope: %s\n", err.c_str());
                return 1;
            }
        }
        window.swap();
    }

    int exit_code = 0;
    if (!launch.dump_state_path.empty()) {
        int w = 0, h = 0;
        window.framebuffer_size(w, h);
        if (auto err = gui::write_state_json(app, launch.dump_state_path, w, h); !err.empty()) {
            std::fprintf(stderr, "loopscope: %s\n", err.c_str());
            exit_code = 1;
        }
    }
    if (launch.bench_frames) stats.print(app.model() ? app.model()->lanes.size() : 0);
    gui::drop_missing_recent(app.settings.recent_files);
    // --ui-scale is for this run (a scale chosen in the app since is kept);
    // a screenshot is not a use of the scenario it shows.
    if (launch.ui_scale && app.settings.ui_scale == *launch.ui_scale) app.settings.ui_scale = saved.ui_scale;
    if (!launch.screenshot_path.empty()) app.settings.last_scenario = saved.last_scenario;
    gui::save_settings(app.config_dir, app.settings);
    return exit_code;
}

}  // namespace loopscope
