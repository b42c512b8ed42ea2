# corpus-loop-work: 3.12+ 3.11's wait_for runs its own waiter and _release_waiter; 3.12 builds it on asyncio.timeout
import asyncio

async def slow(n):
    await asyncio.sleep(n)
    return n

async def main():
    try:
        async with asyncio.timeout(1.5):
            print("got", await slow(1))
            print("got", await slow(1))
    except TimeoutError:
        print("timed out at", asyncio.get_running_loop().time())
    async with asyncio.timeout(None):
        print("no deadline", await slow(2))
    try:
        async with asyncio.timeout(0):
            await slow(1)
    except asyncio.TimeoutError as e:
        print("zero:", repr(e))
    for t in [0.5, 1, 2]:
        try:
            r = await asyncio.wait_for(slow(1), timeout=t)
            print("wait_for", t, r)
        except asyncio.TimeoutError:
            print("wait_for timed out", t)

asyncio.run(main())
