// scenarios/: the built-in twins, their determinism, and their line marks.
#include <doctest/doctest.h>

#include <fstream>
#include <set>
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

std::string trace_json(const RunReport& report) {
    std::ostringstream out;
    write_trace_json(report.trace, out);
    return out.str();
}

std::string chrome_json(const RunReport& report) {
    std::ostringstream out;
    write_chrome_trace(report.trace, out);
    return out.str();
}

RunRequest request_for(const Scenario& s) {
    RunRequest r;
    r.seed = 7;
    if (s.name == "scale") r.params["n"] = Value(300);
    if (!s.group_targets.empty()) r.cancels.push_back({s.group_targets[1], 1.5});
    r.cancels.push_back({"Task-3", 1.0});
    return r;
}

std::vector<std::string> py_lines(const Scenario& s) {
    std::ifstream in(std::string(LOOPSCOPE_SCENARIO_DIR) + "/" + s.py_file);
    std::vector<std::string> lines{""};  // 1-based
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

}  // namespace

TEST_CASE("every scenario gives byte-identical transcripts and traces on repeated runs") {
    for (const Scenario& s : builtin_scenarios()) {
        CAPTURE(s.name);
        const RunRequest req = request_for(s);
        const RunReport a = run_scenario(s, req);
        const RunReport b = run_scenario(s, req);
        CHECK_FALSE(a.transcript.empty());
        CHECK(transcript_text(a) == transcript_text(b));
        CHECK(trace_json(a) == trace_json(b));
        CHECK(chrome_json(a) == chrome_json(b));
        CHECK(a.trace.events.size() > 10);
    }
}

TEST_CASE("a different seed changes the random scenarios' transcripts") {
    const Scenario& s = *find_scenario("gather_groups");
    RunRequest one, two;
    two.seed = 2;
    CHECK(transcript_text(run_scenario(s, one)) != transcript_text(run_scenario(s, two)));
}

TEST_CASE("each twin's line marks point at an await in its .py file") {
    for (const Scenario& s : builtin_scenarios()) {
        CAPTURE(s.name);
        const std::vector<std::string> lines = py_lines(s);
        REQUIRE(lines.size() > 5);
        RunRequest req;
        if (s.name == "scale") req.params["n"] = Value(20);
        const RunReport report = run_scenario(s, req);
        std::set<std::uint32_t> seen;
        for (const TraceEvent& e : report.trace.events) {
            if (e.kind != EventKind::StepEnd || e.text == 0) continue;
            seen.insert(e.text);
        }
        CHECK_FALSE(seen.empty());
        for (std::uint32_t line : seen) {
            CAPTURE(line);
            REQUIRE(line < lines.size());
            CHECK(lines[line].find("await") != std::string::npos);
        }
    }
}

TEST_CASE("gather_groups: cancelling group2 mid-run makes main raise CancelledError") {
    const Scenario& s = *find_scenario("gather_groups");
    RunRequest req;
    req.cancels.push_back({"group2", 1.5});
    const RunReport report = run_scenario(s, req);
    REQUIRE(report.main_raised);
    CHECK(repr(*report.main_exception) == "CancelledError()");
    CHECK(report.transcript.back().text == "main raised CancelledError()");
    // group2's three children end cancelled, and the trace says who asked.
    int cancelled = 0;
    for (const TraceEvent& e : report.trace.events)
        if (e.kind == EventKind::FutureDone && e.flag == static_cast<std::uint8_t>(FutureState::Cancelled)) ++cancelled;
    CHECK(cancelled >= 3);
}

TEST_CASE("validate_request names the problem") {
    const Scenario& s = *find_scenario("gather_groups");
    RunRequest bad_param;
    bad_param.params["nope"] = Value(true);
    CHECK(validate_request(s, bad_param)->find("unknown parameter 'nope'") != std::string::npos);
    RunRequest bad_target;
    bad_target.cancels.push_back({"group9", 1});
    CHECK(validate_request(s, bad_target)->find("unknown cancel target 'group9'") != std::string::npos);
    RunRequest bad_task;
    bad_task.cancels.push_back({"Task-0", 1});
    CHECK(validate_request(s, bad_task).has_value());
    RunRequest good;
    good.cancels.push_back({"Task-12", 1});
    good.cancels.push_back({"all_groups", 0});
    CHECK_FALSE(validate_request(s, good).has_value());
    const ParamSpec& rw = find_scenario("wait_first")->params[0];
    CHECK(parse_param_value(rw, "FIRST_EXCEPTION")->as_str() == "FIRST_EXCEPTION");
    CHECK_FALSE(parse_param_value(rw, "FIRST").has_value());
    const ParamSpec& timeout = find_scenario("wait_first")->params[1];
    CHECK(parse_param_value(timeout, "none")->is_none());
    CHECK(parse_param_value(timeout, "2.5")->as_float() == 2.5);
    CHECK_FALSE(parse_param_value(timeout, "-1").has_value());
    const ParamSpec& n = find_scenario("flaky_gather")->params[0];
    CHECK_FALSE(parse_param_value(n, "2.0").has_value());
    CHECK(parse_param_value(n, "3")->as_int() == 3);
}
