// The scenario being looked at, the request it runs with, and its latest run.
//
// A change of parameters, seed or interventions re-runs the scenario. Runs go
// to a worker thread so that a million-task run never freezes the window;
// the frame keeps showing the previous run until the new one is ready. The
// engine is single-threaded and its values are reference counted without
// atomics, so the worker gets a deep copy of the request and hands back only
// plain data (the trace, the transcript, strings).
#pragma once

#include <chrono>
#include <cstdint>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/scenario.hpp"
#include "gui/trace_model.hpp"

namespace loopscope::gui {

struct RunResult {
    const Scenario* scenario = nullptr;
    Trace trace;
    std::vector<TranscriptLine> transcript;
    std::unique_ptr<TraceModel> model;   // points into `trace`: built once it is in place
    bool main_raised = false;
    std::string main_outcome;            // repr of main's result or exception
    std::optional<std::string> stopped;  // deadlock / guard, one line
    std::string error;                   // the request was refused, or the engine threw
    double run_ms = 0, model_ms = 0;
    std::uint64_t generation = 0;        // which request produced it
};

class Session {
public:
    [[nodiscard]] const Scenario* scenario() const { return scenario_; }
    [[nodiscard]] const RunRequest& request() const { return request_; }
    [[nodiscard]] const std::shared_ptr<const RunResult>& result() const { return result_; }
    [[nodiscard]] bool running() const { return pending_.valid(); }

    // Switches to a scenario with its default parameters (or `request`).
    void open(const Scenario& scenario, const RunRequest* request = nullptr);
    // Param/seed/intervention edits; each schedules a re-run.
    void set_param(const std::string& name, Value value);
    void set_seed(std::int64_t seed);
    void add_cancel(CancelIntervention c);
    void remove_cancel(std::size_t index);

    // The value a parameter has in the request (its default when not set).
    [[nodiscard]] Value param(const ParamSpec& spec) const;

    // Runs the current request on this thread (start-up, automation).
    void run_now();
    // Starts the current request on the worker if it changed; picks up a
    // finished run. Returns true when `result()` changed.
    bool poll();

private:
    void launch();

    const Scenario* scenario_ = nullptr;
    RunRequest request_;
    std::uint64_t generation_ = 0;  // bumped by every edit
    std::uint64_t launched_ = 0;    // generation of the run in flight / last run
    std::shared_ptr<const RunResult> result_;
    std::future<std::shared_ptr<RunResult>> pending_;
};

// One run, start to finish, on whatever thread calls it.
std::shared_ptr<RunResult> execute_run(const Scenario& scenario, RunRequest request, std::uint64_t generation);
// A copy that shares no reference-counted object with `request`.
RunRequest deep_copy(const RunRequest& request);

}  // namespace loopscope::gui
