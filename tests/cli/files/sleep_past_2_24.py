# From 2**24 s of virtual time on, t + 1e-9 == t: this timer can never fire.
import asyncio

asyncio.run(asyncio.sleep(2e7))
