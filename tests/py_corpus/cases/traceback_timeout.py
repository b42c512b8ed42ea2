# asyncio.timeout's TimeoutError escaping through gather: the traceback
# names the `async with` line, where __aexit__ raised it.
import asyncio


async def inner():
    async with asyncio.timeout(1):
        await asyncio.sleep(5)


async def main():
    await asyncio.gather(inner(), asyncio.sleep(3))


asyncio.run(main())
