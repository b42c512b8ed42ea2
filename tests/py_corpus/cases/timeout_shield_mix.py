# asyncio.timeout around a shielded task, wait_for on a shield, and
# timeouts that expire at the same deadline as a sleep.
# corpus-loop-work: 3.12+ 3.11's wait_for runs its own waiter and _release_waiter; 3.12 builds it on asyncio.timeout
import asyncio


async def work(name, d):
    try:
        await asyncio.sleep(d)
        print(name, "finished at", asyncio.get_running_loop().time())
        return name
    except asyncio.CancelledError:
        print(name, "cancelled")
        raise


async def main():
    inner = asyncio.create_task(work("inner", 2))
    try:
        async with asyncio.timeout(1):
            await asyncio.shield(inner)
    except TimeoutError:
        print("timeout; inner cancelled?", inner.cancelled())
    print("inner result", await inner)

    t = asyncio.create_task(work("shielded", 2))
    try:
        await asyncio.wait_for(asyncio.shield(t), 0.5)
    except asyncio.TimeoutError:
        print("wait_for timed out; t done?", t.done())
    await t

    try:
        async with asyncio.timeout(1):
            await work("same-deadline", 1)
    except TimeoutError:
        print("same deadline timed out")

    try:
        await asyncio.wait_for(work("unshielded", 3), 1)
    except asyncio.TimeoutError:
        print("unshielded timed out")


asyncio.run(main())
