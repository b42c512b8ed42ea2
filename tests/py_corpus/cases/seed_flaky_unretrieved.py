# The seed's wait() example: crashed tasks nobody awaits are reported at the end.
import asyncio
async def a_flaky_tsk(i):
    await asyncio.sleep(i)
    if i % 2 == 0:
        print(i, "ok")
    else:
        print(i, "crashed!")
        raise ValueError
async def main():
    coros = [asyncio.create_task(a_flaky_tsk(i)) for i in range(10)]
    done, pending = await asyncio.wait(coros)
    print(len(done), len(pending))
asyncio.run(main())
