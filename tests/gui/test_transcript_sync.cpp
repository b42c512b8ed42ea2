// The console shows the transcript up to the playhead (gui/transcript_sync.*).
#include <doctest/doctest.h>

#include "gui/transcript_sync.hpp"
#include "trace_builder.hpp"

using namespace loopscope;
using namespace loopscope::gui;

TEST_CASE("transcript lines appear with their Printed events") {
    test::TraceBuilder b;
    const auto t = b.task("Task-1");
    b.ev(0, EventKind::Printed, t, 0, b.str("> a"));   // 0
    b.ev(0, EventKind::StepEnd, t);                      // 1
    b.ev(0, EventKind::Printed, t, 0, b.str("> b"));   // 2
    b.ev(1, EventKind::Printed, t, 0, b.str("x\ny"));  // 3: one print, two lines
    b.ev(1, EventKind::StepEnd, t);                      // 4
    using L = TranscriptLine;
    const std::vector<L> lines = {{0, L::Kind::Print, "> a"}, {0, L::Kind::Print, "> b"}, {1, L::Kind::Print, "x"},
                                  {1, L::Kind::Print, "y"}, {1, L::Kind::Unretrieved, "Task exception was never retrieved"}};
    CHECK(transcript_lines_shown(b.t, lines, Playhead{0, 0}) == 0);
    CHECK(transcript_lines_shown(b.t, lines, Playhead{1, 0}) == 1);
    CHECK(transcript_lines_shown(b.t, lines, Playhead{2, 0}) == 1);
    CHECK(transcript_lines_shown(b.t, lines, Playhead{3, 0}) == 2);
    CHECK(transcript_lines_shown(b.t, lines, Playhead{3, 0.5}) == 2);
    CHECK(transcript_lines_shown(b.t, lines, Playhead{3, 1.0}) == 2);
    CHECK(transcript_lines_shown(b.t, lines, Playhead{4, 1.0}) == 4);
    // Lines written after the run (never-retrieved exceptions) come at the end.
    CHECK(transcript_lines_shown(b.t, lines, Playhead{5, 1.0}) == 5);
}

TEST_CASE("a script's transcript takes its Printed events' times: a second loop's lines follow the first's") {
    // Two asyncio.run calls: the transcript restarts at 0 (CPython's times),
    // the trace runs the second loop from 2.0 on.
    test::TraceBuilder b;
    const auto t1 = b.task("Task-1");
    const auto t2 = b.task("Task-1");
    b.ev(0, EventKind::Printed, 0, 0, b.str("before"));
    b.ev(2, EventKind::Printed, t1, 0, b.str("one"));
    b.ev(2, EventKind::Printed, 0, 0, b.str("between"));
    b.ev(3, EventKind::Printed, t2, 0, b.str("x\ny"));  // one print, two lines
    b.ev(3.5, EventKind::StepEnd, t2);
    using L = TranscriptLine;
    std::vector<L> lines = {{0, L::Kind::Print, "before"}, {2, L::Kind::Print, "one"},   {2, L::Kind::Print, "between"},
                            {1, L::Kind::Print, "x"},      {1, L::Kind::Print, "y"},     {1, L::Kind::Print, "unflushed"},
                            {1.5, L::Kind::MainRaised, "main raised ValueError()"}};
    place_transcript_on_trace(b.t, lines);
    std::vector<double> times;
    for (const L& l : lines) times.push_back(l.time);
    // A line with no Printed event keeps the time before it; lines after
    // the run take the trace's end.
    CHECK(times == std::vector<double>{0, 2, 2, 3, 3, 3, 3.5});
    CHECK(transcript_lines_shown(b.t, lines, Playhead{3, 2.0}) == 3);
}
