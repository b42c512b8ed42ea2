// What a scenario is and how one run of it is asked for and reported.
//
// A scenario declares its parameters and the names it gives to cancellable
// groups; its `main` is a coroutine that gets a ScenarioContext. The engine
// runs it with asyncio.run semantics (engine/run.hpp) and returns the
// transcript and, when asked, the trace.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/coro.hpp"
#include "engine/loop.hpp"
#include "engine/py_random.hpp"
#include "engine/trace.hpp"
#include "engine/value.hpp"

namespace loopscope {

struct ParamSpec {
    enum class Type : std::uint8_t { Bool, Int, Float, OptionalFloat, ReturnWhen };
    std::string name;
    Type type = Type::Bool;
    Value default_value;
    std::string help;
    double min = 0, max = 0;  // for Int/Float/OptionalFloat: the range a GUI slider offers
};

class ScenarioContext;

struct Scenario {
    std::string name;
    std::string description;  // one line
    std::string py_file;      // the twin, relative to scenarios/
    std::vector<ParamSpec> params;
    std::vector<std::string> group_targets;  // names for --cancel besides Task-N
    std::function<Coro<Value>(ScenarioContext&)> main;
};

// One line of the transcript: `%.6f | text`.
struct TranscriptLine {
    enum class Kind : std::uint8_t { Print, MainRaised, Unretrieved, Stopped };
    double time = 0;
    Kind kind = Kind::Print;
    std::string text;
};

std::string format_transcript_line(const TranscriptLine& line);

// loop.call_at(time, target.cancel) for a named group or a task "Task-N".
struct CancelIntervention {
    std::string target;
    double time = 0;
};

struct RunRequest {
    Seed seed = 1;
    std::map<std::string, Value> params;  // missing ones take their defaults
    std::vector<CancelIntervention> cancels;
    bool record_trace = true;
    // The callbacks whose loop detail the trace keeps (TraceLoopDetail; 0: all).
    std::uint64_t loop_detail_callbacks = kLoopDetailCallbacks;
    LoopLimits limits;
};

struct RunReport {
    std::vector<TranscriptLine> transcript;
    Trace trace;                       // empty when not recorded
    bool main_raised = false;
    Value main_result;                 // what main returned (None if it raised)
    Exc main_exception;                // what main raised
    std::optional<LoopStop> stopped;   // a deadlock or a guard ended the run early
    std::uint64_t task_steps = 0;
    std::uint64_t callbacks_run = 0;
    std::size_t tasks_created = 0;
};

// What scenario code sees: the loop, the seeded random, print, parameters
// and a way to name its groups for --cancel and the GUI.
class ScenarioContext {
public:
    ScenarioContext(Loop& loop, PyRandom& random, const std::map<std::string, Value>& params,
                    std::vector<TranscriptLine>& transcript, TraceRecorder* recorder);

    Loop& loop() noexcept { return loop_; }
    PyRandom& random() noexcept { return random_; }
    const Value& param(const std::string& name) const;
    // print(*args) at the current virtual time; a multi-line text is one
    // transcript line per line, as stdout would show it.
    void print(const std::vector<Value>& args);
    void print_text(const std::string& text);
    // TARGETS[name] = fut in the .py twin.
    void expose(const std::string& name, const Ref<Future>& fut);
    [[nodiscard]] Ref<Future> target(const std::string& name) const;

private:
    Loop& loop_;
    PyRandom& random_;
    const std::map<std::string, Value>& params_;
    std::vector<TranscriptLine>& transcript_;
    TraceRecorder* recorder_;
    std::map<std::string, Ref<Future>> targets_;
};

}  // namespace loopscope
