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

std::size_t transcript_lines_shown(const Trace& trace, const std::vector<TranscriptLine>& transcript,
                                   const Playhead& playhead);

}  // namespace loopscope::gui
