// The bytes of a .py file to the UTF-8 text the tokenizer reads, as CPython's
// tokenizer does first (Parser/tokenizer.c: check_bom, check_coding_spec):
// a UTF-8 byte-order mark is dropped, and a PEP 263 declaration
// (`# -*- coding: NAME -*-`, `# coding=NAME`, `# vim: set fileencoding=NAME`)
// on line 1, or on line 2 after a comment-only or blank line 1, names the
// encoding. utf-8, latin-1 (iso-8859-1) and ascii are read; a name CPython
// does not know is its SyntaxError "unknown encoding: NAME".
#pragma once

#include <string>
#include <string_view>

namespace loopscope::py {

// Throws SyntaxProblem (engine/py/tokenizer.hpp) for an encoding it cannot read.
std::string decode_source(std::string_view raw);

}  // namespace loopscope::py
