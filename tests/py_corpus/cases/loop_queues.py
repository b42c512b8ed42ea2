# The loop's queues under pressure: equal deadlines, cancelled handles in
# the ready queue and in the heap, and the heap rebuilt when most of its
# timers are cancelled (base_events._run_once).
import asyncio


def tick(name):
    print("tick", name)


async def sleeper(i, delay):
    await asyncio.sleep(delay)
    print("slept", i)


async def main():
    loop = asyncio.get_running_loop()
    # Equal deadlines: heapq's sifts, not insertion order, decide.
    for name in "abcdefg":
        loop.call_later(1.0, tick, name)
    # A handle cancelled while it waits in the ready queue is skipped.
    soon = [loop.call_soon(tick, "soon%d" % i) for i in range(4)]
    soon[1].cancel()
    soon[3].cancel()
    # A sleeping task cancelled: its timer stays in the heap, cancelled.
    victim = asyncio.create_task(sleeper(0, 5.0))
    await asyncio.sleep(0)
    victim.cancel()
    # More than 100 timers, most cancelled: the heap is rebuilt.
    late = [loop.call_later(2.0 + i / 1000, tick, "late%d" % i) for i in range(150)]
    for h in late[:120]:
        h.cancel()
    tasks = [asyncio.create_task(sleeper(i, 0.5 * (i % 3))) for i in range(1, 6)]
    await asyncio.gather(*tasks)
    await asyncio.sleep(3)
    print("done")


asyncio.run(main())
