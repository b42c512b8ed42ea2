"""The same flaky tasks, waited: crashes stay inside their tasks until awaited."""
# corpus-args: --set catch=true
# corpus-args: --set return_when=FIRST_EXCEPTION --set n=6
# corpus-args: --cancel Task-3@0.5
# The seed's exception example with wait. Since 3.11 wait() takes tasks, not
# coroutines; the done set is awaited in creation order, not hash order.
import asyncio

PARAMS = {"n": 10, "return_when": "ALL_COMPLETED", "catch": False}
TARGETS = {}


async def a_flaky_tsk(i):
    await asyncio.sleep(i)  # bit of fuzz to simulate a real-world example
    if i % 2 == 0:
        print(i, "ok")
    else:
        print(i, "crashed!")
        raise ValueError


async def main(p):
    tasks = [asyncio.create_task(a_flaky_tsk(i)) for i in range(p["n"])]
    done, pending = await asyncio.wait(tasks, return_when=p["return_when"])
    print("done:", len(done), "pending:", len(pending))
    if p["catch"]:
        for tsk in [t for t in tasks if t in done]:
            try:
                await tsk
            except Exception as e:
                print("I caught:", repr(e))


if __name__ == "__main__":
    asyncio.run(main(PARAMS))
