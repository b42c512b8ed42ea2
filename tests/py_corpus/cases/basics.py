import asyncio

async def coro(tag, d):
    print(">", tag)
    await asyncio.sleep(d)
    print("<", tag)
    return tag * 2

async def main():
    r = await asyncio.gather(coro(1, 2), coro(2, 1))
    print(r, f"{r[0]:>5}|", "%d-%s" % (3, 'x'), {"a": 1, 2: [1, 2]})
    try:
        1 / 0
    except ZeroDivisionError as e:
        print("caught", repr(e))
    x = [i * i for i in range(5) if i % 2 == 0]
    print(x, sorted([3, 1, 2], reverse=True), sum(x), "a,b".split(","))

asyncio.run(main())
