# asyncio.Queue: producers and consumers with a bounded queue (put blocks
# when full), task_done/join, qsize/empty/full, the *_nowait forms and
# QueueEmpty/QueueFull, and a consumer cancelled while it waits in get().
import asyncio


async def producer(q, name, items, delay):
    for i in range(items):
        await q.put(f"{name}{i}")
        print(f"{name} put {name}{i} qsize={q.qsize()} full={q.full()}")
        await asyncio.sleep(delay)


async def consumer(q, name, delay):
    while True:
        item = await q.get()
        print(f"{name} got {item}")
        await asyncio.sleep(delay)
        q.task_done()


async def main():
    q = asyncio.Queue(maxsize=2)
    print(q.empty(), q.full(), q.qsize(), str(q))
    consumers = [asyncio.create_task(consumer(q, f"c{i}", 0.7 + i * 0.4)) for i in range(2)]
    producers = [asyncio.create_task(producer(q, p, 3, 0.2)) for p in ("a", "b")]
    await asyncio.gather(*producers)
    print("producers done at", asyncio.get_running_loop().time(), str(q))
    await q.join()
    print("joined", q.qsize(), q.empty())
    for c in consumers:
        c.cancel()
    results = await asyncio.gather(*consumers, return_exceptions=True)
    print([type(r).__name__ for r in results])

    small = asyncio.Queue(1)
    small.put_nowait("x")
    try:
        small.put_nowait("y")
    except asyncio.QueueFull:
        print("QueueFull", small.qsize())
    print(small.get_nowait())
    try:
        small.get_nowait()
    except asyncio.QueueEmpty as e:
        print("QueueEmpty", repr(e))
    try:
        small.task_done()
        small.task_done()
    except ValueError as e:
        print("ValueError", e)

    waiting = asyncio.Queue()
    getter = asyncio.create_task(waiting.get())
    await asyncio.sleep(1)
    getter.cancel()
    try:
        await getter
    except asyncio.CancelledError:
        print("getter cancelled", getter.cancelled())
    waiting.put_nowait(1)
    print(await waiting.get())

    lifo = asyncio.LifoQueue()
    for i in range(3):
        await lifo.put(i)
    print([lifo.get_nowait() for _ in range(3)])


asyncio.run(main())
