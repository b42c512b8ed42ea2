// Twin of cancel_wait_vs_gather.py.
#include "scenarios/mains.hpp"

namespace loopscope::scenarios::cancel_wait_vs_gather {

Coro<Value> task(ScenarioContext&, Value arg) {
    at_line(10);
    co_await aio::sleep(5);
    co_return arg;
}

Coro<Value> cancel_waiting_task(ScenarioContext& ctx, Ref<Future> work_task, Ref<Future> waiting_task) {
    at_line(15);
    co_await aio::sleep(2);
    waiting_task->cancel();
    try {
        at_line(18);
        co_await waiting_task;
        ctx.print({"Waiting done"});
    } catch (PyError& e) {
        only_catch(e, exc_types::CancelledError);
        ctx.print({"Waiting task cancelled"});
    }

    try {
        at_line(24);
        Value res = co_await work_task;
        ctx.print({"Work result: " + str(res)});
    } catch (PyError& e) {
        only_catch(e, exc_types::CancelledError);
        ctx.print({"Work task cancelled"});
    }
    co_return Value{};
}

Coro<Value> main(ScenarioContext& ctx) {
    Ref<Future> work_task = aio::create_task(task(ctx, "done"));
    Ref<Future> waiting = aio::create_task(aio::wait({work_task}));
    at_line(33);
    co_await cancel_waiting_task(ctx, work_task, waiting);

    work_task = aio::create_task(task(ctx, "done"));
    waiting = aio::gather(std::vector<Ref<Future>>{work_task});
    at_line(37);
    co_await cancel_waiting_task(ctx, work_task, waiting);
    co_return Value{};
}

}  // namespace loopscope::scenarios::cancel_wait_vs_gather
