// The tokenizer of the .py interpreter: Python's tokens, with INDENT/DEDENT.
//
// Follows the rules of CPython's tokenizer for the subset the interpreter
// reads: physical lines join inside brackets and after a backslash, blank
// and comment-only lines produce nothing, a change of indentation produces
// INDENT or one DEDENT per closed level (an inconsistent dedent is an error).
// Strings keep their prefix; the parser decodes them (f-strings need it).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace loopscope::py {

// A syntax problem at a place in the source: `file:line:col: message`.
struct SyntaxProblem {
    int line = 0;
    int col = 0;  // 1-based, as editors count
    std::string message;
};

enum class Tok : std::uint8_t { Name, Number, String, Op, Newline, Indent, Dedent, End };

struct Token {
    Tok type = Tok::End;
    std::string text;  // the source text (for strings: prefix, quotes and all)
    int line = 0;
    int col = 0;  // 1-based
};

// Splits `source` into tokens; throws SyntaxProblem.
std::vector<Token> tokenize(std::string_view source);

}  // namespace loopscope::py
