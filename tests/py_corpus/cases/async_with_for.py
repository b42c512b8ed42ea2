# `async with` on a user class (__aenter__/__aexit__ that await), and
# `async for` over a class with __aiter__/__anext__ and over async
# generator functions, with other tasks running in between.
# corpus-loop-work: none an abandoned async generator: CPython's loop finalizes it with a task (aclose), which the interpreter does not make
import asyncio


class Session:
    def __init__(self, name):
        self.name = name

    async def __aenter__(self):
        print("opening", self.name)
        await asyncio.sleep(0.5)
        return self

    async def __aexit__(self, exc_type, exc, tb):
        await asyncio.sleep(0.25)
        print("closed", self.name, exc_type.__name__ if exc_type else None)
        return exc_type is RuntimeError


class Ticker:
    def __init__(self, n):
        self.n = n
        self.i = 0

    def __aiter__(self):
        return self

    async def __anext__(self):
        if self.i >= self.n:
            raise StopAsyncIteration
        self.i += 1
        await asyncio.sleep(1)
        return self.i


async def agen(label, n):
    for i in range(n):
        await asyncio.sleep(0.3)
        yield f"{label}{i}"
    print(label, "exhausted")


async def background():
    for i in range(4):
        print("background", i)
        await asyncio.sleep(0.7)


async def main():
    bg = asyncio.create_task(background())
    async with Session("s1") as s:
        print("using", s.name)
    async with Session("s2"):
        raise RuntimeError("swallowed by __aexit__")
    try:
        async with Session("s3"):
            raise ValueError("passes through")
    except ValueError as e:
        print("caught", repr(e))
    async for t in Ticker(3):
        print("tick", t)
    async for word in agen("w", 3):
        print("got", word)
    async for word in agen("x", 5):
        if word == "x1":
            break
        print("got", word)
    await bg


asyncio.run(main())
