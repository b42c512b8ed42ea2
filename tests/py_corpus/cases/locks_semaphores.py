# asyncio.Lock, Semaphore, BoundedSemaphore and Condition: who gets in, in
# what order, when waiters are cancelled, and the errors for misuse.
# corpus-loop-work: 3.12+ 3.11's gather schedules _done_callback for children already done; 3.12 calls it at once
import asyncio


async def locked_worker(lock, name, hold):
    print(name, "wants the lock", lock.locked())
    async with lock:
        print(name, "has the lock")
        await asyncio.sleep(hold)
    print(name, "released")


async def limited(sem, name, hold):
    async with sem:
        print(name, "in", sem.locked())
        await asyncio.sleep(hold)
    print(name, "out")


async def main():
    lock = asyncio.Lock()
    tasks = [asyncio.create_task(locked_worker(lock, f"w{i}", 1)) for i in range(3)]
    await asyncio.sleep(0.5)
    tasks[1].cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    print("lock free:", not lock.locked())
    try:
        lock.release()
    except RuntimeError as e:
        print("RuntimeError", e)
    print(await lock.acquire(), lock.locked())
    lock.release()

    sem = asyncio.Semaphore(2)
    await asyncio.gather(*(limited(sem, f"s{i}", 1 + i * 0.5) for i in range(5)))

    bounded = asyncio.BoundedSemaphore(1)
    await bounded.acquire()
    bounded.release()
    try:
        bounded.release()
    except ValueError as e:
        print("ValueError", e)
    try:
        asyncio.Semaphore(-1)
    except ValueError as e:
        print("ValueError", e)

    cond = asyncio.Condition()
    ready = []

    async def waiter(name):
        async with cond:
            await cond.wait_for(lambda: ready)
            print(name, "saw", ready)

    waiters = [asyncio.create_task(waiter(f"cw{i}")) for i in range(3)]
    await asyncio.sleep(1)
    async with cond:
        ready.append("go")
        cond.notify(2)
    await asyncio.sleep(1)
    async with cond:
        cond.notify_all()
    await asyncio.gather(*waiters)
    try:
        cond.notify()
    except RuntimeError as e:
        print("RuntimeError", e)


asyncio.run(main())
