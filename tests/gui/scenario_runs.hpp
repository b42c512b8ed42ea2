// Runs of built-in scenarios that several GUI tests read.
#pragma once

#include "engine/run.hpp"
#include "scenarios/registry.hpp"

namespace loopscope::gui::test {

// gather_groups with group2 cancelled at t=1.5: a cascade at one instant.
inline RunReport cancelled_group2() {
    RunRequest request;
    request.cancels.push_back(CancelIntervention{"group2", 1.5});
    return run_scenario(*find_scenario("gather_groups"), request);
}

}  // namespace loopscope::gui::test
