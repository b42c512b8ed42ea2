# Python functions as loop callbacks: call_soon (FIFO with the tasks'
# steps), call_later and call_at with equal deadlines, cancelled handles,
# loop.time(), create_future with set_result/set_exception, and
# add_done_callback/remove_done_callback.
import asyncio

log = []


def note(*args):
    loop = asyncio.get_running_loop()
    print("callback", args, loop.time())
    log.append(args)


def on_done(fut):
    if fut.cancelled():
        print("done: cancelled")
    elif fut.exception() is not None:
        print("done: exception", repr(fut.exception()))
    else:
        print("done: result", fut.result())


def never(fut):
    print("never printed", fut.result())


async def ticker():
    for i in range(3):
        print("tick", i)
        await asyncio.sleep(0)


async def main():
    loop = asyncio.get_running_loop()
    print("start", loop.time())
    t = asyncio.create_task(ticker())
    loop.call_soon(note, "soon", 1)
    loop.call_soon(note, "soon", 2)
    h = loop.call_later(1, note, "later-cancelled")
    loop.call_later(1, note, "later", "a")
    loop.call_at(loop.time() + 1, note, "at", "b")
    loop.call_later(0.5, note, "half")
    print(h.cancelled())
    h.cancel()
    print(h.cancelled())
    await t
    await asyncio.sleep(2)

    fut = loop.create_future()
    fut.add_done_callback(on_done)
    fut.add_done_callback(never)
    print("removed", fut.remove_done_callback(never))
    loop.call_later(1, fut.set_result, 42)
    print("awaited", await fut)
    await asyncio.sleep(0)

    bad = loop.create_future()
    bad.add_done_callback(on_done)
    bad.set_exception(KeyError("nope"))
    try:
        await bad
    except KeyError as e:
        print("caught", repr(e))

    gone = loop.create_future()
    gone.add_done_callback(on_done)
    gone.cancel()
    await asyncio.sleep(0)
    done_early = loop.create_future()
    done_early.set_result("early")
    done_early.add_done_callback(on_done)
    await asyncio.sleep(0)
    print(len(log), log[-1])


asyncio.run(main())
