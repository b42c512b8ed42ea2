// Twin of wait_first.py.
#include <algorithm>

#include "scenarios/mains.hpp"

namespace loopscope::scenarios::wait_first {

Coro<Value> coro(ScenarioContext& ctx, int tag) {
    ctx.print({">", tag});
    at_line(13);
    co_await aio::sleep(ctx.random().uniform(0.5, 5));
    ctx.print({"<", tag});
    co_return Value(tag);
}

// for result in sorted(task.result() for task in finished): print(result)
static void print_sorted_results(ScenarioContext& ctx, const std::vector<Ref<Future>>& finished) {
    std::vector<std::int64_t> results;
    for (const Ref<Future>& task : finished) results.push_back(task->result().as_int());
    std::sort(results.begin(), results.end());
    for (std::int64_t r : results) ctx.print({r});
}

Coro<Value> main(ScenarioContext& ctx) {
    std::vector<Ref<Future>> tasks;
    for (int i = 1; i <= 10; ++i) tasks.push_back(aio::create_task(coro(ctx, i)));
    ctx.print({"Get first result:"});
    at_line(21);
    auto [finished, unfinished] = co_await aio::wait(tasks, std::nullopt, return_when_param(ctx, "return_when"));
    print_sorted_results(ctx, finished);
    ctx.print({"unfinished:", static_cast<std::int64_t>(unfinished.size())});
    if (unfinished.empty()) co_return Value{};
    const Value& timeout = ctx.param("timeout");
    ctx.print({"Get more results in " + str(timeout) + " seconds:"});
    at_line(28);
    auto [finished2, unfinished2] = co_await aio::wait(unfinished, optional_seconds(timeout));
    print_sorted_results(ctx, finished2);
    ctx.print({"unfinished2:", static_cast<std::int64_t>(unfinished2.size())});
    if (unfinished2.empty()) co_return Value{};
    ctx.print({"Get all other results:"});
    at_line(35);
    auto [finished3, unfinished3] = co_await aio::wait(unfinished2);
    print_sorted_results(ctx, finished3);
    co_return Value{};
}

}  // namespace loopscope::scenarios::wait_first
