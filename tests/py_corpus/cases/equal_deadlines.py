import asyncio

async def tick(name, delay, reps):
    for i in range(reps):
        await asyncio.sleep(delay)
        print(name, i)

async def main():
    await asyncio.gather(tick("a", 0.5, 4), tick("b", 1, 2), tick("c", 0.25, 8), tick("d", 0, 3))
    loop = asyncio.get_running_loop()
    print("now", loop.time())

asyncio.run(main())
