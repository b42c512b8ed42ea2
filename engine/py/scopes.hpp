// A function's local names, decided before it runs, as CPython's symtable
// does: a name bound anywhere in a function body (assignment, augmented
// assignment, for, with ... as, except ... as, del, import, def, class, a
// parameter) is local in all of that body unless declared global or
// nonlocal. Reading it before it is bound is then UnboundLocalError, never
// the global of the same name.
#pragma once

#include "engine/py/ast.hpp"

namespace loopscope::py {

// Fills FuncDef::locals for every function and lambda in the module.
void resolve_locals(Module& m);

}  // namespace loopscope::py
