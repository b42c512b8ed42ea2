#include "gui/theme.hpp"

#include <algorithm>
#include <filesystem>
#include <string>

namespace loopscope::gui {

Palette apply_theme(bool dark, float scale) {
    ImGuiStyle style;
    if (dark) ImGui::StyleColorsDark(&style);
    else ImGui::StyleColorsLight(&style);
    style.WindowRounding = 3;
    style.FrameRounding = 2;
    style.ScaleAllSizes(scale);
    ImGui::GetStyle() = style;

    Palette p;
    if (dark) {
        p.suspended = IM_COL32(150, 150, 150, 255);
        p.group_bar = IM_COL32(110, 110, 130, 255);
        p.playhead = okabe_ito::Yellow;
        p.arrow_await = IM_COL32(170, 170, 170, 200);
        p.lane_bg_alt = IM_COL32(255, 255, 255, 10);
        p.lane_selected = IM_COL32(86, 180, 233, 45);
        p.grid = IM_COL32(255, 255, 255, 28);
        p.text = IM_COL32(230, 230, 230, 255);
        p.text_dim = IM_COL32(150, 150, 150, 255);
        p.highlight_bg = IM_COL32(240, 228, 66, 60);
    } else {
        p.suspended = IM_COL32(110, 110, 110, 255);
        p.group_bar = IM_COL32(150, 150, 175, 255);
        p.playhead = okabe_ito::Black;  // yellow vanishes on white
        p.arrow_await = IM_COL32(90, 90, 90, 200);
        p.lane_bg_alt = IM_COL32(0, 0, 0, 10);
        p.lane_selected = IM_COL32(0, 114, 178, 40);
        p.grid = IM_COL32(0, 0, 0, 30);
        p.text = IM_COL32(20, 20, 20, 255);
        p.text_dim = IM_COL32(100, 100, 100, 255);
        p.highlight_bg = IM_COL32(230, 159, 0, 70);
        p.warning = ImVec4(0.60f, 0.35f, 0.0f, 1.0f);
        p.error = ImVec4(0.75f, 0.25f, 0.0f, 1.0f);
    }
    return p;
}

namespace {
std::string find_font(const char* file) {
    // Debian's fonts-dejavu-core; other distributions put DejaVu elsewhere.
    for (const char* dir : {"/usr/share/fonts/truetype/dejavu/", "/usr/share/fonts/dejavu/",
                            "/usr/share/fonts/TTF/", "/usr/local/share/fonts/"}) {
        std::string path = std::string(dir) + file;
        if (std::filesystem::exists(path)) return path;
    }
    return {};
}
}  // namespace

Fonts load_fonts(float scale) {
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    // Latin-1 and Latin Extended-A, Greek, Cyrillic, general punctuation
    // (… – • ·), arrows, maths, box drawing and the geometric shapes (▶ ■) the
    // legend and labels use, and what programs print for effect: the misc
    // symbols and dingbats (★ ⚠ ✓ ✗ ✔, where DejaVu has them). Anything
    // else, emoji included (Debian's ImGui keeps 16-bit characters, so
    // nothing past U+FFFF), shows as U+FFFD, the replacement character,
    // never as a '?' the program did not print.
    static const ImWchar ranges[] = {0x0020, 0x017F, 0x0370, 0x03FF, 0x0400, 0x052F, 0x2000, 0x206F, 0x20A0, 0x20CF,
                                     0x2100, 0x214F, 0x2190, 0x23FF, 0x2500, 0x27BF, 0x2B00, 0x2BFF, 0xFFFD, 0xFFFD, 0};
    const float size = 15.0f * scale;
    Fonts f;
    ImFontConfig cfg;
    cfg.OversampleH = 2;
    if (auto path = find_font("DejaVuSans.ttf"); !path.empty())
        f.ui = io.Fonts->AddFontFromFileTTF(path.c_str(), size, &cfg, ranges);
    if (auto path = find_font("DejaVuSansMono.ttf"); !path.empty())
        f.mono = io.Fonts->AddFontFromFileTTF(path.c_str(), size, &cfg, ranges);
    if (f.ui == nullptr) {
        ImFontConfig def;
        def.SizePixels = 13.0f * scale;
        f.ui = io.Fonts->AddFontDefault(&def);
    }
    if (f.mono == nullptr) f.mono = f.ui;
    io.Fonts->Build();  // ImGui's fallback is then U+FFFD, the first it looks for
    return f;
}

std::vector<char32_t> missing_glyphs(const ImFont& font, std::string_view utf8) {
    std::vector<char32_t> out;
    const char* p = utf8.data();
    const char* end = p + utf8.size();
    while (p < end) {
        // Decoded here rather than by ImTextCharFromUtf8, which gives U+FFFD
        // for anything past U+FFFF in Debian's 16-bit build.
        const auto lead = static_cast<unsigned char>(*p);
        const int len = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 1;
        char32_t c = len == 1 ? lead : lead & (0x7F >> len);
        for (int i = 1; i < len && p + i < end; ++i) c = (c << 6) | (static_cast<unsigned char>(p[i]) & 0x3F);
        p += len;
        const bool drawable = c <= 0xFFFF && font.FindGlyphNoFallback(static_cast<ImWchar>(c)) != nullptr;
        if (!drawable && c >= 0x20 && std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
    }
    return out;
}

}  // namespace loopscope::gui
