#include "engine/py/parser.hpp"

#include <algorithm>
#include <cerrno>
#include <optional>
#include <cstdlib>
#include <deque>
#include <string_view>
#include <unordered_map>
#include "engine/bigint.hpp"
#include "engine/py/scopes.hpp"
#include "engine/utf8.hpp"

// Sections: symbols · the parser (statements, expressions, atoms, strings) ·
// the await marks.

namespace loopscope::py {

// ---- symbols -------------------------------------------------------------------

namespace {
// Looked up by string_view without making a std::string (intern runs for
// keyword names at calls, not only in the parser).
struct TextHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};
struct SymbolTable {
    std::unordered_map<std::string, Sym, TextHash, std::equal_to<>> ids;
    std::deque<std::string> names{""};  // a deque: sym_name's references stay valid as it grows
};
SymbolTable& symbols() {
    static SymbolTable table;
    return table;
}
}  // namespace

Sym intern(std::string_view name) {
    SymbolTable& t = symbols();
    auto it = t.ids.find(name);
    if (it != t.ids.end()) return it->second;
    const Sym s = static_cast<Sym>(t.names.size());
    t.names.emplace_back(name);
    t.ids.emplace(std::string(name), s);
    return s;
}

const std::string& sym_name(Sym s) { return symbols().names.at(s); }

std::string format_problem(const std::string& filename, const SyntaxProblem& p) {
    return filename + ":" + std::to_string(p.line) + ":" + std::to_string(p.col) + ": " + p.message;
}

// ---- the await marks -------------------------------------------------------------

namespace {

bool mark(Expr* e);

bool mark_all(std::vector<ExprP>& v) {
    bool any = false;
    for (auto& e : v) any = mark(e.get()) || any;
    return any;
}

bool mark(Expr* e) {
    if (e == nullptr) return false;
    bool any = e->kind == EK::Await || e->kind == EK::Yield;
    any = mark(e->a.get()) || any;
    any = mark(e->b.get()) || any;
    any = mark(e->c.get()) || any;
    any = mark_all(e->items) || any;
    any = mark_all(e->values) || any;
    any = mark_all(e->kw_values) || any;
    for (auto& g : e->gens) {
        any = g.is_async || any;  // `async for` in a comprehension awaits __anext__
        any = mark(g.target.get()) || any;
        any = mark(g.iter.get()) || any;
        any = mark_all(g.ifs) || any;
    }
    e->has_await = any;
    return any;
}

bool mark_block(Block& b);

bool mark_stmt(Stmt& s) {
    bool any = s.is_async;
    any = mark_all(s.targets) || any;
    any = mark(s.value.get()) || any;
    any = mark(s.extra.get()) || any;
    any = mark_block(s.body) || any;
    any = mark_block(s.orelse) || any;
    any = mark_block(s.finalbody) || any;
    for (auto& h : s.handlers) {
        any = mark(h.type.get()) || any;
        any = mark_block(h.body) || any;
    }
    for (auto& w : s.items) {
        any = mark(w.context.get()) || any;
        any = mark(w.target.get()) || any;
    }
    if (s.kind == SK::FunctionDef) {
        for (auto& p : s.func->params) any = mark(p.default_value.get()) || any;
        mark_block(s.func->body);  // the body's awaits belong to the function's frames
    }
    if (s.kind == SK::ClassDef) any = mark_all(s.bases) || any;
    any = mark_all(s.decorators) || any;
    s.has_await = any;
    return any;
}

bool mark_block(Block& b) {
    bool any = false;
    for (auto& s : b) any = mark_stmt(*s) || any;
    return any;
}

// ---- the parser ------------------------------------------------------------------

class Parser {
public:
    Parser(std::vector<Token> tokens, int line_offset = 0, int col_offset = 0)
        : toks_(std::move(tokens)), line_offset_(line_offset), col_offset_(col_offset) {}

    Block file() {
        Block body;
        while (!at(Tok::End)) {
            if (at(Tok::Newline)) {
                ++pos_;
                continue;
            }
            if (at(Tok::Indent)) fail(peek(), "unexpected indent");
            statement(body);
        }
        return body;
    }

    // A whole input that is one expression (an f-string's replacement field).
    ExprP lone_expression() {
        ExprP e = expressions(true);
        while (at(Tok::Newline)) ++pos_;
        if (!at(Tok::End)) fail(peek(), "f-string: invalid syntax");
        return e;
    }

    void push_function(bool is_async) { funcs_.push_back({is_async, 0}); }

private:
    struct FuncCtx {
        bool is_async;
        int loops;
    };

    // ---- nesting ----
    // Each level of recursion, and each link of a left-deep chain (`a.b.c`,
    // `a + b + c`, `elif`), makes the tree one level deeper, and mark(), the
    // destructors and the evaluator walk trees recursively. Past kMaxNesting
    // levels the parse stops with a one-line error, as CPython stops with
    // "too complex to parse", instead of overflowing the stack. Brackets and
    // indentation are limited by the tokenizer already, as in CPython.
    static constexpr int kMaxNesting = 1000;

    // Holds `levels` levels of nesting for as long as it lives.
    class Nesting {
    public:
        explicit Nesting(Parser& p, int levels = 1) : p_(p) {
            for (int k = 0; k < levels; ++k) deeper();
        }
        ~Nesting() { p_.nesting_ -= levels_; }
        Nesting(const Nesting&) = delete;
        Nesting& operator=(const Nesting&) = delete;
        void deeper() {
            if (p_.nesting_ >= kMaxNesting) p_.fail(p_.peek(), "too complex to parse: nested too deeply");
            ++p_.nesting_;
            ++levels_;
        }

    private:
        Parser& p_;
        int levels_ = 0;
    };

    // One open bracket for as long as it lives. The tokenizer allows 200 in
    // a token stream; this carries the count into an f-string's fields, which
    // are tokenized apart, so that fields within fields cannot multiply it
    // (CPython 3.12 tokenizes them in one stream, under one limit). A bracket
    // costs the most stack per level: expression() down to atom() and back.
    class Bracket {
    public:
        Bracket(Parser& p, const Token& t) : p_(p) {
            if (p_.brackets_ >= kMaxBrackets) p_.fail(t, "too many nested parentheses");
            ++p_.brackets_;
        }
        ~Bracket() { --p_.brackets_; }
        Bracket(const Bracket&) = delete;
        Bracket& operator=(const Bracket&) = delete;

    private:
        Parser& p_;
    };
    static constexpr int kMaxBrackets = 200;  // the tokenizer's limit, as CPython's MAXLEVEL

    // ---- tokens ----
    const Token& peek(int ahead = 0) const {
        const std::size_t i = std::min(pos_ + static_cast<std::size_t>(ahead), toks_.size() - 1);
        return toks_[i];
    }
    bool at(Tok t) const { return peek().type == t; }
    bool at_op(std::string_view op) const { return peek().type == Tok::Op && peek().text == op; }
    bool at_kw(std::string_view kw) const { return peek().type == Tok::Name && peek().text == kw; }
    bool accept_op(std::string_view op) {
        if (!at_op(op)) return false;
        ++pos_;
        return true;
    }
    bool accept_kw(std::string_view kw) {
        if (!at_kw(kw)) return false;
        ++pos_;
        return true;
    }
    const Token& next() { return toks_[std::min(pos_++, toks_.size() - 1)]; }
    [[noreturn]] void fail(const Token& t, const std::string& message) const {
        throw SyntaxProblem{t.line + line_offset_, t.col + (t.line == 1 ? col_offset_ : 0), message};
    }
    void expect_op(std::string_view op) {
        if (!accept_op(op)) fail(peek(), "expected '" + std::string(op) + "'");
    }
    Sym expect_name() {
        if (!at(Tok::Name) || is_keyword(peek().text)) fail(peek(), "invalid syntax");
        return intern(next().text);
    }
    int line(const Token& t) const { return t.line + line_offset_; }
    int col(const Token& t) const { return t.col + (t.line == 1 ? col_offset_ : 0); }
    ExprP node(EK k, const Token& t) const { return std::make_unique<Expr>(k, line(t), col(t)); }
    StmtP snode(SK k, const Token& t) const { return std::make_unique<Stmt>(k, line(t), col(t)); }

    static bool is_keyword(std::string_view s) {
        static const std::string_view kws[] = {
            "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def",
            "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is",
            "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield"};
        for (auto k : kws)
            if (k == s) return true;
        return false;
    }

    // ---- statements ----
    void statement(Block& out) {
        const Token& t = peek();
        if (t.type == Tok::Op && t.text == "@") return out.push_back(decorated());
        if (t.type == Tok::Name) {
            const std::string& k = t.text;
            if (k == "if") return out.push_back(if_stmt());
            if (k == "while") return out.push_back(while_stmt());
            if (k == "for") return out.push_back(for_stmt(false, t));
            if (k == "try") return out.push_back(try_stmt());
            if (k == "def") return out.push_back(def_stmt(false, t));
            if (k == "class") return out.push_back(class_stmt());
            if (k == "with") return out.push_back(with_stmt(t, false));
            if (k == "match" && looks_like_match()) fail(t, "unsupported match statement");
            if (k == "async") {
                ++pos_;
                if (at_kw("def")) return out.push_back(def_stmt(true, t));
                if (at_kw("with")) return out.push_back(with_stmt(t, true));
                if (at_kw("for")) return out.push_back(for_stmt(true, t));
                fail(peek(), "invalid syntax");
            }
        }
        simple_statements(out);
    }

    // `@expr` lines, then the def or class they decorate (PEP 614: any
    // expression). The definition starts at the first decorator's line, as
    // CPython's co_firstlineno does.
    StmtP decorated() {
        const Token& first = peek();
        std::vector<ExprP> decorators;
        while (at_op("@")) {
            ++pos_;
            decorators.push_back(named_expression());
            if (!at(Tok::Newline)) fail(peek(), "invalid syntax");
            ++pos_;
        }
        const Token& t = peek();
        StmtP s;
        if (at_kw("def")) {
            s = def_stmt(false, t);
        } else if (at_kw("class")) {
            s = class_stmt();
        } else if (at_kw("async") && peek(1).type == Tok::Name && peek(1).text == "def") {
            ++pos_;
            s = def_stmt(true, t);
        } else {
            fail(t, "invalid syntax");
        }
        if (s->kind == SK::FunctionDef) s->func->line = line(first);
        s->decorators = std::move(decorators);
        return s;
    }

    // `match` is a soft keyword: a statement when the line reads `match <subject>:`.
    bool looks_like_match() const {
        const Token& next_tok = peek(1);
        if (next_tok.type == Tok::Op && next_tok.text != "(" && next_tok.text != "[" && next_tok.text != "-") return false;
        if (next_tok.type == Tok::Newline || next_tok.type == Tok::End) return false;
        for (std::size_t i = pos_ + 1; i < toks_.size(); ++i) {
            if (toks_[i].type == Tok::Newline || toks_[i].type == Tok::End) {
                const Token& last = toks_[i - 1];
                return last.type == Tok::Op && last.text == ":";
            }
        }
        return false;
    }

    void simple_statements(Block& out) {
        for (;;) {
            out.push_back(small_statement());
            if (accept_op(";")) {
                if (at(Tok::Newline)) break;
                continue;
            }
            break;
        }
        if (!at(Tok::Newline)) fail(peek(), "invalid syntax");
        ++pos_;
    }

    bool in_function() const { return !funcs_.empty(); }
    int& loops() { return funcs_.empty() ? module_loops_ : funcs_.back().loops; }

    StmtP small_statement() {
        const Token& t = peek();
        if (t.type == Tok::Name) {
            const std::string& k = t.text;
            if (k == "pass") return ++pos_, snode(SK::Pass, t);
            if (k == "break") {
                if (loops() == 0) fail(t, "'break' outside loop");
                return ++pos_, snode(SK::Break, t);
            }
            if (k == "continue") {
                if (loops() == 0) fail(t, "'continue' not properly in loop");
                return ++pos_, snode(SK::Continue, t);
            }
            if (k == "return") {
                if (!in_function()) fail(t, "'return' outside function");
                ++pos_;
                StmtP s = snode(SK::Return, t);
                if (!at(Tok::Newline) && !at_op(";")) s->value = expressions(true);
                return s;
            }
            if (k == "raise") {
                ++pos_;
                StmtP s = snode(SK::Raise, t);
                if (!at(Tok::Newline) && !at_op(";")) {
                    s->value = expression();
                    if (accept_kw("from")) s->extra = expression();
                }
                return s;
            }
            if (k == "global" || k == "nonlocal") {
                ++pos_;
                StmtP s = snode(k == "global" ? SK::Global : SK::Nonlocal, t);
                if (k == "nonlocal" && funcs_.empty()) fail(t, "nonlocal declaration not allowed at module level");
                do s->syms.push_back(expect_name());
                while (accept_op(","));
                if (!funcs_.empty() && current_def_ != nullptr) {
                    auto& dst = k == "global" ? current_def_->globals : current_def_->nonlocals;
                    dst.insert(dst.end(), s->syms.begin(), s->syms.end());
                }
                return s;
            }
            if (k == "import") return import_stmt();
            if (k == "from") return from_stmt();
            if (k == "del") {
                ++pos_;
                StmtP s = snode(SK::Delete, t);
                do {
                    ExprP e = expression();
                    check_target(*e, "delete");
                    s->targets.push_back(std::move(e));
                } while (accept_op(","));
                return s;
            }
            if (k == "assert") {
                ++pos_;
                StmtP s = snode(SK::Assert, t);
                s->value = expression();
                if (accept_op(",")) s->extra = expression();
                return s;
            }
        }
        // expression statement or assignment
        ExprP first = expressions(true);
        if (at_op("=")) {
            StmtP s = snode(SK::Assign, t);
            std::vector<ExprP> chain;
            chain.push_back(std::move(first));
            while (accept_op("=")) chain.push_back(at_kw("yield") ? yield_expr() : expressions(true));
            s->value = std::move(chain.back());
            chain.pop_back();
            for (auto& target : chain) {
                check_target(*target, "assign to");
                s->targets.push_back(std::move(target));
            }
            return s;
        }
        if (at_op(":")) {
            ++pos_;
            StmtP s = snode(SK::AnnAssign, t);
            check_target(*first, "assign to");
            s->extra = expression();
            if (accept_op("=")) s->value = expressions(true);
            s->targets.push_back(std::move(first));
            return s;
        }
        static const std::pair<std::string_view, BinOpKind> aug[] = {
            {"+=", BinOpKind::Add},      {"-=", BinOpKind::Sub},     {"*=", BinOpKind::Mul},
            {"/=", BinOpKind::Div},      {"//=", BinOpKind::FloorDiv}, {"%=", BinOpKind::Mod},
            {"**=", BinOpKind::Pow},     {"<<=", BinOpKind::LShift}, {">>=", BinOpKind::RShift},
            {"|=", BinOpKind::BitOr},    {"^=", BinOpKind::BitXor},  {"&=", BinOpKind::BitAnd},
            {"@=", BinOpKind::MatMul}};
        for (auto [text, op] : aug) {
            if (at_op(text)) {
                const Token& opt = next();
                if (first->kind != EK::Name && first->kind != EK::Attribute && first->kind != EK::Subscript)
                    fail(opt, "'" + describe(*first) + "' is an illegal expression for augmented assignment");
                StmtP s = snode(SK::AugAssign, t);
                s->op = static_cast<std::uint8_t>(op);
                s->targets.push_back(std::move(first));
                s->value = expressions(true);
                return s;
            }
        }
        if (at_op(":=")) fail(peek(), "unsupported assignment expression (:=)");
        StmtP s = snode(SK::Expr, t);
        s->value = std::move(first);
        return s;
    }

    static std::string describe(const Expr& e) {
        switch (e.kind) {
            case EK::Call: return "function call";
            case EK::Const: return "literal";
            case EK::BinOp:
            case EK::UnaryOp: return "expression";
            case EK::Compare: return "comparison";
            case EK::BoolOp: return "expression";
            case EK::Await: return "await expression";
            case EK::Lambda: return "lambda";
            case EK::IfExp: return "conditional expression";
            case EK::JoinedStr: return "f-string expression";
            case EK::ListComp: return "list comprehension";
            case EK::SetComp: return "set comprehension";
            case EK::DictComp: return "dict comprehension";
            case EK::GenExp: return "generator expression";
            case EK::Dict: return "dict literal";
            case EK::Set: return "set display";
            case EK::Tuple: return "tuple";
            case EK::List: return "list";
            default: return "expression";
        }
    }

    void check_target(const Expr& e, const char* verb) const {
        switch (e.kind) {
            case EK::Name:
            case EK::Attribute:
            case EK::Subscript: return;
            case EK::Tuple:
            case EK::List: {
                int stars = 0;
                for (auto& i : e.items) {
                    if (i->kind == EK::Starred) {
                        ++stars;
                        check_target(*i->a, verb);
                    } else {
                        check_target(*i, verb);
                    }
                }
                if (stars > 1) throw SyntaxProblem{e.line, e.col, "multiple starred expressions in assignment"};
                return;
            }
            case EK::Starred: throw SyntaxProblem{e.line, e.col, "starred assignment target must be in a list or tuple"};
            default:
                throw SyntaxProblem{e.line, e.col, std::string("cannot ") + verb + " " + describe(e)};
        }
    }

    StmtP import_stmt() {
        StmtP s = snode(SK::Import, next());
        do {
            ImportName n;
            n.module = dotted();
            if (accept_kw("as")) n.asname = expect_name();
            s->names.push_back(std::move(n));
        } while (accept_op(","));
        return s;
    }

    std::string dotted() {
        std::string name = sym_name(expect_name());
        while (accept_op(".")) name += "." + sym_name(expect_name());
        return name;
    }

    StmtP from_stmt() {
        const Token& t = next();
        if (at_op(".")) fail(peek(), "unsupported relative import");
        StmtP s = snode(SK::ImportFrom, t);
        s->module = dotted();
        if (!accept_kw("import")) fail(peek(), "invalid syntax");
        if (accept_op("*")) fail(toks_[pos_ - 1], "unsupported import *");
        const bool paren = accept_op("(");
        do {
            if (paren && at_op(")")) break;
            ImportName n;
            n.module = sym_name(expect_name());
            if (accept_kw("as")) n.asname = expect_name();
            s->names.push_back(std::move(n));
        } while (accept_op(","));
        if (paren) expect_op(")");
        return s;
    }

    Block block() {
        if (!accept_op(":")) fail(peek(), "expected ':'");
        Block body;
        if (!at(Tok::Newline)) {
            simple_statements(body);
            return body;
        }
        ++pos_;
        if (!at(Tok::Indent)) fail(peek(), "expected an indented block");
        ++pos_;
        while (!at(Tok::Dedent) && !at(Tok::End)) {
            if (at(Tok::Newline)) {
                ++pos_;
                continue;
            }
            if (at(Tok::Indent)) fail(peek(), "unexpected indent");
            statement(body);
        }
        if (at(Tok::Dedent)) ++pos_;
        return body;
    }

    StmtP if_stmt() {
        const Nesting nest(*this);  // an elif is an if nested in the else
        const Token& t = next();
        StmtP s = snode(SK::If, t);
        s->value = named_expression();
        s->body = block();
        if (at_kw("elif")) {
            s->orelse.push_back(if_stmt());
        } else if (accept_kw("else")) {
            s->orelse = block();
        }
        return s;
    }

    StmtP while_stmt() {
        StmtP s = snode(SK::While, next());
        s->value = named_expression();
        ++loops();
        s->body = block();
        --loops();
        if (accept_kw("else")) s->orelse = block();
        return s;
    }

    StmtP for_stmt(bool is_async, const Token& t) {
        const Token& fort = next();
        if (is_async) {
            if (funcs_.empty() || !funcs_.back().is_async) fail(t, "'async for' outside async function");
        }
        StmtP s = snode(SK::For, fort);
        s->is_async = is_async;
        ExprP target = target_list();
        check_target(*target, "assign to");
        s->targets.push_back(std::move(target));
        if (!accept_kw("in")) fail(peek(), "expected 'in'");
        s->value = expressions(true);
        ++loops();
        s->body = block();
        --loops();
        if (accept_kw("else")) s->orelse = block();
        return s;
    }

    // The target of a for: or-expressions separated by commas (no `in`).
    ExprP target_list() {
        const Token& t = peek();
        std::vector<ExprP> items;
        bool trailing = false;
        for (;;) {
            if (at_op("*")) {
                const Token& st = next();
                ExprP s = node(EK::Starred, st);
                s->a = bitwise_or();
                items.push_back(std::move(s));
            } else {
                items.push_back(bitwise_or());
            }
            if (!accept_op(",")) break;
            trailing = true;
            if (at_kw("in")) break;
            trailing = false;
        }
        if (items.size() == 1 && !trailing) return std::move(items[0]);
        ExprP tup = node(EK::Tuple, t);
        tup->items = std::move(items);
        return tup;
    }

    StmtP try_stmt() {
        StmtP s = snode(SK::Try, next());
        s->body = block();
        while (at_kw("except")) {
            const Token& et = next();
            Handler h;
            h.line = line(et);
            h.star = accept_op("*");
            if (!s->handlers.empty() && h.star != s->handlers.front().star)
                fail(et, "cannot have both 'except' and 'except*' on the same 'try'");
            if (h.star && at_op(":")) fail(peek(), "expected one or more exception types");
            if (!at_op(":")) {
                h.type = expression();
                if (accept_op(",")) fail(toks_[pos_ - 1], "multiple exception types must be parenthesized");
                if (accept_kw("as")) h.name = expect_name();
            }
            h.body = block();
            if (h.star) forbid_jumps_out(h.body, false);
            s->handlers.push_back(std::move(h));
        }
        if (accept_kw("else")) {
            if (s->handlers.empty()) fail(toks_[pos_ - 1], "invalid syntax");
            s->orelse = block();
        }
        if (accept_kw("finally")) s->finalbody = block();
        if (s->handlers.empty() && s->finalbody.empty()) fail(peek(), "expected 'except' or 'finally' block");
        return s;
    }

    // An except* block may not leave by break, continue or return (a loop
    // inside it may break out of itself).
    void forbid_jumps_out(const Block& b, bool in_loop) const {
        for (const StmtP& st : b) {
            const bool jumps = st->kind == SK::Return || (!in_loop && (st->kind == SK::Break || st->kind == SK::Continue));
            if (jumps) throw SyntaxProblem{st->line, st->col, "'break', 'continue' and 'return' cannot appear in an except* block"};
            if (st->kind == SK::FunctionDef || st->kind == SK::ClassDef) continue;
            const bool loop = in_loop || st->kind == SK::For || st->kind == SK::While;
            forbid_jumps_out(st->body, loop);
            forbid_jumps_out(st->orelse, in_loop);
            forbid_jumps_out(st->finalbody, in_loop);
            for (const Handler& h : st->handlers) forbid_jumps_out(h.body, in_loop);
        }
    }

    StmtP def_stmt(bool is_async, const Token& t) {
        ++pos_;  // def
        StmtP s = snode(SK::FunctionDef, t);
        auto f = std::make_shared<FuncDef>();
        f->sym = expect_name();
        f->name = sym_name(f->sym);
        f->is_async = is_async;
        f->line = line(t);
        expect_op("(");
        parameters(*f, ")");
        expect_op(")");
        if (accept_op("->")) (void)expression();
        FuncDef* saved = current_def_;
        current_def_ = f.get();
        funcs_.push_back({is_async, 0});
        f->body = block();
        funcs_.pop_back();
        current_def_ = saved;
        s->func = std::move(f);
        return s;
    }

    void parameters(FuncDef& f, std::string_view close) {
        bool kwonly = false;
        bool seen_default = false;
        while (!at_op(close)) {
            Param p;
            if (accept_op("**")) {
                p.kind = Param::Kind::VarKeywords;
                p.name = expect_name();
                if (close == ")" && accept_op(":")) (void)expression();
                f.params.push_back(std::move(p));
                accept_op(",");
                if (!at_op(close)) fail(peek(), "arguments cannot follow var-keyword argument");
                break;
            }
            if (accept_op("*")) {
                if (kwonly) fail(toks_[pos_ - 1], "* argument may appear only once");
                kwonly = true;
                if (at_op(",")) {
                    ++pos_;
                    continue;
                }
                p.kind = Param::Kind::VarArgs;
                p.name = expect_name();
                if (close == ")" && accept_op(":")) (void)expression();
                f.params.push_back(std::move(p));
                if (!accept_op(",")) break;
                continue;
            }
            if (accept_op("/")) {
                if (!accept_op(",")) break;
                continue;
            }
            p.kind = kwonly ? Param::Kind::KeywordOnly : Param::Kind::Positional;
            const Token& nt = peek();
            p.name = expect_name();
            for (const Param& q : f.params)
                if (q.name == p.name) fail(nt, "duplicate argument '" + sym_name(p.name) + "' in function definition");
            if (close == ")" && accept_op(":")) (void)expression();
            if (accept_op("=")) {
                p.default_value = expression();
                if (!kwonly) seen_default = true;
            } else if (seen_default && !kwonly) {
                fail(nt, "parameter without a default follows parameter with a default");
            }
            f.params.push_back(std::move(p));
            if (!accept_op(",")) break;
        }
    }

    StmtP class_stmt() {
        StmtP s = snode(SK::ClassDef, next());
        s->name = expect_name();
        if (accept_op("(")) {
            while (!at_op(")")) {
                if (at(Tok::Name) && peek(1).type == Tok::Op && peek(1).text == "=")
                    fail(peek(), "unsupported class keyword argument");
                s->bases.push_back(expression());
                if (!accept_op(",")) break;
            }
            expect_op(")");
        }
        // A class body is not a function: return is not allowed in it and
        // loop counts restart.
        std::vector<FuncCtx> saved;
        saved.swap(funcs_);
        FuncDef* saved_def = current_def_;
        current_def_ = nullptr;
        const int saved_loops = module_loops_;
        module_loops_ = 0;
        s->body = block();
        module_loops_ = saved_loops;
        current_def_ = saved_def;
        funcs_.swap(saved);
        return s;
    }

    StmtP with_stmt(const Token& t, bool is_async) {
        ++pos_;  // with
        if (is_async && (funcs_.empty() || !funcs_.back().is_async)) fail(t, "'async with' outside async function");
        StmtP s = snode(SK::With, t);
        s->is_async = is_async;
        const bool paren = at_op("(") && looks_parenthesized_with();
        if (paren) ++pos_;
        do {
            if (paren && at_op(")")) break;
            WithItem w;
            w.context = expression();
            if (accept_kw("as")) {
                w.target = target_atom();
                check_target(*w.target, "assign to");
            }
            s->items.push_back(std::move(w));
        } while (accept_op(","));
        if (paren) expect_op(")");
        s->body = block();
        return s;
    }

    bool looks_parenthesized_with() const {
        // `async with (a as b, c):` versus `async with (x):` — scan to the
        // matching parenthesis and see whether a ':' follows it.
        int depth = 0;
        for (std::size_t i = pos_; i < toks_.size(); ++i) {
            const Token& tk = toks_[i];
            if (tk.type != Tok::Op) continue;
            if (tk.text == "(" || tk.text == "[" || tk.text == "{") ++depth;
            if (tk.text == ")" || tk.text == "]" || tk.text == "}") {
                if (--depth == 0) {
                    for (std::size_t j = pos_; j < i; ++j)
                        if (toks_[j].type == Tok::Name && toks_[j].text == "as") return true;
                    return false;
                }
            }
        }
        return false;
    }

    ExprP target_atom() {
        if (at_op("(") || at_op("[")) return primary();
        return primary();
    }

    // ---- expressions ----

    // A comma-separated list: a tuple when there is a comma.
    ExprP expressions(bool allow_star) {
        const Token& t = peek();
        ExprP first = star_or_expression(allow_star);
        if (!at_op(",")) {
            if (first->kind == EK::Starred) fail(t, "can't use starred expression here");
            return first;
        }
        ExprP tup = node(EK::Tuple, t);
        tup->items.push_back(std::move(first));
        while (accept_op(",")) {
            if (ends_expression_list()) break;
            tup->items.push_back(star_or_expression(allow_star));
        }
        return tup;
    }

    bool ends_expression_list() const {
        const Token& t = peek();
        if (t.type == Tok::Newline || t.type == Tok::End) return true;
        if (t.type == Tok::Op)
            return t.text == ")" || t.text == "]" || t.text == "}" || t.text == "=" || t.text == ";" || t.text == ":" ||
                   (t.text.size() >= 2 && t.text.back() == '=' && t.text != "==" && t.text != "<=" && t.text != ">=" &&
                    t.text != "!=");
        return false;
    }

    ExprP star_or_expression(bool allow_star) {
        if (allow_star && at_op("*")) {
            const Token& t = next();
            ExprP s = node(EK::Starred, t);
            s->a = bitwise_or();
            return s;
        }
        return expression();
    }

    // `yield [value]`: makes the enclosing def a generator (an async
    // generator inside `async def`).
    ExprP yield_expr() {
        const Token& t = next();
        if (current_def_ == nullptr || funcs_.empty()) fail(t, "'yield' outside function");
        if (at_kw("from")) fail(t, "unsupported yield from");
        current_def_->is_generator = true;
        ExprP y = node(EK::Yield, t);
        if (!at(Tok::Newline) && !at(Tok::End) && !at_op(")") && !at_op("=") && !at_op(";") && !at_op("]") && !at_op("}"))
            y->a = expressions(true);
        return y;
    }

    ExprP named_expression() {
        ExprP e = expression();
        if (at_op(":=")) fail(peek(), "unsupported assignment expression (:=)");
        return e;
    }

    ExprP expression() {
        const Nesting nest(*this);
        if (at_kw("lambda")) return lambda();
        if (at_kw("yield")) return yield_expr();
        const Token& t = peek();
        ExprP body = or_test();
        if (at_kw("if")) {
            ++pos_;
            ExprP e = node(EK::IfExp, t);
            e->a = or_test();
            if (!accept_kw("else")) fail(peek(), "expected 'else' after 'if' expression");
            e->c = expression();
            e->b = std::move(body);
            return e;
        }
        return body;
    }

    ExprP expression_nocond() { return at_kw("lambda") ? lambda() : or_test(); }

    ExprP lambda() {
        const Token& t = next();
        ExprP e = node(EK::Lambda, t);
        auto f = std::make_shared<FuncDef>();
        f->name = "<lambda>";
        f->sym = intern("<lambda>");
        f->line = line(t);
        parameters(*f, ":");
        expect_op(":");
        funcs_.push_back({false, 0});
        FuncDef* saved = current_def_;
        current_def_ = f.get();
        const Token& bt = peek();
        StmtP ret = snode(SK::Return, bt);
        ret->value = expression();
        current_def_ = saved;
        funcs_.pop_back();
        f->body.push_back(std::move(ret));
        mark_block(f->body);
        e->func = std::move(f);
        return e;
    }

    ExprP or_test() {
        const Token& t = peek();
        ExprP left = and_test();
        if (!at_kw("or")) return left;
        ExprP e = node(EK::BoolOp, t);
        e->op = 1;
        e->items.push_back(std::move(left));
        while (accept_kw("or")) e->items.push_back(and_test());
        return e;
    }

    ExprP and_test() {
        const Token& t = peek();
        ExprP left = not_test();
        if (!at_kw("and")) return left;
        ExprP e = node(EK::BoolOp, t);
        e->op = 0;
        e->items.push_back(std::move(left));
        while (accept_kw("and")) e->items.push_back(not_test());
        return e;
    }

    ExprP not_test() {
        if (at_kw("not")) {
            const Nesting nest(*this);
            const Token& t = next();
            ExprP e = node(EK::UnaryOp, t);
            e->op = static_cast<std::uint8_t>(UnaryKind::Not);
            e->a = not_test();
            return e;
        }
        return comparison();
    }

    std::optional<CmpKind> comparison_op() {
        const Token& t = peek();
        if (t.type == Tok::Op) {
            static const std::pair<std::string_view, CmpKind> ops[] = {
                {"==", CmpKind::Eq}, {"!=", CmpKind::NotEq}, {"<", CmpKind::Lt},
                {"<=", CmpKind::LtE}, {">", CmpKind::Gt},     {">=", CmpKind::GtE}};
            for (auto [text, k] : ops) {
                if (t.text == text) {
                    ++pos_;
                    return k;
                }
            }
            return std::nullopt;
        }
        if (t.type != Tok::Name) return std::nullopt;
        if (t.text == "in") {
            ++pos_;
            return CmpKind::In;
        }
        if (t.text == "not" && peek(1).type == Tok::Name && peek(1).text == "in") {
            pos_ += 2;
            return CmpKind::NotIn;
        }
        if (t.text == "is") {
            ++pos_;
            if (accept_kw("not")) return CmpKind::IsNot;
            return CmpKind::Is;
        }
        return std::nullopt;
    }

    ExprP comparison() {
        const Token& t = peek();
        ExprP left = bitwise_or();
        std::optional<CmpKind> op = comparison_op();
        if (!op) return left;
        ExprP e = node(EK::Compare, t);
        e->a = std::move(left);
        while (op) {
            e->cmp.push_back(*op);
            e->items.push_back(bitwise_or());
            op = comparison_op();
        }
        return e;
    }

    ExprP binary_level(int level) {
        // | ^ & << >> + - * / // % @
        static const std::vector<std::vector<std::pair<std::string_view, BinOpKind>>> levels = {
            {{"|", BinOpKind::BitOr}},
            {{"^", BinOpKind::BitXor}},
            {{"&", BinOpKind::BitAnd}},
            {{"<<", BinOpKind::LShift}, {">>", BinOpKind::RShift}},
            {{"+", BinOpKind::Add}, {"-", BinOpKind::Sub}},
            {{"*", BinOpKind::Mul}, {"/", BinOpKind::Div}, {"//", BinOpKind::FloorDiv}, {"%", BinOpKind::Mod},
             {"@", BinOpKind::MatMul}},
        };
        if (level == static_cast<int>(levels.size())) return factor();
        ExprP left = binary_level(level + 1);
        Nesting chain(*this, 0);
        for (;;) {
            const Token& t = peek();
            if (t.type != Tok::Op) return left;
            bool matched = false;
            for (auto [text, k] : levels[static_cast<std::size_t>(level)]) {
                if (t.text == text) {
                    chain.deeper();
                    ++pos_;
                    ExprP e = node(EK::BinOp, t);
                    e->line = left->line;
                    e->col = left->col;
                    e->op = static_cast<std::uint8_t>(k);
                    e->a = std::move(left);
                    e->b = binary_level(level + 1);
                    left = std::move(e);
                    matched = true;
                    break;
                }
            }
            if (!matched) return left;
        }
    }

    ExprP bitwise_or() { return binary_level(0); }

    ExprP factor() {
        const Token& t = peek();
        if (t.type == Tok::Op && (t.text == "-" || t.text == "+" || t.text == "~")) {
            const Nesting nest(*this);
            ++pos_;
            ExprP e = node(EK::UnaryOp, t);
            e->op = static_cast<std::uint8_t>(t.text == "-" ? UnaryKind::Neg : t.text == "+" ? UnaryKind::Pos : UnaryKind::Invert);
            e->a = factor();
            return e;
        }
        return power();
    }

    ExprP power() {
        const Token& t = peek();
        ExprP base;
        if (at_kw("await")) {
            ++pos_;
            if (funcs_.empty() || !funcs_.back().is_async) fail(t, "'await' outside async function");
            base = node(EK::Await, t);
            base->a = primary();
        } else {
            base = primary();
        }
        if (at_op("**")) {
            const Nesting nest(*this);
            ++pos_;
            ExprP e = node(EK::BinOp, t);
            e->op = static_cast<std::uint8_t>(BinOpKind::Pow);
            e->a = std::move(base);
            e->b = factor();
            return e;
        }
        return base;
    }

    ExprP primary() {
        ExprP e = atom();
        Nesting chain(*this, 0);
        for (;;) {
            const Token& t = peek();
            if (t.type != Tok::Op) return e;
            if (t.text == "." || t.text == "(" || t.text == "[") chain.deeper();
            if (t.text == ".") {
                ++pos_;
                ExprP a = node(EK::Attribute, peek());
                a->line = e->line;
                a->col = e->col;
                a->name = expect_name();
                a->a = std::move(e);
                e = std::move(a);
            } else if (t.text == "(") {
                const Bracket open(*this, t);
                ++pos_;
                ExprP c = node(EK::Call, t);
                c->line = e->line;
                c->col = e->col;
                c->a = std::move(e);
                call_arguments(*c);
                e = std::move(c);
            } else if (t.text == "[") {
                const Bracket open(*this, t);
                ++pos_;
                ExprP s = node(EK::Subscript, t);
                s->line = e->line;
                s->col = e->col;
                s->a = std::move(e);
                s->b = subscript();
                expect_op("]");
                e = std::move(s);
            } else {
                return e;
            }
        }
    }

    ExprP subscript() {
        const Token& t = peek();
        std::vector<ExprP> items;
        bool tuple = false;
        for (;;) {
            items.push_back(slice_item());
            if (!accept_op(",")) break;
            tuple = true;
            if (at_op("]")) break;
        }
        if (!tuple) return std::move(items[0]);
        ExprP tup = node(EK::Tuple, t);
        tup->items = std::move(items);
        return tup;
    }

    ExprP slice_item() {
        const Token& t = peek();
        ExprP lower;
        if (!at_op(":")) {
            lower = expression();
            if (!at_op(":")) return lower;
        }
        ++pos_;
        ExprP s = node(EK::Slice, t);
        s->a = std::move(lower);
        if (!at_op(":") && !at_op("]") && !at_op(",")) s->b = expression();
        if (accept_op(":")) {
            if (!at_op("]") && !at_op(",")) s->c = expression();
        }
        return s;
    }

    void call_arguments(Expr& call) {
        bool seen_keyword = false;
        while (!at_op(")")) {
            const Token& t = peek();
            if (accept_op("**")) {
                call.kw_names.push_back(0);
                call.kw_values.push_back(expression());
                seen_keyword = true;
            } else if (at_op("*")) {
                ++pos_;
                ExprP s = node(EK::Starred, t);
                s->a = expression();
                call.items.push_back(std::move(s));
            } else if (t.type == Tok::Name && peek(1).type == Tok::Op && peek(1).text == "=") {
                const Sym name = expect_name();
                ++pos_;
                for (Sym k : call.kw_names)
                    if (k == name) fail(t, "keyword argument repeated: " + sym_name(name));
                call.kw_names.push_back(name);
                call.kw_values.push_back(expression());
                seen_keyword = true;
            } else {
                if (seen_keyword) fail(t, "positional argument follows keyword argument");
                ExprP arg = named_expression();
                if (at_kw("for") || at_kw("async")) {
                    ExprP g = node(EK::GenExp, t);
                    g->a = std::move(arg);
                    comprehension_clauses(*g);
                    make_lazy(*g);
                    if (!call.items.empty() || !at_op(")")) fail(t, "Generator expression must be parenthesized");
                    call.items.push_back(std::move(g));
                    break;
                }
                call.items.push_back(std::move(arg));
            }
            if (!accept_op(",")) break;
        }
        expect_op(")");
    }

    void comprehension_clauses(Expr& e) {
        while (at_kw("for") || at_kw("async")) {
            Comprehension c;
            if (accept_kw("async")) {
                const Token& async_tok = toks_[pos_ - 1];
                if (e.kind == EK::GenExp) fail(async_tok, "unsupported asynchronous generator expression");
                if (funcs_.empty() || !funcs_.back().is_async)
                    fail(async_tok, "asynchronous comprehension outside of an asynchronous function");
                c.is_async = true;
            }
            ++pos_;  // for
            c.target = target_list();
            check_target(*c.target, "assign to");
            if (!accept_kw("in")) fail(peek(), "expected 'in'");
            c.iter = or_test();
            while (at_kw("if")) {
                ++pos_;
                c.ifs.push_back(expression_nocond());
            }
            e.gens.push_back(std::move(c));
        }
    }

    // A generator expression is a generator function, as CPython compiles it:
    //     (elt for x in it if c for y in f(x))
    // is <genexpr>(iter(it)) with
    //     def <genexpr>(.0):
    //         for x in .0:
    //             if c:
    //                 for y in f(x):
    //                     yield elt
    // so it runs lazily, a step per next(): any() over an endless generator
    // stops at the first true item, and side effects interleave with the
    // consumer's. The node keeps the first iterable (the enclosing scope
    // evaluates it at once) and gets the function as `func`. One with an
    // await inside is an async generator in Python; it stays eager here.
    void make_lazy(Expr& g) {
        bool awaits = mark(g.a.get());
        for (std::size_t i = 0; i < g.gens.size(); ++i) {
            Comprehension& c = g.gens[i];
            awaits = mark_all(c.ifs) || (i > 0 && mark(c.iter.get())) || awaits;
        }
        if (awaits) return;
        static const Sym dot0 = intern(".0");
        auto f = std::make_shared<FuncDef>();
        f->name = "<genexpr>";
        f->sym = intern("<genexpr>");
        f->line = g.line;
        f->is_generator = true;
        Param p;
        p.name = dot0;
        f->params.push_back(std::move(p));

        auto stmt = [&g](SK k) { return std::make_unique<Stmt>(k, g.line, g.col); };
        StmtP yield_stmt = stmt(SK::Expr);
        yield_stmt->value = std::make_unique<Expr>(EK::Yield, g.a->line, g.a->col);
        yield_stmt->value->a = std::move(g.a);
        StmtP inner = std::move(yield_stmt);
        for (std::size_t i = g.gens.size(); i-- > 0;) {
            Comprehension& c = g.gens[i];
            for (std::size_t j = c.ifs.size(); j-- > 0;) {
                StmtP test = stmt(SK::If);
                test->value = std::move(c.ifs[j]);
                test->body.push_back(std::move(inner));
                inner = std::move(test);
            }
            StmtP loop = stmt(SK::For);
            loop->targets.push_back(std::move(c.target));
            if (i == 0) {
                loop->value = std::make_unique<Expr>(EK::Name, g.line, g.col);
                loop->value->name = dot0;
            } else {
                loop->value = std::move(c.iter);
            }
            loop->body.push_back(std::move(inner));
            inner = std::move(loop);
        }
        f->body.push_back(std::move(inner));
        mark_block(f->body);
        ExprP first = std::move(g.gens[0].iter);
        g.gens.clear();
        g.c = std::move(first);
        g.func = std::move(f);
    }

    // ---- atoms ----
    ExprP atom() {
        const Token& t = peek();
        switch (t.type) {
            case Tok::Name: {
                if (t.text == "True" || t.text == "False" || t.text == "None") {
                    ++pos_;
                    ExprP c = node(EK::Const, t);
                    if (t.text == "True") c->constant = Value(true);
                    if (t.text == "False") c->constant = Value(false);
                    return c;
                }
                if (is_keyword(t.text)) {
                    if (t.text == "await") fail(t, "invalid syntax");
                    fail(t, "invalid syntax");
                }
                ++pos_;
                ExprP n = node(EK::Name, t);
                n->name = intern(t.text);
                return n;
            }
            case Tok::Number: return number(next());
            case Tok::String: return strings();
            case Tok::Op: break;
            default: fail(t, t.type == Tok::Indent ? "unexpected indent" : "invalid syntax");
        }
        if (t.text == "(") {
            const Bracket open(*this, t);
            ++pos_;
            if (accept_op(")")) return node(EK::Tuple, t);
            if (at_kw("yield")) {
                ExprP y = yield_expr();
                expect_op(")");
                return y;
            }
            ExprP first = star_or_expression(true);
            if (at_op(":=")) fail(peek(), "unsupported assignment expression (:=)");
            if (at_kw("for") || at_kw("async")) {
                ExprP g = node(EK::GenExp, t);
                g->a = std::move(first);
                comprehension_clauses(*g);
                make_lazy(*g);
                expect_op(")");
                return g;
            }
            if (accept_op(")")) {
                if (first->kind == EK::Starred) fail(t, "cannot use starred expression here");
                return first;
            }
            ExprP tup = node(EK::Tuple, t);
            tup->items.push_back(std::move(first));
            while (accept_op(",")) {
                if (at_op(")")) break;
                tup->items.push_back(star_or_expression(true));
            }
            expect_op(")");
            return tup;
        }
        if (t.text == "[") {
            const Bracket open(*this, t);
            ++pos_;
            ExprP l = node(EK::List, t);
            if (accept_op("]")) return l;
            ExprP first = star_or_expression(true);
            if (at_kw("for") || at_kw("async")) {
                ExprP c = node(EK::ListComp, t);
                c->a = std::move(first);
                comprehension_clauses(*c);
                expect_op("]");
                return c;
            }
            l->items.push_back(std::move(first));
            while (accept_op(",")) {
                if (at_op("]")) break;
                l->items.push_back(star_or_expression(true));
            }
            expect_op("]");
            return l;
        }
        if (t.text == "{") {
            const Bracket open(*this, t);
            ++pos_;
            if (accept_op("}")) return node(EK::Dict, t);
            if (accept_op("**")) {
                ExprP d = node(EK::Dict, t);
                d->items.push_back(nullptr);
                d->values.push_back(bitwise_or());
                dict_rest(*d);
                return d;
            }
            ExprP first = star_or_expression(true);
            if (accept_op(":")) {
                ExprP value = expression();
                if (at_kw("for") || at_kw("async")) {
                    ExprP c = node(EK::DictComp, t);
                    c->a = std::move(first);
                    c->b = std::move(value);
                    comprehension_clauses(*c);
                    expect_op("}");
                    return c;
                }
                ExprP d = node(EK::Dict, t);
                d->items.push_back(std::move(first));
                d->values.push_back(std::move(value));
                dict_rest(*d);
                return d;
            }
            if (at_kw("for") || at_kw("async")) {
                ExprP c = node(EK::SetComp, t);
                c->a = std::move(first);
                comprehension_clauses(*c);
                expect_op("}");
                return c;
            }
            ExprP s = node(EK::Set, t);
            s->items.push_back(std::move(first));
            while (accept_op(",")) {
                if (at_op("}")) break;
                s->items.push_back(star_or_expression(true));
            }
            expect_op("}");
            return s;
        }
        if (t.text == "...") fail(t, "unsupported Ellipsis");
        if (t.text == ")" || t.text == "]" || t.text == "}") fail(t, "unmatched '" + t.text + "'");
        fail(t, "invalid syntax");
    }

    void dict_rest(Expr& d) {
        while (accept_op(",")) {
            if (at_op("}")) break;
            if (accept_op("**")) {
                d.items.push_back(nullptr);
                d.values.push_back(bitwise_or());
                continue;
            }
            d.items.push_back(expression());
            expect_op(":");
            d.values.push_back(expression());
        }
        expect_op("}");
    }

    ExprP number(const Token& t) {
        std::string text;
        for (char c : t.text)
            if (c != '_') text += c;
        ExprP c = node(EK::Const, t);
        if (text.back() == 'j' || text.back() == 'J') fail(t, "unsupported complex number");
        const bool is_float = text.find_first_of(".eE") != std::string::npos && !(text.size() > 1 && (text[1] == 'x' || text[1] == 'X'));
        if (is_float) {
            c->constant = Value(std::strtod(text.c_str(), nullptr));
            return c;
        }
        int base = 10;
        std::size_t start = 0;
        if (text.size() > 1 && text[0] == '0') {
            const char b = static_cast<char>(text[1] | 0x20);
            if (b == 'x') base = 16, start = 2;
            else if (b == 'o') base = 8, start = 2;
            else if (b == 'b') base = 2, start = 2;
            else if (text.find_first_not_of('0') != std::string::npos)
                fail(t, "leading zeros in decimal integer literals are not permitted");
        }
        errno = 0;
        char* end = nullptr;
        const unsigned long long v = std::strtoull(text.c_str() + start, &end, base);
        // No digit after the prefix (`0x`): strtoull reads nothing and says 0.
        if (end == nullptr || end == text.c_str() + start || *end != '\0') fail(t, "invalid " + std::string(base == 16 ? "hexadecimal" : base == 8 ? "octal" : base == 2 ? "binary" : "decimal") + " literal");
        if (errno != ERANGE && v <= 0x7fffffffffffffffULL) {
            c->constant = Value(static_cast<std::int64_t>(v));
            return c;
        }
        // An int past 64 bits; a decimal one is held to the int/str digit
        // limit in force when CPython compiles the file (the default), with
        // the compiler's advice.
        const std::string_view digits = std::string_view(text).substr(start);
        const int limit = bigint::kDefaultMaxStrDigits;
        if (base == 10 && limit > 0 && digits.size() > static_cast<std::size_t>(limit)) {
            fail(t, "Exceeds the limit (" + std::to_string(limit) + " digits) for integer string conversion: value has " +
                        std::to_string(digits.size()) +
                        " digits; use sys.set_int_max_str_digits() to increase the limit - Consider hexadecimal for huge "
                        "integer literals to avoid decimal conversion limits.");
        }
        c->constant = bigint::parse_digits(digits, base, false);
        return c;
    }

    // ---- strings ----

    // Adjacent literals concatenate; any f-string among them makes the whole a JoinedStr.
    ExprP strings() {
        const Token& first = peek();
        std::vector<ExprP> parts;
        std::string pending;
        bool joined = false;
        while (at(Tok::String)) {
            const Token& t = next();
            std::size_t p = 0;
            bool raw = false, fmt = false, bytes = false;
            while (t.text[p] != '\'' && t.text[p] != '"') {
                const char c = static_cast<char>(t.text[p] | 0x20);
                raw = raw || c == 'r';
                fmt = fmt || c == 'f';
                bytes = bytes || c == 'b';
                ++p;
            }
            if (bytes) fail(t, "unsupported bytes literal");
            const char q = t.text[p];
            const bool triple = t.text.size() >= p + 6 && t.text[p + 1] == q && t.text[p + 2] == q;
            const std::size_t qn = triple ? 3 : 1;
            const std::string_view body = std::string_view(t.text).substr(p + qn, t.text.size() - p - 2 * qn);
            if (!fmt) {
                pending += raw ? std::string(body) : unescape(body, t);
                continue;
            }
            joined = true;
            fstring(body, raw, t, parts, pending);
        }
        if (!joined) {
            ExprP c = node(EK::Const, first);
            c->constant = Value(std::move(pending));
            return c;
        }
        flush_literal(parts, pending, first);
        ExprP j = node(EK::JoinedStr, first);
        j->items = std::move(parts);
        return j;
    }

    void flush_literal(std::vector<ExprP>& parts, std::string& pending, const Token& t) const {
        if (pending.empty()) return;
        ExprP c = node(EK::Const, t);
        c->constant = Value(std::move(pending));
        pending.clear();
        parts.push_back(std::move(c));
    }

    std::string unescape(std::string_view s, const Token& t) const {
        std::string out;
        for (std::size_t i = 0; i < s.size(); ++i) {
            const char c = s[i];
            if (c != '\\' || i + 1 >= s.size()) {
                out += c;
                continue;
            }
            const char e = s[++i];
            auto hex = [&](int n) {
                std::uint32_t v = 0;
                for (int k = 0; k < n; ++k) {
                    const char h = i + 1 < s.size() ? s[++i] : 'g';
                    int d = h >= '0' && h <= '9' ? h - '0' : (h | 0x20) >= 'a' && (h | 0x20) <= 'f' ? (h | 0x20) - 'a' + 10 : -1;
                    if (d < 0) fail(t, "truncated escape in string literal");
                    v = v * 16 + static_cast<std::uint32_t>(d);
                }
                return v;
            };
            switch (e) {
                case '\n': break;
                case '\\': out += '\\'; break;
                case '\'': out += '\''; break;
                case '"': out += '"'; break;
                case 'a': out += '\a'; break;
                case 'b': out += '\b'; break;
                case 'f': out += '\f'; break;
                case 'n': out += '\n'; break;
                case 'r': out += '\r'; break;
                case 't': out += '\t'; break;
                case 'v': out += '\v'; break;
                case 'x': utf8::append(out, hex(2)); break;
                case 'u': utf8::append(out, hex(4)); break;
                case 'U': utf8::append(out, hex(8)); break;
                case 'N': fail(t, "unsupported \\N{...} escape");
                default:
                    if (e >= '0' && e <= '7') {
                        std::uint32_t v = static_cast<std::uint32_t>(e - '0');
                        for (int k = 0; k < 2 && i + 1 < s.size() && s[i + 1] >= '0' && s[i + 1] <= '7'; ++k)
                            v = v * 8 + static_cast<std::uint32_t>(s[++i] - '0');
                        utf8::append(out, v);
                    } else {
                        out += '\\';
                        out += e;
                    }
            }
        }
        return out;
    }

    // Splits an f-string body into literal text and replacement fields.
    void fstring(std::string_view body, bool raw, const Token& t, std::vector<ExprP>& parts, std::string& pending) {
        std::string literal;
        auto flush_text = [&] {
            pending += raw ? literal : unescape(literal, t);
            literal.clear();
        };
        for (std::size_t i = 0; i < body.size(); ++i) {
            const char c = body[i];
            if (c == '{' && i + 1 < body.size() && body[i + 1] == '{') {
                literal += '{';
                ++i;
                continue;
            }
            if (c == '}' && i + 1 < body.size() && body[i + 1] == '}') {
                literal += '}';
                ++i;
                continue;
            }
            if (c == '}') fail(t, "f-string: single '}' is not allowed");
            if (c != '{') {
                literal += c;
                continue;
            }
            flush_text();
            i = replacement_field(body, i + 1, raw, t, parts, pending, 0);
        }
        flush_text();
    }

    // Parses `expr[=][!r|!s|!a][:spec]}` starting at `i`; returns the index of the closing brace.
    // `level` counts the format specs around the field: as in CPython 3.11, a
    // spec may hold fields, but theirs may not (which also bounds the recursion).
    std::size_t replacement_field(std::string_view body, std::size_t i, bool raw, const Token& t,
                                  std::vector<ExprP>& parts, std::string& pending, int level) {
        if (level >= 2) fail(t, "f-string: expressions nested too deeply");
        const std::size_t start = i;
        int depth = 0;
        char quote = 0;
        for (; i < body.size(); ++i) {
            const char c = body[i];
            if (quote) {
                if (c == quote) quote = 0;
                continue;
            }
            if (c == '\'' || c == '"') {
                quote = c;
                continue;
            }
            if (c == '(' || c == '[' || c == '{') ++depth;
            if (c == ')' || c == ']' || c == '}') {
                if (depth == 0) break;
                --depth;
            }
            if (depth == 0 && (c == '!' || c == ':') && !(c == '!' && i + 1 < body.size() && body[i + 1] == '=')) break;
        }
        if (i >= body.size()) fail(t, "f-string: expecting '}'");
        std::string_view expr_text = body.substr(start, i - start);
        bool self_doc = false;
        {
            std::size_t e = expr_text.find_last_not_of(" \t");
            if (e != std::string_view::npos && expr_text[e] == '=' && (e == 0 || std::string_view("=!<>").find(expr_text[e - 1]) == std::string_view::npos)) {
                self_doc = true;
                pending += std::string(expr_text);
                expr_text = expr_text.substr(0, e);
            }
        }
        if (expr_text.find_first_not_of(" \t\n") == std::string_view::npos) fail(t, "f-string: empty expression not allowed");
        ExprP fv = node(EK::FormattedValue, t);
        fv->a = sub_expression(expr_text, t);
        fv->op = self_doc ? 'r' : 0;
        if (body[i] == '!') {
            if (i + 1 >= body.size() || std::string_view("rsa").find(body[i + 1]) == std::string_view::npos)
                fail(t, "f-string: invalid conversion character");
            fv->op = static_cast<std::uint8_t>(body[i + 1]);
            i += 2;
        }
        if (i < body.size() && body[i] == ':') {
            ++i;
            std::string spec_pending;
            std::vector<ExprP> spec_parts;
            std::string literal;
            int d = 0;
            for (; i < body.size(); ++i) {
                const char c = body[i];
                if (c == '{') {
                    if (!literal.empty()) spec_pending += literal, literal.clear();
                    flush_literal(spec_parts, spec_pending, t);
                    i = replacement_field(body, i + 1, raw, t, spec_parts, spec_pending, level + 1);
                    continue;
                }
                if (c == '}') {
                    if (d == 0) break;
                    --d;
                }
                literal += c;
            }
            spec_pending += literal;
            flush_literal(spec_parts, spec_pending, t);
            ExprP spec = node(EK::JoinedStr, t);
            spec->items = std::move(spec_parts);
            fv->b = std::move(spec);
        }
        if (i >= body.size() || body[i] != '}') fail(t, "f-string: expecting '}'");
        flush_literal(parts, pending, t);
        parts.push_back(std::move(fv));
        return i;
    }

    ExprP sub_expression(std::string_view text, const Token& t) {
        std::vector<Token> toks;
        try {
            toks = tokenize("(" + std::string(text) + ")");
        } catch (SyntaxProblem& p) {
            fail(t, "f-string: " + p.message);
        }
        Parser sub(std::move(toks), t.line - 1, t.col - 1);
        sub.funcs_ = funcs_;
        sub.nesting_ = nesting_;    // the field's expression sits at this depth of the tree
        sub.brackets_ = brackets_;  // and inside these brackets (the `(` added above stands for `{`)
        try {
            return sub.lone_expression();
        } catch (SyntaxProblem& p) {
            if (p.message.rfind("f-string", 0) == 0 || p.message.rfind("unsupported", 0) == 0 || p.message.find("await") != std::string::npos) {
                p.line = line(t);
                p.col = col(t);
                throw;
            }
            fail(t, "f-string: " + p.message);
        }
    }

    std::vector<Token> toks_;
    std::size_t pos_ = 0;
    int line_offset_ = 0;
    int col_offset_ = 0;
    std::vector<FuncCtx> funcs_;
    int module_loops_ = 0;
    FuncDef* current_def_ = nullptr;
    int nesting_ = 0;   // levels held by Nesting guards
    int brackets_ = 0;  // brackets held by Bracket guards
};

}  // namespace

Module parse_module(std::string_view source, std::string filename) {
    Module m;
    m.filename = std::move(filename);
    Parser p(tokenize(source));
    m.body = p.file();
    mark_block(m.body);
    resolve_locals(m);
    return m;
}

}  // namespace loopscope::py
