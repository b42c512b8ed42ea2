# asyncio.wait checks its arguments in tasks.wait's order, each when the
# coroutine is awaited: a future or coroutine as fs, emptiness, return_when,
# set(fs), coroutines in fs, then _wait's call_later(timeout) and
# add_done_callback.
import asyncio

async def coro():
    return 1

async def main():
    fut = asyncio.get_running_loop().create_future()
    fut.set_result(1)
    c = coro()
    c_task = asyncio.ensure_future(c)  # the same coroutine, awaited once
    cases = [
        ("empty + bad return_when", lambda: asyncio.wait([], return_when=42)),
        ("empty", lambda: asyncio.wait([])),
        ("empty tuple + bad timeout", lambda: asyncio.wait((), timeout="x")),
        ("zero", lambda: asyncio.wait(0)),
        ("int", lambda: asyncio.wait(5)),
        ("int + bad return_when", lambda: asyncio.wait(5, return_when="SOMETIMES")),
        ("future", lambda: asyncio.wait(fut)),
        ("coroutine", lambda: asyncio.wait(c)),
        ("list with coroutine + bad return_when", lambda: asyncio.wait([c], return_when=None)),
        ("list with coroutine", lambda: asyncio.wait([c])),
        ("list with int", lambda: asyncio.wait([1])),
        ("list with future, bad timeout", lambda: asyncio.wait([fut], timeout="soon")),
        ("unhashable item", lambda: asyncio.wait([[1]])),
    ]
    for name, make in cases:
        aw = make()
        print(name, "-> made", type(aw).__name__)
        try:
            r = await aw
            print("  returned", len(r[0]), len(r[1]))
        except Exception as e:
            print("  ", type(e).__name__, e)
    await c_task

asyncio.run(main())
