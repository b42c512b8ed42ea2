// A pre-order walk over every expression and statement of a module.
//
// The visitors get the nodes themselves (not copies), so a pass can replace
// a node's children in place: children are visited after their parent's
// visitor returns, so a replaced child is the one walked. Lambda bodies, the
// generator functions of generator expressions and function parameters'
// defaults are included.
#pragma once

#include <type_traits>

#include "engine/py/ast.hpp"

namespace loopscope::py {

template <typename OnExpr, typename OnStmt>
struct Walker {
    OnExpr& on_expr;
    OnStmt& on_stmt;
    // false: stay in one scope. Function, lambda and class bodies and
    // comprehensions are not entered (defaults and bases, which the
    // enclosing scope evaluates, still are).
    bool nested_scopes = true;

    [[nodiscard]] static bool is_comprehension(EK k) {
        return k == EK::ListComp || k == EK::SetComp || k == EK::DictComp || k == EK::GenExp;
    }

    void expr(Expr* e) {
        if (e == nullptr) return;
        on_expr(*e);
        if (!nested_scopes && e->kind == EK::GenExp && e->func) {
            expr(e->c.get());  // a lazy generator expression's first iterable: this scope's
            return;
        }
        if (!nested_scopes && is_comprehension(e->kind)) return;
        if (!nested_scopes && e->kind == EK::Lambda) {
            if (e->func) defaults(*e->func);
            return;
        }
        expr(e->a.get());
        expr(e->b.get());
        expr(e->c.get());
        exprs(e->items);
        exprs(e->values);
        exprs(e->kw_values);
        for (Comprehension& g : e->gens) {
            expr(g.target.get());
            expr(g.iter.get());
            exprs(g.ifs);
        }
        if ((e->kind == EK::Lambda || e->kind == EK::GenExp) && e->func) func(*e->func);
    }
    void exprs(std::vector<ExprP>& v) {
        for (ExprP& e : v) expr(e.get());
    }
    void defaults(FuncDef& f) {
        for (Param& p : f.params) expr(p.default_value.get());
    }
    void func(FuncDef& f) {
        defaults(f);
        if (nested_scopes) block(f.body);
    }
    void stmt(Stmt& s) {
        on_stmt(s);
        exprs(s.targets);
        expr(s.value.get());
        expr(s.extra.get());
        exprs(s.bases);
        exprs(s.decorators);
        for (WithItem& w : s.items) {
            expr(w.context.get());
            expr(w.target.get());
        }
        if (s.kind == SK::FunctionDef && s.func) func(*s.func);
        if (nested_scopes || s.kind != SK::ClassDef) block(s.body);
        for (Handler& h : s.handlers) {
            expr(h.type.get());
            block(h.body);
        }
        block(s.orelse);
        block(s.finalbody);
    }
    void block(Block& b) {
        for (StmtP& s : b) stmt(*s);
    }
};

// on_expr(Expr&) for every expression, on_stmt(Stmt&) for every statement.
template <typename OnExpr, typename OnStmt>
void walk(Module& m, OnExpr&& on_expr, OnStmt&& on_stmt) {
    Walker<std::remove_reference_t<OnExpr>, std::remove_reference_t<OnStmt>> w{on_expr, on_stmt};
    w.block(m.body);
}

}  // namespace loopscope::py
