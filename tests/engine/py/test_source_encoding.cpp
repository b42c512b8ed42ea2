// engine/py/source_encoding: the BOM and PEP 263, as CPython 3.11's tokenizer
// reads a file (the messages are what compile() and runpy report).
#include <doctest/doctest.h>

#include "engine/py/source_encoding.hpp"
#include "engine/py/tokenizer.hpp"
#include "tests/engine/py/py_run.hpp"

using namespace loopscope;
using namespace loopscope::py;

namespace {
std::string problem_of(const std::string& raw) {
    try {
        decode_source(raw);
    } catch (const SyntaxProblem& p) {
        return std::to_string(p.line) + ": " + p.message;
    }
    return "no problem";
}
}  // namespace

TEST_CASE("a UTF-8 byte-order mark is dropped") {
    CHECK(decode_source("\xEF\xBB\xBFprint(1)\n") == "print(1)\n");
    CHECK(decode_source("\xEF\xBB\xBF# coding: utf-8\nx\n") == "# coding: utf-8\nx\n");
    CHECK(loopscope::test::run_transcript("\xEF\xBB\xBFprint('bom')\n") == "0.000000 | bom\n");
    // BOM and another declared encoding: tokenizer.c's "encoding problem".
    CHECK(problem_of("\xEF\xBB\xBF# coding: latin-1\nx\n") == "1: encoding problem: iso-8859-1 with BOM");
}

TEST_CASE("a coding declaration on line 1 or 2 names the encoding") {
    CHECK(decode_source("# -*- coding: utf-8 -*-\ns = '\xC3\xA9'\n") == "# -*- coding: utf-8 -*-\ns = '\xC3\xA9'\n");
    CHECK(decode_source("# coding=latin-1\ns = '\xE9'\n") == "# coding=latin-1\ns = '\xC3\xA9'\n");
    CHECK(decode_source("#!/usr/bin/python\n# vim: set fileencoding=ISO_8859_1 :\n\xFF") ==
          "#!/usr/bin/python\n# vim: set fileencoding=ISO_8859_1 :\n\xC3\xBF");
    // Line 2 counts only after a comment-only or blank line 1.
    CHECK(decode_source("x = 1\n# coding: latin-1\n") == "x = 1\n# coding: latin-1\n");
    CHECK(problem_of("\n# coding: xyz\n") == "2: unknown encoding: xyz");
    // Not a comment, or no ':'/'=' after "coding": no declaration.
    CHECK(decode_source("s = '# coding: xyz'\n") == "s = '# coding: xyz'\n");
    CHECK(decode_source("# coding xyz\n") == "# coding xyz\n");
    CHECK(problem_of("# coding: xyz\nprint(1)\n") == "1: unknown encoding: xyz");
    CHECK(problem_of("# coding: cp1252\n").find("1: unsupported encoding: cp1252") == 0);
    CHECK(problem_of("# coding: ascii\ns = '\xC3\xA9'\n") ==
          "1: 'ascii' codec can't decode byte 0xc3 in position 21: ordinal not in range(128)");
    CHECK(decode_source("# coding: us-ascii\nx\n") == "# coding: us-ascii\nx\n");
}

TEST_CASE("a latin-1 file runs with its text in UTF-8; an unknown encoding is a one-line error") {
    CHECK(loopscope::test::run_transcript("# coding: latin-1\nprint(len('caf\xE9'), 'caf\xE9')\n") == "0.000000 | 4 caf\xC3\xA9\n");
    CHECK(loopscope::test::run_transcript("# coding: xyz\nprint(1)\n") == "error: t.py:1:1: unknown encoding: xyz");
}

TEST_CASE("sys.exit ends a script with its status, without a traceback") {
    auto run = [](const std::string& src) { return py::run_py_source(src, "t.py", {}); };
    FileRunResult r = run("import sys\nprint('a')\nsys.exit(7)\nprint('b')\n");
    CHECK(r.exit_status == 7);
    CHECK(r.exit_message.empty());
    REQUIRE(r.report.transcript.size() == 1);
    CHECK_FALSE(r.report.main_raised);
    CHECK(run("import sys\nsys.exit()\n").exit_status == 0);
    CHECK(run("raise SystemExit(3)\n").exit_status == 3);
    r = run("import sys\nsys.exit('msg')\n");
    CHECK(r.exit_status == 1);
    CHECK(r.exit_message == "msg");
    // From a task: Task.__step re-raises it, through run_until_complete.
    r = run("import asyncio, sys\nasync def t():\n    sys.exit(5)\nasync def main():\n    asyncio.create_task(t())\n"
            "    await asyncio.sleep(1)\n    print('not reached')\nasyncio.run(main())\n");
    CHECK(r.exit_status == 5);
    CHECK(r.report.transcript.size() == 1);  // only the never-retrieved line
}
