// Drawing primitives of the timeline: marker shapes, arrows, the legend.
//
// Every marker kind has its own colour (Okabe-Ito) and its own shape, so
// that kinds stay apart for colour-blind viewers and on a grey printout.
#pragma once

#include <imgui.h>

#include <cstdint>

#include "engine/trace.hpp"
#include "gui/theme.hpp"
#include "gui/trace_model.hpp"

namespace loopscope::gui {

// WaitReturned, WaitTimedOut and WaitNeverReturned end a waiting call's row
// (wait, wait_for, as_completed): it returned, its timeout fired first, or
// its caller was cancelled while it waited.
enum class MarkerKind : std::uint8_t {
    Start, Finish, Crash, Cancelled, CancelRequest, WaitReturned, WaitTimedOut, WaitNeverReturned, None
};

// The marker an event shows as (None: no marker), and which of several
// folded markers wins (higher is more important).
MarkerKind marker_of(const Trace& trace, const TraceEvent& ev);
std::uint8_t marker_priority(MarkerKind k);
const char* marker_name(MarkerKind k);

ImU32 marker_colour(const Palette& p, MarkerKind k);
// `r` is the half-size; alpha scales the colour (ghosted future events).
void draw_marker(ImDrawList* dl, MarkerKind k, ImVec2 centre, float r, ImU32 colour);
void draw_arrow(ImDrawList* dl, ImVec2 from, ImVec2 to, ImU32 colour, float thickness, float head);
ImU32 with_alpha(ImU32 colour, float alpha);

// Shape + name for each marker kind and the arrow colours, after the last
// item (`gap` pixels from it), wrapping onto more lines as the width needs.
void draw_legend(const Palette& p, float gap);

}  // namespace loopscope::gui
