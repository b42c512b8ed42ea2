# Async comprehensions: `async for` clauses over async generators and over
# __aiter__/__anext__ objects, with conditions, nested clauses, awaits in
# the element, and an exception leaving the comprehension mid-way.
import asyncio


async def countdown(n, period):
    while n > 0:
        await asyncio.sleep(period)
        yield n
        n -= 1


class Ticker:
    def __init__(self, stop):
        self.i = 0
        self.stop = stop

    def __aiter__(self):
        return self

    async def __anext__(self):
        if self.i >= self.stop:
            raise StopAsyncIteration
        await asyncio.sleep(0.25)
        self.i += 1
        return self.i


async def double(x):
    await asyncio.sleep(0.1)
    return 2 * x


async def broken():
    yield 1
    raise KeyError("lost")


async def main():
    print("list", [n async for n in countdown(3, 0.5)])
    print("set", sorted({n % 2 async for n in Ticker(5)}))
    print("dict", {n: n * n async for n in Ticker(3) if n != 2})
    print("awaited", [await double(n) async for n in countdown(2, 0.1)])
    print("nested", [(a, b) async for a in Ticker(2) for b in "xy"])
    print("inner async", [[b async for b in countdown(a, 0.1)] for a in range(3)])
    try:
        print([x async for x in broken()])
    except KeyError as e:
        print("escaped:", repr(e))
    results = await asyncio.gather(*[double(n) async for n in Ticker(3)])
    print("gathered", results)


asyncio.run(main())
