# Two asyncio.run calls, the first closing its loop with a timer and a task
# still pending: the second loop starts with empty queues, as CPython's does.
import asyncio


async def late():
    await asyncio.sleep(10)


async def main(tag):
    loop = asyncio.get_running_loop()
    asyncio.get_running_loop().call_later(5, print, "timer never fires", tag)
    t = asyncio.ensure_future(late())
    fut = loop.create_future()
    loop.call_soon(fut.set_result, tag)
    print(await fut)
    loop.call_soon(print, "queued as main ends", tag)


asyncio.run(main("first"))
asyncio.run(main("second"))
