// PyRandom against CPython's `random`: the same seeds and the same sequence
// of calls must give the same numbers, compared bit for bit (doubles as their
// IEEE-754 bit patterns, so float formatting plays no part).
#include <doctest/doctest.h>

#include <bit>
#include <cstdint>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/py_random.hpp"
#include "tests/support/cpython.hpp"

using loopscope::PyRandom;
using loopscope::test::run_cpython;

namespace {

// Python literals for the seeds; the C++ values must match them.
const std::vector<std::pair<const char*, std::int64_t>> kSeeds = {
    {"0", 0},
    {"1", 1},
    {"2", 2},
    {"42", 42},
    {"-5", -5},
    {"12345", 12345},
    {"2**31", std::int64_t{1} << 31},
    {"2**32-1", (std::int64_t{1} << 32) - 1},
    {"2**32", std::int64_t{1} << 32},
    {"2**32+7", (std::int64_t{1} << 32) + 7},
    {"-(2**40+3)", -((std::int64_t{1} << 40) + 3)},
    {"2**63-1", INT64_MAX},
    {"-2**63", INT64_MIN},
};

std::string python_seed_list() {
    std::string out = "[";
    for (const auto& [literal, value] : kSeeds) out += std::string(literal) + ",";
    return out + "]";
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

// Reports the first differing line, which says more than two huge strings.
void check_same_lines(const std::string& ours, const std::string& cpython) {
    const auto a = lines_of(ours);
    const auto b = lines_of(cpython);
    CHECK(a.size() == b.size());
    for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
        if (a[i] != b[i]) {
            INFO("first difference at line " << i);
            CHECK(a[i] == b[i]);
            return;
        }
    }
}

std::uint64_t bits(double d) { return std::bit_cast<std::uint64_t>(d); }

}  // namespace

TEST_CASE("random() and uniform() match CPython over many seeds and draws") {
    // 700 rounds of three draws pass the 624-word regeneration point.
    const std::string py = run_cpython(
        "import random, struct\n"
        "b = lambda x: struct.unpack('<Q', struct.pack('<d', x))[0]\n"
        "for s in " + python_seed_list() + ":\n"
        "    random.seed(s)\n"
        "    for i in range(700):\n"
        "        print(s, b(random.random()), b(random.uniform(0.5, 2.5)), b(random.uniform(10, -3.25)))\n");
    std::ostringstream ours;
    for (const auto& [literal, seed] : kSeeds) {
        PyRandom rng(seed);
        for (int i = 0; i < 700; ++i) {
            const double r = rng.random();
            const double u = rng.uniform(0.5, 2.5);
            const double v = rng.uniform(10, -3.25);
            ours << seed << ' ' << bits(r) << ' ' << bits(u) << ' ' << bits(v) << '\n';
        }
    }
    check_same_lines(ours.str(), py);
}

TEST_CASE("getrandbits(k) matches CPython for every k from 0 to 64") {
    const std::string py = run_cpython(
        "import random\n"
        "for s in " + python_seed_list() + ":\n"
        "    random.seed(s)\n"
        "    for i in range(650):\n"
        "        print(random.getrandbits(i % 65))\n");
    std::ostringstream ours;
    for (const auto& [literal, seed] : kSeeds) {
        PyRandom rng(seed);
        for (int i = 0; i < 650; ++i) ours << rng.getrandbits(i % 65) << '\n';
    }
    check_same_lines(ours.str(), py);
}

TEST_CASE("randint(a, b) matches CPython, including rejection and the full int64 range") {
    // Ranges chosen so rejection sampling retries often (n just above a power
    // of two), plus one-value, negative and 64-bit-wide ranges.
    struct Range {
        const char* a;
        const char* b;
        std::int64_t lo, hi;
    };
    const std::vector<Range> ranges = {
        {"1", "6", 1, 6},
        {"0", "0", 0, 0},
        {"-10", "10", -10, 10},
        {"0", "2**32", 0, std::int64_t{1} << 32},
        {"0", "2**33", 0, std::int64_t{1} << 33},
        {"-1000", "10**9", -1000, 1000000000},
        {"-2**62", "2**62", -(std::int64_t{1} << 62), std::int64_t{1} << 62},
        {"0", "2**63-1", 0, INT64_MAX},
        {"-2**63", "2**63-1", INT64_MIN, INT64_MAX},
        {"-2**63", "-2**63+2", INT64_MIN, INT64_MIN + 2},
    };
    std::string py_ranges = "[";
    for (const auto& r : ranges) py_ranges += "(" + std::string(r.a) + "," + r.b + "),";
    py_ranges += "]";
    const std::string py = run_cpython(
        "import random\n"
        "for s in " + python_seed_list() + ":\n"
        "    random.seed(s)\n"
        "    for i in range(300):\n"
        "        print(*(random.randint(a, b) for a, b in " + py_ranges + "))\n");
    std::ostringstream ours;
    for (const auto& [literal, seed] : kSeeds) {
        PyRandom rng(seed);
        for (int i = 0; i < 300; ++i) {
            for (std::size_t j = 0; j < ranges.size(); ++j)
                ours << (j ? " " : "") << rng.randint(ranges[j].lo, ranges[j].hi);
            ours << '\n';
        }
    }
    check_same_lines(ours.str(), py);
}

TEST_CASE("mixed draws share one stream, and reseeding restarts it") {
    const std::string py = run_cpython(
        "import random\n"
        "random.seed(7)\n"
        "out = [random.randint(1, 100), random.random(), random.getrandbits(40), random.uniform(1, 2)]\n"
        "random.seed(7)\n"
        "out.append(random.randint(1, 100))\n"
        "print(*(repr(x) for x in out))\n");
    PyRandom rng(99);
    rng.random();  // state from an earlier seed must not leak through seed()
    rng.seed(7);
    const auto a = rng.randint(1, 100);
    const double b = rng.random();
    const auto c = rng.getrandbits(40);
    const double d = rng.uniform(1, 2);
    rng.seed(7);
    const auto e = rng.randint(1, 100);
    // Python prints shortest round-trip reprs, which strtod reads back exactly.
    std::istringstream py_in(py);
    std::int64_t pa = 0, pe = 0;
    double pb = 0, pd = 0;
    std::uint64_t pc = 0;
    py_in >> pa >> pb >> pc >> pd >> pe;
    REQUIRE(py_in);
    CHECK(a == pa);
    CHECK(b == pb);
    CHECK(c == pc);
    CHECK(d == pd);
    CHECK(e == pe);
    CHECK(e == a);
}

TEST_CASE("randint with an empty range throws, as Python raises ValueError") {
    PyRandom rng(1);
    CHECK_THROWS_AS(rng.randint(5, 4), std::invalid_argument);
    CHECK_THROWS_AS(rng.getrandbits(65), std::invalid_argument);
    CHECK_THROWS_AS(rng.getrandbits(-1), std::invalid_argument);
}
