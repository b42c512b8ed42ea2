// Twin of gather_groups.py.
#include "scenarios/mains.hpp"

namespace loopscope::scenarios::gather_groups {

Coro<Value> coro(ScenarioContext& ctx, std::string tag) {
    ctx.print({">", tag});
    at_line(13);
    co_await aio::sleep(ctx.random().uniform(1, 3));
    ctx.print({"<", tag});
    co_return Value(tag);
}

Coro<Value> main(ScenarioContext& ctx) {
    const bool return_exceptions = ctx.param("return_exceptions").as_bool();
    auto group = [&](int number, int size) {
        std::vector<Awaitable> coros;
        for (int i = 1; i <= size; ++i)
            coros.emplace_back(coro(ctx, "group " + std::to_string(number) + "." + std::to_string(i)));
        return aio::gather(std::move(coros), return_exceptions);
    };
    Ref<Future> group1 = group(1, 5);
    Ref<Future> group2 = group(2, 3);
    Ref<Future> group3 = group(3, 9);
    Ref<Future> all_groups = aio::gather(std::vector<Ref<Future>>{group1, group2, group3}, ctx.param("outer_return_exceptions").as_bool());
    ctx.expose("group1", group1);
    ctx.expose("group2", group2);
    ctx.expose("group3", group3);
    ctx.expose("all_groups", all_groups);
    at_line(28);
    Value results = co_await all_groups;
    ctx.print_text(pformat(results));
    co_return Value{};
}

}  // namespace loopscope::scenarios::gather_groups
