# sys.exit(7) ends the script with status 7 and no traceback, as
# `python3 FILE.py` does; what was printed before stays.
import asyncio
import sys


async def main():
    print("before")
    await asyncio.sleep(1)
    print("exiting")
    sys.exit(7)


asyncio.run(main())
print("not reached")
