// Call sites: discovery from the tree, and overrides that run as if the
// source said so. The expected transcripts are CPython's (python3 3.11.7 on
// the rewritten source, under the corpus harness); the CTest
// tests/py_corpus/call_sites.py checks more of them against CPython itself.
#include <doctest/doctest.h>

#include <string>

#include "engine/py/call_sites.hpp"
#include "engine/py/parser.hpp"
#include "engine/py/run_file.hpp"
#include "tests/engine/py/py_run.hpp"

using namespace loopscope;
using namespace loopscope::py;

namespace {

std::vector<CallSite> sites_of(const std::string& src) {
    CallSiteListing l = list_call_sites(src, "t.py");
    REQUIRE(l.error.empty());
    return l.sites;
}

std::string listing(const std::string& src) {
    std::string out;
    for (const CallSite& s : sites_of(src)) out += format_call_site(s) + "\n";
    return out;
}

std::string run(const std::string& src, std::vector<CallSiteSet> sets) {
    FileRunOptions options;
    options.call_site_sets = std::move(sets);
    return test::run_transcript(src, options);
}

const std::string kGatherFail =
    "import asyncio\n"                                                      // 1
    "async def bad():\n"                                                    // 2
    "    raise ValueError('x')\n"                                           // 3
    "async def good():\n"                                                   // 4
    "    await asyncio.sleep(1)\n"                                          // 5
    "    return 1\n"                                                        // 6
    "async def main():\n"                                                   // 7
    "    print(await asyncio.gather(good(), bad()))\n"                      // 8
    "asyncio.run(main())\n";                                                // 9

}  // namespace

TEST_CASE("call sites: each function with its options, in source order") {
    const std::string src =
        "import asyncio\n"
        "async def main(p):\n"
        "    t = asyncio.create_task(asyncio.sleep(1))\n"
        "    await asyncio.gather(t, return_exceptions=True)\n"
        "    d, _ = await asyncio.wait([t], timeout=2.5, return_when=asyncio.FIRST_COMPLETED)\n"
        "    await asyncio.wait_for(t, 3)\n"
        "    async with asyncio.timeout(delay=None):\n"
        "        pass\n"
        "    for f in asyncio.as_completed([t]):\n"
        "        await f\n"
        "    await asyncio.wait([t], return_when=p[\"return_when\"])\n";
    const std::vector<CallSite> sites = sites_of(src);
    REQUIRE(sites.size() == 6);
    CHECK(sites[0].function == "gather");
    CHECK(sites[0].line == 4);
    CHECK(sites[0].col == 11);
    REQUIRE(sites[0].options.size() == 1);
    CHECK(sites[0].options[0].name == "return_exceptions");
    CHECK(sites[0].options[0].present);
    CHECK(sites[0].options[0].source_text == "True");
    CHECK(repr(*sites[0].options[0].value) == "True");

    CHECK(sites[1].function == "wait");
    const CallSiteOption* rw = sites[1].option("return_when");
    REQUIRE(rw != nullptr);
    CHECK(rw->kind == OptionKind::ReturnWhen);
    CHECK(rw->source_text == "asyncio.FIRST_COMPLETED");
    CHECK(repr(*rw->value) == "'FIRST_COMPLETED'");
    CHECK(rw->choices == std::vector<std::string>{"FIRST_COMPLETED", "FIRST_EXCEPTION", "ALL_COMPLETED"});
    CHECK(repr(*sites[1].option("timeout")->value) == "2.5");

    CHECK(sites[2].function == "wait_for");
    CHECK(sites[2].option("timeout")->positional);
    CHECK(repr(*sites[2].option("timeout")->value) == "3");
    CHECK(sites[3].function == "timeout");
    CHECK(sites[3].option("delay")->source_text == "None");
    CHECK(sites[4].function == "as_completed");
    CHECK_FALSE(sites[4].option("timeout")->present);
    CHECK(sites[4].option("timeout")->source_text == "None");

    const CallSiteOption* expr = sites[5].option("return_when");
    CHECK(expr->source_text == "p[\"return_when\"]");
    CHECK_FALSE(expr->value.has_value());
    CHECK(expr->param == "return_when");
    CHECK(sites[5].option("timeout")->source_text == "None");
}

TEST_CASE("call sites: from-imports and aliases count; Event.wait and other modules do not") {
    CHECK(listing("import asyncio as aio\n"
                  "from asyncio import gather as g, wait, FIRST_EXCEPTION\n"
                  "import other\n"
                  "async def main(ev, fs):\n"
                  "    await ev.wait()\n"
                  "    await other.gather(fs)\n"
                  "    await g(*fs)\n"
                  "    await wait(fs, return_when=FIRST_EXCEPTION)\n"
                  "    await aio.wait_for(\n"
                  "        fs[0],  # the first\n"
                  "        timeout=1 +\n"
                  "            2)\n") ==
          "7:11 gather return_exceptions=False [default]\n"
          "8:11 wait timeout=None [default] return_when=FIRST_EXCEPTION\n"
          "9:11 wait_for timeout=1 + 2\n");
}

TEST_CASE("call sites: a missing required timeout, and one that *args may fill") {
    const std::vector<CallSite> sites = sites_of("import asyncio\nasync def main(a):\n    await asyncio.wait_for(a[0])\n"
                                                 "    await asyncio.wait_for(*a)\n");
    REQUIRE(sites.size() == 2);
    CHECK_FALSE(sites[0].option("timeout")->present);
    CHECK_FALSE(sites[0].option("timeout")->value.has_value());
    CHECK(sites[0].option("timeout")->settable);
    CHECK_FALSE(sites[1].option("timeout")->settable);
    CHECK(format_call_site(sites[0]) == "3:11 wait_for timeout=<missing> [missing]");
    CHECK(format_call_site(sites[1]) == "4:11 wait_for timeout=* [positional, not settable]");
}

TEST_CASE("call sites: the LINE:NAME=VALUE form") {
    CHECK(is_call_site_set("12:timeout=1"));
    CHECK_FALSE(is_call_site_set("timeout=1"));
    CHECK_FALSE(is_call_site_set("x:timeout=1"));
    CHECK_FALSE(is_call_site_set("label=a:b"));
    std::string error;
    auto s = parse_call_site_set("12:return_when=FIRST_EXCEPTION", error);
    REQUIRE(s);
    CHECK(s->line == 12);
    CHECK(s->name == "return_when");
    CHECK(repr(s->value) == "'FIRST_EXCEPTION'");
    CHECK(format_call_site_set(*s) == "12:return_when=FIRST_EXCEPTION");
    for (const char* text : {"3:return_exceptions=true", "3:timeout=none", "3:timeout=2.5", "3:delay=-1"}) {
        auto back = parse_call_site_set(text, error);
        REQUIRE(back);
        CHECK(format_call_site_set(*back) == text);
    }
    CHECK_FALSE(parse_call_site_set("12:timeout=soon", error));
    CHECK(error.find("bad value 'soon'") != std::string::npos);
    CHECK_FALSE(parse_call_site_set("12:=1", error));
    CHECK(error.find("LINE:NAME=VALUE") != std::string::npos);
}

TEST_CASE("call sites: the set's grammar is the regexes it replaced, at any length") {
    std::string error;
    // LINE is one to nine digits, NAME an identifier, VALUE one line.
    CHECK(parse_call_site_set("123456789:timeout=1", error));
    CHECK_FALSE(parse_call_site_set("1234567890:timeout=1", error));
    CHECK(error.find("LINE:NAME=VALUE") != std::string::npos);
    CHECK_FALSE(parse_call_site_set("12:9timeout=1", error));
    CHECK_FALSE(parse_call_site_set("12:time-out=1", error));
    CHECK_FALSE(parse_call_site_set("12:timeout", error));
    CHECK_FALSE(parse_call_site_set("12:timeout=1\n2", error));
    CHECK(parse_call_site_set("12:_t9=1", error));
    // Numbers: [+-]?\d+ is an int, [+-]?(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)? a float.
    CHECK(repr(*parse_set_value("-12")) == "-12");
    CHECK(repr(*parse_set_value("+1.")) == "1.0");
    CHECK(repr(*parse_set_value(".5e-1")) == "0.05");
    CHECK(repr(*parse_set_value("2E3")) == "2000.0");
    for (const char* bad : {"", ".", "1e", "e5", "1.5.2", "--1", "1e+", "0x10", "inf", " 1", "1_000"})
        CHECK_FALSE(parse_set_value(bad).has_value());
    CHECK_FALSE(parse_set_value("99999999999999999999").has_value());  // beyond int64: refused
    // 30,000 characters: a one-line error, or a value; nothing recurses per character.
    const std::string junk(30'000, 'x');
    CHECK_FALSE(parse_call_site_set("20:return_exceptions=" + junk, error));
    CHECK(error.find("bad value 'xxx") == 0);
    CHECK(error.find('\n') == std::string::npos);
    auto long_number = parse_call_site_set("20:timeout=2." + std::string(30'000, '0'), error);
    REQUIRE(long_number);
    CHECK(repr(long_number->value) == "2.0");
    CHECK(is_call_site_set(std::string(30'000, '1') + ":x=1"));
}

TEST_CASE("call sites: an override runs as if the source said so") {
    // As tests/py_corpus/vscript.py prints it on CPython: the line, then the traceback.
    CHECK(run(kGatherFail, {}) ==
          "0.000000 | main raised ValueError('x')\n"
          "0.000000 | Traceback (most recent call last):\n"
          "0.000000 |   File \"t.py\", line 9, in <module>\n"
          "0.000000 |     asyncio.run(main())\n"
          "0.000000 |   File \"t.py\", line 8, in main\n"
          "0.000000 |     print(await asyncio.gather(good(), bad()))\n"
          "0.000000 |   File \"t.py\", line 3, in bad\n"
          "0.000000 |     raise ValueError('x')\n"
          "0.000000 | ValueError: x\n");
    CHECK(run(kGatherFail, {{8, "return_exceptions", Value(true)}}) == "1.000000 | [1, ValueError('x')]\n");
}

TEST_CASE("call sites: a positional argument is replaced, an absent one added as a keyword") {
    const std::string src =
        "import asyncio\n"
        "async def main():\n"
        "    try:\n"
        "        await asyncio.wait_for(asyncio.sleep(5, 'done'), 1)\n"
        "    except asyncio.TimeoutError:\n"
        "        print('timed out')\n"
        "    t = asyncio.create_task(asyncio.sleep(3))\n"
        "    d, p = await asyncio.wait([t])\n"
        "    print(len(d), len(p))\n"
        "asyncio.run(main())\n";
    CHECK(run(src, {}) == "1.000000 | timed out\n4.000000 | 1 0\n");
    CHECK(run(src, {{4, "timeout", Value(10)}, {8, "timeout", Value(0.5)}}) == "5.500000 | 0 1\n");
    CHECK(run(src, {{4, "timeout", Value{}}}) == "8.000000 | 1 0\n");
}

TEST_CASE("call sites: bad overrides are one-line errors and nothing runs") {
    CHECK(run(kGatherFail, {{3, "return_exceptions", Value(true)}}) ==
          "error: t.py: line 3 has no call of gather, wait, wait_for, timeout or as_completed (the call site is on line 8)");
    CHECK(run(kGatherFail, {{8, "timeout", Value(1)}}) == "error: t.py: line 8: no option 'timeout' (gather takes return_exceptions)");
    CHECK(run(kGatherFail, {{8, "return_exceptions", Value(3)}}) ==
          "error: t.py: bad value '3' for return_exceptions at line 8 (expected true or false)");
    CHECK(run("import asyncio\nasync def main(a):\n    await asyncio.wait_for(*a)\n", {{3, "timeout", Value(1)}}) ==
          "error: t.py: line 3: wait_for's timeout may come from *args, so it cannot be set");
}

TEST_CASE("call sites: a run reports its sites and which were set") {
    FileRunOptions options;
    options.call_site_sets = {{8, "return_exceptions", Value(true)}};
    FileRunResult r = run_py_source(kGatherFail, "t.py", options);
    REQUIRE(r.error.empty());
    REQUIRE(r.call_sites.size() == 1);
    CHECK(r.call_sites[0].option("return_exceptions")->source_text == "False");
    REQUIRE(r.call_sites[0].option("return_exceptions")->set_value);
    CHECK(repr(*r.call_sites[0].option("return_exceptions")->set_value) == "True");
}

TEST_CASE("call sites: a call over several lines is named by its first line or by its argument's line") {
    const std::string src =
        "import asyncio\n"
        "async def bad():\n"
        "    raise ValueError('x')\n"
        "async def main():\n"
        "    r = await asyncio.gather(bad(),\n"
        "                             return_exceptions=False)\n"
        "    print(r)\n"
        "asyncio.run(main())\n";
    const std::vector<CallSite> sites = sites_of(src);
    REQUIRE(sites.size() == 1);
    CHECK(sites[0].line == 5);
    CHECK(sites[0].options[0].line == 6);
    CHECK(run(src, {{5, "return_exceptions", Value(true)}}) == "0.000000 | [ValueError('x')]\n");
    CHECK(run(src, {{6, "return_exceptions", Value(true)}}) == "0.000000 | [ValueError('x')]\n");
    CHECK(run(src, {{6, "timeout", Value(1)}}) == "error: t.py: line 6: no option 'timeout' (gather takes return_exceptions)");
    CHECK(run(src, {{7, "return_exceptions", Value(true)}}) ==
          "error: t.py: line 7 has no call of gather, wait, wait_for, timeout or as_completed (the call site is on line 5)");
}

TEST_CASE("call sites: a refused set still reports the sites, none of them set") {
    FileRunOptions options;
    options.call_site_sets = {{8, "return_exceptions", Value(true)}, {8, "timeout", Value(1)}};
    FileRunResult r = run_py_source(kGatherFail, "t.py", options);
    CHECK(r.error == "t.py: line 8: no option 'timeout' (gather takes return_exceptions)");
    REQUIRE(r.call_sites.size() == 1);
    CHECK_FALSE(r.call_sites[0].options[0].set_value.has_value());
    CHECK(r.report.transcript.empty());
}

TEST_CASE("call sites: without the source text, only literals have source_text") {
    const std::string src = "import asyncio\nasync def main(p):\n    await asyncio.wait(p, timeout=-2, return_when=p['w'])\n";
    const Module m = parse_module(src, "t.py");
    const std::vector<CallSite> sites = find_call_sites(m, "");
    REQUIRE(sites.size() == 1);
    CHECK(sites[0].option("timeout")->source_text == "-2");
    CHECK(repr(*sites[0].option("timeout")->value) == "-2");
    CHECK(sites[0].option("return_when")->source_text.empty());
    CHECK(sites[0].option("return_when")->param == "w");
}
