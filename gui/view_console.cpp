// The console: the transcript up to the playhead, the current instant's
// lines highlighted, never-retrieved exceptions shown as warnings.
#include <imgui.h>

#include <algorithm>

#include "gui/app.hpp"
#include "gui/transcript_sync.hpp"

namespace loopscope::gui {

void draw_console(App& app) {
    if (!begin_view(app, View::Console, "Console")) {
        ImGui::End();
        return;
    }
    const RunResult* r = app.shown;
    if (r == nullptr) {
        ImGui::End();
        return;
    }
    // A run without a trace (a script that made no event loop) has no
    // playhead to follow: all of its output shows.
    const std::size_t shown = r->trace.events.empty() ? r->transcript.size()
                                                      : transcript_lines_shown(r->trace, r->transcript, app.transport.playhead);
    ImGui::PushFont(app.fonts.mono);
    ImGui::BeginChild("lines", ImVec2(0, 0), false, ImGuiWindowFlags_HorizontalScrollbar);
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(shown));
    const double now = app.transport.playhead.time;
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const TranscriptLine& line = r->transcript[static_cast<std::size_t>(i)];
            const bool current = line.time == now;
            if (current) {
                const ImVec2 a = ImGui::GetCursorScreenPos();
                const ImVec2 b(a.x + ImGui::GetContentRegionAvail().x + ImGui::GetScrollX(), a.y + ImGui::GetTextLineHeight());
                ImGui::GetWindowDrawList()->AddRectFilled(a, b, app.palette.highlight_bg);
            }
            ImGui::TextDisabled("%.6f |", line.time);
            ImGui::SameLine();
            switch (line.kind) {
                case TranscriptLine::Kind::Print: ImGui::TextUnformatted(line.text.c_str()); break;
                case TranscriptLine::Kind::MainRaised:
                case TranscriptLine::Kind::Stopped: ImGui::TextColored(app.palette.error, "%s", line.text.c_str()); break;
                case TranscriptLine::Kind::Unretrieved:
                    ImGui::TextColored(app.palette.warning, "⚠ %s", line.text.c_str());
                    break;
            }
        }
    }
    // Follow the playhead: new lines scroll into view as they appear.
    if (shown != app.console_last_count) {
        if (shown > 0) ImGui::SetScrollHereY(1.0f);
        app.console_last_count = shown;
    }
    ImGui::EndChild();
    ImGui::PopFont();
    ImGui::End();
}

}  // namespace loopscope::gui
