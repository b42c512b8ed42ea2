# One-second ticks reach 2**24 s, where the clock-resolution window is empty.
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    await asyncio.sleep(16_777_000)
    while True:
        await asyncio.sleep(1)


asyncio.run(main())
