// Twin of flaky_gather.py.
#include "scenarios/flaky_task.hpp"
#include "scenarios/mains.hpp"

namespace loopscope::scenarios::flaky_gather {

Coro<Value> main(ScenarioContext& ctx) {
    const bool return_exceptions = ctx.param("return_exceptions").as_bool();
    std::vector<Awaitable> coros;
    for (std::int64_t i = 0; i < ctx.param("n").as_int(); ++i) coros.emplace_back(a_flaky_tsk(ctx, i));
    at_line(21);
    Value results = co_await aio::gather(std::move(coros), return_exceptions);
    if (return_exceptions) {
        for (const Value& result_or_exc : results.items()) {
            if (result_or_exc.kind() == Value::Kind::Exception && result_or_exc.as_exception()->is(exc_types::Exception))
                ctx.print({"I caught:", repr(result_or_exc)});
        }
    }
    co_return Value{};
}

}  // namespace loopscope::scenarios::flaky_gather
