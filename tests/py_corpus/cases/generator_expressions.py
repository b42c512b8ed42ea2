# Generator expressions are lazy: each item is computed at the consumer's
# next(), so any() over an endless generator stops at the first true item,
# side effects interleave with the consumer's, and an error surfaces at the
# item that raises it. Only the first iterable is evaluated (and made an
# iterator) where the expression stands.
import asyncio


def naturals():
    n = 0
    while True:
        print("made", n)
        yield n
        n += 1


def noisy(xs):
    for x in xs:
        print("give", x)
        yield x


async def main():
    print(any(x > 2 for x in naturals()))
    print(next(x for x in naturals() if x * x > 10))
    g = (x * 10 for x in noisy([1, 2, 3]) if x != 2)
    print("created")
    for v in g:
        print("got", v)
        await asyncio.sleep(0.5)
    print(sum(x * y for x in range(3) for y in range(x)))
    print(list(x for x in []))
    try:
        (x for x in 5)
    except TypeError as e:
        print("TypeError at creation:", e)
    g = (1 / x for x in [1, 0])
    print(next(g))
    try:
        next(g)
    except ZeroDivisionError as e:
        print("ZeroDivisionError at the item:", e)
    print(next(g, "exhausted after the error"))
    k = 3
    lazy = (x + k for x in range(4))
    k = 100
    print(max(lazy))
    xs = [1, 2]
    grows = (x for x in xs)
    xs.append(3)
    print(list(grows))
    print(sorted((y for y in "cab"), reverse=True))

    class C:
        v = [1, 2]
        w = list(x for x in v)

    print(C.w)
    print(type(x for x in []).__name__)
    g = (x for x in range(2))
    print(next(g), next(g), next(g, "end"))
    print(dict((i, i * i) for i in range(3)))
    print(",".join(str(i) for i in range(4)))
    print(all(x < 3 for x in naturals()))


asyncio.run(main())
