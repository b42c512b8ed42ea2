// A seed for random.seed(n): any Python int, exactly.
//
// CPython seeds an int by init_by_array over the 32-bit words of abs(n),
// least significant first, at least one word (_randommodule.c random_seed),
// so a seed past 64 bits, or below -2**63, is its own seed and must not be
// cut down to an int64. A Seed keeps the words PyRandom needs and the
// decimal text that the command line, the app's settings and the state dump
// print back.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace loopscope {

class Seed {
public:
    // Any int64, INT64_MIN included (its abs is taken without overflow).
    Seed(std::int64_t n = 1);  // NOLINT(google-explicit-constructor): a seed is a number

    // The int whose abs() has these 32-bit words (least significant first)
    // and whose decimal form is `text` (a big int's, engine/bigint.hpp).
    Seed(std::vector<std::uint32_t> words, std::string text);

    // A decimal integer: an optional sign, then one or more digits, nothing
    // else (no spaces, no underscores). On a problem returns nothing and, if
    // `problem` is given, says what is wrong in a few words.
    static std::optional<Seed> parse(std::string_view text, std::string* problem = nullptr);

    // Canonical decimal: no '+', no leading zeros, "0" for zero ("-0" too).
    [[nodiscard]] const std::string& text() const noexcept { return text_; }
    // abs(n) in 32-bit words, least significant first; [0] for zero.
    [[nodiscard]] const std::vector<std::uint32_t>& words() const noexcept { return words_; }
    [[nodiscard]] bool negative() const noexcept { return !text_.empty() && text_[0] == '-'; }

    friend bool operator==(const Seed& a, const Seed& b) { return a.text_ == b.text_; }

private:
    std::string text_;
    std::vector<std::uint32_t> words_;
};

// The decimal text, as Python prints the int.
std::ostream& operator<<(std::ostream& out, const Seed& seed);

}  // namespace loopscope
