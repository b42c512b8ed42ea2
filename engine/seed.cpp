#include "engine/seed.hpp"

#include <algorithm>
#include <ostream>

namespace loopscope {

Seed::Seed(std::int64_t n) {
    // abs() through unsigned arithmetic so INT64_MIN does not overflow.
    const auto u = n < 0 ? ~static_cast<std::uint64_t>(n) + 1 : static_cast<std::uint64_t>(n);
    words_.push_back(static_cast<std::uint32_t>(u));
    if ((u >> 32) != 0) words_.push_back(static_cast<std::uint32_t>(u >> 32));
    text_ = std::to_string(n);
}

Seed::Seed(std::vector<std::uint32_t> words, std::string text) : text_(std::move(text)), words_(std::move(words)) {
    while (words_.size() > 1 && words_.back() == 0) words_.pop_back();
    if (words_.empty()) words_.push_back(0);
}

std::optional<Seed> Seed::parse(std::string_view text, std::string* problem) {
    const auto fail = [&](const char* why) -> std::optional<Seed> {
        if (problem != nullptr) *problem = why;
        return std::nullopt;
    };
    if (text.empty()) return fail("empty: expected a decimal integer");
    const bool minus = text[0] == '-';
    std::string_view digits = text[0] == '-' || text[0] == '+' ? text.substr(1) : text;
    if (digits.empty()) return fail("a sign without digits");
    for (const char c : digits)
        if (c < '0' || c > '9') return fail("not a decimal integer (digits only, with an optional sign)");
    while (digits.size() > 1 && digits[0] == '0') digits.remove_prefix(1);

    // words = words * 10**k + chunk, nine digits at a time, in base 2**32.
    Seed seed(0);
    for (std::size_t at = 0; at < digits.size();) {
        const std::size_t k = std::min<std::size_t>(9, digits.size() - at);
        std::uint64_t scale = 1, chunk = 0;
        for (std::size_t i = 0; i < k; ++i) {
            scale *= 10;
            chunk = chunk * 10 + static_cast<std::uint64_t>(digits[at + i] - '0');
        }
        at += k;
        std::uint64_t carry = chunk;
        for (std::uint32_t& w : seed.words_) {
            const std::uint64_t v = static_cast<std::uint64_t>(w) * scale + carry;
            w = static_cast<std::uint32_t>(v);
            carry = v >> 32;
        }
        if (carry != 0) seed.words_.push_back(static_cast<std::uint32_t>(carry));
    }
    const bool zero = seed.words_.size() == 1 && seed.words_[0] == 0;
    seed.text_ = (minus && !zero ? "-" : "") + std::string(digits);
    return seed;
}

std::ostream& operator<<(std::ostream& out, const Seed& seed) { return out << seed.text(); }

}  // namespace loopscope
