// engine/trace_events and the string table: a trace stored compactly reads back exactly as recorded.
#include <doctest/doctest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/chunked.hpp"
#include "engine/trace_events.hpp"

using namespace loopscope;

namespace {

bool same_event(const TraceEvent& a, const TraceEvent& b) {
    return std::bit_cast<std::uint64_t>(a.time) == std::bit_cast<std::uint64_t>(b.time) && a.kind == b.kind &&
           a.flag == b.flag && a.subject == b.subject && a.other == b.other && a.text == b.text;
}

// Times in runs of every length: long runs that span blocks (512 events) and chunks (16384),
// runs of one, a chunk of nothing but distinct times, times that go back
// (a second loop's clock), and 0.0 next to -0.0, which compare equal but
// print differently.
std::vector<TraceEvent> varied_events() {
    std::vector<TraceEvent> out;
    // Every shape of (other, text, flag) the storage tells apart: other 0
    // with any text; other with no text, with a 16-bit text, with 65535 (the
    // first that does not fit) or a large one; flags of 2 bits and wider.
    auto add = [&](double time) {
        const auto i = static_cast<std::uint32_t>(out.size());
        std::uint32_t other = i * 3;
        std::uint32_t text = i * 7;
        switch (i % 7) {
            case 0: other = 0; break;
            case 1: other = 0; text = kNoString; break;
            case 2: text = kNoString; break;
            case 3: text = i % 65535; break;
            case 4: text = 65535; break;
            case 5: break;
            case 6: other = 0xFFFFFFFFu - i; text = 0xFFFFFFFEu; break;
        }
        const auto flag = static_cast<std::uint8_t>(i % 11 == 0 ? 4 + i % 250 : i % 4);
        out.push_back(TraceEvent{time, static_cast<EventKind>(i % 8), flag, i, other, text});
    };
    for (int i = 0; i < 40000; ++i) add(0.0);             // spans three chunks
    for (int i = 0; i < 20000; ++i) add(1.0 + i * 1e-6);  // a chunk and more of distinct times
    add(-0.0);
    add(0.0);
    add(0.0);
    for (int i = 0; i < 5000; ++i) add(2.5 + (i / 3) * 0.125);  // runs of three
    add(0.5);                                                  // back in time
    for (int i = 0; i < 16384; ++i) add(7.0);                 // exactly a chunk's worth
    add(8.0);
    return out;
}

}  // namespace

TEST_CASE("trace events read back field for field, time bit for bit, across chunk boundaries") {
    const std::vector<TraceEvent> expected = varied_events();
    TraceEvents events;
    for (const TraceEvent& e : expected) events.push_back(e);

    REQUIRE(events.size() == expected.size());
    std::size_t mismatches = 0;
    for (std::size_t i = 0; i < expected.size(); ++i)
        if (!same_event(events[i], expected[i])) ++mismatches;
    CHECK(mismatches == 0);
    CHECK(same_event(events.back(), expected.back()));
    CHECK(same_event(events.front(), expected.front()));

    // Range-for and the iterator's arrow see the same events.
    std::size_t i = 0;
    for (const TraceEvent& e : events) mismatches += same_event(e, expected[i++]) ? 0 : 1;
    CHECK(mismatches == 0);
    CHECK((events.begin() + 60001)->time == expected[60001].time);
    CHECK(std::signbit(events[60000].time));
    CHECK_FALSE(std::signbit(events[60001].time));
}

TEST_CASE("binary searches over trace event times agree with a plain vector's") {
    const std::vector<TraceEvent> expected = varied_events();
    TraceEvents events;
    for (const TraceEvent& e : expected) events.push_back(e);
    // The searches need sorted times: the first 60000 are (40000 zeros, then
    // 20000 rising times).
    const std::size_t sorted_end = 60000;
    const auto by_time = [](const TraceEvent& e, double t) { return e.time < t; };
    for (double t : {-1.0, 0.0, 1e-7, 1.0, 1.0 + 5e-6, 1.0 + 19999e-6, 1.5, 100.0}) {
        CAPTURE(t);
        const auto got = std::lower_bound(events.begin(), events.begin() + sorted_end, t, by_time) - events.begin();
        const auto want = std::lower_bound(expected.begin(), expected.begin() + sorted_end, t, by_time) - expected.begin();
        CHECK(got == want);
    }
}

TEST_CASE("cleared trace events start again from nothing") {
    TraceEvents events;
    events.push_back(TraceEvent{1.0, EventKind::Printed, 0, 1, 0, 2});
    events.clear();
    CHECK(events.empty());
    events.push_back(TraceEvent{3.0, EventKind::TaskCreated, 0, 4, 0, kNoString});
    REQUIRE(events.size() == 1);
    CHECK(events[0].time == 3.0);
    CHECK(events[0].subject == 4);
}

TEST_CASE("the trace's string table reads back every string across blocks, big and empty ones too") {
    // 256 KiB blocks: 40000 strings of up to 40 bytes fill several; a string
    // bigger than a block gets one of its own, and the blocks after it go on.
    std::vector<std::string> expected;
    for (int i = 0; i < 40000; ++i)
        expected.push_back(std::string(static_cast<std::size_t>(i % 41), static_cast<char>('a' + i % 26)));
    expected.insert(expected.begin() + 20000, std::string(300 * 1024, 'x'));
    expected.push_back(std::string(256 * 1024 - 4, 'y'));  // exactly a block with its length
    expected.push_back("after");
    StringTable table;
    std::size_t mismatches = 0;
    for (std::size_t i = 0; i < expected.size(); ++i) mismatches += table.push_back(expected[i]) == i ? 0 : 1;
    CHECK(mismatches == 0);
    REQUIRE(table.size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) mismatches += table[i] == expected[i] ? 0 : 1;
    CHECK(mismatches == 0);
    const StringTable copy = table;
    CHECK(copy[20000] == expected[20000]);
    CHECK(copy[expected.size() - 1] == "after");
}
