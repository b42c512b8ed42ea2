# time.sleep inside a coroutine blocks the whole loop: nothing else runs
# while it sleeps, the loop's clock moves on, and the timers that fell due
# meanwhile fire late, all at once. (Both harnesses run it on the virtual
# clock: CPython's under vloop.py's time.sleep, which moves the loop's time.)
import asyncio
import time


async def worker(name):
    loop = asyncio.get_running_loop()
    print(name, "starts at", loop.time())
    await asyncio.sleep(1)
    print(name, "wakes at", loop.time(), "(due at 1.0)")


async def blocker():
    await asyncio.sleep(0.5)
    print("blocking the loop at", asyncio.get_running_loop().time())
    time.sleep(2)
    print("unblocked at", asyncio.get_running_loop().time())
    await asyncio.sleep(0)
    print("after one more pass at", asyncio.get_running_loop().time())


async def main():
    loop = asyncio.get_running_loop()
    await asyncio.gather(worker("a"), blocker(), worker("b"))
    print("gather done at", loop.time())
    for bad in ("a", -1, float("nan")):
        try:
            time.sleep(bad)
        except (TypeError, ValueError) as e:
            print(type(e).__name__, e)
    time.sleep(0)
    print("done at", loop.time())


time.sleep(0.25)  # outside any loop
asyncio.run(main())
