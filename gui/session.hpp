// The scenario or .py file being looked at, the request it runs with, and
// its latest run.
//
// A change of parameters, seed or interventions (or of the file on disk)
// re-runs it. Runs go to a worker thread so that a million-task run never
// freezes the window; the frame keeps showing the previous run until the new
// one is ready. The engine is single-threaded and its values are reference
// counted without atomics, so the worker gets a deep copy of the request and
// hands back only plain data (the trace, the transcript, strings). The .py
// interpreter's parser keeps one global symbol table, so everything that
// parses Python (the run, and the outline of PARAMS) happens on the worker,
// one run at a time.
#pragma once

#include <chrono>
#include <cstdint>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/py/run_file.hpp"
#include "engine/scenario.hpp"
#include "gui/file_params.hpp"
#include "gui/file_watch.hpp"
#include "gui/trace_model.hpp"

namespace loopscope::gui {

// A .py file as read from disk: the text that both the run and the source
// view use, so that the lines shown are the lines that ran.
struct SourceText {
    std::string path;  // absolute, normalised
    std::string text;
    std::vector<std::string> lines;
    std::string read_error;  // "cannot read PATH": nothing runs
    FileStamp stamp;         // as it was when read
};
SourceText read_source(const std::string& path);

// An override of one call site's option, "as if the code said so"
// (engine/py/call_sites.hpp). Kept as text so that no engine Value crosses
// to the worker. It belongs to a call, not to a line: `call_text` is the
// call as written (py::CallSite::call_text), and when the file changes the
// override follows that text to its new line (the match nearest the old
// line when several calls read the same), or is dropped when no call reads
// so any more. Without a call_text (set by line, from the command line) the
// first run fills it in from the call on `line`.
struct CallSiteChoice {
    int line = 0;
    std::string function;    // gather, wait, ...
    std::string name;        // return_exceptions, return_when, timeout, delay
    std::string value_text;  // true, none, 2.5, FIRST_EXCEPTION (py::parse_set_value)
    std::string call_text;   // `wait(tasks, timeout=2)`; "" until known
};

// An override that no longer applies, and why: its call is gone from the
// file (or reads differently now), or the call refuses the value.
struct DroppedCallSite {
    CallSiteChoice choice;
    std::string reason;  // "no longer in the file", or the one-line problem
};
// One line for the panel ("dropped: ...") and the dump:
// `line 12 wait(tasks, return_when=FIRST_COMPLETED): return_when=FIRST_EXCEPTION, no longer in the file`.
std::string describe_dropped(const DroppedCallSite& d);

// Where a run put each override: `from` as the request had it, `to` on the
// call it applies to now (its line and call_text; the value is unchanged).
struct PlacedCallSite {
    CallSiteChoice from, to;
};

// Finds the call an override belongs to among `sites` (a file's call sites):
// by call_text and function, nearest to the old line; without a call_text,
// the call on its line. Returns the override moved there, or nothing when
// no call matches or the call has no such option.
std::optional<CallSiteChoice> place_call_site_choice(const CallSiteChoice& choice, const std::vector<py::CallSite>& sites);

struct RunResult {
    const Scenario* scenario = nullptr;  // the built-in (nullptr for a file)
    std::uint64_t document = 0;          // which open() produced it: a new one resets the views
    Trace trace;
    std::vector<TranscriptLine> transcript;
    std::unique_ptr<TraceModel> model;   // points into `trace`: built once it is in place
    bool main_raised = false;
    std::string main_outcome;            // repr of main's result or exception
    std::optional<std::string> stopped;  // deadlock / guard, one line
    std::string error;                   // the request was refused, the file does not parse, or the engine threw
    double run_ms = 0, model_ms = 0;
    std::uint64_t generation = 0;        // which request produced it

    // ---- files only
    std::optional<SourceProblem> problem;   // does not parse (with its place), or cannot be read (line 0)
    bool is_script = false;                 // not a scenario file: PARAMS do not apply
    std::vector<ParamSpec> file_params;     // the controls its PARAMS offer
    std::vector<std::string> dropped;       // set parameters the file no longer has
    std::vector<py::CallSite> call_sites;   // set_value marks the overrides applied
    std::vector<PlacedCallSite> placed_call_sites;    // overrides applied, and where (a reload may move them)
    std::vector<DroppedCallSite> dropped_call_sites;  // overrides that no longer apply to the file
};

class Session {
public:
    Session();
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    // The built-in, or for a file a scenario named after it whose params
    // are its PARAMS (known once it has run).
    [[nodiscard]] const Scenario* scenario() const { return scenario_; }
    [[nodiscard]] const RunRequest& request() const { return request_; }
    [[nodiscard]] const std::shared_ptr<const RunResult>& result() const { return result_; }
    [[nodiscard]] bool running() const { return pending_.valid(); }
    [[nodiscard]] std::uint64_t document() const { return document_; }

    // The open file (nullptr for a built-in).
    [[nodiscard]] const SourceText* file() const { return file_.get(); }
    [[nodiscard]] bool is_file() const { return file_ != nullptr; }
    [[nodiscard]] int reloads() const { return reloads_; }

    // Switches to a scenario with its default parameters (or `request`).
    void open(const Scenario& scenario, const RunRequest* request = nullptr);
    // Switches to a .py file: reads it now, runs it like a scenario. `request`
    // params are PARAMS entries.
    void open_file(const std::string& path, const RunRequest* request = nullptr,
                   std::vector<CallSiteChoice> call_sites = {});
    // Reads the open file again (it changed on disk) and re-runs it with the
    // same seed, parameters and interventions; parameters the new text no
    // longer has are dropped when its run comes back.
    void reload_file();

    // Param/seed/intervention edits; each schedules a re-run.
    void set_param(const std::string& name, Value value);
    void set_seed(const Seed& seed);
    // The real-time limit of a .py run (--max-seconds; 0: none). Takes
    // effect from the next run.
    void set_max_wall_seconds(double seconds) { max_wall_seconds_ = seconds; }
    void add_cancel(CancelIntervention c);
    // Runs again keeping the loop's detail for every callback (a run past
    // kLoopDetailCallbacks keeps only the first ones); the same run, since
    // the engine is deterministic, so the playhead stays.
    void keep_all_loop_detail();
    void remove_cancel(std::size_t index);

    // Call-site overrides (files only); each schedules a re-run. Setting an
    // option again replaces its value; clearing goes back to the source.
    void set_call_site(const CallSiteChoice& choice);
    void clear_call_site(int line, const std::string& name);
    [[nodiscard]] const std::vector<CallSiteChoice>& call_site_choices() const { return call_site_choices_; }
    [[nodiscard]] const CallSiteChoice* call_site_choice(int line, const std::string& name) const;
    // Overrides a change of the file dropped (their call is gone), oldest
    // first, until dismissed or another document opens.
    [[nodiscard]] const std::vector<DroppedCallSite>& dropped_call_sites() const { return dropped_call_sites_; }
    void dismiss_dropped_call_site(std::size_t index);
    void dismiss_dropped_call_sites() { dropped_call_sites_.clear(); }

    // The value a parameter has in the request (its default when not set).
    [[nodiscard]] Value param(const ParamSpec& spec) const;

    // Runs the current request on this thread (start-up, automation, tests).
    void run_now();
    // Starts the current request on the worker if it changed; picks up a
    // finished run. Returns true when `result()` changed.
    bool poll();

private:
    void launch();
    std::shared_ptr<RunResult> run_here();
    void take(std::shared_ptr<RunResult> r);

    const Scenario* scenario_ = nullptr;
    std::unique_ptr<Scenario> file_scenario_;   // scenario_ points here for a file
    std::shared_ptr<const SourceText> file_;
    int reloads_ = 0;
    RunRequest request_;
    double max_wall_seconds_ = py::FileRunOptions{}.max_wall_seconds;
    std::vector<CallSiteChoice> call_site_choices_;
    std::vector<DroppedCallSite> dropped_call_sites_;
    std::uint64_t document_ = 0;    // bumped by open()
    std::uint64_t generation_ = 0;  // bumped by every edit
    std::uint64_t launched_ = 0;    // generation of the run in flight / last run
    std::shared_ptr<const RunResult> result_;
    std::future<std::shared_ptr<RunResult>> pending_;
};

// One run, start to finish, on whatever thread calls it.
std::shared_ptr<RunResult> execute_run(const Scenario& scenario, RunRequest request, std::uint64_t generation);

// What a file run needs, as plain data (no engine Value crosses threads).
struct FileJob {
    std::shared_ptr<const SourceText> file;
    Seed seed = 1;
    std::vector<std::pair<std::string, std::string>> sets;  // PARAMS name, --set text
    std::vector<CancelIntervention> cancels;
    std::vector<CallSiteChoice> call_sites;
    LoopLimits limits;
    std::uint64_t loop_detail_callbacks = kLoopDetailCallbacks;
    double max_wall_seconds = py::FileRunOptions{}.max_wall_seconds;
};
std::shared_ptr<RunResult> execute_file_run(const FileJob& job, std::uint64_t generation);

// A copy that shares no reference-counted object with `request`.
RunRequest deep_copy(const RunRequest& request);

}  // namespace loopscope::gui
