# corpus-args: --set n=2
# corpus-args: --set fail=true --set delay=0.5
# corpus-args: --cancel slow@1
"""A scenario-style file: PARAMS, TARGETS and main(p), run as the harness runs the built-ins."""
import asyncio

PARAMS = {"n": 4, "fail": False, "delay": 1.0}
TARGETS = {}


async def step(i, p):
    await asyncio.sleep(p["delay"] * (i + 1))
    if p["fail"] and i == 1:
        raise RuntimeError(f"step {i} failed")
    print("step", i)
    return i


async def main(p):
    slow = asyncio.gather(*[step(i, p) for i in range(p["n"])])
    TARGETS["slow"] = slow
    print(await slow)
