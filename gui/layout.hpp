// Where the app's panels go: a tiled layout computed from the work area (the
// window below the menu bar) every frame, so it follows the window's size and
// the UI scale. What the user moves or resizes is kept as fractions of the
// work area (Settings::panels), never as pixels, and is held inside it.
//
// No ImGui here: gui/app.cpp measures (font size, the Transport's height for
// its controls) and places the windows; tests/gui/test_layout.cpp checks the
// arithmetic.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace loopscope::gui {

// The tiled panels, in the order of View (gui/app.hpp) and of the state dump.
enum class Panel : std::uint8_t { Scenario, CallSites, Transport, Timeline, Console, Outcome, Source, Count };
inline constexpr int kPanelCount = static_cast<int>(Panel::Count);
// The windows' titles, also the keys in the settings file and the dump.
inline constexpr std::array<std::string_view, kPanelCount> kPanelNames{"Scenario", "Call sites", "Transport", "Timeline",
                                                                       "Console",  "Outcome",    "Source"};

struct Rect {
    float x = 0, y = 0, w = 0, h = 0;
    [[nodiscard]] float x1() const { return x + w; }
    [[nodiscard]] float y1() const { return y + h; }
};

// A panel the user placed, as fractions of the work area; nullopt: the default tiling.
using PanelFractions = std::array<std::optional<Rect>, kPanelCount>;

struct LayoutInput {
    Rect work;               // pixels: the window below the menu bar
    float em = 15;           // the UI font's size in pixels
    float transport_h = 0;   // the Transport's height for its controls at its width (0: not measured yet)
};

// The default tiling: Scenario over Call sites on the left; Transport over
// the Timeline on the right; Console, Outcome and Source along the bottom.
// Edges are whole pixels and neighbours share them, so no two panels overlap.
std::array<Rect, kPanelCount> default_layout(const LayoutInput& in);
// The default tiling, with each placed panel at its fractions instead.
std::array<Rect, kPanelCount> layout_panels(const LayoutInput& in, const PanelFractions& placed);

// `r` moved and shrunk as little as needed to lie inside `work`, and no
// smaller than min_w x min_h (unless the work area is).
Rect keep_inside(Rect r, const Rect& work, float min_w, float min_h);
Rect to_fractions(const Rect& px, const Rect& work);
Rect from_fractions(const Rect& f, const Rect& work);

// "0.225 0 0.775 0.1": four fractions in [0, 1]; anything else is nullopt.
std::string format_fractions(const Rect& f);
std::optional<Rect> parse_fractions(std::string_view text);

}  // namespace loopscope::gui
