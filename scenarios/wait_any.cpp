// Twin of wait_any.py.
#include <algorithm>

#include "scenarios/mains.hpp"

namespace loopscope::scenarios::wait_any {

// by_creation(tasks): the .py sorts by the number in Task-N, which is
// creation order, which is the order of future ids.
static std::vector<Ref<Future>> by_creation(std::vector<Ref<Future>> tasks) {
    std::sort(tasks.begin(), tasks.end(), [](const Ref<Future>& a, const Ref<Future>& b) { return a->id() < b->id(); });
    return tasks;
}

Coro<aio::WaitResult> wait_any(ScenarioContext&, std::vector<Ref<Future>> tasks, std::optional<double> timeout) {
    std::vector<Ref<Future>> tasks_to_cancel;
    aio::WaitResult result;
    Exc error;
    try {
        at_line(22);
        result = co_await aio::wait(tasks, timeout, ReturnWhen::FirstCompleted);
        tasks_to_cancel = result.pending;
    } catch (PyError& e) {
        // except CancelledError: tasks_to_cancel = tasks; raise
        if (e.exc->is(exc_types::CancelledError)) tasks_to_cancel = tasks;
        error = e.exc;
    }
    // finally:
    for (const Ref<Future>& task : by_creation(tasks_to_cancel)) task->cancel();
    if (error) raise(error);
    co_return result;
}

Coro<Value> task(ScenarioContext&) {
    at_line(35);
    co_await aio::sleep(5);
    co_return Value{};
}

Coro<Value> check_tasks(ScenarioContext& ctx, Ref<Future> waiting_task, Ref<Future> working_task,
                        Ref<Future> waiting_conn_lost_task) {
    try {
        at_line(40);
        co_await waiting_task;
        ctx.print({"waiting is done"});
    } catch (PyError& e) {
        only_catch(e, exc_types::CancelledError);
        ctx.print({"waiting is cancelled"});
    }

    try {
        at_line(46);
        co_await waiting_conn_lost_task;
        ctx.print({"connection is lost"});
    } catch (PyError& e) {
        only_catch(e, exc_types::CancelledError);
        ctx.print({"waiting connection lost is cancelled"});
    }

    try {
        at_line(52);
        co_await working_task;
        ctx.print({"work is done"});
    } catch (PyError& e) {
        only_catch(e, exc_types::CancelledError);
        ctx.print({"work is cancelled"});
    }
    co_return Value{};
}

// The three cases share their set-up; `action` is what each does before
// checking: nothing, set the event, or cancel the waiter.
enum class Action { None, SetEvent, CancelWaiting };

Coro<Value> run_case(ScenarioContext& ctx, Action action, int check_line) {
    Ref<Future> working_task = aio::create_task(task(ctx));
    Ref<aio::Event> connection_lost_event(new aio::Event);
    Ref<Future> waiting_conn_lost_task = aio::create_task(connection_lost_event->wait());
    Ref<Future> waiting_task =
        aio::create_task(wait_any(ctx, {working_task, waiting_conn_lost_task}, std::nullopt));
    if (action != Action::None) {
        at_line(check_line - 2);
        co_await aio::sleep(2);
        if (action == Action::SetEvent) {
            connection_lost_event->set();
        } else {
            waiting_task->cancel();
        }
    }
    at_line(check_line);
    co_await check_tasks(ctx, waiting_task, working_task, waiting_conn_lost_task);
    co_return Value{};
}

Coro<Value> work_done_case(ScenarioContext& ctx) { return run_case(ctx, Action::None, 63); }
Coro<Value> conn_lost_case(ScenarioContext& ctx) { return run_case(ctx, Action::SetEvent, 73); }
Coro<Value> cancel_waiting_case(ScenarioContext& ctx) { return run_case(ctx, Action::CancelWaiting, 83); }

Coro<Value> main(ScenarioContext& ctx) {
    ctx.print({"Work done"});
    ctx.print({"-------------------"});
    at_line(89);
    co_await work_done_case(ctx);
    ctx.print({"\nConnection lost"});
    ctx.print({"-------------------"});
    at_line(92);
    co_await conn_lost_case(ctx);
    ctx.print({"\nCancel waiting"});
    ctx.print({"-------------------"});
    at_line(95);
    co_await cancel_waiting_case(ctx);
    co_return Value{};
}

}  // namespace loopscope::scenarios::wait_any
