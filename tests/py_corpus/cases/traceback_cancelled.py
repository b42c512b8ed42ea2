# A CancelledError escaping asyncio.run: main is cancelled by a callback
# while it waits; the traceback's last line names asyncio.exceptions.
import asyncio


async def slow():
    await asyncio.sleep(10)


async def main():
    loop = asyncio.get_running_loop()
    loop.call_later(1, asyncio.current_task().cancel)
    await slow()


asyncio.run(main())
