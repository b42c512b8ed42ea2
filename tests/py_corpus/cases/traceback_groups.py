# A TaskGroup's ExceptionGroup escaping the script: the traceback ends at
# the `async with` (the group is raised by __aexit__), with the custom
# exception's __str__ and module-qualified names for asyncio's exceptions
# in the messages printed before.
# corpus-loop-work: 3.12+ 3.11's wait_for runs its own waiter and _release_waiter; 3.12 builds it on asyncio.timeout
import asyncio


class JobError(Exception):
    def __init__(self, job):
        super().__init__(job)
        self.job = job

    def __str__(self):
        return f"job {self.job} failed"


async def job(n):
    await asyncio.sleep(n)
    if n % 2:
        raise JobError(n)
    return n


async def main():
    try:
        await asyncio.wait_for(asyncio.sleep(5), 1)
    except asyncio.TimeoutError as e:
        print("timeout", type(e).__name__)
    async with asyncio.TaskGroup() as tg:
        for n in range(4):
            tg.create_task(job(n))
    print("not reached")


asyncio.run(main())
