#include "engine/py/exception_groups.hpp"

#include <algorithm>
#include <string>
#include <unordered_set>

#include "engine/py/interp.hpp"
#include "engine/py/objects.hpp"

namespace loopscope::py {

namespace {

bool all_exceptions(const std::vector<Exc>& excs) {
    return std::all_of(excs.begin(), excs.end(), [](const Exc& e) { return e->is(exc_types::Exception); });
}

// A group like `eg` (its message) of other members: what derive() makes
// (a BaseExceptionGroup, not the original's class).
Exc derive(const Exc& eg, std::vector<Exc> excs) {
    const std::string message = eg->args().empty() ? "" : str(eg->args()[0]);
    return exception_group(message, std::move(excs));
}

void collect_leaves(const Exc& e, std::unordered_set<const ExceptionObject*>& out) {
    if (!e) return;
    if (!e->is(exc_types::BaseExceptionGroup)) {
        out.insert(e.get());
        return;
    }
    for (const Exc& x : e->group) collect_leaves(x, out);
}

}  // namespace

Exc make_exception_group(const ExceptionType& requested, const std::vector<Value>& args) {
    if (args.size() != 2)
        raise(exc_types::TypeError,
              "BaseExceptionGroup.__new__() takes exactly 2 arguments (" + std::to_string(args.size()) + " given)");
    if (args[0].kind() != Value::Kind::Str)
        raise(exc_types::TypeError, "BaseExceptionGroup.__new__() argument 1 must be str, not " + type_name(args[0]));
    if (!args[1].is_sequence() || args[1].kind() == Value::Kind::Set)
        raise(exc_types::TypeError, "second argument (exceptions) must be a sequence");
    const std::vector<Value>& items = args[1].items();
    if (items.empty()) raise(exc_types::ValueError, "second argument (exceptions) must be a non-empty sequence");
    std::vector<Exc> excs;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (items[i].kind() != Value::Kind::Exception)
            raise(exc_types::ValueError, "Item " + std::to_string(i) + " of second argument (exceptions) is not an exception");
        excs.push_back(items[i].as_exception());
    }
    const ExceptionType* type = &requested;
    if (type == &exc_types::BaseExceptionGroup && all_exceptions(excs)) type = &exc_types::ExceptionGroup;
    if (type->is_subclass_of(exc_types::ExceptionGroup) && !all_exceptions(excs))
        raise(exc_types::TypeError, "Cannot nest BaseExceptions in an ExceptionGroup");
    Exc g(new ExceptionObject(*type, args));
    g->group = std::move(excs);
    return g;
}

GroupSplit split_group(const Exc& eg, const std::function<bool(const Exc&)>& matches) {
    std::vector<Exc> in, out;
    for (const Exc& x : eg->group) {
        if (x->is(exc_types::BaseExceptionGroup)) {
            GroupSplit inner = split_group(x, matches);
            if (inner.match) in.push_back(std::move(inner.match));
            if (inner.rest) out.push_back(std::move(inner.rest));
        } else {
            (matches(x) ? in : out).push_back(x);
        }
    }
    GroupSplit s;
    if (!in.empty()) s.match = derive(eg, std::move(in));
    if (!out.empty()) s.rest = derive(eg, std::move(out));
    return s;
}

StarHandling::StarHandling(Exc caught)
    : orig_(caught), rest_(std::move(caught)), naked_(!orig_->is(exc_types::BaseExceptionGroup)) {}

Exc StarHandling::take(Interp& in, const Value& types) {
    std::vector<Value> classes = types.kind() == Value::Kind::Tuple ? types.items() : std::vector<Value>{types};
    for (const Value& c : classes) {
        const ClassObj* cls = as<ClassObj>(c);
        if (cls != nullptr && cls->exc_type != nullptr && cls->exc_type->is_subclass_of(exc_types::BaseExceptionGroup))
            raise(exc_types::TypeError, "catching ExceptionGroup with except* is not allowed. Use except instead.");
    }
    if (!rest_) return {};
    Exc part;
    if (naked_) {
        if (!in.exception_matches(rest_, types)) return {};
        // A lone exception reaches the clause wrapped, as BaseExceptionGroup('', (exc,)).
        part = exception_group("", {std::exchange(rest_, {})}, true);
    } else {
        GroupSplit s = split_group(rest_, [&](const Exc& leaf) { return in.exception_matches(leaf, types); });
        if (!s.match) return {};
        part = std::move(s.match);
        rest_ = std::move(s.rest);
    }
    parts_.push_back(part);
    return part;
}

Exc StarHandling::result() const {
    if (naked_) {
        // Only one clause can have run: what it raised, or the exception itself.
        if (!reraised_.empty()) return reraised_.front();
        if (!raised_.empty()) return raised_.front();
        return rest_;
    }
    // Re-raised parts (given back by a bare raise, and what no clause took)
    // go back into one group shaped like the original; the rest is new.
    std::unordered_set<const ExceptionObject*> reraised_leaves;
    collect_leaves(rest_, reraised_leaves);
    for (const Exc& r : reraised_) collect_leaves(r, reraised_leaves);
    std::vector<Exc> fresh = raised_;
    Exc reraised;
    if (!reraised_leaves.empty())
        reraised = split_group(orig_, [&](const Exc& leaf) { return reraised_leaves.count(leaf.get()) > 0; }).match;
    if (fresh.empty()) return reraised;
    if (reraised) fresh.push_back(reraised);
    if (fresh.size() == 1) return fresh.front();
    return exception_group("", std::move(fresh));
}

}  // namespace loopscope::py
