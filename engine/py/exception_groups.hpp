// ExceptionGroup for interpreted code: construction with
// BaseExceptionGroup.__new__'s checks, splitting a group by its leaves
// (keeping the nesting, as BaseExceptionGroup.split does), and what an
// `except*` statement does with the group it caught (PEP 654).
#pragma once

#include <algorithm>
#include <functional>
#include <vector>

#include "engine/exception.hpp"
#include "engine/value.hpp"

namespace loopscope::py {

class Interp;

// BaseExceptionGroup(message, exceptions) or a subclass: checks the
// arguments as CPython does and fills ExceptionObject::group. A plain
// BaseExceptionGroup of Exceptions only is an ExceptionGroup.
Exc make_exception_group(const ExceptionType& requested, const std::vector<Value>& args);

// The leaves `matches` picks, and the others, each as a group shaped like
// `eg` (null where there are none).
struct GroupSplit {
    Exc match, rest;
};
GroupSplit split_group(const Exc& eg, const std::function<bool(const Exc&)>& matches);

// One `try` with except* clauses, from the exception caught to the one the
// statement raises at the end (CPython's _PyExc_PrepReraiseStar).
class StarHandling {
public:
    explicit StarHandling(Exc caught);
    // The part of what is still unhandled that `types` (a class or a tuple)
    // matches, taken out of it; null when nothing matches.
    Exc take(Interp& in, const Value& types);
    // An exception a clause's block raised: its own part raised by a bare
    // `raise` goes back into the group, anything else is new.
    void raised(Exc e, bool by_bare_raise) {
        const bool is_part = std::find(parts_.begin(), parts_.end(), e) != parts_.end();
        (is_part && by_bare_raise ? reraised_ : raised_).push_back(std::move(e));
    }
    // What the statement raises once the clauses ran; null: nothing.
    [[nodiscard]] Exc result() const;

private:
    Exc orig_;
    Exc rest_;           // not matched by any clause so far
    bool naked_;         // the caught exception was not a group
    std::vector<Exc> parts_;     // the parts the clauses received
    std::vector<Exc> reraised_;  // parts given back by a bare raise
    std::vector<Exc> raised_;    // anything else their blocks raised, in order
};

}  // namespace loopscope::py
