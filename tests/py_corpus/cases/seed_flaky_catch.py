# The seed's flaky-task snippets joined: wait on tasks, then await each; gather with return_exceptions.
import asyncio
async def a_flaky_tsk(i):
    await asyncio.sleep(i)  # bit of fuzz to simulate a real-world example
    if i % 2 == 0:
        print(i, "ok")
    else:
        print(i, "crashed!")
        raise ValueError
async def main():
    coros = [asyncio.create_task(a_flaky_tsk(i)) for i in range(10)]
    done, pending = await asyncio.wait(coros)
    for tsk in sorted(done, key=lambda t: coros.index(t)):
        try:
            await tsk
        except Exception as e:
            print("I caught:", repr(e))
    coros = [a_flaky_tsk(i) for i in range(10)]
    results = await asyncio.gather(*coros, return_exceptions=True)
    for result_or_exc in results:
        if isinstance(result_or_exc, Exception):
            print("I caught:", repr(result_or_exc))
asyncio.run(main())
