# RecursionError is catchable as in CPython; an IndexError escapes with
# its traceback.
import asyncio


def depth(n):
    return depth(n + 1)


async def main():
    try:
        depth(0)
    except RecursionError as e:
        print("RecursionError:", e)
    d = {}
    try:
        d["missing"]
    except KeyError as e:
        print("KeyError", e)
    x = [1, 2]
    print(x[5])


asyncio.run(main())
