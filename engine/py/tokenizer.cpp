#include "engine/py/tokenizer.hpp"

#include <array>

namespace loopscope::py {

namespace {

bool is_name_start(unsigned char c) { return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80; }
bool is_name_char(unsigned char c) { return is_name_start(c) || (c >= '0' && c <= '9'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// CPython's tokenizer limits (Parser/tokenizer.h: MAXLEVEL, MAXINDENT): past
// them it stops with a SyntaxError, and so do we, before the parser's
// recursion gets deep enough to overflow the stack.
constexpr int kMaxBracketDepth = 200;
constexpr std::size_t kMaxIndentLevels = 100;  // counting the first column

// Operators, longest first so that `**=` wins over `**` and `*`.
constexpr std::array<std::string_view, 47> kOperators = {
    "**=", "//=", ">>=", "<<=", "...", "->", ":=", "**", "//", "<<", ">>", "<=", ">=", "==", "!=",
    "+=",  "-=",  "*=",  "/=",  "%=",  "&=", "|=", "^=", "@=", "+",  "-",  "*",  "/",  "%",  "@",
    "<",   ">",   "=",   "(",   ")",   "[",  "]",  "{",  "}",  ",",  ":",  ".",  ";",  "&",  "|",
    "^",   "~"};

class Tokenizer {
public:
    explicit Tokenizer(std::string_view src) : src_(src) {}

    std::vector<Token> run() {
        indents_.push_back(0);
        while (pos_ < src_.size()) {
            if (at_line_start_ && depth_ == 0) {
                if (!indentation()) continue;
            }
            const char c = src_[pos_];
            if (c == '\n') {
                newline();
                continue;
            }
            if (c == ' ' || c == '\t' || c == '\f' || c == '\r') {
                ++pos_;
                continue;
            }
            if (c == '#') {
                while (pos_ < src_.size() && src_[pos_] != '\n') ++pos_;
                continue;
            }
            if (c == '\\') {
                std::size_t p = pos_ + 1;
                if (p < src_.size() && src_[p] == '\r') ++p;
                if (p < src_.size() && src_[p] == '\n') {
                    pos_ = p + 1;
                    ++line_;
                    line_start_ = pos_;
                    continue;
                }
                fail("unexpected character after line continuation character");
            }
            if (string_start()) {
                string();
                continue;
            }
            if (is_name_start(static_cast<unsigned char>(c))) {
                const std::size_t start = pos_;
                while (pos_ < src_.size() && is_name_char(static_cast<unsigned char>(src_[pos_]))) ++pos_;
                push(Tok::Name, start);
                continue;
            }
            if (is_digit(c) || (c == '.' && pos_ + 1 < src_.size() && is_digit(src_[pos_ + 1]))) {
                number();
                continue;
            }
            op();
        }
        if (!tokens_.empty() && tokens_.back().type != Tok::Newline && tokens_.back().type != Tok::Dedent &&
            tokens_.back().type != Tok::Indent) {
            tokens_.push_back({Tok::Newline, "", line_, col(pos_)});
        }
        if (depth_ > 0) fail_at(open_line_, open_col_, "'" + std::string(1, open_char_) + "' was never closed");
        while (indents_.size() > 1) {
            indents_.pop_back();
            tokens_.push_back({Tok::Dedent, "", line_, 1});
        }
        tokens_.push_back({Tok::End, "", line_, 1});
        return std::move(tokens_);
    }

private:
    [[noreturn]] void fail(const std::string& message) const { fail_at(line_, col(pos_), message); }
    [[noreturn]] static void fail_at(int line, int col, const std::string& message) {
        throw SyntaxProblem{line, col, message};
    }
    [[nodiscard]] int col(std::size_t p) const { return static_cast<int>(p - line_start_) + 1; }

    void push(Tok type, std::size_t start) {
        tokens_.push_back({type, std::string(src_.substr(start, pos_ - start)), line_, col(start)});
    }

    void newline() {
        if (depth_ == 0 && !at_line_start_) tokens_.push_back({Tok::Newline, "", line_, col(pos_)});
        ++pos_;
        ++line_;
        line_start_ = pos_;
        if (depth_ == 0) at_line_start_ = true;
    }

    // Measures the indentation of a logical line; returns false for a blank
    // or comment-only line (consumed whole).
    bool indentation() {
        int width = 0;
        std::size_t p = pos_;
        for (; p < src_.size(); ++p) {
            if (src_[p] == ' ') {
                ++width;
            } else if (src_[p] == '\t') {
                width = (width / 8 + 1) * 8;
            } else if (src_[p] == '\f' || src_[p] == '\r') {
                // ignored
            } else {
                break;
            }
        }
        if (p >= src_.size() || src_[p] == '\n' || src_[p] == '#') {
            while (p < src_.size() && src_[p] != '\n') ++p;
            pos_ = p;
            if (pos_ < src_.size()) {
                ++pos_;
                ++line_;
                line_start_ = pos_;
            }
            return false;
        }
        pos_ = p;
        at_line_start_ = false;
        if (width > indents_.back()) {
            if (indents_.size() >= kMaxIndentLevels) fail("too many levels of indentation");
            indents_.push_back(width);
            tokens_.push_back({Tok::Indent, "", line_, col(pos_)});
        } else {
            while (width < indents_.back()) {
                indents_.pop_back();
                tokens_.push_back({Tok::Dedent, "", line_, col(pos_)});
            }
            if (width != indents_.back()) fail("unindent does not match any outer indentation level");
        }
        return true;
    }

    bool string_start() const {
        std::size_t p = pos_;
        std::size_t n = 0;
        while (p < src_.size() && n < 2 && std::string_view("rRbBfFuU").find(src_[p]) != std::string_view::npos) {
            ++p;
            ++n;
        }
        return p < src_.size() && (src_[p] == '\'' || src_[p] == '"');
    }

    void string() {
        const std::size_t start = pos_;
        const int start_line = line_;
        const int start_col = col(pos_);
        bool raw = false;
        while (src_[pos_] != '\'' && src_[pos_] != '"') {
            raw = raw || src_[pos_] == 'r' || src_[pos_] == 'R';
            ++pos_;
        }
        const char q = src_[pos_];
        const bool triple = pos_ + 2 < src_.size() && src_[pos_ + 1] == q && src_[pos_ + 2] == q;
        pos_ += triple ? 3 : 1;
        for (;;) {
            if (pos_ >= src_.size()) {
                fail_at(start_line, start_col,
                        triple ? "unterminated triple-quoted string literal" : "unterminated string literal");
            }
            const char c = src_[pos_];
            if (c == '\\') {
                if (pos_ + 1 < src_.size() && src_[pos_ + 1] == '\n') {
                    pos_ += 2;
                    ++line_;
                    line_start_ = pos_;
                    continue;
                }
                pos_ += 2;
                continue;
            }
            if (c == '\n') {
                if (!triple) fail_at(start_line, start_col, "unterminated string literal");
                ++pos_;
                ++line_;
                line_start_ = pos_;
                continue;
            }
            if (c == q) {
                if (!triple) {
                    ++pos_;
                    break;
                }
                if (pos_ + 2 < src_.size() && src_[pos_ + 1] == q && src_[pos_ + 2] == q) {
                    pos_ += 3;
                    break;
                }
            }
            ++pos_;
        }
        (void)raw;
        tokens_.push_back({Tok::String, std::string(src_.substr(start, pos_ - start)), start_line, start_col});
    }

    void number() {
        const std::size_t start = pos_;
        auto digits = [&](auto pred) {
            while (pos_ < src_.size() && (pred(src_[pos_]) || src_[pos_] == '_')) ++pos_;
        };
        if (src_[pos_] == '0' && pos_ + 1 < src_.size() && std::string_view("xXoObB").find(src_[pos_ + 1]) != std::string_view::npos) {
            pos_ += 2;
            digits([](char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); });
        } else {
            digits(is_digit);
            if (pos_ < src_.size() && src_[pos_] == '.') {
                ++pos_;
                digits(is_digit);
            }
            if (pos_ < src_.size() && (src_[pos_] == 'e' || src_[pos_] == 'E')) {
                std::size_t p = pos_ + 1;
                if (p < src_.size() && (src_[p] == '+' || src_[p] == '-')) ++p;
                if (p < src_.size() && is_digit(src_[p])) {
                    pos_ = p;
                    digits(is_digit);
                }
            }
            if (pos_ < src_.size() && (src_[pos_] == 'j' || src_[pos_] == 'J')) ++pos_;
        }
        if (pos_ < src_.size() && is_name_char(static_cast<unsigned char>(src_[pos_]))) fail("invalid decimal literal");
        push(Tok::Number, start);
    }

    void op() {
        const std::string_view rest = src_.substr(pos_);
        for (std::string_view o : kOperators) {
            if (rest.starts_with(o)) {
                const std::size_t start = pos_;
                pos_ += o.size();
                const char c = o[0];
                if (o.size() == 1 && (c == '(' || c == '[' || c == '{')) {
                    if (depth_ >= kMaxBracketDepth) fail_at(line_, col(start), "too many nested parentheses");
                    if (depth_ == 0) {
                        open_line_ = line_;
                        open_col_ = col(start);
                        open_char_ = c;
                    }
                    ++depth_;
                } else if (o.size() == 1 && (c == ')' || c == ']' || c == '}')) {
                    if (depth_ == 0) fail_at(line_, col(start), "unmatched '" + std::string(1, c) + "'");
                    --depth_;
                }
                push(Tok::Op, start);
                return;
            }
        }
        const unsigned char c = static_cast<unsigned char>(src_[pos_]);
        if (c == '!' || c == '$' || c == '?' || c == '`') fail("invalid character '" + std::string(1, src_[pos_]) + "'");
        fail("invalid character");
    }

    std::string_view src_;
    std::size_t pos_ = 0;
    std::size_t line_start_ = 0;
    int line_ = 1;
    int depth_ = 0;
    int open_line_ = 0, open_col_ = 0;
    char open_char_ = '(';
    bool at_line_start_ = true;
    std::vector<int> indents_;
    std::vector<Token> tokens_;
};

}  // namespace

std::vector<Token> tokenize(std::string_view source) { return Tokenizer(source).run(); }

}  // namespace loopscope::py
