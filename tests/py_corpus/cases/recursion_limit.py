# sys.getrecursionlimit / setrecursionlimit, and RecursionError from plain
# and async recursion, caught and recovered from.
import asyncio
import sys

print(sys.getrecursionlimit())


def down(n):
    if n == 0:
        return 0
    return down(n - 1) + 1


def endless(n):
    return endless(n + 1)


try:
    endless(0)
except RecursionError as e:
    print("plain:", e)
print(down(500))
sys.setrecursionlimit(100)
print(sys.getrecursionlimit())
try:
    down(200)
except RecursionError as e:
    print("at 100:", e)
print(down(50))
sys.setrecursionlimit(1000)
for bad in [0, -5, "a", 2**40]:
    try:
        sys.setrecursionlimit(bad)
    except (ValueError, TypeError, OverflowError) as e:
        print(type(e).__name__, e)
print(sys.getrecursionlimit())


def retry(n):
    try:
        return endless(n)
    except RecursionError:
        return "recovered at depth " + ("low" if n < 10 else "high")


print(retry(0))


async def forever(n):
    await forever(n + 1)


async def chain(n):
    if n == 0:
        return 0
    return await chain(n - 1) + 1


async def main():
    try:
        await forever(0)
    except RecursionError as e:
        print("async:", e)
    print(await chain(500))
    try:
        await chain(200000)
    except RecursionError as e:
        print("deep chain:", e)
    print(await chain(100))


asyncio.run(main())
try:
    asyncio.run(forever(0))
except RecursionError as e:
    print("run:", e)
