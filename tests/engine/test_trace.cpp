// engine/trace: the recorder observes, never steers, and exports JSON.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "engine/run.hpp"
#include "scenarios/registry.hpp"

using namespace loopscope;

namespace {

std::string transcript_text(const RunReport& report) {
    std::string out;
    for (const TranscriptLine& line : report.transcript) out += format_transcript_line(line) + '\n';
    return out;
}

}  // namespace

TEST_CASE("recording a trace does not change the run") {
    for (const Scenario& s : builtin_scenarios()) {
        CAPTURE(s.name);
        RunRequest req;
        if (s.name == "scale") req.params["n"] = Value(200);
        req.cancels.push_back({"Task-4", 1.25});
        RunRequest quiet = req;
        quiet.record_trace = false;
        const RunReport traced = run_scenario(s, req);
        const RunReport plain = run_scenario(s, quiet);
        CHECK(transcript_text(traced) == transcript_text(plain));
        CHECK(plain.trace.events.empty());
        CHECK(traced.task_steps == plain.task_steps);
    }
}

TEST_CASE("the trace of flaky_gather tells creation, steps, crashes, groups and who cancelled") {
    RunRequest req;
    req.params["n"] = Value(4);
    req.params["return_exceptions"] = Value(true);  // main waits for every child
    req.cancels.push_back({"Task-5", 2.5});
    const RunReport report = run_scenario(*find_scenario("flaky_gather"), req);
    const Trace& t = report.trace;
    // main is Task-1 (made by the loop); the four children are made by main.
    int created = 0;
    for (const TraceEvent& e : t.events) {
        if (e.kind != EventKind::TaskCreated) continue;
        ++created;
        const TraceFuture* f = t.future(e.subject);
        REQUIRE(f != nullptr);
        if (t.name(*f) == "Task-1") {
            CHECK(e.other == 0);
            CHECK(t.str(f->function) == "main");
        } else {
            CHECK(t.str(f->function) == "a_flaky_tsk");
            CHECK(t.name(*t.future(e.other)) == "Task-1");
        }
    }
    CHECK(created == 5);
    REQUIRE(t.groups.size() >= 1);
    CHECK(t.groups[0].kind == GroupInfo::Kind::Gather);
    CHECK(t.groups[0].children.size() == 4);
    // Task-3 (i=1) crashes at t=1 with ValueError(); Task-5 (i=3) is cancelled at 2.5.
    bool crash_seen = false, cancel_seen = false;
    for (const TraceEvent& e : t.events) {
        if (e.kind == EventKind::FutureDone && e.flag == 3 && t.name(*t.future(e.subject)) == "Task-3") {
            crash_seen = true;
            CHECK(e.time == 1.0);
            CHECK(t.str(e.text) == "ValueError()");
        }
        if (e.kind == EventKind::CancelRequested && t.name(*t.future(e.subject)) == "Task-5") {
            cancel_seen = true;
            CHECK(e.time == 2.5);
            CHECK(t.cancel(e).cause == CancelCause::Kind::Intervention);  // the --cancel timer, not a task
            CHECK(t.cancel(e).requester == 0);
            CHECK(t.str(t.cancel(e).detail) == "cancel Task-5 at t=2.5");
        }
    }
    CHECK(crash_seen);
    CHECK(cancel_seen);
    // Sequence numbers are the event order, and time never goes back.
    for (std::size_t i = 1; i < t.events.size(); ++i) CHECK(t.events[i - 1].time <= t.events[i].time);
}

TEST_CASE("both exports are valid JSON with the expected shape") {
    const RunReport report = run_scenario(*find_scenario("cancel_wait_vs_gather"), RunRequest{});
    std::ostringstream json, chrome;
    write_trace_json(report.trace, json);
    write_chrome_trace(report.trace, chrome);
    const auto doc = nlohmann::json::parse(json.str());
    CHECK(doc["events"].size() == report.trace.events.size());
    CHECK(doc["events"][0]["seq"] == 0);
    CHECK(doc["groups"].size() == report.trace.groups.size());
    const auto ct = nlohmann::json::parse(chrome.str());
    REQUIRE(ct["traceEvents"].is_array());
    int begins = 0, ends = 0;
    for (const auto& e : ct["traceEvents"]) {
        if (e["ph"] == "B") ++begins;
        if (e["ph"] == "E") ++ends;
    }
    CHECK(begins == ends);
    CHECK(begins == static_cast<int>(report.task_steps));
}

TEST_CASE("the streamed exports are byte for byte what dumping the whole document prints") {
    // The writers stream row by row (a million-task trace would not fit as
    // one document object); the text must still be the compact dump() of
    // the same document, so parsing and dumping it again changes nothing.
    for (const char* name : {"gather_groups", "flaky_wait", "wait_any"}) {
        CAPTURE(name);
        const RunReport report = run_scenario(*find_scenario(name), RunRequest{});
        std::ostringstream json, chrome;
        write_trace_json(report.trace, json);
        write_chrome_trace(report.trace, chrome);
        CHECK(nlohmann::ordered_json::parse(json.str()).dump() + "\n" == json.str());
        CHECK(nlohmann::ordered_json::parse(chrome.str()).dump() + "\n" == chrome.str());
    }
}

TEST_CASE("a result that is a small int is kept as a number, and reads back as its repr") {
    // kNumberTag spares a million-task trace a million strings; every other
    // result (None, bools, negatives, large ints, strings) stays a string.
    Loop loop;
    Trace trace;
    TraceRecorder recorder(loop, trace);
    loop.set_observer(&recorder);
    const std::vector<Value> results = {Value(0),     Value(7),         Value(kNumberLimit - 1),  Value(kNumberLimit),
                                        Value(-1),    Value(true),      Value{},                  Value(std::string("12")),
                                        Value(2.5)};
    for (const Value& result : results) loop.create_future()->set_result(result);
    loop.set_observer(nullptr);
    std::vector<std::string> texts;
    std::vector<bool> tagged;
    for (const TraceEvent& e : trace.events) {
        if (e.kind != EventKind::FutureDone) continue;
        texts.push_back(trace.text(e.text));
        tagged.push_back(Trace::holds_number(e.text));
    }
    REQUIRE(texts.size() == results.size());
    for (std::size_t i = 0; i < results.size(); ++i) {
        CAPTURE(i);
        CHECK(texts[i] == repr(results[i]));
    }
    CHECK(tagged == std::vector<bool>{true, true, true, false, false, false, false, false, false});
    CHECK(texts[2] == "2147483646");
}
