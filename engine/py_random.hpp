// Python's `random` module for the draws scenarios make, bit for bit.
//
// CPython's Random is MT19937 seeded by init_by_array over the 32-bit words
// of abs(seed); random() builds a double from two draws (a>>5, b>>6);
// uniform(a, b) is a + (b - a) * random(); randint goes through
// _randbelow_with_getrandbits. Same seed, same numbers as CPython.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "engine/seed.hpp"

namespace loopscope {

class PyRandom {
public:
    explicit PyRandom(const Seed& seed = Seed(1)) { this->seed(seed); }

    // random.seed(n) for an int n of any size (negative seeds use abs(n), as
    // CPython does).
    void seed(const Seed& n);
    // random.random(): a double in [0, 1).
    double random();
    // random.uniform(a, b).
    double uniform(double a, double b);
    // random.randint(a, b), both ends included; a > b raises ValueError in
    // Python and throws std::invalid_argument here.
    std::int64_t randint(std::int64_t a, std::int64_t b);
    // random.getrandbits(k) for 0 <= k <= 64.
    std::uint64_t getrandbits(int k);

private:
    std::uint32_t next_u32();
    void init_genrand(std::uint32_t s);
    void init_by_array(const std::vector<std::uint32_t>& key);
    std::uint64_t randbelow(std::uint64_t n);

    std::array<std::uint32_t, 624> state_{};
    int index_ = 624;
};

}  // namespace loopscope
