// Twin of flaky_wait.py.
#include <algorithm>

#include "scenarios/flaky_task.hpp"
#include "scenarios/mains.hpp"

namespace loopscope::scenarios::flaky_wait {

Coro<Value> main(ScenarioContext& ctx) {
    std::vector<Ref<Future>> tasks;
    for (std::int64_t i = 0; i < ctx.param("n").as_int(); ++i) tasks.push_back(aio::create_task(a_flaky_tsk(ctx, i)));
    at_line(21);
    auto [done, pending] = co_await aio::wait(tasks, std::nullopt, return_when_param(ctx, "return_when"));
    ctx.print({"done:", static_cast<std::int64_t>(done.size()), "pending:", static_cast<std::int64_t>(pending.size())});
    if (ctx.param("catch").as_bool()) {
        for (const Ref<Future>& tsk : tasks) {
            if (std::find(done.begin(), done.end(), tsk) == done.end()) continue;
            try {
                at_line(26);
                co_await tsk;
            } catch (PyError& e) {
                only_catch(e, exc_types::Exception);
                ctx.print({"I caught:", repr(*e.exc)});
            }
        }
    }
    co_return Value{};
}

}  // namespace loopscope::scenarios::flaky_wait
