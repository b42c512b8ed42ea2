# The order of except/else/finally across nested coroutines, sync
# helpers, with blocks and generators, with return and break inside
# finally-protected code.
import asyncio


class Tracer:
    def __init__(self, name):
        self.name = name

    def __enter__(self):
        print("enter", self.name)
        return self

    def __exit__(self, et, e, tb):
        print("exit", self.name, et.__name__ if et else "-")
        return False


def gen(n):
    try:
        for i in range(n):
            try:
                yield i
            finally:
                print("gen step done", i)
    finally:
        print("gen finished")


def sync_part(x):
    try:
        if x < 0:
            raise ValueError(x)
        return x
    except ValueError:
        print("sync caught", x)
        return 0
    else:
        print("never: return skips else")
    finally:
        print("sync finally", x)


async def level(n):
    with Tracer(f"L{n}"):
        try:
            await asyncio.sleep(0.1 * n)
            if n == 0:
                raise KeyError("bottom")
            return await level(n - 1)
        except KeyError as e:
            print("level", n, "caught", repr(e))
            if n < 2:
                raise
            return "recovered"
        else:
            print("level", n, "else")
        finally:
            print("level", n, "finally")


async def main():
    print(sync_part(3), sync_part(-1))
    for v in gen(3):
        print("loop", v)
        if v == 1:
            break
    print(await level(3))
    for i in range(3):
        try:
            if i == 1:
                continue
            print("body", i)
        finally:
            print("finally", i)


asyncio.run(main())
