#include "engine/py/run_file.hpp"

#include <algorithm>
#include <fstream>
#include <new>
#include <optional>
#include <sstream>
#include <string_view>

#include "engine/py/interp.hpp"
#include "engine/py/script_trace.hpp"
#include "engine/py/source_encoding.hpp"
#include "engine/py/stdlib_modules.hpp"
#include "engine/py/tree_walk.hpp"
#include "engine/run.hpp"
#include "engine/task.hpp"

namespace loopscope::py {

namespace {

// The digits of a name `Task-N` (vloop.py's _task_number), or nullopt.
std::optional<std::string_view> task_number(std::string_view name) {
    constexpr std::string_view prefix = "Task-";
    if (!name.starts_with(prefix) || name.size() == prefix.size()) return std::nullopt;
    std::string_view digits = name.substr(prefix.size());
    if (!std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) return std::nullopt;
    return digits;
}

// int(a) < int(b) for two digit strings of any length.
bool number_less(std::string_view a, std::string_view b) {
    while (a.size() > 1 && a[0] == '0') a.remove_prefix(1);
    while (b.size() > 1 && b[0] == '0') b.remove_prefix(1);
    return a.size() != b.size() ? a.size() < b.size() : a < b;
}

std::string future_label(const Future& f) {
    if (f.kind() == FutureKind::Task) return static_cast<const Task&>(f).name();
    if (f.kind() == FutureKind::Gathering) return "_GatheringFuture";
    return "Future";
}

std::string class_label(const Future& f) {
    if (f.kind() == FutureKind::Task) return "Task";
    if (f.kind() == FutureKind::Gathering) return "_GatheringFuture";
    return "Future";
}

// The harness's cancel_by_name, for script runs.
struct CancelByName : RefCounted {
    Interp* in;
    Loop* loop;
    std::string target;
    CancelByName(Interp* i, Loop* l, std::string t) : in(i), loop(l), target(std::move(t)) {}
    void fire(const Value&) {
        Ref<Future> named;
        if (Value* targets = in->global("TARGETS"))
            if (DictObj* d = as<DictObj>(*targets))
                if (const Value* f = d->get(Value(target)); f != nullptr && f->kind() == Value::Kind::Future)
                    named = f->as_future();
        cancel_intervention(*loop, named, target, loop->time());
    }
};

Coro<Value> harness_main(Interp* in, Value main_fn, Value params) {
    Value co = in->call1(main_fn, params);
    co_return co_await in->await_value(co, 0);
}

// SystemExit escaping the script ends it as the interpreter's
// Py_HandleSystemExit does, without a traceback: exit(None) is status 0, an
// int is the status, anything else is printed to stderr and is status 1.
void set_exit_status(FileRunResult& result, const ExceptionObject& exit) {
    const std::vector<Value>& args = exit.args();
    const Value code = args.empty() ? Value{} : args.size() == 1 ? args[0] : Value::tuple(args);
    if (code.is_none()) {
        result.exit_status = 0;
    } else if (code.kind() == Value::Kind::Int || code.kind() == Value::Kind::Bool) {
        result.exit_status = static_cast<int>(code.kind() == Value::Kind::Bool ? code.as_bool() : code.as_int());
    } else {
        result.exit_status = 1;
        result.exit_message = str(code);
    }
}

// Stamps a line left without newline before the closing lines, as the
// harness's writer.finish() does before it writes them.
void finish_output(Interp& in, std::vector<TranscriptLine>& transcript, double time) {
    std::vector<TranscriptLine> tail;
    in.set_output([&](const std::string& line) { tail.push_back({time, TranscriptLine::Kind::Print, line}); });
    in.flush_output();
    if (tail.empty()) return;
    auto pos = std::find_if(transcript.begin(), transcript.end(),
                            [](const TranscriptLine& l) { return l.kind != TranscriptLine::Kind::Print; });
    transcript.insert(pos, tail.begin(), tail.end());
}

FileRunResult run_scenario_file(Interp& in, Value main_fn, const std::string& filename, const FileRunOptions& options) {
    FileRunResult result;
    Value params = in.make_dict();
    DictObj* pd = as<DictObj>(params);
    if (DictObj* src = as<DictObj>(*in.global("PARAMS"))) src->for_each([&](const Value& k, const Value& v) { pd->set(k, v); });
    for (const std::string& item : options.sets) {
        const auto eq = item.find('=');
        if (eq == std::string::npos) {
            result.error = "bad --set '" + item + "' (NAME=VALUE)";
            return result;
        }
        const std::string key = item.substr(0, eq);
        if (pd->get(Value(key)) == nullptr) {
            std::vector<std::string> known;
            pd->for_each([&](const Value& k, const Value&) { known.push_back(str(k)); });
            std::sort(known.begin(), known.end());
            std::string list;
            for (const std::string& k : known) list += (list.empty() ? "" : ", ") + k;
            result.error = "unknown parameter '" + key + "' for " + filename + " (known: " + (list.empty() ? "none" : list) + ")";
            return result;
        }
        auto v = parse_set_value(item.substr(eq + 1));
        if (!v) {
            result.error = "bad value '" + item.substr(eq + 1) + "' (true, false, none, a number, or a return_when constant)";
            return result;
        }
        pd->set(Value(key), *v);
    }
    Scenario scenario;
    scenario.name = filename;
    scenario.py_file = filename;
    Interp* inp = &in;
    scenario.main = [inp, main_fn, params](ScenarioContext& ctx) -> Coro<Value> {
        inp->set_random(&ctx.random());
        inp->set_output([&ctx](const std::string& line) { ctx.print_text(line); });
        if (Value* targets = inp->global("TARGETS")) {
            if (DictObj* d = as<DictObj>(*targets)) {
                d->on_set = [&ctx](const Value& k, const Value& v) {
                    if (k.kind() == Value::Kind::Str && v.kind() == Value::Kind::Future) ctx.expose(k.as_str(), v.as_future());
                };
            }
        }
        Coro<Value> coro = harness_main(inp, main_fn, params);
        // Task-1's coroutine is the file's main, as in the harness's
        // asyncio.run(main(p)), not this adapter (the GUI labels lanes by it).
        if (FunctionObj* f = as<FunctionObj>(main_fn)) coro.handle().promise().function_name = f->def->name.c_str();
        return coro;
    };
    RunRequest request;
    request.seed = options.seed;
    request.cancels = options.cancels;
    request.record_trace = options.record_trace;
    request.loop_detail_callbacks = options.loop_detail_callbacks;
    request.limits = options.limits;
    result.report = run_scenario(scenario, request);
    if (Value* targets = in.global("TARGETS"))
        if (DictObj* d = as<DictObj>(*targets)) d->on_set = nullptr;
    const double end = result.report.transcript.empty() ? 0.0 : result.report.transcript.back().time;
    finish_output(in, result.report.transcript, end);
    return result;
}

FileRunResult run_script_file(Interp& in, const FileRunOptions& options, const std::string& source) {
    FileRunResult result;
    if (result.error = script_sets_error(in.filename(), options.sets); !result.error.empty()) return result;
    RunReport& report = result.report;
    PyRandom random(options.seed);
    in.set_random(&random);
    in.limits = options.limits;
    // The transcript's clock is the newest loop's, as vscript.py's is: a
    // second asyncio.run starts again at 0. The trace instead runs the loops
    // one after another on one time line (TraceRecorder::add): the GUI draws
    // one timeline, and the CLI keeps CPython's transcript.
    auto clock = [&in]() -> double { return in.loops.empty() ? 0.0 : in.loops.back()->time(); };
    report.trace.loop_detail.limit = options.loop_detail_callbacks;
    ScriptTrace tracer(report.trace);
    in.set_output([&](const std::string& line) {
        report.transcript.push_back({clock(), TranscriptLine::Kind::Print, line});
        if (options.record_trace) tracer.printed(in, line);
    });
    in.on_new_loop = [&](Loop& loop) {
        if (options.record_trace) tracer.attach(loop);
        for (const CancelIntervention& c : options.cancels) {
            Ref<CancelByName> cb(new CancelByName(&in, &loop, c.target));
            loop.call_at(c.time, bind<&CancelByName::fire, CallbackKind::InterventionCancel>(cb.get()));
        }
    };
    try {
        try {
            in.run_module("__main__");
        } catch (PyError& e) {
            if (e.exc->is(SystemExit)) {
                set_exit_status(result, *e.exc);
            } else {
                report.main_raised = true;
                report.main_exception = e.exc;
            }
        }
    } catch (LoopStopped& s) {
        report.stopped = s.stop;
    } catch (std::bad_alloc&) {
        // An allocation too big for the machine in one statement (the
        // memory guard sees growth only between statements).
        report.stopped = LoopStop{LoopStop::Reason::StepLimit, "memory exhausted (an allocation failed)"};
    }
    in.flush_output();
    const double end = clock();
    if (report.stopped) {
        report.transcript.push_back({end, TranscriptLine::Kind::Stopped,
                                     report.stopped->reason == LoopStop::Reason::Deadlock ? std::string("deadlock")
                                                                                           : "!! run stopped: " + report.stopped->detail});
        return result;
    }
    if (report.main_raised) {
        report.transcript.push_back({end, TranscriptLine::Kind::MainRaised, "main raised " + repr(*report.main_exception)});
        // Then the traceback, as vscript.py prints it on CPython.
        for (std::string& line : in.format_traceback(report.main_exception, source))
            report.transcript.push_back({end, TranscriptLine::Kind::MainRaised, std::move(line)});
    }
    // Every future still holding an unretrieved exception is reported, as its
    // __del__ would at the end of the script; sorted as the harness sorts.
    std::vector<std::pair<std::string, std::string>> reports = in.shutdown_reports;
    for (const auto& loop : in.loops) {
        for (const Ref<Future>& f : loop->exception_futures()) {
            if (!f->log_traceback()) continue;
            reports.emplace_back(future_label(*f), class_label(*f) + " exception was never retrieved: " + future_label(*f) + " " +
                                                       repr(*f->peek_exception()));
        }
    }
    std::stable_sort(reports.begin(), reports.end(), [](const auto& a, const auto& b) {
        // vloop.py's key: (0, N) for Task-N, (1, 0) for any other name, then the text.
        const auto na = task_number(a.first), nb = task_number(b.first);
        if (na.has_value() != nb.has_value()) return na.has_value();
        if (na && number_less(*na, *nb)) return true;
        if (na && number_less(*nb, *na)) return false;
        return a.second < b.second;
    });
    for (auto& [name, text] : reports) report.transcript.push_back({end, TranscriptLine::Kind::Unretrieved, "!! " + text});
    for (const auto& loop : in.loops) {
        report.task_steps += loop->task_steps();
        report.callbacks_run += loop->callbacks_run();
        report.tasks_created += loop->tasks_created();
    }
    return result;
}

// The first import of a standard-library module the interpreter does not
// have, as "FILE:LINE:COL: module 'argparse' is not available in
// Loopscope" ("" when every import is one it has, or not CPython's):
// Python would import it, so a ModuleNotFoundError would misstate it.
std::string unavailable_import(const Interp& in, Module& module, const std::string& filename) {
    std::string problem;
    walk(
        module, [](Expr&) {},
        [&](Stmt& s) {
            auto check = [&](const std::string& name) {
                const std::string top = name.substr(0, name.find('.'));
                if (problem.empty() && !in.has_module(top) && !in.has_module(name) && is_stdlib_module(top))
                    problem = filename + ":" + std::to_string(s.line) + ":" + std::to_string(s.col) + ": module '" + top +
                              "' is not available in Loopscope";
            };
            if (s.kind == SK::ImportFrom) check(s.module);
            if (s.kind == SK::Import)
                for (const ImportName& n : s.names) check(n.module);
        });
    return problem;
}

// Loads and runs a parsed (and perhaps rewritten) module.
FileRunResult run_module(Module module, const std::string& source, const std::string& filename, const FileRunOptions& options) {
    FileRunResult result;
    Interp in(std::move(module));
    if (result.error = unavailable_import(in, in.module(), filename); !result.error.empty()) return result;
    in.max_statements = options.max_statements;
    in.max_memory_bytes = options.max_memory_bytes;
    in.max_wall_seconds = options.max_wall_seconds;
    // A scenario file defines PARAMS, TARGETS and main; it is loaded as a
    // module (not __main__), as the harness loads it.
    if (!is_scenario_source(source)) return run_script_file(in, options, source);
    std::string stem = filename.substr(filename.find_last_of('/') + 1);
    stem = stem.substr(0, stem.rfind('.'));
    try {
        in.run_module("scenario_" + stem);
    } catch (PyError& e) {
        result.error = filename + ": loading raised " + repr(*e.exc);
        return result;
    }
    Value* main_fn = in.global("main");
    if (in.global("PARAMS") == nullptr || in.global("TARGETS") == nullptr || main_fn == nullptr ||
        as<DictObj>(*in.global("PARAMS")) == nullptr)
        return run_script_file(in, options, source);
    return run_scenario_file(in, *main_fn, filename, options);
}

}  // namespace

std::string script_sets_error(const std::string& path, const std::vector<std::string>& sets) {
    if (sets.empty()) return {};
    return path + " is a script, not a scenario file: it has no PARAMS for '" + sets.front() + "'";
}

bool is_scenario_source(const std::string& source) {
    return source.find("PARAMS") != std::string::npos && source.find("TARGETS") != std::string::npos &&
           source.find("def main") != std::string::npos;
}

FileRunResult run_py_source(const std::string& raw, const std::string& filename, const FileRunOptions& options) {
    FileRunResult result;
    Module module;
    std::string source;
    try {
        source = decode_source(raw);
        module = parse_module(source, filename);
    } catch (SyntaxProblem& p) {
        result.error = format_problem(filename, p);
        return result;
    }
    std::vector<CallSite> sites = find_call_sites(module, source);
    if (std::string problem = apply_call_site_sets(module, sites, options.call_site_sets); !problem.empty()) {
        result.error = filename + ": " + problem;
        result.call_sites = std::move(sites);  // what a GUI offers instead
        return result;
    }
    FileRunResult ran = run_module(std::move(module), source, filename, options);
    ran.call_sites = std::move(sites);
    return ran;
}

FileRunResult run_py_file(const std::string& path, const FileRunOptions& options) {
    std::ifstream file(path, std::ios::binary);
    if (!file) {
        FileRunResult r;
        r.error = "cannot read " + path;
        return r;
    }
    std::stringstream ss;
    ss << file.rdbuf();
    return run_py_source(ss.str(), path, options);
}

}  // namespace loopscope::py
