// Which transcript lines the console shows for a playhead.
//
// The transcript has times but no event indices; the trace has a Printed
// event per print(). Lines before the playhead's instant are shown; within
// the instant, as many lines as the Printed events already passed printed
// (a multi-line print is one event, several lines). Lines written after the
// run (main's exception, never-retrieved exceptions) appear at the end.
#pragma once

#include <cstddef>
#include <vector>

#include "engine/scenario.hpp"
#include "gui/playhead.hpp"

namespace loopscope::gui {

// A plain script's transcript has the harness's times: each of its loops
// starts at 0 again (a second asyncio.run), as `loopscope run` prints them.
// Its trace puts the loops one after another on one time line. For the
// console to follow the playhead, each printed line takes the time of its
// Printed event (the k-th printed line is the k-th Printed event's, compared
// by text); the lines after the run (main's exception, never-retrieved ones)
// take the trace's end. Times never go back. Without a trace, nothing moves.
void place_transcript_on_trace(const Trace& trace, std::vector<TranscriptLine>& transcript);

std::size_t transcript_lines_shown(const Trace& trace, const std::vector<TranscriptLine>& transcript,
                                   const Playhead& playhead);

}  // namespace loopscope::gui
