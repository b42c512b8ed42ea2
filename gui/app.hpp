// The app's state: one object, owned by run_gui, handed to every view.
//
// Views are free functions, one file each (view_*.cpp); draw_frame() in
// app.cpp calls them in order and reads like a table of contents.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <imgui.h>

#include "engine/py/call_sites.hpp"

#include "gui/file_browser.hpp"
#include "gui/file_watch.hpp"
#include "gui/layout.hpp"
#include "gui/lane_layout.hpp"
#include "gui/loop_state.hpp"
#include "gui/pass_axis.hpp"
#include "gui/playhead.hpp"
#include "gui/session.hpp"
#include "gui/settings.hpp"
#include "gui/source_marks.hpp"
#include "gui/theme.hpp"
#include "gui/timeline_math.hpp"

namespace loopscope::gui {

// A cancel control on screen, for --dump-state (xdotool tests click these).
struct ControlRect {
    std::string target;  // "group2", "Task-4"
    float x = 0, y = 0, w = 0, h = 0;
};

struct TimelineState {
    TimelineContext ctx;
    bool fit_pending = true;             // fit-all at the next frame (new scenario, button)
    bool is_fit = true;                  // not zoomed or panned since: a new run is fitted again
    std::vector<std::uint8_t> collapsed; // by group index
    LaneLayout layout;
    bool layout_dirty = true;
    const TraceModel* layout_model = nullptr;  // the model `layout` was built for
    std::int64_t selected_lane = -1;     // index into model lanes
    // The lane the Event loop tab's hovered entry acts on: drawn outlined.
    // The tab sets `linked_lane_next` as it draws; the frame after, the
    // timeline reads it as `linked_lane` (-1: none).
    std::int64_t linked_lane = -1, linked_lane_next = -1;
    std::int32_t context_row = -1;       // the row whose context menu is open
    std::vector<ControlRect> cancel_controls;  // rebuilt every frame
    ControlRect canvas;                        // the rows' canvas on screen, last frame
    std::vector<ControlRect> row_rects;        // the rows drawn last frame, by their label
    // The axis: virtual seconds, or the loop's passes (gui/pass_axis.hpp),
    // built for `pass_axis_trace` when first shown.
    bool by_passes = false;
    PassAxis pass_axis;
    const Trace* pass_axis_trace = nullptr;
    // The arrows drawn last frame, on screen (for the dump).
    struct ArrowRect {
        std::string from, to;
        float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    };
    std::vector<ArrowRect> arrows_drawn;
    // What the last frame's lane or group tooltip described (for the dump).
    struct Hover {
        bool shown = false;
        std::string row;    // "Task-3", or a group's label/title
        double time = 0;    // the moment described
        std::string state;  // the lane's state then (a group: "group")
        bool clamped = false;
    } hover;
};

// A Transport control or label on screen last frame, and whether it lay
// wholly inside the panel (not cut by its edges), for --dump-state.
struct LabelRect {
    std::string name;  // "restart", ..., "event_counter", "scrubber", "time" (the scrubber's text)
    float x = 0, y = 0, w = 0, h = 0;
    bool visible = false;
};

struct TransportState {
    Playhead playhead;
    bool playing = false;
    // Play's pace: virtual seconds per second, or the loop's callbacks per
    // second (a cascade at one instant then plays step by step).
    enum class Pace : std::uint8_t { VirtualTime, Callbacks };
    Pace pace = Pace::VirtualTime;
    float speed = 1.0f;               // virtual seconds per wall-clock second
    float callbacks_per_second = 4.0f;
    double callback_credit = 0;       // callbacks owed to play, carried between frames
    // Set when a time asked for lay past the run's end and the playhead
    // stopped at the end instead; it stands while the playhead stays there.
    std::string clamped_note;
    Playhead clamped_at;
    std::vector<LabelRect> labels;  // rebuilt every frame
    // After a click-cancel at time T, the re-run's playhead lands before
    // T's first event, so the cascade the cancel sets off can be stepped.
    std::optional<double> land_before;
    [[nodiscard]] std::string_view clamp_note() const {
        const bool there = playhead.event == clamped_at.event && playhead.time == clamped_at.time;
        return there ? std::string_view(clamped_note) : std::string_view();
    }
};

// Puts the playhead at time t, at the run's end when t is past it, and
// says so in transport.clamped_note.
void place_playhead(TransportState& transport, const Trace& trace, double t);

// File > Open's in-app browser (view_file_browser.cpp).
struct FileBrowserState {
    bool open = false;        // the window is shown
    bool just_opened = false; // focus the path box on its first frame
    FolderListing listing;
    char path[2048] = {};     // the path box
    int selected = -1;        // index into listing.entries
};

// What the parameter controls keep between frames (view_scenario.cpp,
// view_call_sites.cpp): the seed box's text while it is edited or refused,
// and the number each None toggle had before it was ticked.
struct ControlState {
    std::string seed_text;   // the seed box; follows the session's seed unless refused
    std::string seed_error;  // why the text was not applied ("" when it was)
    // A parameter's name, or "LINE:NAME" for a call-site option -> the --set
    // text of its number when None was ticked, restored when it is unticked.
    std::map<std::string, std::string> number_before_none;
    // A parameter's name, or "LINE:NAME" -> why a typed number was not applied.
    std::map<std::string, std::string> number_error;
};

// The app's windows. Each remembers where it was last frame, so that a
// window overlapping no other can skip its background (see begin_view).
enum class View : std::uint8_t { Scenario, CallSites, Transport, Timeline, Console, Outcome, Source, Problem, Count };
// The tiled ones come first, as gui/layout.hpp's Panel lists them.
static_assert(static_cast<int>(View::Source) == static_cast<int>(Panel::Source) && static_cast<int>(View::Problem) == kPanelCount);

struct ViewRect {
    float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    bool shown = false;
};

enum class OutcomeTab : std::uint8_t { Outcome, Loop };

struct App {
    Settings settings;
    std::string config_dir;
    Palette palette;
    Fonts fonts;
    float applied_scale = 0;  // the scale fonts/style were last built for
    bool applied_dark = true;
    bool reset_layout = false;
    ViewRect views[static_cast<int>(View::Count)];
    bool quit = false;
    float menu_bar_h = 0;  // the main menu bar's height, this frame
    bool help_open = false;          // the controls-and-shortcuts overlay (view_help.cpp)
    OutcomeTab outcome_tab = OutcomeTab::Outcome;  // the Outcome panel's tab
    std::optional<Rect> loop_tab_rect;             // its "Event loop" tab, this frame (for the dump)
    bool select_loop_tab = false;                  // open that tab at the next frame (--tab loop)
    std::optional<Rect> loop_rerun_rect;           // its "Run again keeping all of it" button, this frame
    mutable LoopStateCache loop_state;             // the queues at the playhead (gui/loop_state.hpp): a cache
    std::optional<Rect> help_rect;   // where it is drawn this frame (for the dump)
    // The panels' layout (gui/layout.hpp): the work area below the menu bar,
    // where each tiled panel should be this frame, where it was last put
    // (nullopt: put it there again), and the Transport's height for its
    // controls at its width, measured as it draws.
    Rect work_area;
    std::array<Rect, kPanelCount> panel_target;
    std::array<std::optional<Rect>, kPanelCount> panel_applied;
    float transport_need_h = 0;

    Session session;
    const RunResult* shown = nullptr;  // the run the views show (session.result())
    TransportState transport;
    TimelineState timeline;
    std::string source_text_path;      // the .py twin or file shown, and its lines
    std::vector<std::string> source_lines;
    FileWatcher watcher;               // the open .py file, polled for changes
    FileBrowserState browser;
    ControlState controls;
    std::string open_error;            // why the last File > Open / drop / recent failed (a banner)
    std::size_t console_last_count = 0;  // transcript lines shown last frame (auto-scroll)
    std::int32_t source_last_line = -1;  // highlighted line last frame (scroll to it when it moves)
    std::int32_t source_goto_line = 0;   // scroll the source there next frame (a call site's "line N")
    std::int32_t source_popup_line = 0;  // the line whose call-site popup is open
    // Call-site controls on screen last frame, for --dump-state (xdotool
    // tests click them): "source:17" (the line's text), "popup:17:timeout:None",
    // "panel:17:timeout:slider" (the slider's frame, without its label).
    std::vector<ControlRect> call_site_rects;
    std::vector<ControlRect> param_rects;  // the Scenario panel's number sliders ("timeout"), last frame
    // The live tasks' lines (gutter marks), for the model and playhead event they were computed for.
    std::vector<TaskLine> source_marks;
    const TraceModel* source_marks_model = nullptr;
    std::size_t source_marks_event = 0;

    [[nodiscard]] const TraceModel* model() const { return shown ? shown->model.get() : nullptr; }
    [[nodiscard]] const Trace* trace() const { return shown ? &shown->trace : nullptr; }
};

// ---- actions the views share -------------------------------------------------
void open_scenario(App& app, const Scenario& scenario, const RunRequest* request = nullptr);
// Opens a .py file (File > Open, Open Recent, a drop, the command line).
// Anything else sets app.open_error and leaves the session as it was.
bool open_path(App& app, const std::string& path, const RunRequest* request = nullptr,
               std::vector<CallSiteChoice> call_sites = {});
// Re-runs the open file when it changed on disk (`now`: steady seconds).
void reload_if_changed(App& app, double now);
// Cancels `target` at the playhead's time and re-runs.
void cancel_at_playhead(App& app, const std::string& target);
// Picks up a finished run: keeps the playhead's time (keep_time) or opens at t=0,
// rebuilds lane layout.
void accept_result(App& app, bool keep_time);

// ---- the frame and its views ----------------------------------------------------
// ImGui::Begin for one of the app's windows; call ImGui::End() whatever it returns.
bool begin_view(App& app, View view, const char* name, ImGuiWindowFlags flags = 0);
void draw_frame(App& app);
void draw_menu_bar(App& app);
void draw_scenario_panel(App& app);
void draw_transport(App& app);
void handle_transport_keys(App& app);
void tick_playback(App& app, double dt);
void draw_timeline(App& app);
void draw_console(App& app);
void draw_outcome(App& app);
// The Outcome panel's "Event loop" tab: the pass and callbacks at the playhead.
void draw_loop_view(App& app);
void draw_source(App& app);
void draw_file_browser(App& app);
void open_file_browser(App& app);
void draw_problem(App& app);
void draw_call_sites(App& app);
// F1 toggles the help overlay, Esc closes it; draw_help draws it when open.
void handle_help_keys(App& app);
void draw_help(App& app);
// One call site's option controls (the Call sites view, where = "panel", and
// the source view's popup, "popup").
void call_site_controls(App& app, const py::CallSite& site, const char* where);
// Records the last item's rectangle as a call-site control named `name`.
void note_call_site_rect(App& app, std::string name);

}  // namespace loopscope::gui
