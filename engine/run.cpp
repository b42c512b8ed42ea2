#include "engine/run.hpp"

#include <charconv>
#include <cmath>

#include "engine/asyncio.hpp"

namespace loopscope {

// ---- parameters ------------------------------------------------------------

namespace {

std::optional<double> parse_number(std::string_view text) {
    double v = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || ptr != text.data() + text.size() || !std::isfinite(v)) return std::nullopt;
    return v;
}

std::optional<std::int64_t> parse_int(std::string_view text) {
    std::int64_t v = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
    return v;
}

// A number the way Python's literal would type it: int unless it has a dot
// or an exponent.
std::optional<Value> parse_python_number(std::string_view text) {
    if (auto i = parse_int(text)) return Value(*i);
    if (auto f = parse_number(text)) return Value(*f);
    return std::nullopt;
}

bool is_task_name(std::string_view target) {
    constexpr std::string_view prefix = "Task-";
    if (!target.starts_with(prefix) || target.size() == prefix.size()) return false;
    auto n = parse_int(target.substr(prefix.size()));
    return n && *n >= 1 && target[prefix.size()] != '0' && target[prefix.size()] != '+';
}

}  // namespace

std::optional<Value> parse_param_value(const ParamSpec& spec, std::string_view text) {
    using T = ParamSpec::Type;
    switch (spec.type) {
        case T::Bool:
            if (text == "true" || text == "True") return Value(true);
            if (text == "false" || text == "False") return Value(false);
            return std::nullopt;
        case T::Int: {
            auto i = parse_int(text);
            if (!i || *i < static_cast<std::int64_t>(spec.min) || *i > static_cast<std::int64_t>(spec.max))
                return std::nullopt;
            return Value(*i);
        }
        case T::OptionalFloat:
            if (text == "none" || text == "None") return Value{};
            [[fallthrough]];
        case T::Float: {
            auto v = parse_python_number(text);
            if (!v || v->as_float() < spec.min || v->as_float() > spec.max) return std::nullopt;
            return v;
        }
        case T::ReturnWhen:
            if (aio::parse_return_when(text)) return Value(std::string(text));
            return std::nullopt;
    }
    return std::nullopt;
}

std::string expected_values(const ParamSpec& spec) {
    auto number = [](double v) { return repr(Value(v == static_cast<double>(static_cast<std::int64_t>(v)) ? Value(static_cast<std::int64_t>(v)) : Value(v))); };
    switch (spec.type) {
        case ParamSpec::Type::Bool: return "true or false";
        case ParamSpec::Type::Int: return "a whole number from " + number(spec.min) + " to " + number(spec.max);
        case ParamSpec::Type::Float: return "a number from " + number(spec.min) + " to " + number(spec.max);
        case ParamSpec::Type::OptionalFloat:
            return "a number from " + number(spec.min) + " to " + number(spec.max) + ", or none";
        case ParamSpec::Type::ReturnWhen: return "FIRST_COMPLETED, FIRST_EXCEPTION or ALL_COMPLETED";
    }
    return "?";
}

std::optional<std::string> validate_request(const Scenario& scenario, const RunRequest& request) {
    for (const auto& [name, value] : request.params) {
        bool known = false;
        for (const ParamSpec& p : scenario.params) known = known || p.name == name;
        if (!known) return "unknown parameter '" + name + "' for scenario " + scenario.name;
    }
    for (const CancelIntervention& c : request.cancels) {
        bool known = is_task_name(c.target);
        for (const std::string& g : scenario.group_targets) known = known || g == c.target;
        if (!known) return "unknown cancel target '" + c.target + "' for scenario " + scenario.name +
                           " (a group it names, or a task Task-N)";
        if (!std::isfinite(c.time) || c.time < 0) return "cancel time for '" + c.target + "' must be a number >= 0";
    }
    return std::nullopt;
}

// ---- running ---------------------------------------------------------------

namespace {

// The harness's cancel_by_name, registered with loop.call_at(T, ...): looks
// the target up when the timer fires, since groups exist only once main made
// them; a target that does not exist (yet, or any more) is left alone.
struct CancelByName : RefCounted {
    ScenarioContext* ctx;
    std::string target;
    CancelByName(ScenarioContext* c, std::string t) : ctx(c), target(std::move(t)) {}

    void fire(const Value&) { cancel_intervention(ctx->loop(), ctx->target(target), target, ctx->loop().time()); }
};

std::string exception_class_label(const Future& fut) {
    switch (fut.kind()) {
        case FutureKind::Task: return "Task";
        case FutureKind::Gathering: return "_GatheringFuture";
        default: return "Future";
    }
}

std::string future_label(const Future& fut) {
    if (fut.kind() == FutureKind::Task) return static_cast<const Task&>(fut).name();
    return exception_class_label(fut);
}

}  // namespace

void cancel_intervention(Loop& loop, const Ref<Future>& named, const std::string& target, double time) {
    const CancelCauseScope cause(loop, {CancelCause::Kind::Intervention, 0, "cancel " + target + " at t=" + repr(Value(time))});
    if (named) {
        named->cancel();
        return;
    }
    for (const Ref<Task>& t : loop.all_tasks()) {
        if (t->name() == target) {
            t->cancel();
            return;
        }
    }
}

std::vector<std::pair<std::string, std::string>> cancel_all_tasks(
    Loop& loop, const std::function<void(const Future&)>& on_gather) {
    std::vector<std::pair<std::string, std::string>> reports;
    std::vector<Ref<Task>> to_cancel = loop.all_tasks();
    if (to_cancel.empty()) return reports;
    if (Observer* obs = loop.observer()) obs->shutdown_cancelling();
    {
        const CancelCauseScope cause(loop, {CancelCause::Kind::Shutdown, 0, {}});
        for (const Ref<Task>& t : to_cancel) t->cancel();
    }
    std::vector<aio::Awaitable> aws(to_cancel.begin(), to_cancel.end());
    Ref<Future> all = aio::gather(std::move(aws), true);
    if (on_gather) on_gather(*all);
    loop.run_until_complete(all);
    for (const Ref<Task>& t : to_cancel) {
        if (t->cancelled()) continue;
        if (Exc e = t->exception()) {
            reports.emplace_back(t->name(),
                                 "unhandled exception during asyncio.run() shutdown: " + t->name() + " " + repr(*e));
        }
    }
    return reports;
}

std::map<std::string, Value> effective_params(const Scenario& scenario, const RunRequest& request) {
    std::map<std::string, Value> params;
    for (const ParamSpec& p : scenario.params) params[p.name] = p.default_value;
    for (const auto& [name, value] : request.params) params[name] = value;
    return params;
}

RunReport run_scenario(const Scenario& scenario, const RunRequest& request) {
    RunReport report;
    const std::map<std::string, Value> params = effective_params(scenario, request);

    Loop loop;
    loop.set_limits(request.limits);
    aio::RunningLoopScope running(loop);
    std::optional<TraceRecorder> recorder;
    report.trace.loop_detail.limit = request.loop_detail_callbacks;
    if (request.record_trace) {
        recorder.emplace(loop, report.trace);
        loop.set_observer(&*recorder);
    }
    PyRandom random(request.seed);
    ScenarioContext ctx(loop, random, params, report.transcript, recorder ? &*recorder : nullptr);

    // Interventions first, as the harness registers them when the loop is
    // created, before asyncio.run makes the main task.
    for (const CancelIntervention& c : request.cancels) {
        Ref<CancelByName> cb(new CancelByName(&ctx, c.target));
        loop.call_at(c.time, bind<&CancelByName::fire, CallbackKind::InterventionCancel>(cb.get()));
    }

    std::vector<TranscriptLine> warnings;
    try {
        Ref<Task> main_task = loop.create_task(make_body(scenario.main(ctx)));
        try {
            report.main_result = loop.run_until_complete(main_task);
        } catch (PyError& e) {
            report.main_raised = true;
            report.main_exception = e.exc;
        }
        for (auto& [name, message] : cancel_all_tasks(loop, [&](const Future& all) {
                 if (recorder) recorder->label(all, "asyncio.run shutdown");
             })) {
            warnings.push_back({0, TranscriptLine::Kind::Unretrieved, "!! " + message});
        }
    } catch (LoopStopped& s) {
        report.stopped = s.stop;
    }

    const double end = loop.time();
    if (report.stopped) {
        // The harness prints `T | deadlock` where CPython's select(None) would
        // block forever; the engine says the same, and the details (who waits
        // on what) are in report.stopped for the caller to show.
        report.transcript.push_back({end, TranscriptLine::Kind::Stopped,
                                     report.stopped->reason == LoopStop::Reason::Deadlock
                                         ? std::string("deadlock")
                                         : "!! run stopped: " + report.stopped->detail});
    } else {
        if (report.main_raised)
            report.transcript.push_back({end, TranscriptLine::Kind::MainRaised, "main raised " + repr(*report.main_exception)});
        // Future.__del__'s "exception was never retrieved", for every future
        // still holding an unretrieved exception, in creation order.
        std::vector<Ref<Future>> unretrieved;
        for (const Ref<Future>& f : loop.exception_futures())
            if (f->log_traceback()) unretrieved.push_back(f);
        std::sort(unretrieved.begin(), unretrieved.end(),
                  [](const Ref<Future>& a, const Ref<Future>& b) { return a->id() < b->id(); });
        for (const Ref<Future>& f : unretrieved) {
            warnings.push_back({0, TranscriptLine::Kind::Unretrieved,
                                "!! " + exception_class_label(*f) + " exception was never retrieved: " + future_label(*f) +
                                    " " + repr(*f->peek_exception())});
        }
        for (TranscriptLine& w : warnings) {
            w.time = end;
            report.transcript.push_back(std::move(w));
        }
    }
    report.task_steps = loop.task_steps();
    report.callbacks_run = loop.callbacks_run();
    report.tasks_created = loop.tasks_created();
    loop.set_observer(nullptr);
    return report;
}

}  // namespace loopscope
