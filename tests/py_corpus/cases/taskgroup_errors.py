import asyncio

async def work(name, delay, fail=False):
    print("start", name)
    try:
        await asyncio.sleep(delay)
    except asyncio.CancelledError:
        print("cancelled", name)
        raise
    if fail:
        raise ValueError(f"{name} failed")
    print("end", name)
    return name

async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            # Only one sibling is still running when c fails: TaskGroup
            # cancels its tasks in set (hash) order, which CPython does not fix.
            tg.create_task(work("c", 1, fail=True))
            tg.create_task(work("d", 3))
            tg.create_task(work("e", 0.5))
        print("not reached")
    except ExceptionGroup as eg:
        print("group:", repr(eg), [repr(e) for e in eg.exceptions])
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(work("f", 1))
            raise KeyError("body")
    except BaseException as e:
        print("body error:", type(e).__name__, e.exceptions)

asyncio.run(main())
