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
