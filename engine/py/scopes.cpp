#include "engine/py/scopes.hpp"

#include <algorithm>

#include "engine/py/tree_walk.hpp"

namespace loopscope::py {

namespace {

// The names one function body binds, without looking inside nested
// functions, lambdas, classes or comprehensions (scopes of their own).
class BoundNames {
public:
    explicit BoundNames(std::vector<Sym>& out) : out_(out) {}

    void block(const Block& b) {
        for (const StmtP& s : b) stmt(*s);
    }

private:
    void add(Sym s) {
        if (s != 0 && std::find(out_.begin(), out_.end(), s) == out_.end()) out_.push_back(s);
    }
    void target(const Expr* e) {
        if (e == nullptr) return;
        switch (e->kind) {
            case EK::Name: add(e->name); break;
            case EK::Starred: target(e->a.get()); break;
            case EK::Tuple:
            case EK::List:
                for (const ExprP& item : e->items) target(item.get());
                break;
            default: break;  // attributes and subscripts bind no name
        }
    }
    void stmt(const Stmt& s) {
        switch (s.kind) {
            case SK::Assign:
            case SK::AugAssign:
            case SK::AnnAssign:
            case SK::Delete:
            case SK::For:
                for (const ExprP& t : s.targets) target(t.get());
                break;
            case SK::With:
                for (const WithItem& w : s.items) target(w.target.get());
                break;
            case SK::Import:
                for (const ImportName& n : s.names) add(n.asname ? n.asname : intern(n.module.substr(0, n.module.find('.'))));
                break;
            case SK::ImportFrom:
                for (const ImportName& n : s.names) add(n.asname ? n.asname : intern(n.module));
                break;
            case SK::FunctionDef:
                if (s.func) add(s.func->sym);
                return;  // its body is its own scope
            case SK::ClassDef: add(s.name); return;
            default: break;
        }
        for (const Handler& h : s.handlers) {
            add(h.name);
            block(h.body);
        }
        block(s.body);
        block(s.orelse);
        block(s.finalbody);
    }

    std::vector<Sym>& out_;
};

// Marks the Name expressions of one function body that read its locals
// (Expr::is_local), so that a lookup knows without searching
// FuncDef::locals. Nested scopes run in frames of their own and are left
// unmarked (their lookups take the general path): function, lambda and
// class bodies, and comprehensions.
class LocalReads {
public:
    explicit LocalReads(const FuncDef& f) : f_(f) {}

    void block(Block& b) {
        for (StmtP& s : b) stmt(*s);
    }

private:
    void expr(Expr* e) {
        if (e == nullptr) return;
        switch (e->kind) {
            case EK::Name: e->is_local = f_.binds(e->name); return;
            case EK::Lambda:
                if (e->func) defaults(*e->func);
                return;
            case EK::ListComp:
            case EK::SetComp:
            case EK::DictComp:
            case EK::GenExp: return;
            default: break;
        }
        expr(e->a.get());
        expr(e->b.get());
        expr(e->c.get());
        exprs(e->items);
        exprs(e->values);
        exprs(e->kw_values);
    }
    void exprs(std::vector<ExprP>& v) {
        for (ExprP& e : v) expr(e.get());
    }
    void defaults(FuncDef& f) {
        for (Param& p : f.params) expr(p.default_value.get());
    }
    void stmt(Stmt& s) {
        exprs(s.targets);
        expr(s.value.get());
        expr(s.extra.get());
        exprs(s.bases);
        for (WithItem& w : s.items) {
            expr(w.context.get());
            expr(w.target.get());
        }
        if (s.kind == SK::FunctionDef) {
            if (s.func) defaults(*s.func);
            return;
        }
        if (s.kind == SK::ClassDef) return;
        for (Handler& h : s.handlers) {
            expr(h.type.get());
            block(h.body);
        }
        block(s.body);
        block(s.orelse);
        block(s.finalbody);
    }

    const FuncDef& f_;
};

void resolve(FuncDef& f) {
    f.locals.clear();
    for (const Param& p : f.params) f.locals.push_back(p.name);
    BoundNames(f.locals).block(f.body);
    std::erase_if(f.locals, [&](Sym s) {
        return std::find(f.globals.begin(), f.globals.end(), s) != f.globals.end() ||
               std::find(f.nonlocals.begin(), f.nonlocals.end(), s) != f.nonlocals.end();
    });
    LocalReads(f).block(f.body);
}

}  // namespace

void resolve_locals(Module& m) {
    walk(
        m,
        [](Expr& e) {
            if (e.kind == EK::Lambda && e.func) resolve(*e.func);
        },
        [](Stmt& s) {
            if (s.kind == SK::FunctionDef && s.func) resolve(*s.func);
        });
}

}  // namespace loopscope::py
