// Seeds of any size: Seed (engine/seed.hpp) reads a decimal integer of any
// length into the 32-bit words CPython's random_seed() feeds init_by_array,
// and PyRandom seeded from them draws what CPython draws.
#include <doctest/doctest.h>

#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "engine/py_random.hpp"
#include "engine/seed.hpp"

using loopscope::PyRandom;
using loopscope::Seed;

namespace {

Seed parsed(const std::string& text) {
    std::string problem;
    auto seed = Seed::parse(text, &problem);
    INFO(text << ": " << problem);
    REQUIRE(seed.has_value());
    return *seed;
}

// What CPython 3.11.7 printed for
//   random.seed(S); r = [random.random() for _ in range(3)]
//   print([x.hex() for x in r], random.randint(1, 1000), random.uniform(0.5, 2.5).hex())
// for each seed S below. The hex floats are exact, so the check is bit for bit.
struct Draws {
    const char* seed;
    double r0, r1, r2;
    std::int64_t randint;
    double uniform;
};
const Draws kCPython[] = {
    {"18446744073709551616",  // 2**64
     0x1.f48e0d6f11dbep-1, 0x1.7c046a8bc68eep-2, 0x1.ffa695fe066a8p-2, 640, 0x1.8eb5b4cfaa850p-1},
    {"18446744073709551621",  // 2**64+5
     0x1.056a876df9621p-1, 0x1.c26fb9e44efafp-1, 0x1.07a5c2c66f72ap-1, 774, 0x1.31bbc5ae05ec8p+0},
    {"-1180591620717411303424",  // -(2**70)
     0x1.dcc018f33956cp-3, 0x1.a907273eac27ep-2, 0x1.b8d6b39e4f2b0p-4, 769, 0x1.1ca1e453ec778p-1},
    {"1606938044258990275541962092341162602522202993782792835301377",  // 2**200+1
     0x1.12ac6dbd86200p-7, 0x1.666a46582ec33p-1, 0x1.bfa2cbc913fa1p-1, 795, 0x1.379d2e87e1812p+1},
    {"0", 0x1.b0580f98a7dbep-1, 0x1.84129978f9c1ap-1, 0x1.aeaa51052e978p-2, 266, 0x1.3728b4f05c5ccp+1},
    {"-1", 0x1.132d8f91b7584p-3, 0x1.b1e2d5b3584f8p-1, 0x1.870d778409f13p-1, 262, 0x1.78bfae3f6a6aap-1},
};

}  // namespace

TEST_CASE("seeds past 64 bits draw what CPython draws") {
    for (const Draws& want : kCPython) {
        INFO("random.seed(" << want.seed << ")");
        PyRandom rng(parsed(want.seed));
        CHECK(rng.random() == want.r0);
        CHECK(rng.random() == want.r1);
        CHECK(rng.random() == want.r2);
        CHECK(rng.randint(1, 1000) == want.randint);
        CHECK(rng.uniform(0.5, 2.5) == want.uniform);
    }
}

TEST_CASE("a seed is abs(n) in 32-bit words, least significant first, at least one") {
    using W = std::vector<std::uint32_t>;
    CHECK(parsed("0").words() == W{0});
    CHECK(parsed("-1").words() == W{1});
    CHECK(parsed("4294967295").words() == W{0xffffffffU});
    CHECK(parsed("4294967296").words() == W{0, 1});
    CHECK(parsed("18446744073709551616").words() == W{0, 0, 1});
    CHECK(parsed("18446744073709551621").words() == W{5, 0, 1});
    CHECK(parsed("-1180591620717411303424").words() == W{0, 0, 0x40});
    CHECK(parsed("1606938044258990275541962092341162602522202993782792835301377").words() == W{1, 0, 0, 0, 0, 0, 0x100});
    // int64 seeds take the same path; abs(INT64_MIN) does not overflow.
    CHECK(Seed(INT64_MIN).words() == W{0, 0x80000000U});
    CHECK(Seed(INT64_MIN) == parsed("-9223372036854775808"));
    CHECK(Seed(-5).words() == Seed(5).words());
    CHECK(Seed(7) == parsed("7"));
}

TEST_CASE("a seed keeps its full decimal text, canonical") {
    CHECK(parsed("18446744073709551616").text() == "18446744073709551616");
    CHECK(parsed("-1180591620717411303424").text() == "-1180591620717411303424");
    CHECK(parsed("+0042").text() == "42");
    CHECK(parsed("-0").text() == "0");
    CHECK(parsed("000").text() == "0");
    CHECK(Seed(INT64_MIN).text() == "-9223372036854775808");
    std::ostringstream out;
    out << parsed("-99999999999999999999999");
    CHECK(out.str() == "-99999999999999999999999");
}

TEST_CASE("a malformed seed is refused with a reason") {
    for (const char* bad : {"", "-", "+", "12x", "1.5", " 1", "1 ", "1_000", "0x10", "--1", "1e3"}) {
        INFO("'" << bad << "'");
        std::string problem;
        CHECK_FALSE(Seed::parse(bad, &problem).has_value());
        CHECK_FALSE(problem.empty());
    }
}
