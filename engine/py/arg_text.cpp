#include "engine/py/arg_text.hpp"

#include <algorithm>

namespace loopscope::py {

ArgumentTexts::ArgumentTexts(std::string_view source) : source_(source) {
    if (source.empty()) return;
    try {
        tokens_ = tokenize(source);
    } catch (SyntaxProblem&) {
        tokens_.clear();
    }
    line_starts_.push_back(0);
    for (std::size_t i = 0; i < source.size(); ++i)
        if (source[i] == '\n') line_starts_.push_back(i + 1);
    for (std::size_t i = 0; i < tokens_.size(); ++i) at_[{tokens_[i].line, tokens_[i].col}] = i;
}

std::optional<ArgTexts> ArgumentTexts::arguments(const Expr& call) const {
    auto it = at_.find({call.line, call.col});
    if (it == at_.end()) return std::nullopt;
    std::size_t i = it->second;
    if (tokens_[i].type != Tok::Name) return std::nullopt;
    ++i;
    while (i + 1 < tokens_.size() && is_op(i, ".") && tokens_[i + 1].type == Tok::Name) i += 2;
    if (i >= tokens_.size() || !is_op(i, "(")) return std::nullopt;
    ++i;
    ArgTexts out;
    int depth = 0;
    std::size_t start = i;
    for (; i < tokens_.size(); ++i) {
        const Token& t = tokens_[i];
        if (t.type != Tok::Op) continue;
        if (t.text == "(" || t.text == "[" || t.text == "{") ++depth;
        const bool closes = t.text == ")" || t.text == "]" || t.text == "}";
        if (closes && depth > 0) {
            --depth;
            continue;
        }
        if ((closes || t.text == ",") && depth == 0) {
            if (i > start) add_argument(start, i, out);  // (nothing after a trailing comma)
            if (closes) break;
            start = i + 1;
        }
    }
    if (out.positional.size() != call.items.size() || out.keyword.size() != call.kw_values.size()) return std::nullopt;
    return out;
}

bool ArgumentTexts::is_op(std::size_t i, std::string_view text) const {
    return tokens_[i].type == Tok::Op && tokens_[i].text == text;
}

void ArgumentTexts::add_argument(std::size_t first, std::size_t last, ArgTexts& out) const {
    if (tokens_[first].type == Tok::Name && first + 2 <= last && is_op(first + 1, "=")) {
        out.keyword.push_back(text(first + 2, last));
    } else if (is_op(first, "**")) {
        out.keyword.push_back(text(first, last));
    } else {
        out.positional.push_back(text(first, last));
    }
}

// Clamped to the source, so that a token the lines do not account for
// costs only its spacing, never a read out of bounds.
std::size_t ArgumentTexts::offset(const Token& t) const {
    const auto line = static_cast<std::size_t>(t.line - 1);
    if (t.line < 1 || t.col < 1 || line >= line_starts_.size()) return source_.size();
    return std::min(line_starts_[line] + static_cast<std::size_t>(t.col - 1), source_.size());
}

// The tokens as written, on one line: the spacing inside a line is kept,
// line breaks (and the comments before them) are dropped.
std::string ArgumentTexts::text(std::size_t first, std::size_t last) const {
    std::string out;
    for (std::size_t i = first; i < last; ++i) {
        const Token& t = tokens_[i];
        if (t.type == Tok::Newline || t.type == Tok::Indent || t.type == Tok::Dedent) continue;
        if (!out.empty() && i > first) {
            const Token& prev = tokens_[i - 1];
            const std::size_t prev_end = std::min(offset(prev) + prev.text.size(), source_.size());
            const std::size_t here = offset(t);
            const std::string_view gap = source_.substr(prev_end, here > prev_end ? here - prev_end : 0);
            if (gap.find('\n') == std::string_view::npos) {
                out += gap;
            } else if (std::string_view("([{.").find(out.back()) == std::string_view::npos &&
                       std::string_view(")]},.:").find(t.text.front()) == std::string_view::npos) {
                out += ' ';  // a line break between two tokens reads as one space
            }
        }
        out += t.text;
    }
    return out;
}

}  // namespace loopscope::py
