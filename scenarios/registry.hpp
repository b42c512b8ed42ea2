// The built-in scenarios: each a C++ coroutine twin of the .py file beside it.
#pragma once

#include <string_view>
#include <vector>

#include "engine/scenario.hpp"

namespace loopscope {

const std::vector<Scenario>& builtin_scenarios();
// nullptr when there is no scenario of that name.
const Scenario* find_scenario(std::string_view name);

}  // namespace loopscope
