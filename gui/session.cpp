#include "gui/session.hpp"

#include <exception>

#include "engine/run.hpp"

namespace loopscope::gui {

namespace {
double ms_since(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
}

Value deep_copy(const Value& v) {
    switch (v.kind()) {
        case Value::Kind::Str: return Value(std::string(v.as_str()));
        case Value::Kind::List:
        case Value::Kind::Tuple:
        case Value::Kind::Set: {
            std::vector<Value> items;
            for (const Value& item : v.items()) items.push_back(deep_copy(item));
            return v.kind() == Value::Kind::List ? Value::list(std::move(items))
                   : v.kind() == Value::Kind::Tuple ? Value::tuple(std::move(items))
                                                    : Value::set(std::move(items));
        }
        default: return v;  // scalars are inline; parameters hold nothing else
    }
}
}  // namespace

RunRequest deep_copy(const RunRequest& request) {
    RunRequest copy;
    copy.seed = request.seed;
    for (const auto& [name, value] : request.params) copy.params.emplace(name, deep_copy(value));
    copy.cancels = request.cancels;
    copy.record_trace = true;
    copy.limits = request.limits;
    return copy;
}

std::shared_ptr<RunResult> execute_run(const Scenario& scenario, RunRequest request, std::uint64_t generation) {
    auto out = std::make_shared<RunResult>();
    out->scenario = &scenario;
    out->generation = generation;
    request.record_trace = true;
    if (auto problem = validate_request(scenario, request)) {
        out->error = *problem;
        out->model = std::make_unique<TraceModel>(out->trace);
        return out;
    }
    const auto t0 = std::chrono::steady_clock::now();
    try {
        RunReport report = run_scenario(scenario, request);
        out->trace = std::move(report.trace);
        out->transcript = std::move(report.transcript);
        out->main_raised = report.main_raised;
        out->main_outcome = report.main_raised && report.main_exception ? repr(*report.main_exception)
                                                                        : repr(report.main_result);
        if (report.stopped) out->stopped = report.stopped->detail.empty() ? "the run was stopped early"
                                                                           : report.stopped->detail;
    } catch (const std::exception& e) {
        out->error = std::string("engine error: ") + e.what();
    } catch (...) {
        out->error = "engine error";
    }
    out->run_ms = ms_since(t0);
    const auto t1 = std::chrono::steady_clock::now();
    out->model = std::make_unique<TraceModel>(out->trace);
    out->model_ms = ms_since(t1);
    return out;
}

void Session::open(const Scenario& scenario, const RunRequest* request) {
    scenario_ = &scenario;
    request_ = request ? *request : RunRequest{};
    request_.record_trace = true;
    ++generation_;
}

void Session::set_param(const std::string& name, Value value) {
    request_.params[name] = std::move(value);
    ++generation_;
}

void Session::set_seed(std::int64_t seed) {
    request_.seed = seed;
    ++generation_;
}

void Session::add_cancel(CancelIntervention c) {
    request_.cancels.push_back(std::move(c));
    ++generation_;
}

void Session::remove_cancel(std::size_t index) {
    if (index >= request_.cancels.size()) return;
    request_.cancels.erase(request_.cancels.begin() + static_cast<std::ptrdiff_t>(index));
    ++generation_;
}

Value Session::param(const ParamSpec& spec) const {
    const auto it = request_.params.find(spec.name);
    return it != request_.params.end() ? it->second : spec.default_value;
}

void Session::run_now() {
    if (scenario_ == nullptr) return;
    if (pending_.valid()) pending_.wait(), pending_ = {};
    launched_ = generation_;
    result_ = execute_run(*scenario_, deep_copy(request_), generation_);
}

void Session::launch() {
    launched_ = generation_;
    pending_ = std::async(std::launch::async, execute_run, std::cref(*scenario_), deep_copy(request_), generation_);
}

bool Session::poll() {
    bool changed = false;
    if (pending_.valid() && pending_.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
        auto r = pending_.get();
        // A run for a request that was edited meanwhile is still shown: it is
        // closer to what the user asked for than the one before.
        result_ = std::move(r);
        changed = true;
    }
    if (!pending_.valid() && scenario_ != nullptr && launched_ != generation_) {
        launch();
        // Most runs take a few milliseconds: show them in this very frame.
        if (pending_.wait_for(std::chrono::milliseconds(30)) == std::future_status::ready) {
            result_ = pending_.get();
            changed = true;
        }
    }
    return changed;
}

}  // namespace loopscope::gui
