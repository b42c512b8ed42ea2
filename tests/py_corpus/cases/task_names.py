"""Task names: create_task(name=...), set_name, TaskGroup and loop tasks.

Whether asyncio.create_task(name=...) takes a Task-N number differs between
CPython versions (3.11/3.12 yes, 3.13 no), so every unnamed task here is
made before the first named one; tests/engine/py pins the 3.11 numbering.
A name is str(name).
"""
import asyncio


async def job(delay, fail=False):
    await asyncio.sleep(delay)
    if fail:
        raise ValueError(asyncio.current_task().get_name())
    return asyncio.current_task().get_name()


async def main():
    a = asyncio.create_task(job(1))                    # Task-2
    c = asyncio.create_task(job(3))                    # Task-3
    b = asyncio.create_task(job(2), name="fetcher")
    d = asyncio.get_running_loop().create_task(job(1), name=42)
    print(a.get_name(), b.get_name(), c.get_name(), d.get_name())
    c.set_name("renamed")
    print(await asyncio.gather(a, b, c, d))
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(job(1), name="worker-ok")
            tg.create_task(job(2, fail=True), name="worker-bad")
    except ExceptionGroup as eg:
        print("group failed:", [str(e) for e in eg.exceptions])
    lost = asyncio.create_task(job(1, fail=True), name="lost")
    await asyncio.sleep(2)
    print("lost done:", lost.done())


asyncio.run(main())
