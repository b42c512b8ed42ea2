// The syntax tree of the .py interpreter.
//
// One node struct for expressions and one for statements, each tagged by
// kind and carrying the fields its kinds use (Python's ast module, flattened).
// Every node knows its line and column, and whether an `await` (or a
// `yield`: both suspend the frame) is inside it: the evaluator runs
// await-free nodes with plain C++ calls and only the others on coroutine frames.
#pragma once

#include <algorithm>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/value.hpp"

namespace loopscope::py {

// An interned identifier: names compare as integers.
using Sym = std::uint32_t;
Sym intern(std::string_view name);
const std::string& sym_name(Sym s);

struct Expr;
struct Stmt;
struct FuncDef;
using ExprP = std::unique_ptr<Expr>;
using StmtP = std::unique_ptr<Stmt>;
using Block = std::vector<StmtP>;

enum class EK : std::uint8_t {
    Name, Const, JoinedStr, FormattedValue, Tuple, List, Set, Dict, BinOp, UnaryOp, BoolOp, Compare,
    Call, Attribute, Subscript, Slice, IfExp, Lambda, ListComp, SetComp, DictComp, GenExp, Await, Starred,
    DoubleStarred, Yield,
};

enum class BinOpKind : std::uint8_t { Add, Sub, Mul, Div, FloorDiv, Mod, Pow, LShift, RShift, BitOr, BitXor, BitAnd, MatMul };
enum class UnaryKind : std::uint8_t { Neg, Pos, Not, Invert };
enum class CmpKind : std::uint8_t { Eq, NotEq, Lt, LtE, Gt, GtE, Is, IsNot, In, NotIn };

struct Comprehension {
    ExprP target;
    ExprP iter;
    std::vector<ExprP> ifs;
    bool is_async = false;
};

struct Expr {
    EK kind;
    int line = 0, col = 0;
    bool has_await = false;
    bool is_local = false;     // Name: a local of the function it is read in (scopes.hpp)
    std::uint8_t op = 0;       // BinOpKind / UnaryKind / BoolOp (0 and, 1 or) / FormattedValue conversion
    Sym name = 0;              // Name, Attribute's attribute
    Value constant;            // Const
    ExprP a, b, c;             // operands: left/right, func, value+slice, test/body/orelse, key/value of DictComp
    std::vector<ExprP> items;  // elements, call arguments, compare comparators, dict keys, f-string parts
    std::vector<ExprP> values;  // dict values
    std::vector<CmpKind> cmp;
    std::vector<Sym> kw_names;  // call keywords (0 = **mapping)
    std::vector<ExprP> kw_values;
    std::vector<Comprehension> gens;
    std::shared_ptr<FuncDef> func;  // Lambda; GenExp's generator function (then `c` is its first iterable)

    Expr(EK k, int l, int c_) : kind(k), line(l), col(c_) {}
};

enum class SK : std::uint8_t {
    Expr, Assign, AugAssign, AnnAssign, Return, Pass, Break, Continue, If, While, For, Try, Raise,
    FunctionDef, ClassDef, Import, ImportFrom, Global, Nonlocal, With, Delete, Assert,
};

struct Handler {
    ExprP type;  // null: bare except
    bool star = false;  // except*: takes the matching part of an exception group
    Sym name = 0;
    Block body;
    int line = 0;
};

struct ImportName {
    std::string module;  // dotted; for ImportFrom, the imported name
    Sym asname = 0;
};

struct WithItem {
    ExprP context;
    ExprP target;  // may be null
};

struct Stmt {
    SK kind;
    int line = 0, col = 0;
    bool has_await = false;
    bool is_async = false;
    std::uint8_t op = 0;            // AugAssign's BinOpKind
    std::vector<ExprP> targets;     // Assign targets (a = b = v), Delete, For target (one), Global names as Name
    ExprP value;                    // value, test, iter, raise exc, return value, assert test
    ExprP extra;                    // raise cause, assert message, annotation
    Block body, orelse, finalbody;
    std::vector<Handler> handlers;
    std::shared_ptr<FuncDef> func;  // FunctionDef
    Sym name = 0;                   // ClassDef
    std::vector<ExprP> bases;       // ClassDef
    std::vector<ExprP> decorators;  // FunctionDef, ClassDef: @expr lines, top first
    std::string module;             // ImportFrom
    std::vector<ImportName> names;  // Import / ImportFrom
    std::vector<Sym> syms;          // Global / Nonlocal
    std::vector<WithItem> items;    // With

    Stmt(SK k, int l, int c_) : kind(k), line(l), col(c_) {}
};

struct Param {
    enum class Kind : std::uint8_t { Positional, VarArgs, KeywordOnly, VarKeywords };
    Sym name = 0;
    Kind kind = Kind::Positional;
    ExprP default_value;
};

// A function, a lambda (body is one Return), or a generator expression's
// generator function (parser.cpp, make_lazy).
struct FuncDef {
    std::string name;  // __name__ (for lambdas "<lambda>")
    Sym sym = 0;
    bool is_async = false;
    bool is_generator = false;  // a `yield` in the body (async too: an async generator)
    int line = 0;
    std::vector<Param> params;
    Block body;
    std::vector<Sym> globals;    // names declared global in the body
    std::vector<Sym> nonlocals;  // names declared nonlocal
    std::vector<Sym> locals;     // names the body binds (scopes.hpp); empty for comprehensions
    [[nodiscard]] bool binds(Sym s) const { return std::find(locals.begin(), locals.end(), s) != locals.end(); }
};

struct Module {
    std::string filename;
    Block body;
};

}  // namespace loopscope::py
