// Colours, fonts and the UI scale.
//
// Markers use the Okabe-Ito palette (safe for the common colour-vision
// deficiencies) and differ by shape too, so that they read on a washed-out
// projector and in grey. Fonts are DejaVu (Latin, Greek, Cyrillic and the
// symbols programs print: ✓ ✗ → • … ★ ⚠), rebuilt at the scaled pixel size
// so that text stays sharp when the scale changes.
#pragma once

#include <imgui.h>

#include <string_view>
#include <vector>

#include "gui/settings.hpp"  // kMinScale, kMaxScale

namespace loopscope::gui {

namespace okabe_ito {
constexpr ImU32 rgb(unsigned r, unsigned g, unsigned b) { return IM_COL32(r, g, b, 255); }
constexpr ImU32 Orange = rgb(0xE6, 0x9F, 0x00);
constexpr ImU32 SkyBlue = rgb(0x56, 0xB4, 0xE9);
constexpr ImU32 BluishGreen = rgb(0x00, 0x9E, 0x73);
constexpr ImU32 Yellow = rgb(0xF0, 0xE4, 0x42);
constexpr ImU32 Blue = rgb(0x00, 0x72, 0xB2);
constexpr ImU32 Vermillion = rgb(0xD5, 0x5E, 0x00);
constexpr ImU32 ReddishPurple = rgb(0xCC, 0x79, 0xA7);
constexpr ImU32 Black = rgb(0, 0, 0);
}  // namespace okabe_ito

// What the timeline and the text views draw with; one per theme.
struct Palette {
    ImU32 start = okabe_ito::BluishGreen;        // task created: triangle
    ImU32 finish = okabe_ito::Blue;              // finished with a result: circle
    ImU32 crash = okabe_ito::Vermillion;         // finished with an exception: cross
    ImU32 cancelled = okabe_ito::ReddishPurple;  // cancelled: square
    ImU32 cancel_request = okabe_ito::Orange;    // cancel() called: down triangle
    ImU32 running = okabe_ito::SkyBlue;          // a step (virtual time stands still while it runs)
    ImU32 suspended = 0;                         // the lane's line while it awaits
    ImU32 group_bar = 0;
    ImU32 playhead = okabe_ito::Yellow;
    ImU32 arrow_await = 0;
    ImU32 arrow_cancel = okabe_ito::Orange;
    ImU32 arrow_exception = okabe_ito::Vermillion;
    ImU32 lane_bg_alt = 0;                       // zebra stripes
    ImU32 lane_selected = 0;
    ImU32 grid = 0;
    ImU32 text = 0;
    ImU32 text_dim = 0;
    ImU32 highlight_bg = 0;                      // current instant in console, current line in source
    ImVec4 warning{0.90f, 0.62f, 0.0f, 1.0f};
    ImVec4 error{0.84f, 0.37f, 0.0f, 1.0f};
};

struct Fonts {
    ImFont* ui = nullptr;
    ImFont* mono = nullptr;
};

// Sets ImGui's style and returns the matching palette.
Palette apply_theme(bool dark, float scale);
// Rebuilds the font atlas at 15px * scale; the caller re-uploads the texture.
Fonts load_fonts(float scale);
// The characters of `utf8` that `font` has no glyph for (drawn as U+FFFD),
// each once, in order of appearance: what the state dump reports.
std::vector<char32_t> missing_glyphs(const ImFont& font, std::string_view utf8);

}  // namespace loopscope::gui
