import asyncio
import sys

async def main():
    print("a", "b", sep="-", end="")
    print("|same line")
    print("multi\nline")
    print()
    print("x", end=" ")
    await asyncio.sleep(1)
    print("after sleep")
    sys.stdout.write("raw write\n")
    print("to stderr", file=sys.stderr)
    print("tail without newline", end="")

asyncio.run(main())
