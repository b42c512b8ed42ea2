// Whether a name is one of CPython's standard-library modules.
#pragma once

#include <string_view>

namespace loopscope::py {

bool is_stdlib_module(std::string_view top_level_name);

}  // namespace loopscope::py
