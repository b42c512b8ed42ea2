# Allocations too large for the machine are MemoryError at once, before
# anything is allocated; builtins over iterators step through them.
import asyncio

attempts = [
    ("'a' * 10**12", lambda: "a" * 10**12),
    ("[0] * 10**12", lambda: [0] * 10**12),
    ("(0,) * 10**12", lambda: (0,) * 10**12),
    ("[1, 2] * 2**62", lambda: [1, 2] * 2**62),
    ("'ab' * 2**62", lambda: "ab" * 2**62),
    ("list(range(10**12))", lambda: list(range(10**12))),
    ("sorted(range(10**12))", lambda: sorted(range(10**12))),
    ("' '.join(['a' * 10**6] * 10**6)", lambda: " ".join(["a" * 10**6] * 10**6)),
]
for text, attempt in attempts:
    try:
        attempt()
        print(text, "ok")
    except (MemoryError, OverflowError) as e:
        print(text, type(e).__name__, repr(e))


def naturals():
    n = 0
    while True:
        yield n
        n += 1


def above(limit):
    for n in naturals():
        yield n > limit


def below(limit):
    for n in naturals():
        yield n < limit


print(any(above(1000)), all(below(1000)))
print(sum(n for n in range(100000)), min(n % 7 for n in range(1000)), max(range(10**6)))
print(min((3, 1, 2)), max(3, 1, 2), min([], default="empty"), max("abc", key=ord))
print(len("ab" * 3), [0] * 3, (1,) * 0, "x" * -2)


async def main():
    try:
        "a" * 10**12
    except MemoryError as e:
        print("in a task:", repr(e))


asyncio.run(main())
