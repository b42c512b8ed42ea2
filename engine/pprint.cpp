// pprint.pformat for engine values: a port of CPython's Lib/pprint.py
// PrettyPrinter with its defaults (indent=1, width=80, depth=None,
// compact=False, sort_dicts=True). pprint.py is identical in 3.11, 3.12 and
// 3.13 for the kinds a Value can hold (lists, tuples, sets, str, scalars).
//
// Widths are Python `len()`s, i.e. code points of the UTF-8 text, not bytes.
//
// Sections: Python text helpers · set ordering (_safe_key) · the printer
// (_format, _pprint_list/_tuple/_set/_str, _format_items) · pformat.
#include "engine/pprint.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/bigint.hpp"
#include "engine/future.hpp"
#include "engine/recursion.hpp"
#include "engine/utf8.hpp"

namespace loopscope {

namespace {

// ---- Python text helpers ------------------------------------------------------

// Py_UNICODE_ISSPACE, which is what `\s` matches in a str pattern
// (_PyUnicode_IsWhitespace plus the ASCII table with \x1c-\x1f).
bool is_py_space(char32_t c) {
    if (c < 0x80) return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20);
    return c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) ||
           c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

// str.splitlines(keepends=True): the boundaries are \n, \r, \r\n, \v, \f,
// \x1c, \x1d, \x1e, \x85, \u2028 and \u2029.
std::vector<std::string_view> splitlines_keepends(std::string_view s) {
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    std::size_t i = 0;
    while (i < s.size()) {
        const char32_t c = utf8::next_code_point(s, i);
        const bool boundary = c == U'\n' || c == U'\r' || c == 0x0B || c == 0x0C ||
                              (c >= 0x1C && c <= 0x1E) || c == 0x85 || c == 0x2028 || c == 0x2029;
        if (!boundary) continue;
        if (c == U'\r' && i < s.size() && s[i] == '\n') ++i;
        lines.push_back(s.substr(start, i - start));
        start = i;
    }
    if (start < s.size()) lines.push_back(s.substr(start));
    return lines;
}

// re.findall(r'\S*\s*', line) minus its final empty match: runs of
// non-space followed by the whitespace after them.
std::vector<std::string_view> word_parts(std::string_view line) {
    std::vector<std::string_view> parts;
    std::size_t i = 0;
    while (i < line.size()) {
        const std::size_t start = i;
        bool in_space = false;
        while (i < line.size()) {
            std::size_t next = i;
            const bool space = is_py_space(utf8::next_code_point(line, next));
            if (in_space && !space) break;
            in_space = in_space || space;
            i = next;
        }
        parts.push_back(line.substr(start, i - start));
    }
    return parts;
}

// ---- set ordering (_safe_key) ----------------------------------------------------

// str(type(obj)), which _safe_key compares when `<` raises TypeError.
std::string type_string(const Value& v) {
    using K = Value::Kind;
    switch (v.kind()) {
        case K::None: return "<class 'NoneType'>";
        case K::Bool: return "<class 'bool'>";
        case K::Int:
        case K::BigInt: return "<class 'int'>";
        case K::Float: return "<class 'float'>";
        case K::Str: return "<class 'str'>";
        case K::List: return "<class 'list'>";
        case K::Tuple: return "<class 'tuple'>";
        case K::Set: return "<class 'set'>";
        case K::Exception: return "<class '" + std::string(v.as_exception()->type().name) + "'>";
        case K::Future:
            switch (v.as_future()->kind()) {
                case FutureKind::Task: return "<class '_asyncio.Task'>";
                case FutureKind::Gathering: return "<class 'asyncio.tasks._GatheringFuture'>";
                default: return "<class '_asyncio.Future'>";  // shield()'s outer is a plain Future
            }
        case K::Object: return "<class 'object'>";
    }
    return {};
}

bool is_number(const Value& v) {
    return bigint::is_integer(v) || v.kind() == Value::Kind::Float;
}

// Python's `a < b`, or nullopt where Python raises TypeError.
std::optional<bool> py_less(const Value& a, const Value& b) {
    using K = Value::Kind;
    if (is_number(a) && is_number(b)) {
        if (a.kind() != K::Float && b.kind() != K::Float) return bigint::compare(a, b) < 0;
        if (a.kind() == K::Float && b.kind() == K::Float) return a.as_float() < b.as_float();
        // An int and a float compare exactly; NaN is unordered.
        if (a.kind() == K::Float) return !std::isnan(a.as_float()) && bigint::compare_with_float(b, a.as_float()) > 0;
        return !std::isnan(b.as_float()) && bigint::compare_with_float(a, b.as_float()) < 0;
    }
    if (a.kind() != b.kind()) return std::nullopt;
    if (a.kind() == K::Str) return a.as_str() < b.as_str();  // byte order == code point order
    if (a.kind() == K::List || a.kind() == K::Tuple) {
        // Sequence comparison: the first unequal items decide, else the length.
        const auto& xs = a.items();
        const auto& ys = b.items();
        const std::size_t n = std::min(xs.size(), ys.size());
        for (std::size_t i = 0; i < n; ++i)
            if (!(xs[i] == ys[i])) return py_less(xs[i], ys[i]);
        return xs.size() < ys.size();
    }
    return std::nullopt;  // None, exceptions, futures (and sets, unhashable) are unordered
}

// pprint._safe_key.__lt__: `<`, falling back to (str(type), id) on TypeError.
// Ids are addresses we cannot reproduce, so unorderable objects of one type
// keep the order the scenario gave (the sort is stable, like Python's).
bool safe_key_less(const Value& a, const Value& b) {
    if (const auto lt = py_less(a, b)) return *lt;
    return type_string(a) < type_string(b);
}

// ---- the printer ---------------------------------------------------------------

class Printer {
public:
    explicit Printer(int width) : width_(width) {}

    // PrettyPrinter._format: the one-line repr if it fits in
    // width - indent - allowance, else the container's own layout.
    // A list or tuple inside itself is `<Recursion on list with id=N>`
    // (N as id() gives it), in _format as in _safe_repr.
    void format(const Value& v, int indent, int allowance, int level) {
        recursion::Scope depth;  // pprint recurses in Python: a plain RecursionError
        if (is_recursive(v)) {
            out_ += recursion_text(v);
            return;
        }
        const std::string rep = safe_repr(v);
        const int max_width = width_ - indent - allowance;
        if (utf8::code_point_count(rep) > max_width) {
            const Entered entered(context_, v);
            switch (v.kind()) {
                case Value::Kind::List: return pprint_list(v, indent, allowance, level + 1);
                case Value::Kind::Tuple: return pprint_tuple(v, indent, allowance, level + 1);
                case Value::Kind::Set: return pprint_set(v, indent, allowance, level + 1);
                case Value::Kind::Str: return pprint_str(v.as_str(), indent, allowance, level + 1);
                default: break;  // no _dispatch entry: the repr goes out as is
            }
        }
        out_ += rep;
    }

    std::string take() { return std::move(out_); }

private:
    // The lists and tuples being printed further out (_format's `context`).
    struct Entered {
        std::vector<const void*>& context;
        bool pushed;
        Entered(std::vector<const void*>& c, const Value& v)
            : context(c), pushed(v.kind() == Value::Kind::List || v.kind() == Value::Kind::Tuple) {
            if (pushed) context.push_back(v.identity());
        }
        ~Entered() {
            if (pushed) context.pop_back();
        }
        Entered(const Entered&) = delete;
        Entered& operator=(const Entered&) = delete;
    };
    bool is_recursive(const Value& v) const {
        if (v.kind() != Value::Kind::List && v.kind() != Value::Kind::Tuple) return false;
        return std::find(context_.begin(), context_.end(), v.identity()) != context_.end();
    }
    static std::string recursion_text(const Value& v) {
        return "<Recursion on " + std::string(v.kind() == Value::Kind::List ? "list" : "tuple") + " with id=" +
               std::to_string(reinterpret_cast<std::uintptr_t>(v.identity())) + ">";
    }
    // _safe_repr: repr(), but lists and tuples walked here, with the context.
    std::string safe_repr(const Value& v) {
        if ((v.kind() != Value::Kind::List && v.kind() != Value::Kind::Tuple) || v.items().empty()) return repr(v);
        if (is_recursive(v)) return recursion_text(v);
        recursion::Scope depth;
        const Entered entered(context_, v);
        const auto& items = v.items();
        std::string out = v.kind() == Value::Kind::List ? "[" : "(";
        for (std::size_t i = 0; i < items.size(); ++i) {
            if (i) out += ", ";
            out += safe_repr(items[i]);
        }
        if (v.kind() == Value::Kind::Tuple && items.size() == 1) out += ",";
        return out + (v.kind() == Value::Kind::List ? "]" : ")");
    }

    void pprint_list(const Value& v, int indent, int allowance, int level) {
        out_ += '[';
        format_items(v.items(), indent, allowance + 1, level);
        out_ += ']';
    }

    void pprint_tuple(const Value& v, int indent, int allowance, int level) {
        out_ += '(';
        const std::string_view endchar = v.items().size() == 1 ? ",)" : ")";
        format_items(v.items(), indent, allowance + static_cast<int>(endchar.size()), level);
        out_ += endchar;
    }

    // Only here does pprint sort a set; a set that fits on one line keeps
    // repr()'s (iteration) order.
    void pprint_set(const Value& v, int indent, int allowance, int level) {
        if (v.items().empty()) {
            out_ += repr(v);
            return;
        }
        out_ += '{';
        std::vector<Value> sorted = v.items();
        std::stable_sort(sorted.begin(), sorted.end(), safe_key_less);
        format_items(sorted, indent, allowance + 1, level);
        out_ += '}';
    }

    // _pprint_str: split at line ends, then between words, into reprs that
    // fit; at the top level (level 1) the chunks are wrapped in parentheses.
    void pprint_str(std::string_view s, int indent, int allowance, int level) {
        if (s.empty()) {
            out_ += str_repr(s);
            return;
        }
        std::vector<std::string> chunks;
        const auto lines = splitlines_keepends(s);
        if (level == 1) {
            indent += 1;
            allowance += 1;
        }
        const int max_width = width_ - indent;
        int max_width1 = max_width;
        for (std::size_t i = 0; i < lines.size(); ++i) {
            const bool last_line = i + 1 == lines.size();
            std::string rep = str_repr(lines[i]);
            if (last_line) max_width1 -= allowance;
            if (utf8::code_point_count(rep) <= max_width1) {
                chunks.push_back(std::move(rep));
                continue;
            }
            const auto parts = word_parts(lines[i]);
            int max_width2 = max_width;
            std::string current;
            for (std::size_t j = 0; j < parts.size(); ++j) {
                std::string candidate = current + std::string(parts[j]);
                if (j + 1 == parts.size() && last_line) max_width2 -= allowance;
                if (utf8::code_point_count(str_repr(candidate)) > max_width2) {
                    if (!current.empty()) chunks.push_back(str_repr(current));
                    current = std::string(parts[j]);
                } else {
                    current = std::move(candidate);
                }
            }
            if (!current.empty()) chunks.push_back(str_repr(current));
        }
        // One chunk means one line that went out whole, which is what
        // CPython's `write(rep)` (the last line's repr) writes.
        if (chunks.size() == 1) {
            out_ += chunks[0];
            return;
        }
        if (level == 1) out_ += '(';
        for (std::size_t i = 0; i < chunks.size(); ++i) {
            if (i > 0) out_ += '\n' + std::string(static_cast<std::size_t>(std::max(indent, 0)), ' ');
            out_ += chunks[i];
        }
        if (level == 1) out_ += ')';
    }

    // _format_items with indent_per_level=1 and compact=False: one item per
    // line, each but the last leaving room for its ",".
    void format_items(const std::vector<Value>& items, int indent, int allowance, int level) {
        indent += 1;
        const std::string delimnl = ",\n" + std::string(static_cast<std::size_t>(std::max(indent, 0)), ' ');
        for (std::size_t i = 0; i < items.size(); ++i) {
            const bool last = i + 1 == items.size();
            if (i > 0) out_ += delimnl;
            format(items[i], indent, last ? allowance : 1, level);
        }
    }

    int width_;
    std::string out_;
    std::vector<const void*> context_;
};

}  // namespace

// PrettyPrinter.pformat: _format(object, stream, 0, 0, {}, 0).
std::string pformat(const Value& value, int width) {
    Printer printer(width);
    try {
        printer.format(value, 0, 0, 0);
    } catch (PyError& e) {
        // Too deep: pprint's own Python recursion gives up first, with the plain message.
        if (!e.exc->is(exc_types::RecursionError)) throw;
        recursion::raise_error("");
    }
    return printer.take();
}

}  // namespace loopscope
