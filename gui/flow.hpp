// Flowing a row of controls: each goes beside the previous one when it fits
// in the window's width, else at the start of the next line, so that a
// narrow window or a large UI scale wraps a toolbar instead of cutting it.
#pragma once

#include <imgui.h>

namespace loopscope::gui {

// Call before an item `width` pixels wide that follows another item; `gap`:
// the space between them (negative: the style's item spacing).
inline void same_line_or_wrap(float width, float gap = -1) {
    const float spacing = gap < 0 ? ImGui::GetStyle().ItemSpacing.x : gap;
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    if (ImGui::GetItemRectMax().x + spacing + width <= right) ImGui::SameLine(0, spacing);
}

// A button's width for its label (the part before any "##").
inline float button_width(const char* label) {
    return ImGui::CalcTextSize(label, nullptr, true).x + ImGui::GetStyle().FramePadding.x * 2;
}

}  // namespace loopscope::gui
