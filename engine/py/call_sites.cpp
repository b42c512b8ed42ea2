// Call sites: finding them in the tree, reading their arguments' source
// text, and rewriting the tree for an override.
//
// Sections: the option table · the asyncio names · finding · values and
// sets · applying. The walk is engine/py/tree_walk.hpp, the arguments'
// text engine/py/arg_text.cpp.
#include "engine/py/call_sites.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "engine/py/arg_text.hpp"
#include "engine/py/parser.hpp"
#include "engine/py/source_encoding.hpp"
#include "engine/py/tree_walk.hpp"

namespace loopscope::py {

// ---- the option table ---------------------------------------------------------------------

namespace {

enum class Default : std::uint8_t { False, None, AllCompleted, Required };

struct OptionSpec {
    std::string_view name;
    OptionKind kind;
    int position;  // its index as a positional argument; -1: keyword-only
    Default default_value;
};

struct FunctionSpec {
    std::string_view name;
    std::vector<OptionSpec> options;
};

// CPython 3.11's signatures (inspect.signature), the same in 3.12 and 3.13.
const std::vector<FunctionSpec>& function_specs() {
    static const std::vector<FunctionSpec> specs = {
        {"gather", {{"return_exceptions", OptionKind::Bool, -1, Default::False}}},
        {"wait",
         {{"timeout", OptionKind::OptionalNumber, -1, Default::None},
          {"return_when", OptionKind::ReturnWhen, -1, Default::AllCompleted}}},
        {"wait_for", {{"timeout", OptionKind::OptionalNumber, 1, Default::Required}}},
        {"timeout", {{"delay", OptionKind::OptionalNumber, 0, Default::Required}}},
        {"as_completed", {{"timeout", OptionKind::OptionalNumber, -1, Default::None}}},
    };
    return specs;
}

const FunctionSpec* function_spec(std::string_view name) {
    for (const FunctionSpec& f : function_specs())
        if (f.name == name) return &f;
    return nullptr;
}

const std::vector<std::string>& return_when_names() {
    static const std::vector<std::string> names = {"FIRST_COMPLETED", "FIRST_EXCEPTION", "ALL_COMPLETED"};
    return names;
}

bool is_return_when_name(std::string_view s) {
    const auto& names = return_when_names();
    return std::find(names.begin(), names.end(), s) != names.end();
}

std::optional<Value> default_of(Default d) {
    switch (d) {
        case Default::False: return Value(false);
        case Default::None: return Value{};
        case Default::AllCompleted: return Value(std::string("ALL_COMPLETED"));
        case Default::Required: return std::nullopt;
    }
    return std::nullopt;
}

// ---- the asyncio names --------------------------------------------------------------------
// Which names mean the asyncio module, and which mean something imported
// from it: file-wide, whatever the scope of the import.

struct AsyncioNames {
    std::set<Sym> modules;                // asyncio, or X in `import asyncio as X`
    std::map<Sym, std::string> imported;  // ALIAS -> NAME for `from asyncio import NAME as ALIAS`
};

AsyncioNames asyncio_names(Module& m) {
    AsyncioNames names;
    walk(
        m, [](Expr&) {},
        [&](Stmt& s) {
            if (s.kind == SK::Import) {
                for (const ImportName& n : s.names)
                    if (n.module == "asyncio") names.modules.insert(n.asname != 0 ? n.asname : intern("asyncio"));
            } else if (s.kind == SK::ImportFrom && s.module == "asyncio") {
                for (const ImportName& n : s.names) names.imported[n.asname != 0 ? n.asname : intern(n.module)] = n.module;
            }
        });
    return names;
}

// `asyncio.NAME` or an imported NAME: NAME; "" otherwise.
std::string asyncio_member(const Expr& e, const AsyncioNames& names) {
    if (e.kind == EK::Attribute && e.a && e.a->kind == EK::Name && names.modules.count(e.a->name) != 0)
        return sym_name(e.name);
    if (e.kind == EK::Name) {
        auto it = names.imported.find(e.name);
        if (it != names.imported.end()) return it->second;
    }
    return "";
}

// ---- finding ------------------------------------------------------------------------------

// A literal the option can show and a control can start from.
std::optional<Value> literal_value(const Expr& e, const AsyncioNames& names) {
    if (e.kind == EK::Const) {
        switch (e.constant.kind()) {
            case Value::Kind::None:
            case Value::Kind::Bool:
            case Value::Kind::Int:
            case Value::Kind::Float:
            case Value::Kind::Str: return e.constant;
            default: return std::nullopt;
        }
    }
    if (e.kind == EK::UnaryOp && static_cast<UnaryKind>(e.op) == UnaryKind::Neg && e.a && e.a->kind == EK::Const) {
        if (e.a->constant.kind() == Value::Kind::Int) return Value(-e.a->constant.as_int());
        if (e.a->constant.kind() == Value::Kind::Float) return Value(-e.a->constant.as_float());
    }
    const std::string member = asyncio_member(e, names);
    if (is_return_when_name(member)) return Value(member);  // asyncio.FIRST_COMPLETED == 'FIRST_COMPLETED'
    return std::nullopt;
}

// `p["NAME"]`: NAME.
std::string param_of(const Expr& e) {
    if (e.kind == EK::Subscript && e.a && e.a->kind == EK::Name && e.b && e.b->kind == EK::Const &&
        e.b->constant.kind() == Value::Kind::Str)
        return e.b->constant.as_str();
    return "";
}

// Where an option is written in a call: a keyword index, a positional index, or neither.
struct ArgumentPlace {
    int keyword = -1;
    int positional = -1;
    bool unpacked = false;  // its positional slot may be filled by a *args before it
};

ArgumentPlace place_of(const Expr& call, const OptionSpec& spec) {
    ArgumentPlace place;
    const Sym name = intern(spec.name);
    for (std::size_t i = 0; i < call.kw_names.size(); ++i)
        if (call.kw_names[i] == name) place.keyword = static_cast<int>(i);
    if (place.keyword >= 0 || spec.position < 0) return place;
    for (std::size_t i = 0; i < call.items.size(); ++i) {
        if (call.items[i]->kind == EK::Starred) {
            place.unpacked = true;
            return place;
        }
        if (static_cast<int>(i) == spec.position) {
            place.positional = static_cast<int>(i);
            return place;
        }
    }
    return place;
}

CallSite describe(const Expr& call, const FunctionSpec& fn, const AsyncioNames& names, const ArgumentTexts& texts) {
    CallSite site;
    site.line = call.line;
    site.col = call.col;
    site.function = std::string(fn.name);
    const std::optional<ArgTexts> arg_texts = texts.arguments(call);
    for (const OptionSpec& spec : fn.options) {
        CallSiteOption o;
        o.name = std::string(spec.name);
        o.kind = spec.kind;
        if (spec.kind == OptionKind::ReturnWhen) o.choices = return_when_names();
        const ArgumentPlace place = place_of(call, spec);
        const Expr* arg = nullptr;
        if (place.keyword >= 0) arg = call.kw_values[static_cast<std::size_t>(place.keyword)].get();
        if (place.positional >= 0) arg = call.items[static_cast<std::size_t>(place.positional)].get();
        o.line = arg != nullptr ? arg->line : call.line;
        if (arg != nullptr) {
            o.present = true;
            o.positional = place.positional >= 0;
            o.value = literal_value(*arg, names);
            o.param = param_of(*arg);
            if (arg_texts) {
                o.source_text = place.keyword >= 0 ? arg_texts->keyword[static_cast<std::size_t>(place.keyword)]
                                                   : arg_texts->positional[static_cast<std::size_t>(place.positional)];
            } else if (o.value) {
                o.source_text = literal_text(*o.value);
            }
        } else if (place.unpacked) {
            o.present = true;  // perhaps: *args decides, which no override can change
            o.positional = true;
            o.source_text = "*";
            o.settable = false;
        } else {
            o.value = default_of(spec.default_value);
            if (o.value) o.source_text = literal_text(*o.value);
        }
        site.options.push_back(std::move(o));
    }
    if (arg_texts) {
        std::string args;
        const auto add = [&](const std::string& part) { args += (args.empty() ? "" : ", ") + part; };
        for (const std::string& t : arg_texts->positional) add(t);
        for (std::size_t i = 0; i < arg_texts->keyword.size() && i < call.kw_names.size(); ++i)
            add(call.kw_names[i] == 0 ? arg_texts->keyword[i] : sym_name(call.kw_names[i]) + "=" + arg_texts->keyword[i]);
        site.call_text = site.function + "(" + args + ")";
    }
    return site;
}

}  // namespace

const CallSiteOption* CallSite::option(std::string_view name) const {
    for (const CallSiteOption& o : options)
        if (o.name == name) return &o;
    return nullptr;
}

std::vector<CallSite> find_call_sites(const Module& module, std::string_view source) {
    // The walk visits nodes mutably (the rewrite shares it); finding changes nothing.
    Module& m = const_cast<Module&>(module);
    const AsyncioNames names = asyncio_names(m);
    const ArgumentTexts texts(source);
    std::vector<CallSite> sites;
    walk(
        m,
        [&](Expr& e) {
            if (e.kind != EK::Call || !e.a) return;
            if (const FunctionSpec* fn = function_spec(asyncio_member(*e.a, names))) sites.push_back(describe(e, *fn, names, texts));
        },
        [](Stmt&) {});
    std::stable_sort(sites.begin(), sites.end(),
                     [](const CallSite& a, const CallSite& b) { return std::pair{a.line, a.col} < std::pair{b.line, b.col}; });
    return sites;
}

CallSiteListing list_call_sites(std::string_view raw, const std::string& filename) {
    CallSiteListing listing;
    try {
        const std::string source = decode_source(raw);
        const Module module = parse_module(source, filename);
        listing.sites = find_call_sites(module, source);
    } catch (SyntaxProblem& p) {
        listing.error = format_problem(filename, p);
    }
    return listing;
}

CallSiteListing list_call_sites_in_file(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    if (!file) return {"cannot read " + path, {}};
    std::stringstream ss;
    ss << file.rdbuf();
    return list_call_sites(ss.str(), path);
}

std::string format_call_site(const CallSite& site) {
    std::string out = std::to_string(site.line) + ":" + std::to_string(site.col) + " " + site.function;
    for (const CallSiteOption& o : site.options) {
        out += " " + o.name + "=" + (o.source_text.empty() ? "<missing>" : o.source_text);
        std::vector<std::string> notes;
        if (!o.present) notes.emplace_back(o.value ? "default" : "missing");
        if (o.present && o.positional) notes.emplace_back("positional");
        if (!o.param.empty()) notes.push_back("param " + o.param);
        if (!o.settable) notes.emplace_back("not settable");
        if (o.set_value) notes.push_back("set to " + literal_text(*o.set_value));
        if (!notes.empty()) {
            out += " [";
            for (std::size_t i = 0; i < notes.size(); ++i) out += (i == 0 ? "" : ", ") + notes[i];
            out += "]";
        }
    }
    return out;
}

// ---- values and sets ----------------------------------------------------------------------

std::string literal_text(const Value& v) { return repr(v); }

namespace {

// Plain scanners for the set's grammar (no std::regex: its matcher recurses
// once per character, and a --set value is as long as a user makes it).

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Skips digits from `i`; returns how many there were.
std::size_t skip_digits(std::string_view s, std::size_t& i) {
    const std::size_t start = i;
    while (i < s.size() && is_digit(s[i])) ++i;
    return i - start;
}

// [+-]?\d+
bool is_int_text(std::string_view s) {
    std::size_t i = (!s.empty() && (s[0] == '+' || s[0] == '-')) ? 1 : 0;
    return skip_digits(s, i) > 0 && i == s.size();
}

// [+-]?(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?
bool is_float_text(std::string_view s) {
    std::size_t i = (!s.empty() && (s[0] == '+' || s[0] == '-')) ? 1 : 0;
    std::size_t digits = skip_digits(s, i);
    if (i < s.size() && s[i] == '.') {
        ++i;
        digits += skip_digits(s, i);
    }
    if (digits == 0) return false;
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
        if (skip_digits(s, i) == 0) return false;
    }
    return i == s.size();
}

bool is_identifier_text(std::string_view s) {
    auto start = [](char c) { return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); };
    if (s.empty() || !start(s[0])) return false;
    return std::all_of(s.begin() + 1, s.end(), [&](char c) { return start(c) || is_digit(c); });
}

}  // namespace

std::optional<Value> parse_set_value(std::string_view text_view) {
    const std::string text(text_view);
    if (text == "true") return Value(true);
    if (text == "false") return Value(false);
    if (text == "none") return Value{};
    if (is_return_when_name(text)) return Value(text);
    try {
        if (is_int_text(text)) return Value(static_cast<std::int64_t>(std::stoll(text)));
        if (is_float_text(text)) return Value(std::stod(text));
    } catch (std::out_of_range&) {
        return std::nullopt;  // beyond int64 or double: refused, not wrapped
    }
    return std::nullopt;
}

bool is_call_site_set(std::string_view text) {
    const std::size_t colon = text.find(':');
    const std::size_t eq = text.find('=');
    if (colon == std::string_view::npos || colon == 0 || (eq != std::string_view::npos && eq < colon)) return false;
    return std::all_of(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(colon),
                       [](char c) { return c >= '0' && c <= '9'; });
}

std::optional<CallSiteSet> parse_call_site_set(std::string_view text, std::string& error) {
    // LINE:NAME=VALUE, LINE one to nine digits, NAME an identifier, VALUE
    // anything on one line.
    const std::string s(text);
    const std::size_t colon = text.find(':');
    const std::size_t eq = colon == std::string_view::npos ? colon : text.find('=', colon);
    const std::string_view line = colon == std::string_view::npos ? text : text.substr(0, colon);
    const std::string_view name = eq == std::string_view::npos ? std::string_view{} : text.substr(colon + 1, eq - colon - 1);
    if (eq == std::string_view::npos || line.empty() || line.size() > 9 ||
        !std::all_of(line.begin(), line.end(), is_digit) || !is_identifier_text(name) ||
        text.find_first_of("\r\n", eq) != std::string_view::npos) {
        error = "--set expects LINE:NAME=VALUE (e.g. 21:return_exceptions=true), got '" + s + "'";
        return std::nullopt;
    }
    const std::string value_text(text.substr(eq + 1));
    CallSiteSet set;
    set.line = std::stoi(std::string(line));
    set.name = std::string(name);
    auto value = parse_set_value(value_text);
    if (!value) {
        error = "bad value '" + value_text + "' in --set " + s +
                " (true, false, none, a number, or FIRST_COMPLETED/FIRST_EXCEPTION/ALL_COMPLETED)";
        return std::nullopt;
    }
    set.value = *value;
    return set;
}

namespace {

// The set names the site by the call's first line, or by the line where
// the option's argument is written.
bool names_site(const CallSite& site, const CallSiteSet& set) {
    if (site.line == set.line) return true;
    const CallSiteOption* o = site.option(set.name);
    return o != nullptr && o->line == set.line;
}

bool value_fits(OptionKind kind, const Value& v) {
    switch (kind) {
        case OptionKind::Bool: return v.kind() == Value::Kind::Bool;
        case OptionKind::OptionalNumber:
            return v.kind() == Value::Kind::None || v.kind() == Value::Kind::Int || v.kind() == Value::Kind::Float;
        case OptionKind::ReturnWhen: return v.kind() == Value::Kind::Str && is_return_when_name(v.as_str());
    }
    return false;
}

std::string expected_text(OptionKind kind) {
    switch (kind) {
        case OptionKind::Bool: return "true or false";
        case OptionKind::OptionalNumber: return "a number of seconds or none";
        case OptionKind::ReturnWhen: return "FIRST_COMPLETED, FIRST_EXCEPTION or ALL_COMPLETED";
    }
    return "";
}

std::string value_word(const Value& v) {
    switch (v.kind()) {
        case Value::Kind::None: return "none";
        case Value::Kind::Bool: return v.as_bool() ? "true" : "false";
        case Value::Kind::Str: return v.as_str();
        default: return repr(v);
    }
}

}  // namespace

std::string format_call_site_set(const CallSiteSet& set) {
    return std::to_string(set.line) + ":" + set.name + "=" + value_word(set.value);
}

std::string check_call_site_set(const std::vector<CallSite>& sites, const CallSiteSet& set) {
    std::vector<const CallSite*> on_line;
    for (const CallSite& s : sites)
        if (s.line == set.line || std::any_of(s.options.begin(), s.options.end(),
                                              [&](const CallSiteOption& o) { return o.line == set.line; }))
            on_line.push_back(&s);
    const std::string where = "line " + std::to_string(set.line);
    if (on_line.empty()) {
        std::vector<int> lines;
        for (const CallSite& s : sites)
            if (lines.empty() || lines.back() != s.line) lines.push_back(s.line);
        std::string list;
        for (int l : lines) list += (list.empty() ? "" : ", ") + std::to_string(l);
        return where + " has no call of gather, wait, wait_for, timeout or as_completed" +
               (lines.empty() ? std::string(" (the file has none)")
                              : (lines.size() == 1 ? " (the call site is on line " : " (call sites are on lines ") + list + ")");
    }
    bool found = false;
    std::string takes;
    for (const CallSite* s : on_line) {
        std::string names;
        for (const CallSiteOption& o : s->options) {
            names += (names.empty() ? "" : ", ") + o.name;
            if (o.name != set.name || !names_site(*s, set)) continue;
            found = true;
            if (!o.settable)
                return where + ": " + s->function + "'s " + o.name + " may come from *args, so it cannot be set";
            if (!value_fits(o.kind, set.value))
                return "bad value '" + value_word(set.value) + "' for " + o.name + " at " + where + " (expected " +
                       expected_text(o.kind) + ")";
        }
        takes += (takes.empty() ? "" : "; ") + s->function + " takes " + names;
    }
    if (!found) return where + ": no option '" + set.name + "' (" + takes + ")";
    return "";
}

// ---- applying -----------------------------------------------------------------------------

std::string apply_call_site_sets(Module& module, std::vector<CallSite>& sites, const std::vector<CallSiteSet>& sets) {
    for (const CallSiteSet& set : sets)
        if (std::string problem = check_call_site_set(sites, set); !problem.empty()) return problem;
    if (sets.empty()) return "";
    const AsyncioNames names = asyncio_names(module);
    auto literal = [](const Expr& at, const Value& v) {
        ExprP c = std::make_unique<Expr>(EK::Const, at.line, at.col);
        c->constant = v;
        return c;
    };
    walk(
        module,
        [&](Expr& e) {
            if (e.kind != EK::Call || !e.a) return;
            const FunctionSpec* fn = function_spec(asyncio_member(*e.a, names));
            if (fn == nullptr) return;
            for (const CallSiteSet& set : sets) {
                for (const OptionSpec& spec : fn->options) {
                    if (spec.name != set.name) continue;
                    const ArgumentPlace place = place_of(e, spec);
                    const Expr* written = place.keyword >= 0      ? e.kw_values[static_cast<std::size_t>(place.keyword)].get()
                                          : place.positional >= 0 ? e.items[static_cast<std::size_t>(place.positional)].get()
                                                                  : nullptr;
                    if (set.line != e.line && (written == nullptr || written->line != set.line)) continue;
                    if (place.keyword >= 0) {
                        ExprP& slot = e.kw_values[static_cast<std::size_t>(place.keyword)];
                        slot = literal(*slot, set.value);
                    } else if (place.positional >= 0) {
                        ExprP& slot = e.items[static_cast<std::size_t>(place.positional)];
                        slot = literal(*slot, set.value);
                    } else {
                        // Not written: added as a keyword, as `f(..., NAME=VALUE)` would be.
                        e.kw_names.push_back(intern(spec.name));
                        e.kw_values.push_back(literal(e, set.value));
                    }
                }
            }
        },
        [](Stmt&) {});
    for (CallSite& site : sites)
        for (const CallSiteSet& set : sets)
            if (names_site(site, set))
                for (CallSiteOption& o : site.options)
                    if (o.name == set.name) o.set_value = set.value;
    return "";
}

}  // namespace loopscope::py
