// Running a scenario the way `asyncio.run(main(params))` does, on a fresh loop.
//
// Mirrors runners.py: main becomes Task-1; interventions (--cancel) are timers
// registered before it, as the test harness's loop.call_at does; when main is
// done every task still pending is cancelled and run to completion
// (_cancel_all_tasks); then every future whose exception was never retrieved
// is reported, as the futures' __del__ would log them.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <utility>
#include <vector>
#include <string>
#include <string_view>

#include "engine/scenario.hpp"

namespace loopscope {

// Checks a request against the scenario: known parameters with values of the
// right type, cancel targets that name a group or a task "Task-N", times >= 0.
// Returns the one-line problem, or nothing when the request is fine.
std::optional<std::string> validate_request(const Scenario& scenario, const RunRequest& request);

// Parses a --set value for a parameter: true/false, numbers, none,
// FIRST_COMPLETED/FIRST_EXCEPTION/ALL_COMPLETED. Returns nothing when the
// text is not a value of the parameter's type.
std::optional<Value> parse_param_value(const ParamSpec& spec, std::string_view text);

// What parse_param_value accepts for `spec`, for error messages and tooltips:
// "true or false", "a whole number from 0 to 10000", ...
std::string expected_values(const ParamSpec& spec);

// runners._cancel_all_tasks: cancels every task still pending on `loop`,
// runs them to completion under gather(return_exceptions=True) and returns,
// per task that ended with an exception instead, (task name, message) for
// "unhandled exception during asyncio.run() shutdown". `on_gather` sees the
// gathering future (the trace labels it).
std::vector<std::pair<std::string, std::string>> cancel_all_tasks(
    Loop& loop, const std::function<void(const Future&)>& on_gather = {});

// The harness's cancel_by_name when its timer fires at `time`: cancels
// `named` (the group the scenario calls `target`, if it exists now) or else
// the pending task called `target`; a target that does not exist (yet, or
// any more) is left alone. The cancel's cause is this intervention.
void cancel_intervention(Loop& loop, const Ref<Future>& named, const std::string& target, double time);

// The parameters a run sees: the scenario's defaults, overridden by the request's.
std::map<std::string, Value> effective_params(const Scenario& scenario, const RunRequest& request);

// Runs one scenario. The request must have passed validate_request.
RunReport run_scenario(const Scenario& scenario, const RunRequest& request);

}  // namespace loopscope
