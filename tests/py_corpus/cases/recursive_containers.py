# Containers that hold themselves print, compare and sort as in CPython:
# `[...]` and `{...}` where repr meets a container again, and an object
# equal to itself by identity inside ==, `in` and sorted().
import asyncio

x = []
x.append(x)
print(x, str(x), repr(x), f"{x}", f"{x!r}")
print(x == x, x in x, x != x)
print(sorted([x, x]))
d = {}
d["a"] = d
print(d, str(d), d == d)
print({"k": [d, x]})
t = (x,)
print(t, len(repr(t)))
y = [1, 2]
print([y, y, (y,)])
z = []
z.append((z, [z]))
print(z)


class Node:
    def __init__(self):
        self.children = []

    def __repr__(self):
        return "Node" + repr(self.children)


n = Node()
n.children.append(n)
n.children.append([n])
print(n)
print(hash((1, 2)), hash((1, (2, 3.5), -1)), hash(()), hash(-1), hash(2**61 + 5))


async def main():
    loop = asyncio.get_running_loop()
    f = loop.create_future()
    f.set_result(f)
    print(f)
    g = loop.create_future()
    g.set_result([g])
    print(g)


asyncio.run(main())
