// The session holding a .py file (gui/session.*, gui/file_params.*,
// gui/source_marks.*): its PARAMS become controls, a control re-runs it, a
// file that does not parse or cannot be read is a problem with a place, a
// reload keeps what still applies, and each live task has a line.
#include <doctest/doctest.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "gui/file_params.hpp"
#include "gui/session.hpp"
#include "gui/source_marks.hpp"
#include "temp_dir.hpp"

using namespace loopscope;
using namespace loopscope::gui;

namespace {

constexpr const char* kScenario = R"(import asyncio

PARAMS = {"return_exceptions": False, "timeout": None, "n": 3, "how": "ALL_COMPLETED", "label": "x", "neg": -2.5}
TARGETS = {}


async def job(i):
    await asyncio.sleep(i)
    if i == 2:
        raise ValueError(i)
    return i


async def main(p):
    g = asyncio.gather(*[job(i) for i in range(1, p["n"] + 1)], return_exceptions=p["return_exceptions"])
    TARGETS["g"] = g
    print(await g)
)";

const ParamSpec* find_param(const std::vector<ParamSpec>& params, const std::string& name) {
    const auto it = std::find_if(params.begin(), params.end(), [&](const ParamSpec& p) { return p.name == name; });
    return it == params.end() ? nullptr : &*it;
}

bool printed(const RunResult& r, const std::string& text) {
    return std::any_of(r.transcript.begin(), r.transcript.end(), [&](const TranscriptLine& l) { return l.text == text; });
}

}  // namespace

TEST_CASE("a scenario file's PARAMS literals become typed controls") {
    const FileOutline o = outline_py_source(kScenario, "s.py");
    CHECK_FALSE(o.problem);
    CHECK(o.is_scenario);
    REQUIRE(o.params.size() == 5);  // "label" is a string no control edits
    CHECK(o.params[0].name == "return_exceptions");
    CHECK(o.params[0].type == ParamSpec::Type::Bool);
    CHECK(o.params[1].type == ParamSpec::Type::OptionalFloat);  // None
    CHECK(o.params[2].type == ParamSpec::Type::Int);
    CHECK(o.params[2].default_value.as_int() == 3);
    CHECK(o.params[3].type == ParamSpec::Type::ReturnWhen);
    CHECK(o.params[4].name == "neg");
    CHECK(o.params[4].default_value.as_float() == -2.5);
    CHECK(o.params[4].min <= -2.5);
}

TEST_CASE("a script is no scenario file; a parse error has its place") {
    CHECK_FALSE(outline_py_source("import asyncio\nprint(1)\n", "t.py").is_scenario);
    const FileOutline bad = outline_py_source("x = 1\ny = (2,\n", "bad.py");
    REQUIRE(bad.problem);
    CHECK(bad.problem->line == 2);
    CHECK(bad.problem->col == 5);
    CHECK(bad.problem->message.find("never closed") != std::string::npos);
}

TEST_CASE("values are given to --set as the interpreter reads them") {
    CHECK(set_text(Value(true)) == "true");
    CHECK(set_text(Value()) == "none");
    CHECK(set_text(Value(std::int64_t{7})) == "7");
    CHECK(set_text(Value(2.0)) == "2.0");
    CHECK(set_text(Value("FIRST_EXCEPTION")) == "FIRST_EXCEPTION");
}

TEST_CASE("a scenario file runs with a trace; a control re-runs it as if the code said so") {
    test::TempDir dir;
    const std::string path = dir.write("gathered.py", kScenario);
    Session s;
    s.open_file(path);
    REQUIRE(s.is_file());
    CHECK(s.file()->lines.size() == 17);
    s.run_now();
    const auto& r = *s.result();
    CHECK(r.error.empty());
    CHECK_FALSE(r.is_script);
    CHECK(r.main_raised);  // ValueError(2) reaches gather's caller
    CHECK(r.main_outcome == "ValueError(2)");
    REQUIRE(s.scenario() != nullptr);
    CHECK(s.scenario()->name == "gathered.py");
    CHECK(s.scenario()->params.size() == 5);
    REQUIRE(r.model);
    CHECK(r.model->lanes.size() == 4);  // main + 3 jobs

    // Early on, every job sleeps at line 8 and main awaits at line 17.
    const auto lines = task_lines(*r.model, r.trace.events.size() / 3);
    REQUIRE_FALSE(lines.empty());
    CHECK(std::any_of(lines.begin(), lines.end(), [](const TaskLine& t) { return t.line == 8; }));
    CHECK(std::any_of(lines.begin(), lines.end(), [](const TaskLine& t) { return t.line == 17 && t.lane == 0; }));
    CHECK(task_lines(*r.model, r.trace.events.size()).empty());  // all done at the end

    const std::uint64_t doc = s.document();
    s.set_param("return_exceptions", Value(true));
    s.run_now();
    CHECK_FALSE(s.result()->main_raised);
    CHECK(printed(*s.result(), "[1, ValueError(2), 3]"));
    CHECK(s.result()->document == doc);

    s.set_param("n", Value(std::int64_t{1}));
    s.run_now();
    CHECK(printed(*s.result(), "[1]"));
}

TEST_CASE("runs go to the worker thread and come back through poll") {
    test::TempDir dir;
    Session s;
    s.open_file(dir.write("gathered.py", kScenario));
    bool got = false;
    for (int i = 0; i < 500 && !got; ++i) {
        got = s.poll();
        if (!got) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    REQUIRE(got);
    CHECK(s.result()->model->lanes.size() == 4);
    CHECK_FALSE(s.running());
}

TEST_CASE("a file that does not parse is a problem at its line, and nothing runs") {
    test::TempDir dir;
    const std::string path = dir.write("bad.py", "import asyncio\n\nasync def main():\n    print(\"x\"\n\nasyncio.run(main())\n");
    Session s;
    s.open_file(path);
    s.run_now();
    const RunResult& r = *s.result();
    REQUIRE(r.problem);
    CHECK(r.problem->line == 4);
    CHECK(r.problem->col == 10);
    CHECK(r.error == path + ":4:10: '(' was never closed");
    CHECK(r.trace.events.empty());
    CHECK(r.transcript.empty());
}

TEST_CASE("a file that cannot be read is a problem without a line") {
    test::TempDir dir;
    Session s;
    s.open_file((dir.path / "missing.py").string());
    s.run_now();
    REQUIRE(s.result()->problem);
    CHECK(s.result()->problem->line == 0);
    CHECK(s.result()->error.find("cannot read") == 0);
}

TEST_CASE("a reload re-reads the file and keeps the parameters that still apply") {
    test::TempDir dir;
    const std::string path = dir.write("gathered.py", kScenario);
    Session s;
    s.open_file(path);
    s.set_param("return_exceptions", Value(true));
    s.set_param("n", Value(std::int64_t{2}));
    s.run_now();
    CHECK(printed(*s.result(), "[1, ValueError(2)]"));

    // The new text has no "n": two jobs, fixed.
    std::string text = kScenario;
    text.replace(text.find(", \"n\": 3"), 8, "");
    text.replace(text.find("range(1, p[\"n\"] + 1)"), 20, "range(1, 3)");
    (void)dir.write("gathered.py", text);
    const std::uint64_t doc = s.document();
    s.reload_file();
    CHECK(s.reloads() == 1);
    s.run_now();
    const RunResult& r = *s.result();
    CHECK(r.error.empty());
    CHECK(r.dropped == std::vector<std::string>{"n"});
    CHECK(r.document == doc);
    CHECK(printed(r, "[1, ValueError(2)]"));  // return_exceptions kept
    CHECK(s.request().params.count("n") == 0);
    CHECK(s.request().params.count("return_exceptions") == 1);
    CHECK(find_param(s.scenario()->params, "n") == nullptr);

    // Broken on disk: the problem shows, the controls stay for when it is fixed.
    (void)dir.write("gathered.py", text + "\n)\n");
    s.reload_file();
    s.run_now();
    REQUIRE(s.result()->problem);
    CHECK(s.result()->problem->line == 19);  // the stray ")"
    CHECK(find_param(s.scenario()->params, "return_exceptions") != nullptr);
}

TEST_CASE("a plain script runs as python3 would and offers no parameters") {
    test::TempDir dir;
    Session s;
    s.open_file(dir.write("script.py", "import asyncio\n\nasync def main():\n    await asyncio.sleep(1)\n    print('hi')\n\nasyncio.run(main())\n"));
    s.run_now();
    const RunResult& r = *s.result();
    CHECK(r.error.empty());
    CHECK(r.is_script);
    CHECK(r.file_params.empty());
    CHECK(printed(r, "hi"));
}

TEST_CASE("a plain script has a timeline: its loops' tasks are lanes, one after another") {
    test::TempDir dir;
    Session s;
    s.open_file(dir.write("two.py", "import asyncio\n\nasync def main(d):\n    await asyncio.sleep(d)\n    print('slept', d)\n\n"
                                    "asyncio.run(main(1))\nasyncio.run(main(2))\n"));
    s.run_now();
    const RunResult& r = *s.result();
    REQUIRE(r.error.empty());
    CHECK(r.is_script);
    REQUIRE(r.model != nullptr);
    CHECK(r.model->lanes.size() == 2);
    // The console's times are the timeline's: the second run's line at 1 + 2.
    REQUIRE(r.transcript.size() == 2);
    CHECK(r.transcript[0].time == 1.0);
    CHECK(r.transcript[1].time == 3.0);
    CHECK(r.trace.events.back().time == 3.0);
}

TEST_CASE("opening a built-in after a file leaves the file behind") {
    test::TempDir dir;
    Session s;
    s.open_file(dir.write("gathered.py", kScenario));
    const std::uint64_t doc = s.document();
    Scenario builtin;
    builtin.name = "empty";
    builtin.main = [](ScenarioContext&) -> Coro<Value> { co_return Value(); };
    s.open(builtin);
    CHECK_FALSE(s.is_file());
    CHECK(s.document() != doc);
    s.run_now();
    CHECK(s.result()->scenario == &builtin);
    CHECK_FALSE(s.result()->problem);
}

TEST_CASE("a call-site control re-runs the file as if the code said so, and a reload keeps it while it applies") {
    test::TempDir dir;
    const std::string text = R"(import asyncio


async def job(i):
    await asyncio.sleep(i)
    if i == 2:
        raise ValueError(i)
    return i


async def main():
    print(await asyncio.gather(job(1), job(2), job(3)))


asyncio.run(main())
)";
    const std::string path = dir.write("plain.py", text);
    Session s;
    s.open_file(path);
    s.run_now();
    REQUIRE(s.result()->call_sites.size() == 1);
    const py::CallSite& site = s.result()->call_sites[0];
    CHECK(site.line == 12);
    CHECK(site.function == "gather");
    REQUIRE(site.option("return_exceptions") != nullptr);
    CHECK_FALSE(site.option("return_exceptions")->present);
    CHECK(s.result()->main_raised);  // the script raised ValueError(2)

    s.set_call_site({12, "gather", "return_exceptions", "true", ""});
    s.run_now();
    CHECK_FALSE(s.result()->main_raised);
    CHECK(printed(*s.result(), "[1, ValueError(2), 3]"));
    REQUIRE(s.result()->call_sites.size() == 1);
    const auto& set = s.result()->call_sites[0].option("return_exceptions")->set_value;
    REQUIRE(set.has_value());
    CHECK(set->as_bool());

    // A comment added at the end: line 12 is still that gather; the choice stays.
    (void)dir.write("plain.py", text + "# more\n");
    s.reload_file();
    s.run_now();
    CHECK(s.result()->dropped_call_sites.empty());
    CHECK(printed(*s.result(), "[1, ValueError(2), 3]"));
    CHECK(s.call_site_choices().size() == 1);

    // Two lines added on top: the gather is on line 14 now, and its choice with it.
    (void)dir.write("plain.py", "# one\n# two\n" + text);
    s.reload_file();
    s.run_now();
    CHECK(s.result()->error.empty());
    CHECK(s.result()->dropped_call_sites.empty());
    REQUIRE(s.call_site_choices().size() == 1);
    CHECK(s.call_site_choices()[0].line == 14);
    CHECK_FALSE(s.result()->main_raised);

    s.clear_call_site(14, "return_exceptions");
    s.run_now();
    CHECK(s.result()->main_raised);
}

namespace {
constexpr const char* kWaits = R"(import asyncio


async def job(i):
    await asyncio.sleep(i)
    return i


async def main():
    first = [asyncio.ensure_future(job(i)) for i in (1, 2, 3)]
    done, pending = await asyncio.wait(first, return_when=asyncio.FIRST_COMPLETED)
    print("first:", len(done), len(pending))
    second = [asyncio.ensure_future(job(i)) for i in (1, 2, 3)]
    done, pending = await asyncio.wait(second, timeout=5)
    print("second:", len(done), len(pending))


asyncio.run(main())
)";

std::string with_line_above(const std::string& text, int line, const std::string& inserted) {
    std::string out;
    std::istringstream in(text);
    int n = 0;
    for (std::string l; std::getline(in, l);) {
        if (++n == line) out += inserted + "\n";
        out += l + "\n";
    }
    return out;
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
}
}  // namespace

TEST_CASE("a call-site setting follows its call when a line is inserted above it") {
    test::TempDir dir;
    const std::string path = dir.write("waits.py", kWaits);
    Session s;
    s.open_file(path);
    s.run_now();
    REQUIRE(s.result()->call_sites.size() == 2);
    CHECK(s.result()->call_sites[0].line == 11);
    CHECK(s.result()->call_sites[0].call_text == "wait(first, return_when=asyncio.FIRST_COMPLETED)");
    CHECK(s.result()->call_sites[1].call_text == "wait(second, timeout=5)");
    CHECK(printed(*s.result(), "first: 1 2"));

    s.set_call_site({11, "wait", "return_when", "ALL_COMPLETED", ""});
    s.set_call_site({14, "wait", "timeout", "1.5", ""});
    s.run_now();
    CHECK(printed(*s.result(), "first: 3 0"));
    CHECK(printed(*s.result(), "second: 1 2"));

    // A line above the first wait: both move down one, and still apply.
    (void)dir.write("waits.py", with_line_above(kWaits, 10, "    print('start')"));
    s.reload_file();
    s.run_now();
    CHECK(s.result()->error.empty());
    CHECK(s.result()->dropped_call_sites.empty());
    CHECK(s.dropped_call_sites().empty());
    REQUIRE(s.call_site_choices().size() == 2);
    CHECK(s.call_site_choice(12, "return_when") != nullptr);
    CHECK(s.call_site_choice(15, "timeout") != nullptr);
    CHECK(s.call_site_choice(11, "return_when") == nullptr);
    CHECK(printed(*s.result(), "start"));
    CHECK(printed(*s.result(), "first: 3 0"));
    CHECK(printed(*s.result(), "second: 1 2"));
    REQUIRE(s.result()->call_sites.size() == 2);
    CHECK(s.result()->call_sites[0].option("return_when")->set_value.has_value());
    CHECK(s.result()->call_sites[1].option("timeout")->set_value.has_value());
}

TEST_CASE("a call-site setting whose call text changed is dropped, and listed until dismissed") {
    test::TempDir dir;
    const std::string path = dir.write("waits.py", kWaits);
    Session s;
    s.open_file(path);
    s.run_now();
    s.set_call_site({11, "wait", "return_when", "ALL_COMPLETED", ""});
    s.set_call_site({14, "wait", "timeout", "1.5", ""});
    s.run_now();
    CHECK(printed(*s.result(), "second: 1 2"));

    // The second wait reads differently now (and sits on the same line):
    // its setting is dropped, the first wait's stays.
    (void)dir.write("waits.py", replaced(kWaits, "wait(second, timeout=5)", "wait(second, timeout=4)"));
    s.reload_file();
    s.run_now();
    CHECK(s.result()->error.empty());
    REQUIRE(s.call_site_choices().size() == 1);
    CHECK(s.call_site_choices()[0].name == "return_when");
    CHECK(printed(*s.result(), "first: 3 0"));
    CHECK(printed(*s.result(), "second: 3 0"));  // timeout=4 as written: all three done
    REQUIRE(s.dropped_call_sites().size() == 1);
    const DroppedCallSite& d = s.dropped_call_sites()[0];
    CHECK(d.choice.line == 14);
    CHECK(d.choice.name == "timeout");
    CHECK(d.choice.value_text == "1.5");
    CHECK(describe_dropped(d) == "line 14 wait(second, timeout=5): timeout=1.5, no longer in the file");

    // Another reload lists nothing new; dismissing empties the list.
    (void)dir.write("waits.py", replaced(kWaits, "wait(second, timeout=5)", "wait(second, timeout=4)") + "# end\n");
    s.reload_file();
    s.run_now();
    CHECK(s.dropped_call_sites().size() == 1);
    s.dismiss_dropped_call_site(0);
    CHECK(s.dropped_call_sites().empty());
}

TEST_CASE("among calls that read the same, a setting stays with the one nearest its old line") {
    std::vector<py::CallSite> sites(3);
    for (std::size_t i = 0; i < sites.size(); ++i) {
        sites[i].line = 10 + 10 * static_cast<int>(i);  // 10, 20, 30
        sites[i].function = "gather";
        sites[i].call_text = "gather(a, b)";
        sites[i].options.push_back(py::CallSiteOption{});
        sites[i].options.back().name = "return_exceptions";
    }
    const CallSiteChoice choice{21, "gather", "return_exceptions", "true", "gather(a, b)"};
    auto placed = place_call_site_choice(choice, sites);
    REQUIRE(placed.has_value());
    CHECK(placed->line == 20);
    CHECK(placed->value_text == "true");
    // Without a call text (a --set by line), only the call on that line.
    CHECK_FALSE(place_call_site_choice({21, "gather", "return_exceptions", "true", ""}, sites).has_value());
    CHECK(place_call_site_choice({30, "gather", "return_exceptions", "true", ""}, sites)->call_text == "gather(a, b)");
    // Another function, or an option the call does not take: no match.
    CHECK_FALSE(place_call_site_choice({20, "wait", "return_exceptions", "true", "gather(a, b)"}, sites).has_value());
    CHECK_FALSE(place_call_site_choice({20, "gather", "timeout", "1", "gather(a, b)"}, sites).has_value());
}
