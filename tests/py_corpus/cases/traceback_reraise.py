# The traceback of an exception escaping the script: `raise e` adds a
# second entry for its frame (bare `raise` does not), frames of sync
# helpers, methods and generators, and the await that received it from a task.
import asyncio


class Parser:
    def parse(self, text):
        return int(text)


def numbers(texts):
    p = Parser()
    for t in texts:
        yield p.parse(t)


def total(texts):
    try:
        return sum(numbers(texts))
    except ValueError as e:
        print("retrying with", repr(e))
        raise e


def checked(texts):
    try:
        return total(texts)
    except ValueError:
        print("giving up")
        raise


async def worker(texts):
    await asyncio.sleep(1)
    return checked(texts)


async def main():
    print(await worker(["1", "2"]))
    task = asyncio.create_task(worker(["3", "x"]))
    await asyncio.sleep(0.5)
    result = await task
    print("never", result)


asyncio.run(main())
