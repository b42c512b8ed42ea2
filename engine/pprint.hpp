// pprint.pformat for engine values, wrapping exactly as CPython's PrettyPrinter
// does with its defaults (indent=1, width=80, depth=None, compact=False,
// sort_dicts=True).
#pragma once

#include <string>

#include "engine/value.hpp"

namespace loopscope {

std::string pformat(const Value& value, int width = 80);

}  // namespace loopscope
