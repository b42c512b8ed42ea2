"""The default policy's current loop, before, during and after asyncio.run.

Before any asyncio.run, get_event_loop() makes a loop; asyncio.run sets its
own loop and, when it ends, set_event_loop(None): after that, gather() and
get_event_loop() outside a running loop raise RuntimeError. set_event_loop
takes a loop or None.
"""
import asyncio


async def one(x):
    await asyncio.sleep(x)
    return x


async def main():
    return await asyncio.gather(one(1), one(2))


loop = asyncio.get_event_loop()
print("made by get_event_loop:", loop.run_until_complete(one(0.5)))
print(asyncio.run(main()))
for make in (lambda: asyncio.gather(one(1)), asyncio.get_event_loop):
    try:
        make()
        print("no error")
    except RuntimeError as e:
        print("RuntimeError:", e)
try:
    asyncio.set_event_loop(3)
except TypeError as e:
    print("TypeError:", e)
fresh = asyncio.new_event_loop()
asyncio.set_event_loop(fresh)
print("after set_event_loop:", asyncio.get_event_loop() is fresh)
print(fresh.run_until_complete(asyncio.gather(one(1), one(0.5))))
fresh.close()
