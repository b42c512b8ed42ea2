// The panel layout: the default tiling fills the work area without overlap at
// any size and scale; placed panels are kept as fractions and held inside
// (gui/layout.*).
#include <doctest/doctest.h>

#include "gui/layout.hpp"

using namespace loopscope::gui;

namespace {
bool inside(const Rect& r, const Rect& a) { return r.x >= a.x && r.y >= a.y && r.x1() <= a.x1() && r.y1() <= a.y1(); }
bool overlap(const Rect& p, const Rect& q) { return p.x < q.x1() && q.x < p.x1() && p.y < q.y1() && q.y < p.y1(); }
float area(const Rect& r) { return r.w * r.h; }
}  // namespace

TEST_CASE("the default tiling fills the work area, no two panels overlapping, at every size and scale") {
    for (const auto& [w, h] : {std::pair{1280.f, 720.f}, {1600.f, 1000.f}, {1920.f, 1080.f}, {1024.f, 768.f}}) {
        for (float scale : {1.0f, 1.5f, 2.0f, 2.5f, 3.0f}) {
            const float em = 15 * scale, menu = em + 6 * scale;
            const Rect work{0, menu, w, h - menu};
            // The Transport's measured height: two to five rows of controls.
            for (float rows : {2.f, 5.f}) {
                const auto r = default_layout({work, em, rows * (em + 8 * scale) + 2 * em});
                float total = 0;
                for (int i = 0; i < kPanelCount; ++i) {
                    INFO(w, "x", h, " at ", scale, ": ", kPanelNames[i]);
                    CHECK(inside(r[i], work));
                    CHECK(r[i].w > 0);
                    CHECK(r[i].h > 0);
                    for (int j = 0; j < i; ++j) CHECK_FALSE(overlap(r[i], r[j]));
                    total += area(r[i]);
                }
                CHECK(total == doctest::Approx(area(work)));
            }
        }
    }
}

TEST_CASE("the Transport gets the height its controls need, and the Timeline keeps rows below it") {
    const Rect work{0, 20, 1600, 980};
    const auto r = default_layout({work, 15, 150});
    CHECK(r[static_cast<int>(Panel::Transport)].h == 150);
    CHECK(r[static_cast<int>(Panel::Timeline)].y == 170);
    CHECK(r[static_cast<int>(Panel::Timeline)].h >= 8 * 15);
    // A tall Transport at a large scale pushes the bottom row down.
    const auto tall = default_layout({work, 37.5f, 400});
    CHECK(tall[static_cast<int>(Panel::Timeline)].h >= 8 * 37.5f - 1);
}

TEST_CASE("the layout follows the window: the same fractions at another size") {
    const auto small = default_layout({{0, 20, 1280, 700}, 15, 90});
    const auto big = default_layout({{0, 20, 1920, 1060}, 15, 90});
    const int console = static_cast<int>(Panel::Console);
    CHECK(small[console].w / 1280 == doctest::Approx(big[console].w / 1920).epsilon(0.01));
    CHECK(big[static_cast<int>(Panel::Source)].x1() == 1920);
    CHECK(big[console].y1() == 1080);
}

TEST_CASE("a placed panel keeps its fractions and stays inside the work area") {
    const Rect work{0, 20, 1000, 500};
    PanelFractions placed;
    const int tl = static_cast<int>(Panel::Timeline);
    placed[tl] = to_fractions({100, 70, 500, 250}, work);
    CHECK(placed[tl]->x == doctest::Approx(0.1));
    CHECK(placed[tl]->y == doctest::Approx(0.1));
    auto r = layout_panels({work, 15, 90}, placed);
    CHECK(r[tl].x == 100);
    CHECK(r[tl].y == 70);
    CHECK(r[tl].w == 500);
    // Twice the window: twice the rectangle.
    r = layout_panels({{0, 20, 2000, 1000}, 15, 90}, placed);
    CHECK(r[tl].x == 200);
    CHECK(r[tl].y == 120);
    CHECK(r[tl].w == 1000);
    CHECK(r[tl].h == 500);
    // Dragged over the menu bar or off the right edge, it is moved back in.
    CHECK(keep_inside({900, 0, 300, 100}, work, 90, 45).x == 700);
    CHECK(keep_inside({900, 0, 300, 100}, work, 90, 45).y == 20);
    CHECK(keep_inside({0, 0, 5000, 5000}, work, 90, 45).w == 1000);
    // The Transport is never shorter than its controls.
    const int tr = static_cast<int>(Panel::Transport);
    placed[tr] = Rect{0.3f, 0, 0.7f, 0.05f};
    CHECK(layout_panels({work, 15, 120}, placed)[tr].h == 120);
}

TEST_CASE("fractions are written and read back; anything else is refused") {
    const Rect f{0.225f, 0, 0.775f, 0.125f};
    const auto back = parse_fractions(format_fractions(f));
    REQUIRE(back);
    CHECK(back->x == doctest::Approx(f.x));
    CHECK(back->w == doctest::Approx(f.w));
    CHECK(back->h == doctest::Approx(f.h));
    CHECK_FALSE(parse_fractions(""));
    CHECK_FALSE(parse_fractions("0.1 0.1 0.5"));
    CHECK_FALSE(parse_fractions("0.1 0.1 0.5 0.5 0.5"));
    CHECK_FALSE(parse_fractions("0.1 0.1 1.5 0.5"));
    CHECK_FALSE(parse_fractions("0.1 0.1 0 0.5"));
    CHECK_FALSE(parse_fractions("0.1 0.1 nan 0.5"));
    CHECK_FALSE(parse_fractions("100 20 800 600"));
}
