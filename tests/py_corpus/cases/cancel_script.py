# corpus-args: --cancel Task-2@1.5
# corpus-args: --cancel Task-1@2.5
# corpus-args: --cancel Task-3@0.5 --cancel Task-2@3
import asyncio

async def worker(name, n):
    try:
        for i in range(n):
            await asyncio.sleep(1)
            print(name, "step", i)
        return name
    except asyncio.CancelledError:
        print(name, "cancelled")
        raise

async def main():
    a = asyncio.create_task(worker("a", 3))
    b = asyncio.create_task(worker("b", 4))
    results = await asyncio.gather(a, b, return_exceptions=True)
    print(results)

asyncio.run(main())
