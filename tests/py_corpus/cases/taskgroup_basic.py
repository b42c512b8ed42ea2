import asyncio

async def work(name, delay, fail=False):
    print("start", name)
    await asyncio.sleep(delay)
    if fail:
        raise ValueError(f"{name} failed")
    print("end", name)
    return name

async def main():
    async with asyncio.TaskGroup() as tg:
        a = tg.create_task(work("a", 1))
        b = tg.create_task(work("b", 2))
    print("results:", a.result(), b.result())
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(work("c", 1, fail=True))
            tg.create_task(work("d", 3))
            tg.create_task(work("e", 2, fail=True))
    except ExceptionGroup as eg:
        print("caught", len(eg.exceptions), eg.exceptions[0])

asyncio.run(main())
