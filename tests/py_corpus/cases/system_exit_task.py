# SystemExit raised in a task that is not main's: Task.__step sets it on the
# task and re-raises it, so it leaves run_until_complete at once; asyncio.run
# still cancels what is left (its finally block runs), then the script ends
# with status 3. The task's exception is never retrieved.
import asyncio


async def child():
    await asyncio.sleep(1)
    print("child exits")
    raise SystemExit(3)


async def other():
    try:
        await asyncio.sleep(5)
    finally:
        print("other cleaned up")


async def main():
    asyncio.create_task(child())
    asyncio.create_task(other())
    await asyncio.sleep(10)
    print("not reached")


asyncio.run(main())
print("not reached either")
