// Call sites: the asyncio calls whose keyword options a teacher can toggle.
//
// Every call of `gather`, `wait`, `wait_for`, `timeout` and `as_completed` in
// a file is found statically, from the syntax tree, in source order, with the
// options CPython 3.11's signatures give it:
//
//   gather(*aws, return_exceptions=False)
//   wait(fs, *, timeout=None, return_when=ALL_COMPLETED)
//   wait_for(fut, timeout)              timeout: positional or keyword, no default
//   timeout(delay)                      the "timeout" of asyncio.timeout is `delay`
//   as_completed(fs, *, timeout=None)
//
// A call counts when it is `asyncio.NAME(...)` (or through `import asyncio as
// X`) or a name imported with `from asyncio import NAME [as ALIAS]`. The
// check is by name, file-wide, not by scope: a local that shadows an
// imported `wait` still counts (Event.wait() never does: it is an attribute
// of something other than the asyncio module).
//
// A CallSiteSet overrides one option "as if the code said so": before the
// file runs, the argument's expression in the tree is replaced by the
// literal (or the keyword is added when the call does not write it), so the
// interpreter evaluates exactly what `rewritten source` would. The original
// expression is then never evaluated, as it would not be in the rewritten
// file.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/py/ast.hpp"
#include "engine/value.hpp"

namespace loopscope::py {

// What values an option takes, so a GUI knows which control to draw.
enum class OptionKind : std::uint8_t {
    Bool,            // return_exceptions: True / False
    OptionalNumber,  // timeout, delay: None or a number of seconds
    ReturnWhen,      // return_when: one of `choices`
};

struct CallSiteOption {
    std::string name;  // return_exceptions, return_when, timeout, delay
    OptionKind kind = OptionKind::Bool;
    bool present = false;     // written at the call, as a keyword or a positional argument
    int line = 0;             // where the argument is written (the call's line when absent)
    bool positional = false;  // written positionally (wait_for's timeout, timeout's delay)
    // As written (`p["return_exceptions"]`, `asyncio.FIRST_COMPLETED`), on
    // one line; when absent, the repr of the default (`False`, `None`,
    // `'ALL_COMPLETED'`); "" when absent and required (wait_for's timeout).
    std::string source_text;
    // The literal written (True, 2.5, None, asyncio.FIRST_COMPLETED -> 'FIRST_COMPLETED')
    // or the default when absent; nullopt for an expression, or absent and required.
    std::optional<Value> value;
    // When the argument is just `X["NAME"]` (a scenario twin's `p["timeout"]`): NAME,
    // the PARAMS entry that drives this call site. Empty otherwise.
    std::string param;
    std::vector<std::string> choices;  // ReturnWhen: FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED
    // False when a `*args` before its positional slot may fill it
    // (`wait_for(*args)`): what the call gets is not in the source, so no
    // override can say it; source_text is then "*".
    bool settable = true;
    // The override applied in this run, if any (FileRunResult::call_sites).
    std::optional<Value> set_value;
};

struct CallSite {
    int line = 0;
    int col = 0;           // 1-based, where the callee starts (`asyncio.gather`), as error messages count
    std::string function;  // gather, wait, wait_for, timeout, as_completed
    std::vector<CallSiteOption> options;
    // The call as written, on one line, from the function's name on:
    // `wait(tasks, timeout=p["timeout"])`. What identifies the call when the
    // file is edited and its line moves; "" when the text is not available.
    std::string call_text;

    [[nodiscard]] const CallSiteOption* option(std::string_view name) const;
};

// `--set LINE:NAME=VALUE`: NAME takes VALUE in every call that has that
// option and starts on LINE or writes that argument on LINE (normally one:
// a call spread over lines is named by its first line or by the line of
// its `return_exceptions=`).
struct CallSiteSet {
    int line = 0;
    std::string name;
    Value value;
};

// The call sites of a parsed module, in source order (line, then column).
// `source` is the module's text, for source_text; pass "" to get source_text
// only for literals.
std::vector<CallSite> find_call_sites(const Module& module, std::string_view source);

// Parsing and listing without running. On a syntax problem `error` is the
// one-line `file:line:col: message` and `sites` is empty.
struct CallSiteListing {
    std::string error;
    std::vector<CallSite> sites;
};
CallSiteListing list_call_sites(std::string_view source, const std::string& filename);
CallSiteListing list_call_sites_in_file(const std::string& path);

// One line per site for `loopscope sites`:
//   `19:14 gather return_exceptions=p["return_exceptions"] [param return_exceptions]`
//   `28:36 wait timeout=p["timeout"] [param timeout] return_when='ALL_COMPLETED' [default]`
std::string format_call_site(const CallSite& site);

// A value as a Python literal: True, None, 2.5, 'FIRST_COMPLETED'.
std::string literal_text(const Value& v);

// The command line's value words (vloop.py's parse_value): true, false,
// none, numbers, FIRST_COMPLETED / FIRST_EXCEPTION / ALL_COMPLETED.
std::optional<Value> parse_set_value(std::string_view text);

// True when `text` has the LINE:NAME=VALUE form (digits then ':'), as
// opposed to a PARAMS entry NAME=VALUE.
bool is_call_site_set(std::string_view text);
// Parses LINE:NAME=VALUE; on a problem returns nothing and fills `error`.
std::optional<CallSiteSet> parse_call_site_set(std::string_view text, std::string& error);

// The command-line form of a set, `21:return_exceptions=true`, which
// parse_call_site_set reads back (for a GUI's "as a command" line).
std::string format_call_site_set(const CallSiteSet& set);

// Checks a set against the sites: a line with no call site, an option the
// call does not have, a value of the wrong kind. "" when it applies.
std::string check_call_site_set(const std::vector<CallSite>& sites, const CallSiteSet& set);

// Checks every set, then rewrites the module's tree so that each overridden
// argument is the literal; marks set_value in `sites`. Returns the first
// problem ("" when all applied), and then changes nothing.
std::string apply_call_site_sets(Module& module, std::vector<CallSite>& sites, const std::vector<CallSiteSet>& sets);

}  // namespace loopscope::py
