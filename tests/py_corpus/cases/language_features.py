import asyncio

counter = 0

def bump(n=1, *rest, scale=2, **kw):
    global counter
    counter += n * scale + len(rest) + len(kw)
    return counter

def make_adder(k):
    total = 0
    def add(x):
        nonlocal total
        total += x + k
        return total
    return add

class Point:
    def __init__(self, x, y=0):
        self.x = x
        self.y = y
    def __repr__(self):
        return f"Point({self.x}, {self.y})"
    def norm1(self):
        return abs(self.x) + abs(self.y)

async def main():
    print(bump(), bump(2, 3, 4), bump(scale=5, extra=1))
    add = make_adder(10)
    print(add(1), add(2))
    pts = [Point(i, -i) for i in range(3)]
    print(pts, sorted(pts, key=lambda p: -p.norm1()))
    a, *b, c = range(6)
    print(a, b, c)
    d = {k: v for k, v in zip("abc", [1, 2, 3])}
    print(d, d.get("z", 0), list(d.items()), {x % 3 for x in range(10)})
    print("%s=%r %5.2f|%-4d|" % ("x", "y", 3.14159, 42), "{:>6}|{:<6}|{:^6}|{:08.3f}".format("a", "b", "c", 2.5))
    s = "Hello, World"
    print(s.lower(), s.upper(), s[::-1], s[1:5], s.split(", "), "-".join(["a", "b"]), s.replace("l", "L", 2))
    print(1 < 2 < 3, 1 < 3 < 2, not None, None is None, 3 in [1, 2, 3], "x" not in "abc")
    print(7 // 2, -7 // 2, 7 % -3, 2 ** 10, 7 / 2, round(2.5), round(3.14159, 2), divmod(17, 5))
    i = 0
    while True:
        i += 1
        if i % 2:
            continue
        if i > 6:
            break
        print("even", i)
    else:
        print("never")
    for j in range(3):
        pass
    else:
        print("for-else", j)
    x = 5 if i > 3 else 6
    print(x, any(v > 2 for v in [1, 2, 3]), all([]), min(3, 1, 2), max([4, 9, 2]), sum(range(10)))
    print(isinstance(True, int), isinstance(1.0, (int, float)), type(1.5).__name__, len("héllo"))
    print(f"{3.14159:.2f} {42:5d} {'s'!r} {1/3} {1e20} {10**15} {2.0} {-0.0} {1e-5}")
    await asyncio.sleep(0)

asyncio.run(main())
