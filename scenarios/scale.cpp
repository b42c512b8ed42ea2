// Twin of scale.py.
#include "scenarios/mains.hpp"

namespace loopscope::scenarios::scale {

Coro<Value> worker(ScenarioContext& ctx, std::int64_t i) {
    at_line(11);
    co_await aio::sleep(ctx.random().uniform(1, 3));
    at_line(12);
    co_await aio::sleep(ctx.random().uniform(0, 1));
    co_return Value(i);
}

Coro<Value> main(ScenarioContext& ctx) {
    const std::int64_t n = ctx.param("n").as_int();
    std::vector<Awaitable> workers;
    workers.reserve(static_cast<std::size_t>(n));
    for (std::int64_t i = 0; i < n; ++i) workers.emplace_back(worker(ctx, i));
    if (ctx.param("wait").as_bool()) {
        // The sum reads the tasks in creation order, as the .py does.
        at_line(21);
        std::vector<Ref<Future>> tasks;
        tasks.reserve(workers.size());
        for (Awaitable& w : workers) tasks.push_back(w.ensure_future());
        std::vector<Awaitable>().swap(workers);
        at_line(22);
        const aio::WaitResult waited = co_await aio::wait(tasks);
        std::int64_t sum = 0;
        for (const Ref<Future>& task : tasks) sum += task->result().as_int();
        ctx.print({"waited", static_cast<std::int64_t>(waited.done.size()), "sum", sum});
        co_return Value{};
    }
    at_line(25);
    Value results = co_await aio::gather(std::move(workers));
    std::int64_t sum = 0;
    for (const Value& r : results.items()) sum += r.as_int();
    ctx.print({"gathered", static_cast<std::int64_t>(results.items().size()), "sum", sum});
    co_return Value{};
}

}  // namespace loopscope::scenarios::scale
