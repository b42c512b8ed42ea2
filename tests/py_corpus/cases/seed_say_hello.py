# The seed's say() snippets joined into a runnable file: gather vs wait on coroutines.
import asyncio
async def say(what, when):
    await asyncio.sleep(when)
    print(what)
    return what
loop = asyncio.get_event_loop()
result=loop.run_until_complete(asyncio.gather( say('first hello', 2), say('second hello', 1), say('third hello', 4) ))
print(result)
try:
    result=loop.run_until_complete(asyncio.wait([ say('first hello', 2), say('second hello', 1), say('third hello', 4) ]))
except TypeError as e:
    print("wait:", e)
loop.close()
