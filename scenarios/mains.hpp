// The `main` of each built-in scenario, one namespace per twin.
#pragma once

#include "scenarios/twin.hpp"

namespace loopscope::scenarios {
namespace gather_groups { Coro<Value> main(ScenarioContext& ctx); }
namespace wait_first { Coro<Value> main(ScenarioContext& ctx); }
namespace flaky_gather { Coro<Value> main(ScenarioContext& ctx); }
namespace flaky_wait { Coro<Value> main(ScenarioContext& ctx); }
namespace cancel_wait_vs_gather { Coro<Value> main(ScenarioContext& ctx); }
namespace wait_any { Coro<Value> main(ScenarioContext& ctx); }
namespace scale { Coro<Value> main(ScenarioContext& ctx); }
}  // namespace loopscope::scenarios
