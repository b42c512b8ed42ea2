#include "gui/session.hpp"

#include <algorithm>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <sstream>

#include "engine/bigint.hpp"
#include "engine/py/run_file.hpp"
#include "engine/run.hpp"
#include "gui/file_browser.hpp"
#include "gui/transcript_sync.hpp"

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
        case Value::Kind::BigInt: {
            // A counted object like a string: the worker gets its own.
            Ref<BigIntObject> copy(new BigIntObject);
            mpz_set(copy->z, v.big().z);
            return Value(std::move(copy));
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
    copy.loop_detail_callbacks = request.loop_detail_callbacks;
    return copy;
}

namespace {
// The parts of a report the views use; its engine values stay on this thread.
void take_report(RunResult& out, RunReport& report) {
    out.trace = std::move(report.trace);
    out.transcript = std::move(report.transcript);
    out.main_raised = report.main_raised;
    out.main_outcome = report.main_raised && report.main_exception ? repr(*report.main_exception) : repr(report.main_result);
    if (report.stopped) out.stopped = report.stopped->detail.empty() ? "the run was stopped early" : report.stopped->detail;
}

void build_model(RunResult& out) {
    const auto t1 = std::chrono::steady_clock::now();
    out.model = std::make_unique<TraceModel>(out.trace);
    out.model_ms = ms_since(t1);
}
}  // namespace

// The end every run shares, built-in or file: `body` fills the result; its
// time is measured, an engine failure becomes the result's error, and the
// timeline model is built.
template <class Body>
std::shared_ptr<RunResult> finish_run(std::shared_ptr<RunResult> out, Body&& body) {
    const auto t0 = std::chrono::steady_clock::now();
    try {
        body(*out);
    } catch (const std::exception& e) {
        out->error = std::string("engine error: ") + e.what();
    } catch (...) {
        out->error = "engine error";
    }
    out->run_ms = ms_since(t0);
    build_model(*out);
    return out;
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
    return finish_run(std::move(out), [&](RunResult& result) {
        RunReport report = run_scenario(scenario, request);
        take_report(result, report);
    });
}

SourceText read_source(const std::string& path) {
    SourceText s;
    s.path = normal_path(path);
    s.stamp = stamp_of(s.path);
    std::ifstream in(s.path, std::ios::binary);
    if (!s.stamp.exists || !in) {
        s.read_error = "cannot read " + s.path;
        return s;
    }
    std::stringstream ss;
    ss << in.rdbuf();
    s.text = ss.str();
    std::string line;
    std::istringstream lines(s.text);
    while (std::getline(lines, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        s.lines.push_back(std::move(line));
    }
    return s;
}

std::shared_ptr<RunResult> execute_file_run(const FileJob& job, std::uint64_t generation) {
    auto out = std::make_shared<RunResult>();
    out->generation = generation;
    const SourceText& file = *job.file;
    if (!file.read_error.empty()) {
        out->error = file.read_error;
        out->problem = SourceProblem{0, 0, file.read_error};
        build_model(*out);
        return out;
    }
    return finish_run(std::move(out), [&](RunResult& result) {
        FileOutline outline = outline_py_source(file.text, file.path);
        if (outline.problem) {
            const SourceProblem& p = *outline.problem;
            result.problem = p;
            result.error = file.path + ":" + std::to_string(p.line) + ":" + std::to_string(p.col) + ": " + p.message;
        } else {
            result.is_script = !outline.is_scenario;
            result.file_params = std::move(outline.params);
            result.call_sites = std::move(outline.call_sites);
            py::FileRunOptions options;
            options.seed = job.seed;
            options.cancels = job.cancels;
            options.record_trace = true;
            options.limits = job.limits;
            options.loop_detail_callbacks = job.loop_detail_callbacks;
            options.max_wall_seconds = job.max_wall_seconds;
            for (const auto& [name, text] : job.sets) {
                const bool known = std::any_of(result.file_params.begin(), result.file_params.end(),
                                               [&](const ParamSpec& p) { return p.name == name; });
                if (known) options.sets.push_back(name + "=" + text);
                else result.dropped.push_back(name);
            }
            // An override follows its call (place_call_site_choice); one
            // whose call is gone, or that the call refuses, is dropped.
            for (const CallSiteChoice& c : job.call_sites) {
                const auto value = py::parse_set_value(c.value_text);
                const std::optional<CallSiteChoice> placed = place_call_site_choice(c, result.call_sites);
                if (!placed) {
                    result.dropped_call_sites.push_back({c, "no longer in the file"});
                    continue;
                }
                const py::CallSiteSet set{placed->line, c.name, value ? *value : Value()};
                std::string problem = value ? py::check_call_site_set(result.call_sites, set) : "bad value '" + c.value_text + "'";
                if (!problem.empty()) {
                    result.dropped_call_sites.push_back({c, std::move(problem)});
                    continue;
                }
                options.call_site_sets.push_back(set);
                result.placed_call_sites.push_back({c, *placed});
            }
            py::FileRunResult run = py::run_py_source(file.text, file.path, options);
            if (!run.error.empty()) {
                result.error = run.error;
            } else {
                take_report(result, run.report);
                if (result.is_script) place_transcript_on_trace(result.trace, result.transcript);
                result.call_sites = std::move(run.call_sites);  // with set_value filled in
            }
        }
    });
}

std::optional<CallSiteChoice> place_call_site_choice(const CallSiteChoice& choice, const std::vector<py::CallSite>& sites) {
    const py::CallSite* best = nullptr;
    const auto distance = [&](const py::CallSite& site) { return std::abs(site.line - choice.line); };
    for (const py::CallSite& site : sites) {
        const py::CallSiteOption* o = site.option(choice.name);
        if (site.function != choice.function || o == nullptr) continue;
        const bool same = choice.call_text.empty() ? site.line == choice.line || o->line == choice.line
                                                   : site.call_text == choice.call_text;
        // Sites come in source order: on a tie the earlier one stays.
        if (same && (best == nullptr || distance(site) < distance(*best))) best = &site;
    }
    if (best == nullptr) return std::nullopt;
    CallSiteChoice placed = choice;
    placed.line = best->line;
    placed.call_text = best->call_text;
    return placed;
}

std::string describe_dropped(const DroppedCallSite& d) {
    const CallSiteChoice& c = d.choice;
    const std::string call = c.call_text.empty() ? c.function + "()" : c.call_text;
    return "line " + std::to_string(c.line) + " " + call + ": " + c.name + "=" + c.value_text + ", " + d.reason;
}

Session::Session() = default;
Session::~Session() {
    if (pending_.valid()) pending_.wait();
}

void Session::open(const Scenario& scenario, const RunRequest* request) {
    scenario_ = &scenario;
    file_.reset();
    call_site_choices_.clear();
    dropped_call_sites_.clear();
    request_ = request ? *request : RunRequest{};
    request_.record_trace = true;
    ++document_;
    ++generation_;
}

void Session::open_file(const std::string& path, const RunRequest* request, std::vector<CallSiteChoice> call_sites) {
    auto file = std::make_shared<SourceText>(read_source(path));
    // A new Scenario object: the previous one may still be shown by a run
    // in flight, which keeps pointing at nothing it could outlive (file runs
    // carry no Scenario pointer).
    file_scenario_ = std::make_unique<Scenario>();
    file_scenario_->name = file->path.substr(file->path.find_last_of('/') + 1);
    file_scenario_->description = file->path;
    file_scenario_->py_file = file->path;
    scenario_ = file_scenario_.get();
    file_ = std::move(file);
    reloads_ = 0;
    call_site_choices_ = std::move(call_sites);
    dropped_call_sites_.clear();
    request_ = request ? *request : RunRequest{};
    request_.record_trace = true;
    ++document_;
    ++generation_;
}

void Session::reload_file() {
    if (!file_) return;
    file_ = std::make_shared<SourceText>(read_source(file_->path));
    ++reloads_;
    ++generation_;
}

void Session::set_param(const std::string& name, Value value) {
    request_.params[name] = std::move(value);
    ++generation_;
}

void Session::keep_all_loop_detail() {
    if (request_.loop_detail_callbacks == 0) return;
    request_.loop_detail_callbacks = 0;
    ++generation_;
}

void Session::set_seed(const Seed& seed) {
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

void Session::set_call_site(const CallSiteChoice& choice) {
    for (CallSiteChoice& c : call_site_choices_) {
        if (c.line == choice.line && c.name == choice.name) {
            if (c.value_text == choice.value_text && c.function == choice.function &&
                (choice.call_text.empty() || c.call_text == choice.call_text))
                return;
            c = choice;
            ++generation_;
            return;
        }
    }
    call_site_choices_.push_back(choice);
    ++generation_;
}

void Session::clear_call_site(int line, const std::string& name) {
    const auto n = std::erase_if(call_site_choices_, [&](const CallSiteChoice& c) { return c.line == line && c.name == name; });
    if (n > 0) ++generation_;
}

const CallSiteChoice* Session::call_site_choice(int line, const std::string& name) const {
    for (const CallSiteChoice& c : call_site_choices_)
        if (c.line == line && c.name == name) return &c;
    return nullptr;
}

void Session::dismiss_dropped_call_site(std::size_t index) {
    if (index < dropped_call_sites_.size()) dropped_call_sites_.erase(dropped_call_sites_.begin() + static_cast<std::ptrdiff_t>(index));
}

Value Session::param(const ParamSpec& spec) const {
    const auto it = request_.params.find(spec.name);
    return it != request_.params.end() ? it->second : spec.default_value;
}

namespace {
FileJob make_job(const std::shared_ptr<const SourceText>& file, const RunRequest& request,
                 const std::vector<CallSiteChoice>& call_sites, double max_wall_seconds) {
    FileJob job;
    job.file = file;
    job.seed = request.seed;
    for (const auto& [name, value] : request.params) job.sets.emplace_back(name, set_text(value));
    job.cancels = request.cancels;
    job.call_sites = call_sites;
    job.limits = request.limits;
    job.loop_detail_callbacks = request.loop_detail_callbacks;
    job.max_wall_seconds = max_wall_seconds;
    return job;
}
}  // namespace

// What the worker runs, prepared on this thread: copies only.
std::shared_ptr<RunResult> Session::run_here() {
    const std::uint64_t doc = document_;
    if (file_) {
        auto r = execute_file_run(make_job(file_, request_, call_site_choices_, max_wall_seconds_), generation_);
        r->document = doc;
        return r;
    }
    auto r = execute_run(*scenario_, deep_copy(request_), generation_);
    r->document = doc;
    return r;
}

void Session::run_now() {
    if (scenario_ == nullptr) return;
    if (pending_.valid()) pending_.wait(), pending_ = {};
    launched_ = generation_;
    take(run_here());
}

void Session::launch() {
    launched_ = generation_;
    const std::uint64_t doc = document_, gen = generation_;
    if (file_) {
        pending_ = std::async(std::launch::async, [job = make_job(file_, request_, call_site_choices_, max_wall_seconds_), gen, doc]() {
            auto r = execute_file_run(job, gen);
            r->document = doc;
            return r;
        });
        return;
    }
    pending_ = std::async(std::launch::async, [s = scenario_, req = deep_copy(request_), gen, doc]() mutable {
        auto r = execute_run(*s, std::move(req), gen);
        r->document = doc;
        return r;
    });
}

namespace {
// The first item of `items` not yet used that `matches`, marked used.
template <class T, class Match>
const T* claim(const std::vector<T>& items, std::vector<bool>& used, Match matches) {
    for (std::size_t i = 0; i < items.size(); ++i)
        if (!used[i] && matches(items[i])) return used[i] = true, &items[i];
    return nullptr;
}
}  // namespace

// A file's run says which PARAMS it has: they become the controls, and
// parameters set for entries that are gone are forgotten (the run already
// left them out, so this is no edit).
void Session::take(std::shared_ptr<RunResult> r) {
    if (r->document == document_ && file_scenario_ && scenario_ == file_scenario_.get() && !r->problem) {
        file_scenario_->params = r->file_params;
        for (const std::string& name : r->dropped) request_.params.erase(name);
        // Overrides move with their calls, or are dropped and listed. Only a
        // run of the current request says where they are: after an edit in
        // flight, the next run places them again.
        if (r->generation == generation_) {
            const auto same = [](const CallSiteChoice& a, const CallSiteChoice& b) {
                return a.line == b.line && a.name == b.name && a.function == b.function;
            };
            // Each choice is matched once: a move onto a line another choice
            // is leaving must not catch that one too.
            std::vector<bool> placed_used(r->placed_call_sites.size()), dropped_used(r->dropped_call_sites.size());
            std::vector<CallSiteChoice> kept;
            for (CallSiteChoice& c : call_site_choices_) {
                if (const PlacedCallSite* p = claim(r->placed_call_sites, placed_used, [&](const PlacedCallSite& x) { return same(c, x.from); })) {
                    c.line = p->to.line;
                    c.call_text = p->to.call_text;
                    kept.push_back(std::move(c));
                } else if (const DroppedCallSite* d = claim(r->dropped_call_sites, dropped_used, [&](const DroppedCallSite& x) { return same(c, x.choice); })) {
                    dropped_call_sites_.push_back(*d);
                } else {
                    kept.push_back(std::move(c));
                }
            }
            call_site_choices_ = std::move(kept);
        }
    }
    result_ = std::move(r);
}

bool Session::poll() {
    bool changed = false;
    if (pending_.valid() && pending_.wait_for(std::chrono::seconds(0)) == std::future_status::ready) {
        // A run for a request that was edited meanwhile is still shown: it is
        // closer to what the user asked for than the one before.
        take(pending_.get());
        changed = true;
    }
    if (!pending_.valid() && scenario_ != nullptr && launched_ != generation_) {
        launch();
        // Most runs take a few milliseconds: show them in this very frame.
        if (pending_.wait_for(std::chrono::milliseconds(30)) == std::future_status::ready) {
            take(pending_.get());
            changed = true;
        }
    }
    return changed;
}

}  // namespace loopscope::gui
