// Time <-> pixel mapping, zoom at the cursor, pan, fit, ticks, folding and
// marker hit tests (gui/timeline_math.*).
#include <doctest/doctest.h>

#include "gui/timeline_math.hpp"

using namespace loopscope::gui;

namespace {
TimelineContext view(double t0, double spp, float x0 = 100, float width = 1000) {
    TimelineContext c;
    c.t0 = t0;
    c.seconds_per_px = spp;
    c.x0 = x0;
    c.width = width;
    return c;
}
}  // namespace

TEST_CASE("time and pixels map both ways") {
    const TimelineContext c = view(2.0, 0.01);
    CHECK(c.x_at(2.0) == doctest::Approx(100));
    CHECK(c.x_at(3.0) == doctest::Approx(200));
    CHECK(c.time_at(600) == doctest::Approx(7.0));
    CHECK(c.t1() == doctest::Approx(12.0));
    for (double t : {0.0, 2.5, 11.75}) CHECK(c.time_at(c.x_at(t)) == doctest::Approx(t));
}

TEST_CASE("zooming keeps the time under the cursor in place") {
    TimelineContext c = view(0.0, 0.01);
    const float cursor = 350;
    const double under = c.time_at(cursor);
    zoom_at(c, cursor, 2.0);
    CHECK(c.seconds_per_px == doctest::Approx(0.005));
    CHECK(c.time_at(cursor) == doctest::Approx(under));
    zoom_at(c, 900, 0.25);  // out, elsewhere
    CHECK(c.seconds_per_px == doctest::Approx(0.02));
    CHECK(c.time_at(900) == doctest::Approx(view(0, 0.01).time_at(350) + (900 - 350) * 0.005));
}

TEST_CASE("zoom is clamped and ignores nonsense factors") {
    TimelineContext c = view(0.0, 1e-8);
    zoom_at(c, 100, 1e6);
    CHECK(c.seconds_per_px == doctest::Approx(kMinSecondsPerPx));
    const double before = c.seconds_per_px;
    zoom_at(c, 100, 0.0);
    CHECK(c.seconds_per_px == before);
}

TEST_CASE("dragging right shows earlier times") {
    TimelineContext c = view(5.0, 0.01);
    pan_px(c, 100);
    CHECK(c.t0 == doctest::Approx(4.0));
    pan_px(c, -50);
    CHECK(c.t0 == doctest::Approx(4.5));
}

TEST_CASE("fit shows the whole run inside the margins") {
    TimelineContext c = view(0, 1, 100, 1000);
    fit(c, 0.0, 3.0, 10);
    CHECK(c.x_at(0.0) == doctest::Approx(110));
    CHECK(c.x_at(3.0) == doctest::Approx(1090));
    fit(c, 2.0, 2.0, 10);  // a run that takes no time still gets a scale
    CHECK(c.seconds_per_px > 0);
    CHECK(c.x_at(2.0) == doctest::Approx(110));
}

TEST_CASE("axis ticks use a 1-2-5 step with labels far enough apart") {
    CHECK(tick_step(0.01, 90) == doctest::Approx(1.0));
    CHECK(tick_step(0.003, 90) == doctest::Approx(0.5));
    CHECK(tick_step(0.0015, 90) == doctest::Approx(0.2));
    const TimelineContext c = view(0.0, 0.01);
    const auto ticks = axis_ticks(c, 90);
    REQUIRE(!ticks.empty());
    float last_major = -1e9f;
    for (const Tick& t : ticks) {
        CHECK(t.x >= c.x0 - 0.5f);
        CHECK(t.x <= c.x0 + c.width + 0.5f);
        if (!t.major) continue;
        CHECK(t.x - last_major >= 90 - 0.01f);
        last_major = t.x;
    }
    CHECK(ticks.front().time == doctest::Approx(0.0));
    CHECK(ticks.front().major);
}

TEST_CASE("tick labels use the unit the step needs") {
    CHECK(format_time_label(1.5, 0.5) == "1.5s");
    CHECK(format_time_label(2.0, 1.0) == "2s");
    CHECK(format_time_label(0.25, 0.05) == "250ms");
    CHECK(format_time_label(0.0, 0.2) == "0.0s");  // as many decimals as its neighbours
    CHECK(format_time_label(0.04, 0.02) == "40ms");
    CHECK(format_time_label(3e-6, 1e-6) == "3µs");
}

TEST_CASE("spans closer than a few pixels fold into one") {
    const TimelineContext c = view(0.0, 0.01, 0, 1000);  // 1 px = 10 ms
    const std::vector<TimeSpan> spans = {{1.000, 1.000, 0}, {1.005, 1.005, 1}, {1.010, 1.010, 2},  // within 1 px
                                         {2.000, 2.500, 3},                                         // 50 px wide
                                         {20.0, 20.0, 4}};                                          // off screen
    const auto folded = fold_spans(spans, c, 2.0f, 3.0f);
    REQUIRE(folded.size() == 2);
    CHECK(folded[0].count == 3);
    CHECK(folded[0].first_id == 0);
    CHECK(folded[0].x_end - folded[0].x_begin >= 3.0f);  // widened to stay visible
    CHECK(folded[1].count == 1);
    CHECK(folded[1].x_begin == doctest::Approx(200));
    CHECK(folded[1].x_end == doctest::Approx(250));
}

TEST_CASE("folded markers show the most important one") {
    const TimelineContext c = view(0.0, 0.01, 0, 1000);
    const std::vector<MarkerPoint> markers = {{1.00, 1, 10}, {1.02, 6, 11}, {1.04, 3, 12},  // 4 px apart in all
                                              {3.00, 2, 13}};
    const auto folded = fold_markers(markers, c, 8.0f);
    REQUIRE(folded.size() == 2);
    CHECK(folded[0].count == 3);
    CHECK(folded[0].id == 11);
    CHECK(folded[0].x == doctest::Approx(102));
    CHECK(folded[1].id == 13);
    // Zoomed in, they come apart again (and the fourth leaves the view).
    TimelineContext z = c;
    zoom_at(z, 100, 10);
    const auto apart = fold_markers(markers, z, 8.0f);
    REQUIRE(apart.size() == 3);
    CHECK(apart[1].x == doctest::Approx(120));
}

TEST_CASE("hit testing finds the nearest marker within the radius") {
    const std::vector<FoldedMarker> m = {{100, 1, 1}, {110, 2, 1}, {300, 3, 1}};
    CHECK(hit_marker(m, 104, 6) == 0);
    CHECK(hit_marker(m, 107, 6) == 1);
    CHECK(hit_marker(m, 300, 6) == 2);
    CHECK(hit_marker(m, 200, 6) == -1);
    CHECK(hit_marker({}, 100, 6) == -1);
}
