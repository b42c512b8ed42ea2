"""n tasks sleep uniform(1, 3) then uniform(0, 1) s and return their index; gathered."""
# The seed's question "what if I have a huge number of tasks?", as a run.
import asyncio
import random

PARAMS = {"n": 100000}
TARGETS = {}


async def worker(i):
    await asyncio.sleep(random.uniform(1, 3))
    await asyncio.sleep(random.uniform(0, 1))
    return i


async def main(p):
    results = await asyncio.gather(*[worker(i) for i in range(p["n"])])
    print("gathered", len(results), "sum", sum(results))


if __name__ == "__main__":
    random.seed(1)
    asyncio.run(main(PARAMS))
