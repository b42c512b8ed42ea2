// CPython's `random.Random`, bit for bit.
//
// The generator is Modules/_randommodule.c (MT19937 as published by Matsumoto
// and Nishimura, seeded with init_by_array); the derived draws are the pure
// Python methods of Lib/random.py. Each function cites the code it mirrors;
// the arithmetic is kept in the same order so the doubles round identically.
//
// Sections: the MT19937 core · seed · random/uniform · getrandbits/randint.
#include "engine/py_random.hpp"

#include <bit>
#include <stdexcept>

namespace loopscope {

namespace {
constexpr int kN = 624;
constexpr int kM = 397;
constexpr std::uint32_t kMatrixA = 0x9908b0dfU;
constexpr std::uint32_t kUpperMask = 0x80000000U;
constexpr std::uint32_t kLowerMask = 0x7fffffffU;
}  // namespace

// ---- the MT19937 core -------------------------------------------------------

// _randommodule.c genrand_uint32(): regenerate all 624 words when used up,
// then temper one.
std::uint32_t PyRandom::next_u32() {
    static constexpr std::uint32_t mag01[2] = {0x0U, kMatrixA};
    auto& mt = state_;
    if (index_ >= kN) {
        int kk = 0;
        for (; kk < kN - kM; ++kk) {
            const std::uint32_t y = (mt[kk] & kUpperMask) | (mt[kk + 1] & kLowerMask);
            mt[kk] = mt[kk + kM] ^ (y >> 1) ^ mag01[y & 0x1U];
        }
        for (; kk < kN - 1; ++kk) {
            const std::uint32_t y = (mt[kk] & kUpperMask) | (mt[kk + 1] & kLowerMask);
            mt[kk] = mt[kk + (kM - kN)] ^ (y >> 1) ^ mag01[y & 0x1U];
        }
        const std::uint32_t y = (mt[kN - 1] & kUpperMask) | (mt[0] & kLowerMask);
        mt[kN - 1] = mt[kM - 1] ^ (y >> 1) ^ mag01[y & 0x1U];
        index_ = 0;
    }
    std::uint32_t y = mt[static_cast<std::size_t>(index_++)];
    y ^= (y >> 11);
    y ^= (y << 7) & 0x9d2c5680U;
    y ^= (y << 15) & 0xefc60000U;
    y ^= (y >> 18);
    return y;
}

// _randommodule.c init_genrand().
void PyRandom::init_genrand(std::uint32_t s) {
    state_[0] = s;
    for (std::uint32_t i = 1; i < kN; ++i)
        state_[i] = 1812433253U * (state_[i - 1] ^ (state_[i - 1] >> 30)) + i;
    index_ = kN;
}

// _randommodule.c init_by_array(): all arithmetic is mod 2**32, as uint32_t.
void PyRandom::init_by_array(const std::vector<std::uint32_t>& key) {
    auto& mt = state_;
    init_genrand(19650218U);
    std::size_t i = 1;
    std::size_t j = 0;
    const std::size_t length = key.size();
    for (std::size_t k = kN > length ? kN : length; k > 0; --k) {
        mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1664525U)) + key[j] +
                static_cast<std::uint32_t>(j);
        ++i;
        ++j;
        if (i >= kN) {
            mt[0] = mt[kN - 1];
            i = 1;
        }
        if (j >= length) j = 0;
    }
    for (std::size_t k = kN - 1; k > 0; --k) {
        mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) * 1566083941U)) -
                static_cast<std::uint32_t>(i);
        ++i;
        if (i >= kN) {
            mt[0] = mt[kN - 1];
            i = 1;
        }
    }
    mt[0] = 0x80000000U;  // MSB is 1, assuring a non-zero initial array
}

// ---- seed ---------------------------------------------------------------------

// _randommodule.c random_seed() for an int: abs(n) cut into 32-bit words,
// least significant first, as many as its bit length needs (at least one, so
// seed 0 is the key [0]). Seed holds exactly those words.
void PyRandom::seed(const Seed& n) { init_by_array(n.words()); }

// ---- random / uniform -----------------------------------------------------------

// _randommodule.c random_random(): 53 bits from two draws,
// (a*67108864.0+b)*(1.0/9007199254740992.0).
double PyRandom::random() {
    const std::uint32_t a = next_u32() >> 5;
    const std::uint32_t b = next_u32() >> 6;
    return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
}

// random.py Random.uniform: `a + (b - a) * self.random()`, in that order.
double PyRandom::uniform(double a, double b) {
    return a + (b - a) * random();
}

// ---- getrandbits / randint ---------------------------------------------------------

// _randommodule.c getrandbits(): k == 0 is 0 without a draw; k <= 32 is one
// draw shifted down; wider values are built from 32-bit words, least
// significant first, and only the last word drops its low bits.
std::uint64_t PyRandom::getrandbits(int k) {
    if (k < 0 || k > 64) throw std::invalid_argument("getrandbits: k must be in [0, 64]");
    if (k == 0) return 0;
    if (k <= 32) return next_u32() >> (32 - k);
    const std::uint64_t low = next_u32();
    const std::uint64_t high = next_u32() >> (64 - k);
    return low | (high << 32);
}

// random.py _randbelow_with_getrandbits(n): k = n.bit_length(); draw k bits
// until the value is below n.
std::uint64_t PyRandom::randbelow(std::uint64_t n) {
    const int k = std::bit_width(n);
    std::uint64_t r = getrandbits(k);
    while (r >= n) r = getrandbits(k);
    return r;
}

// random.py randint(a, b) = randrange(a, b + 1) = a + _randbelow(b + 1 - a).
std::int64_t PyRandom::randint(std::int64_t a, std::int64_t b) {
    if (a > b) throw std::invalid_argument("empty range for randrange()");
    // The width b - a + 1 fits in 64 unsigned bits except for the full int64
    // range, where it is 2**64: Python draws 65 bits (words w0, w1 and the top
    // bit of w2) and retries while that top bit is set.
    const std::uint64_t span = static_cast<std::uint64_t>(b) - static_cast<std::uint64_t>(a);
    std::uint64_t r = 0;
    if (span == UINT64_MAX) {
        for (;;) {
            const std::uint64_t low = next_u32();
            const std::uint64_t mid = next_u32();
            if ((next_u32() >> 31) == 0) {
                r = low | (mid << 32);
                break;
            }
        }
    } else {
        r = randbelow(span + 1);
    }
    // a + r wraps modulo 2**64 into the right int64, since a <= a + r <= b.
    return static_cast<std::int64_t>(static_cast<std::uint64_t>(a) + r);
}

}  // namespace loopscope
