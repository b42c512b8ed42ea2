#include "engine/py/source_encoding.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <optional>

#include "engine/py/tokenizer.hpp"

namespace loopscope::py {

namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

bool is_ascii_alnum(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// tokenizer.c's get_coding_spec: the line must be a comment; the first
// "coding" followed by ':' or '=' and a name of [-\w.] characters names it.
std::optional<std::string> coding_spec(std::string_view line) {
    std::size_t i = 0;
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\f')) ++i;
    if (i >= line.size() || line[i] != '#') return std::nullopt;
    for (std::size_t at = line.find("coding", i); at != std::string_view::npos; at = line.find("coding", at + 1)) {
        std::size_t t = at + 6;
        if (t >= line.size() || (line[t] != ':' && line[t] != '=')) continue;
        do ++t;
        while (t < line.size() && (line[t] == ' ' || line[t] == '\t'));
        const std::size_t begin = t;
        while (t < line.size() && (is_ascii_alnum(line[t]) || line[t] == '-' || line[t] == '_' || line[t] == '.')) ++t;
        if (t > begin) return std::string(line.substr(begin, t - begin));
    }
    return std::nullopt;
}

// A line with nothing but blanks or a comment: the declaration may follow it.
bool blank_or_comment(std::string_view line) {
    for (char c : line) {
        if (c == '#' || c == '\n' || c == '\r') return true;
        if (c != ' ' && c != '\t' && c != '\f') return false;
    }
    return true;
}

// tokenizer.c's get_normal_name: utf-8 and latin-1 under their spellings.
std::string normal_name(const std::string& name) {
    std::string buf;
    for (std::size_t i = 0; i < name.size() && i < 12; ++i) buf += name[i] == '_' ? '-' : ascii_lower(name[i]);
    if (buf == "utf-8" || buf.starts_with("utf-8-")) return "utf-8";
    if (buf == "latin-1" || buf == "iso-8859-1" || buf == "iso-latin-1" || buf.starts_with("latin-1-") ||
        buf.starts_with("iso-8859-1-") || buf.starts_with("iso-latin-1-"))
        return "iso-8859-1";
    return name;
}

// encodings.normalize_encoding, lower-cased, as the codec registry looks names up.
std::string codec_key(std::string_view name) {
    std::string key;
    for (char c : name) key += is_ascii_alnum(c) || c == '.' ? ascii_lower(c) : '_';
    return key;
}

bool is_ascii_name(const std::string& key) {
    return key == "ascii" || key == "us_ascii" || key == "646" || key == "us" || key == "iso646_us" ||
           key == "ansi_x3.4_1968" || key == "cp367" || key == "csascii" || key == "ibm367";
}

// Codecs CPython has that the interpreter does not read (a coarse test by
// family: cp1252, iso8859_15, utf_16, shift_jis, ...).
bool is_other_codec(const std::string& key) {
    constexpr std::array<std::string_view, 22> families = {
        "cp", "iso8859", "iso_8859", "latin", "utf_16", "utf_32", "utf_7", "utf16", "utf32", "mac", "koi8",
        "euc", "shift_jis", "sjis", "gb", "big5", "windows_", "ibm", "hz", "johab", "tis", "ptcp154"};
    return std::any_of(families.begin(), families.end(), [&](std::string_view f) { return key.starts_with(f); });
}

std::string latin1_to_utf8(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (c < 0x80) {
            out += ch;
        } else {
            out += static_cast<char>(0xC0 | (c >> 6));
            out += static_cast<char>(0x80 | (c & 0x3F));
        }
    }
    return out;
}

}  // namespace

std::string decode_source(std::string_view raw) {
    const bool bom = raw.starts_with(kBom);
    if (bom) raw.remove_prefix(kBom.size());

    // The declaration: line 1, or line 2 when line 1 is blank or a comment.
    std::optional<std::string> spec;
    int spec_line = 0;
    const std::size_t end1 = raw.find('\n');
    const std::string_view line1 = raw.substr(0, end1);
    if ((spec = coding_spec(line1))) {
        spec_line = 1;
    } else if (end1 != std::string_view::npos && blank_or_comment(line1)) {
        const std::string_view rest = raw.substr(end1 + 1);
        if ((spec = coding_spec(rest.substr(0, rest.find('\n'))))) spec_line = 2;
    }
    if (!spec) return std::string(raw);

    const std::string name = normal_name(*spec);
    if (bom && name != "utf-8") throw SyntaxProblem{spec_line, 1, "encoding problem: " + name + " with BOM"};
    if (name == "utf-8") return std::string(raw);
    if (name == "iso-8859-1") return latin1_to_utf8(raw);
    const std::string key = codec_key(name);
    if (is_ascii_name(key)) {
        for (std::size_t i = 0; i < raw.size(); ++i) {
            const auto c = static_cast<unsigned char>(raw[i]);
            if (c < 0x80) continue;
            char text[120];
            std::snprintf(text, sizeof text, "'ascii' codec can't decode byte 0x%02x in position %zu: ordinal not in range(128)",
                          c, i);
            throw SyntaxProblem{spec_line, 1, text};
        }
        return std::string(raw);
    }
    if (is_other_codec(key))
        throw SyntaxProblem{spec_line, 1, "unsupported encoding: " + name + " (the interpreter reads utf-8, latin-1 and ascii)"};
    throw SyntaxProblem{spec_line, 1, "unknown encoding: " + name};
}

}  // namespace loopscope::py
