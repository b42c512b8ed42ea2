# Sync `with` on user classes: __enter__'s result bound by `as`, __exit__
# called on normal exit, on return, on break and on an exception, and an
# exception swallowed when __exit__ returns a true value.
import asyncio


class Resource:
    def __init__(self, name, swallow=False):
        self.name = name
        self.swallow = swallow

    def __enter__(self):
        print("enter", self.name)
        return self.name.upper()

    def __exit__(self, exc_type, exc, tb):
        print("exit", self.name, exc_type.__name__ if exc_type else None, repr(exc))
        return self.swallow


def early(n):
    with Resource("early"):
        if n > 0:
            return n * 2
    return -1


async def main():
    with Resource("plain") as r:
        print("inside", r)
    with Resource("swallow", swallow=True):
        raise ValueError("boom")
    print("after swallow")
    try:
        with Resource("outer") as a, Resource("inner") as b:
            print("both", a, b)
            raise KeyError("k")
    except KeyError as e:
        print("caught", repr(e))
    print("early", early(3))
    for i in range(3):
        with Resource(f"loop{i}"):
            if i == 1:
                break
    with Resource("awaiting") as name:
        await asyncio.sleep(1)
        print("slept in", name)
    try:
        with 42:
            pass
    except TypeError as e:
        print("TypeError", e)


asyncio.run(main())
