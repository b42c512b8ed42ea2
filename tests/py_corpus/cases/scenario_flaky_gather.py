"""a_flaky_tsk(i) sleeps i s and odd ones raise ValueError; gathered."""
# The seed's exception example with gather: without return_exceptions the
# first crash reaches main while the siblings go on running.
import asyncio

PARAMS = {"n": 10, "return_exceptions": False}
TARGETS = {}


async def a_flaky_tsk(i):
    await asyncio.sleep(i)  # bit of fuzz to simulate a real-world example
    if i % 2 == 0:
        print(i, "ok")
    else:
        print(i, "crashed!")
        raise ValueError


async def main(p):
    coros = [a_flaky_tsk(i) for i in range(p["n"])]
    results = await asyncio.gather(*coros, return_exceptions=p["return_exceptions"])
    if p["return_exceptions"]:
        for result_or_exc in results:
            if isinstance(result_or_exc, Exception):
                print("I caught:", repr(result_or_exc))


if __name__ == "__main__":
    asyncio.run(main(PARAMS))
