// a_flaky_tsk(i), the seed's flaky task, which flaky_gather.py and
// flaky_wait.py both define the same way (line 11 is its await in both).
#pragma once

#include "scenarios/twin.hpp"

namespace loopscope::scenarios {

inline Coro<Value> a_flaky_tsk(ScenarioContext& ctx, std::int64_t i) {
    at_line(11);
    co_await aio::sleep(static_cast<double>(i));  // bit of fuzz to simulate a real-world example
    if (i % 2 == 0) {
        ctx.print({i, "ok"});
    } else {
        ctx.print({i, "crashed!"});
        raise(exc_types::ValueError);
    }
    co_return Value{};
}

}  // namespace loopscope::scenarios
