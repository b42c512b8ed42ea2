# corpus-loop-work: 3.12+ 3.11's wait_for runs its own waiter and _release_waiter; 3.12 builds it on asyncio.timeout
import asyncio

async def precious():
    print("precious starts")
    await asyncio.sleep(3)
    print("precious done")
    return 42

async def waiter(fut):
    try:
        print("waiter got", await fut)
    except asyncio.CancelledError:
        print("waiter cancelled")
        raise

async def main():
    inner = asyncio.create_task(precious())
    outer = asyncio.shield(inner)
    w = asyncio.create_task(waiter(outer))
    await asyncio.sleep(1)
    w.cancel()
    await asyncio.sleep(0)
    print("outer cancelled:", outer.cancelled(), "inner done:", inner.done())
    print("inner result:", await inner)
    try:
        await asyncio.wait_for(asyncio.shield(precious()), 1)
    except TimeoutError:
        print("timeout, but shielded work continues")
    await asyncio.sleep(3)

asyncio.run(main())
