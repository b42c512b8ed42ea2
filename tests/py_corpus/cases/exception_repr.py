# Exception classes with their own __repr__ and __str__: repr() in prints
# and containers, the never-retrieved report of a task, and the escaping
# exception's `main raised` line and traceback.
import asyncio


class Tagged(Exception):
    def __init__(self, tag):
        super().__init__(tag)
        self.tag = tag

    def __repr__(self):
        return f"Tagged<{self.tag}>"

    def __str__(self):
        return f"tag={self.tag}"


class Plain(Tagged):
    pass


async def fail(tag, d):
    await asyncio.sleep(d)
    raise Plain(tag)


async def main():
    try:
        raise Tagged("a")
    except Tagged as e:
        print(repr(e), [e], str(e), f"{e!r} {e}")
    t = asyncio.create_task(fail("lost", 1))
    results = await asyncio.gather(fail("x", 0.5), return_exceptions=True)
    print(results)
    await asyncio.sleep(2)
    await fail("final", 0.5)


asyncio.run(main())
