# Generator functions: for, list(), next() with and without a default,
# return inside a generator, generators feeding generators, and a
# generator consumed inside a coroutine across awaits.
import asyncio


def count_up(n):
    i = 0
    while i < n:
        yield i
        i += 1
    return "done"


def evens(source):
    for x in source:
        if x % 2 == 0:
            yield x * 10


def pairs():
    yield 1, "a"
    yield 2, "b"
    yield


def with_finally(log):
    try:
        yield "first"
        yield "second"
    finally:
        log.append("finally ran")


async def main():
    print(list(count_up(4)))
    print(list(evens(count_up(7))))
    g = count_up(2)
    print(next(g), next(g), next(g, "empty"))
    try:
        next(g)
    except StopIteration as e:
        print("StopIteration", repr(e))
    for k, v in [p for p in pairs() if p is not None]:
        print(k, v)
    print(sum(count_up(10)), sorted(evens(range(9)), reverse=True))
    log = []
    for item in with_finally(log):
        print("item", item)
    print(log)
    gen = count_up(3)
    for x in gen:
        await asyncio.sleep(0.5)
        print("after sleep", x)
    print(type(gen).__name__, list(gen))
    print(dict((str(i), i) for i in count_up(3)))
    squares = (i * i for i in count_up(5))
    print(next(squares), list(squares))


asyncio.run(main())
