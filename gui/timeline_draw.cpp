#include "gui/timeline_draw.hpp"

#include <cmath>

#include "gui/flow.hpp"

namespace loopscope::gui {

MarkerKind marker_of(const Trace& trace, const TraceEvent& ev) {
    switch (ev.kind) {
        case EventKind::TaskCreated:
        case EventKind::GroupCreated: return MarkerKind::Start;
        case EventKind::CancelRequested: return MarkerKind::CancelRequest;
        case EventKind::GroupFinished:
            switch (static_cast<GroupEnd>(ev.flag)) {
                case GroupEnd::Returned: return MarkerKind::WaitReturned;
                case GroupEnd::TimedOut: return MarkerKind::WaitTimedOut;
                case GroupEnd::NeverReturned: return MarkerKind::WaitNeverReturned;
                case GroupEnd::Raised: return MarkerKind::Crash;
            }
            return MarkerKind::None;
        case EventKind::FutureDone:
            switch (done_kind(trace, ev)) {
                case DoneKind::Crashed: return MarkerKind::Crash;
                case DoneKind::Cancelled: return MarkerKind::Cancelled;
                default: return MarkerKind::Finish;
            }
        default: return MarkerKind::None;
    }
}

std::uint8_t marker_priority(MarkerKind k) {
    switch (k) {
        case MarkerKind::Crash: return 6;
        case MarkerKind::Cancelled: return 5;
        case MarkerKind::CancelRequest: return 4;
        case MarkerKind::Finish: return 3;
        case MarkerKind::WaitTimedOut:
        case MarkerKind::WaitNeverReturned:
        case MarkerKind::WaitReturned: return 2;
        case MarkerKind::Start: return 1;
        case MarkerKind::None: break;
    }
    return 0;
}

const char* marker_name(MarkerKind k) {
    switch (k) {
        case MarkerKind::Start: return "start";
        case MarkerKind::Finish: return "finish";
        case MarkerKind::Crash: return "crash";
        case MarkerKind::Cancelled: return "cancelled";
        case MarkerKind::CancelRequest: return "cancel()";
        case MarkerKind::WaitReturned: return "returned";
        case MarkerKind::WaitTimedOut: return "timed out";
        case MarkerKind::WaitNeverReturned: return "never returned";
        case MarkerKind::None: break;
    }
    return "";
}

ImU32 marker_colour(const Palette& p, MarkerKind k) {
    switch (k) {
        case MarkerKind::Start: return p.start;
        case MarkerKind::Finish: return p.finish;
        case MarkerKind::Crash: return p.crash;
        case MarkerKind::Cancelled: return p.cancelled;
        case MarkerKind::CancelRequest: return p.cancel_request;
        case MarkerKind::WaitReturned: return p.finish;
        case MarkerKind::WaitTimedOut: return p.cancel_request;
        case MarkerKind::WaitNeverReturned: return p.cancelled;
        case MarkerKind::None: break;
    }
    return p.text;
}

ImU32 with_alpha(ImU32 colour, float alpha) {
    const auto a = static_cast<ImU32>(static_cast<float>((colour >> IM_COL32_A_SHIFT) & 0xFF) * alpha);
    return (colour & ~IM_COL32_A_MASK) | (a << IM_COL32_A_SHIFT);
}

void draw_marker(ImDrawList* dl, MarkerKind k, ImVec2 c, float r, ImU32 col) {
    switch (k) {
        case MarkerKind::Start:  // ▶
            dl->AddTriangleFilled(ImVec2(c.x - r * 0.8f, c.y - r), ImVec2(c.x + r, c.y), ImVec2(c.x - r * 0.8f, c.y + r), col);
            break;
        case MarkerKind::Finish:  // ●
            dl->AddCircleFilled(c, r, col, 16);
            break;
        case MarkerKind::Crash: {  // ✖
            const float t = std::max(2.5f, r * 0.55f);
            dl->AddLine(ImVec2(c.x - r, c.y - r), ImVec2(c.x + r, c.y + r), col, t);
            dl->AddLine(ImVec2(c.x - r, c.y + r), ImVec2(c.x + r, c.y - r), col, t);
            break;
        }
        case MarkerKind::Cancelled:  // ■
            dl->AddRectFilled(ImVec2(c.x - r * 0.85f, c.y - r * 0.85f), ImVec2(c.x + r * 0.85f, c.y + r * 0.85f), col);
            break;
        case MarkerKind::CancelRequest:  // ▼
            dl->AddTriangleFilled(ImVec2(c.x - r, c.y - r * 0.8f), ImVec2(c.x + r, c.y - r * 0.8f), ImVec2(c.x, c.y + r), col);
            break;
        case MarkerKind::WaitReturned:  // ◇
            dl->AddQuad(ImVec2(c.x, c.y - r), ImVec2(c.x + r, c.y), ImVec2(c.x, c.y + r), ImVec2(c.x - r, c.y), col, 2.0f);
            break;
        case MarkerKind::WaitTimedOut:  // ◇ with a clock hand: the deadline came first
            dl->AddQuad(ImVec2(c.x, c.y - r), ImVec2(c.x + r, c.y), ImVec2(c.x, c.y + r), ImVec2(c.x - r, c.y), col, 2.0f);
            dl->AddLine(ImVec2(c.x, c.y - r * 0.55f), c, col, 2.0f);
            dl->AddLine(c, ImVec2(c.x + r * 0.45f, c.y), col, 2.0f);
            break;
        case MarkerKind::WaitNeverReturned:  // ◇ struck through
            dl->AddQuad(ImVec2(c.x, c.y - r), ImVec2(c.x + r, c.y), ImVec2(c.x, c.y + r), ImVec2(c.x - r, c.y), col, 2.0f);
            dl->AddLine(ImVec2(c.x - r, c.y + r), ImVec2(c.x + r, c.y - r), col, 2.0f);
            break;
        case MarkerKind::None: break;
    }
}

void draw_arrow(ImDrawList* dl, ImVec2 from, ImVec2 to, ImU32 col, float thickness, float head) {
    const float dx = to.x - from.x, dy = to.y - from.y;
    const float len = std::sqrt(dx * dx + dy * dy);
    if (len < 1.0f) return;
    const float ux = dx / len, uy = dy / len;
    const ImVec2 base(to.x - ux * head, to.y - uy * head);
    dl->AddLine(from, base, col, thickness);
    dl->AddTriangleFilled(to, ImVec2(base.x - uy * head * 0.5f, base.y + ux * head * 0.5f),
                          ImVec2(base.x + uy * head * 0.5f, base.y - ux * head * 0.5f), col);
}

void draw_legend(const Palette& p, float gap) {
    const float h = ImGui::GetTextLineHeight();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    // Each swatch and its label stay together; the legend wraps between them.
    auto swatch = [&](auto&& draw, const char* label) {
        same_line_or_wrap(h + 3 + ImGui::CalcTextSize(label).x, gap);
        gap = 12;
        const ImVec2 pos = ImGui::GetCursorScreenPos();
        ImGui::Dummy(ImVec2(h, h));
        draw(dl, ImVec2(pos.x + h / 2, pos.y + h / 2));
        ImGui::SameLine(0, 3);
        ImGui::TextUnformatted(label);
    };
    for (MarkerKind k : {MarkerKind::Start, MarkerKind::Finish, MarkerKind::Crash, MarkerKind::Cancelled,
                         MarkerKind::CancelRequest, MarkerKind::WaitReturned, MarkerKind::WaitTimedOut,
                         MarkerKind::WaitNeverReturned}) {
        swatch([&](ImDrawList* d, ImVec2 c) { draw_marker(d, k, c, h * 0.35f, marker_colour(p, k)); }, marker_name(k));
    }
    swatch([&](ImDrawList* d, ImVec2 c) { d->AddRectFilled(ImVec2(c.x - 2, c.y - h * 0.3f), ImVec2(c.x + 2, c.y + h * 0.3f), p.running); },
           "step");
    swatch([&](ImDrawList* d, ImVec2 c) { draw_arrow(d, ImVec2(c.x - h / 2, c.y), ImVec2(c.x + h / 2, c.y), p.arrow_await, 1.5f, 5); },
           "awaits");
    swatch([&](ImDrawList* d, ImVec2 c) { draw_arrow(d, ImVec2(c.x - h / 2, c.y), ImVec2(c.x + h / 2, c.y), p.arrow_cancel, 2, 6); },
           "cancel propagated");
    swatch([&](ImDrawList* d, ImVec2 c) { draw_arrow(d, ImVec2(c.x - h / 2, c.y), ImVec2(c.x + h / 2, c.y), p.arrow_exception, 2, 6); },
           "exception propagated");
}

}  // namespace loopscope::gui
