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
// unmarked (their lookups take the general path).
void mark_local_reads(FuncDef& f) {
    auto on_expr = [&f](Expr& e) {
        if (e.kind == EK::Name) e.is_local = f.binds(e.name);
    };
    auto on_stmt = [](Stmt&) {};
    Walker<decltype(on_expr), decltype(on_stmt)> one_scope{on_expr, on_stmt, false};
    one_scope.block(f.body);
}

void resolve(FuncDef& f) {
    f.locals.clear();
    for (const Param& p : f.params) f.locals.push_back(p.name);
    BoundNames(f.locals).block(f.body);
    std::erase_if(f.locals, [&](Sym s) {
        return std::find(f.globals.begin(), f.globals.end(), s) != f.globals.end() ||
               std::find(f.nonlocals.begin(), f.nonlocals.end(), s) != f.nonlocals.end();
    });
    mark_local_reads(f);
}

}  // namespace

void resolve_locals(Module& m) {
    walk(
        m,
        [](Expr& e) {
            if ((e.kind == EK::Lambda || e.kind == EK::GenExp) && e.func) resolve(*e.func);
        },
        [](Stmt& s) {
            if (s.kind == SK::FunctionDef && s.func) resolve(*s.func);
        });
}

}  // namespace loopscope::py
