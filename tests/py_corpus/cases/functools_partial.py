# functools.partial hands loop callbacks and done-callbacks their arguments,
# as the asyncio documentation's examples do; functools.reduce folds results.
import asyncio
import functools


def report(label, value, *, unit="s"):
    print(label, value, unit)


def on_done(tag, fut):
    print("done:", tag, fut.result())


async def work(n):
    await asyncio.sleep(n / 10)
    return n * n


async def main():
    loop = asyncio.get_running_loop()
    loop.call_soon(functools.partial(report, "soon", 1))
    loop.call_later(0.2, functools.partial(report, "later", 2, unit="ms"))
    later = functools.partial(functools.partial(report, "nested"), 3)
    loop.call_at(loop.time() + 0.1, functools.partial(later, unit="us"))
    try:
        loop.call_soon(report, "x", 1, unit="h")
    except TypeError as e:
        print("TypeError:", e)
    fut = loop.create_future()
    fut.add_done_callback(functools.partial(on_done, "fut"))
    loop.call_soon(functools.partial(fut.set_result, 42))
    tasks = [asyncio.create_task(work(n)) for n in range(1, 5)]
    for t in tasks:
        t.add_done_callback(functools.partial(on_done, t.get_name()))
    results = await asyncio.gather(*tasks)
    print("sum of squares", functools.reduce(lambda a, b: a + b, results))
    print("product", functools.reduce(lambda a, b: a * b, results, 1))
    try:
        functools.reduce(lambda a, b: a + b, [])
    except TypeError as e:
        print("TypeError:", e)
    try:
        functools.partial(1)
    except TypeError as e:
        print("TypeError:", e)
    await asyncio.sleep(0.3)


asyncio.run(main())
