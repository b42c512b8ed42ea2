"""Ten tasks of uniform(0.5, 5) s: wait for the first, then up to a timeout, then the rest."""
# The seed's second example. Python iterates the done sets in hash order, so
# this twin prints their results sorted.
import asyncio
import random

PARAMS = {"return_when": "FIRST_COMPLETED", "timeout": 2}
TARGETS = {}


async def coro(tag):
    print(">", tag)
    await asyncio.sleep(random.uniform(0.5, 5))
    print("<", tag)
    return tag


async def main(p):
    tasks = [asyncio.create_task(coro(i)) for i in range(1, 11)]
    print("Get first result:")
    finished, unfinished = await asyncio.wait(tasks, return_when=p["return_when"])
    for result in sorted(task.result() for task in finished):
        print(result)
    print("unfinished:", len(unfinished))
    if not unfinished:
        return
    print("Get more results in {} seconds:".format(p["timeout"]))
    finished2, unfinished2 = await asyncio.wait(unfinished, timeout=p["timeout"])
    for result in sorted(task.result() for task in finished2):
        print(result)
    print("unfinished2:", len(unfinished2))
    if not unfinished2:
        return
    print("Get all other results:")
    finished3, unfinished3 = await asyncio.wait(unfinished2)
    for result in sorted(task.result() for task in finished3):
        print(result)


if __name__ == "__main__":
    random.seed(1)
    asyncio.run(main(PARAMS))
