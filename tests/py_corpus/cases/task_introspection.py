# current_task(), all_tasks() (sorted by name: it is a set), get_name(),
# done()/cancelled()/result() of tasks in each state, and a task's
# coroutine cancelled while it waits on another task.
# corpus-loop-work: 3.12+ 3.11's gather schedules _done_callback for children already done; 3.12 calls it at once
import asyncio


async def child(n):
    me = asyncio.current_task()
    print("child", n, "is", me.get_name())
    await asyncio.sleep(n)
    return n * 10


async def waiter(t):
    try:
        return await t
    except asyncio.CancelledError:
        print("waiter cancelled; child done?", t.done())
        raise


async def main():
    print("main is", asyncio.current_task().get_name())
    tasks = [asyncio.create_task(child(n)) for n in (2, 1, 3)]
    await asyncio.sleep(0)
    # all_tasks() is a set: sort by name for a deterministic order.
    print(sorted(t.get_name() for t in asyncio.all_tasks()))
    await asyncio.sleep(1.5)
    print([(t.get_name(), t.done()) for t in tasks])
    w = asyncio.create_task(waiter(tasks[2]))
    await asyncio.sleep(0.5)
    w.cancel()
    try:
        await w
    except asyncio.CancelledError:
        print("w cancelled:", w.cancelled(), "child cancelled:", tasks[2].cancelled())
    print(await asyncio.gather(*tasks))
    print(sorted(t.get_name() for t in asyncio.all_tasks()))
    print(tasks[0].result(), tasks[1].exception())


asyncio.run(main())
