# Async generators consumed by concurrent tasks: their awaits interleave
# on the loop, one consumer is cancelled in the middle of `async for`, and
# an exception raised inside a generator reaches its consumer.
import asyncio


async def ticks(name, period, n):
    for i in range(n):
        await asyncio.sleep(period)
        yield f"{name}:{i}"


async def faulty():
    yield 1
    await asyncio.sleep(0.5)
    raise ValueError("generator failed")


async def consume(gen, label):
    got = []
    try:
        async for item in gen:
            print(label, "got", item)
            got.append(item)
    except asyncio.CancelledError:
        print(label, "cancelled after", len(got))
        raise
    return got


async def main():
    a = asyncio.create_task(consume(ticks("a", 0.4, 4), "A"))
    b = asyncio.create_task(consume(ticks("b", 0.3, 6), "B"))
    await asyncio.sleep(1)
    b.cancel()
    results = await asyncio.gather(a, b, return_exceptions=True)
    print(results[0], type(results[1]).__name__)
    try:
        await consume(faulty(), "F")
    except ValueError as e:
        print("caught", repr(e))


asyncio.run(main())
