# An exception in a plain loop callback (call_soon, call_later, call_at) goes
# to the loop's exception handler ("Exception in callback boom() at ...") and
# the loop goes on; SystemExit from a callback is re-raised by Handle._run
# and ends the script (status 4).
import asyncio
import sys


def soon():
    raise ValueError("soon")


def later():
    raise KeyError("later")


def at():
    raise RuntimeError("at")


async def main():
    loop = asyncio.get_running_loop()
    loop.call_soon(soon)
    loop.call_later(0.5, later)
    loop.call_at(loop.time() + 1, at)
    await asyncio.sleep(2)
    print("still running at", loop.time())
    loop.call_soon(sys.exit, 4)
    await asyncio.sleep(1)
    print("not reached")


asyncio.run(main())
