# corpus-loop-work: none it cancels wait()'s pending set in the set's order, Python's to choose, and that order decides the passes that follow
import asyncio

async def job(i):
    await asyncio.sleep(i)
    return i * 10

async def waiter(label, n, when):
    tasks = [asyncio.create_task(job(i + 1)) for i in range(n)]
    done, pending = await asyncio.wait(tasks, return_when=when)
    print(label, sorted(t.result() for t in done), len(pending))
    for t in pending:
        t.cancel()
    return len(done)

async def main():
    r = await asyncio.gather(
        waiter("first", 3, asyncio.FIRST_COMPLETED),
        waiter("all", 2, asyncio.ALL_COMPLETED),
        asyncio.wait_for(waiter("timed", 4, asyncio.ALL_COMPLETED), timeout=10),
    )
    print(r)

asyncio.run(main())
