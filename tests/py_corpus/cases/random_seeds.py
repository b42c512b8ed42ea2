# random.seed(n) for the ints at the edges of 64 bits: abs(n) in 32-bit
# words, so -2**63 is 2**63's seed and no int64 overflow shows.
import asyncio
import random


async def draw(s):
    await asyncio.sleep(0.5)
    random.seed(s)
    print(s, random.random(), random.randint(1, 100), random.uniform(0.5, 5))


async def main():
    for s in (-9223372036854775807 - 1, 9223372036854775807, -4294967296, 4294967295, -1, 0):
        await draw(s)


asyncio.run(main())
