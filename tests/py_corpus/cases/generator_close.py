# A generator left suspended (a for loop broken out of, a return from
# inside the loop, a dropped reference) is closed when freed: its finally
# runs right then, as CPython's refcounting finalizer does.
import asyncio


def numbers(log):
    try:
        for i in range(10):
            yield i
    finally:
        log.append("closed")
        print("generator finally")


def first_even(xs):
    for x in xs:
        if x % 2 == 0:
            return x
    return None


async def main():
    log = []
    for n in numbers(log):
        if n == 2:
            break
        print("n", n)
    print("after loop", log)
    print(first_even(numbers(log)), log)
    g = numbers(log)
    print(next(g))
    g = None
    print("dropped", log)
    await asyncio.sleep(1)


asyncio.run(main())
