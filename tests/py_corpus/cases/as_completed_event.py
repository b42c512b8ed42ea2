import asyncio

async def job(i, d):
    await asyncio.sleep(d)
    return f"job{i}"

async def setter(ev):
    await asyncio.sleep(2)
    print("setting")
    ev.set()

async def main():
    for f in asyncio.as_completed([job(1, 3), job(2, 1), job(3, 2)]):
        print("done:", await f)
    ev = asyncio.Event()
    t = asyncio.create_task(setter(ev))
    print("is_set", ev.is_set())
    await ev.wait()
    print("is_set", ev.is_set(), asyncio.get_running_loop().time())
    await t

asyncio.run(main())
