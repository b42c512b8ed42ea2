// The tokenizer: indentation, line joining, strings, numbers, and its errors.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "engine/py/tokenizer.hpp"

using namespace loopscope::py;

namespace {
std::string kinds(const std::string& src) {
    std::string out;
    for (const Token& t : tokenize(src)) {
        switch (t.type) {
            case Tok::Name: out += "N"; break;
            case Tok::Number: out += "#"; break;
            case Tok::String: out += "S"; break;
            case Tok::Op: out += t.text; break;
            case Tok::Newline: out += ";"; break;
            case Tok::Indent: out += ">"; break;
            case Tok::Dedent: out += "<"; break;
            case Tok::End: out += "$"; break;
        }
    }
    return out;
}

std::string error_of(const std::string& src) {
    try {
        tokenize(src);
    } catch (const SyntaxProblem& p) {
        return std::to_string(p.line) + ":" + std::to_string(p.col) + ": " + p.message;
    }
    return "no error";
}
}  // namespace

TEST_CASE("tokenizer: indentation gives INDENT and one DEDENT per closed level") {
    CHECK(kinds("if a:\n    if b:\n        c\nd\n") == "NN:;>NN:;>N;<<N;$");
    CHECK(kinds("def f():\n\tpass\n") == "NN():;>N;<$");
}

TEST_CASE("tokenizer: blank lines, comments and brackets do not make tokens") {
    CHECK(kinds("a\n\n   # note\nb\n") == "N;N;$");
    CHECK(kinds("f(1,\n      2)\n") == "N(#,#);$");
    CHECK(kinds("x = [\n1,\n]\n") == "N=[#,];$");
    CHECK(kinds("a = 1 + \\\n    2\n") == "N=#+#;$");
}

TEST_CASE("tokenizer: operators take the longest match") {
    CHECK(kinds("a **= b // c -> d != e\n") == "N**=N//N->N!=N;$");
}

TEST_CASE("tokenizer: strings keep prefix and quotes; triple quotes span lines") {
    auto toks = tokenize("f'{x}' r\"\\d\" '''a\nb'''\n");
    REQUIRE(toks.size() >= 3);
    CHECK(toks[0].text == "f'{x}'");
    CHECK(toks[1].text == "r\"\\d\"");
    CHECK(toks[2].text == "'''a\nb'''");
}

TEST_CASE("tokenizer: numbers") {
    auto toks = tokenize("1_000 0x1F 3.5e-2 .5\n");
    CHECK(toks[0].text == "1_000");
    CHECK(toks[1].text == "0x1F");
    CHECK(toks[2].text == "3.5e-2");
    CHECK(toks[3].text == ".5");
}

TEST_CASE("tokenizer: error messages name the place") {
    CHECK(error_of("if a:\n        b\n    c\n") == "3:5: unindent does not match any outer indentation level");
    CHECK(error_of("x = 'abc\n") == "1:5: unterminated string literal");
    CHECK(error_of("x = '''abc\n") == "1:5: unterminated triple-quoted string literal");
    CHECK(error_of("f(1, 2\n") == "1:2: '(' was never closed");
    CHECK(error_of("x = 1)\n") == "1:6: unmatched ')'");
    CHECK(error_of("a = 1 $ 2\n") == "1:7: invalid character '$'");
    CHECK(error_of("a = 12abc\n") == "1:7: invalid decimal literal");
    CHECK(error_of("a = 1 \\ 2\n") == "1:7: unexpected character after line continuation character");
}
