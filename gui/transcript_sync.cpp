#include "gui/transcript_sync.hpp"

#include <algorithm>

namespace loopscope::gui {

void place_transcript_on_trace(const Trace& trace, std::vector<TranscriptLine>& transcript) {
    if (trace.events.empty()) return;
    auto ev = trace.events.begin();
    std::string_view rest;  // the lines of the current Printed event not yet matched
    bool in_event = false;
    double event_time = 0, last = 0;
    for (TranscriptLine& line : transcript) {
        if (line.kind != TranscriptLine::Kind::Print) {
            line.time = std::max(last, trace.events.back().time);
            continue;
        }
        if (!in_event) {
            while (ev != trace.events.end() && ev->kind != EventKind::Printed) ++ev;
            if (ev != trace.events.end()) {
                rest = trace.str(ev->text);  // a Printed event's text is a string, never an int
                event_time = ev->time;
                in_event = true;
                ++ev;
            }
        }
        const std::size_t nl = rest.find('\n');
        if (in_event && rest.substr(0, nl) == line.text) {
            last = std::max(last, event_time);
            if (nl == std::string_view::npos) in_event = false;
            else rest.remove_prefix(nl + 1);
        }
        line.time = last;
    }
}

std::size_t transcript_lines_shown(const Trace& trace, const std::vector<TranscriptLine>& transcript,
                                   const Playhead& playhead) {
    if (trace.events.empty() || playhead.event >= trace.events.size()) {
        if (!trace.events.empty()) return transcript.size();
        // No trace recorded: go by time alone.
        return static_cast<std::size_t>(std::count_if(transcript.begin(), transcript.end(),
                                                      [&](const TranscriptLine& l) { return l.time <= playhead.time; }));
    }
    const double t = playhead.time;
    const auto before = std::lower_bound(transcript.begin(), transcript.end(), t,
                                         [](const TranscriptLine& l, double v) { return l.time < v; });
    std::size_t shown = static_cast<std::size_t>(before - transcript.begin());
    // Lines printed so far within the instant t.
    const auto first = std::lower_bound(trace.events.begin(), trace.events.end(), t,
                                        [](const TraceEvent& ev, double v) { return ev.time < v; });
    std::size_t printed = 0;
    for (auto it = first; it != trace.events.begin() + static_cast<std::ptrdiff_t>(playhead.event); ++it) {
        if (it->time != t || it->kind != EventKind::Printed) continue;
        const std::string_view text = trace.str(it->text);  // Printed: a string
        printed += 1 + static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
    }
    for (auto it = before; it != transcript.end() && it->time == t && printed > 0 &&
                           it->kind == TranscriptLine::Kind::Print;
         ++it, --printed)
        ++shown;
    return shown;
}

}  // namespace loopscope::gui
