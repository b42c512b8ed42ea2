// The source text of a call's arguments, as written.
//
// The tree keeps where an expression starts, not where it ends, so the text
// of each argument comes from the tokens: the callee's dotted name, "(",
// then the arguments split at commas outside brackets, each paired with the
// tree's arguments by order (positional ones, then keywords and **mappings).
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/py/ast.hpp"
#include "engine/py/tokenizer.hpp"

namespace loopscope::py {

struct ArgTexts {
    std::vector<std::string> positional;  // one per Expr::items (`*xs` included)
    std::vector<std::string> keyword;     // one per Expr::kw_values: the value after `NAME=`, or `**m`
};

class ArgumentTexts {
public:
    // `source` must outlive this object; text that does not tokenize gives no texts.
    explicit ArgumentTexts(std::string_view source);

    // nullopt when the tokens at the call do not have the expected shape
    // (the tree came from other text, or the callee is not a dotted name).
    [[nodiscard]] std::optional<ArgTexts> arguments(const Expr& call) const;

private:
    [[nodiscard]] bool is_op(std::size_t i, std::string_view text) const;
    void add_argument(std::size_t first, std::size_t last, ArgTexts& out) const;
    [[nodiscard]] std::size_t offset(const Token& t) const;
    [[nodiscard]] std::string text(std::size_t first, std::size_t last) const;

    std::string_view source_;
    std::vector<Token> tokens_;
    std::vector<std::size_t> line_starts_;
    std::map<std::pair<int, int>, std::size_t> at_;  // (line, col) -> token index
};

}  // namespace loopscope::py
