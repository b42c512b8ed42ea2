"""n tasks sleep uniform(1, 3) then uniform(0, 1) s and return their index; gathered or waited for."""
# The seed's question "what if I have a huge number of tasks?", as a run.
import asyncio
import random

PARAMS = {"n": 100000, "wait": False}
TARGETS = {}


async def worker(i):
    await asyncio.sleep(random.uniform(1, 3))
    await asyncio.sleep(random.uniform(0, 1))
    return i


async def main(p):
    workers = [worker(i) for i in range(p["n"])]
    if p["wait"]:
        # asyncio.wait takes tasks, not coroutines (3.11). The sum reads the
        # tasks in creation order: the done set's order is Python's to choose.
        tasks = [asyncio.create_task(w) for w in workers]
        done, pending = await asyncio.wait(tasks)
        print("waited", len(done), "sum", sum([t.result() for t in tasks]))
    else:
        results = await asyncio.gather(*workers)
        print("gathered", len(results), "sum", sum(results))


if __name__ == "__main__":
    random.seed(1)
    asyncio.run(main(PARAMS))
