import asyncio

async def leaf(name, d):
    await asyncio.sleep(d)
    print("leaf", name)
    return name

async def branch(prefix, n):
    results = await asyncio.gather(*(leaf(f"{prefix}{i}", (i * 7) % 3 + 1) for i in range(n)))
    print("branch", prefix, results)
    return len(results)

async def main():
    counts = await asyncio.gather(branch("a", 3), branch("b", 2), asyncio.gather(leaf("x", 2), leaf("y", 1)))
    print(counts)
    outer = asyncio.gather(branch("c", 2), branch("d", 4))
    await asyncio.sleep(1.5)
    outer.cancel()
    try:
        await outer
    except asyncio.CancelledError:
        print("outer cancelled")

asyncio.run(main())
