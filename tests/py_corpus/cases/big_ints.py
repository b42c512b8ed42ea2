# Python ints of any size: arithmetic past 64 bits, the way back to the
# small form, conversions, text (and its 4300-digit limit), hashing, floats,
# indices and random.seed.
import asyncio
import random
import sys


def attempt(label, fn):
    try:
        print(label, repr(fn()))
    except Exception as e:
        print(label, type(e).__name__, e)


def factorial(n):
    out = 1
    for i in range(2, n + 1):
        out *= i
    return out


def gcd(a, b):
    while b:
        a, b = b, a % b
    return abs(a)


print("pow", 2**100, -(2**100), 2**64, 2**63, -(2**63), 2**63 - 1)
print("factorial", factorial(30), factorial(25) // factorial(23))
print("literal", 100000000000000000000000000000, 0xFFFF_FFFF_FFFF_FFFF_FFFF, 0o7777777777777777777777777, 0b1_0000000000000000000000000000000000000000000000000000000000000000)
big = 10**30
print("add", big + 1, big - big, big + (-big) == 0, type(big - big + 5) is int)
print("mul", big * big, big * -3, 12345678901234567 * 98765432109876543)
print("overflow", 9223372036854775807 + 1, -9223372036854775808 - 1, 3037000500 * 3037000500, 4611686018427387904 * 2)
for a, b in [(10**20, 7), (-(10**20), 7), (10**20, -7), (-(10**20), -7), (7, 10**20), (-7, 10**20)]:
    print("floor", a // b, a % b, divmod(a, b))
print("int64 edge", (-9223372036854775808) // -1, (-9223372036854775808) % -1, -(-9223372036854775808), abs(-9223372036854775808))
print("negative pow", 2**-1, 10**-3, (-2) ** -3, type(2**-1).__name__)
attempt("huge negative pow", lambda: (10**400) ** -1)
attempt("zero negative pow", lambda: 0**-1)
print("pow3", pow(3, 200, 1000007), pow(2, 10, -3), pow(3, -1, 7), pow(-(10**20), 3, 10**9 + 7), pow(5, 3, 1))
attempt("pow3 not invertible", lambda: pow(2, -1, 4))
attempt("pow3 zero", lambda: pow(2, 10, 0))
attempt("pow3 float", lambda: pow(2.0, 10, 3))
print("shift", 1 << 100, (1 << 100) >> 99, -(2**70) >> 3, 1 >> 2**70, -1 >> 2**70, 0 << 2**70, 5 << 62)
attempt("negative shift", lambda: 2**70 << -1)
print("bits", 2**70 & -1, -(2**70) | 5, 2**70 ^ 2**69, ~(2**70), ~-(2**70), (2**100 - 1) & 0xFFFF)
print("unary", -(2**100), +(2**100), abs(-(2**100)), bool(2**100), not 2**100)
print("compare", 2**100 > 2**99, -(2**100) < 5, 2**64 == 2**64, 2**64 != 2**64 + 1, max(2**64, 5, -(2**70)), min(2**64, 5, -(2**70)))
print("with floats", 2**63 == 9223372036854775808.0, 2**63 - 1 == 9.223372036854776e18, 2**63 - 1 < 9.223372036854776e18, 10**20 == 1e20)
print("inf nan", 10**400 < float("inf"), 10**400 > float("-inf"), 10**400 < float("nan"), 10**400 == float("nan"), 10**400 > 1e308)
print("mixed", 2**64 + 0.5, 2**64 * 1.5, 2**64 / 2**32, (2**64) // 1.5, 2**64 % 1.5)
attempt("mixed overflow", lambda: 10**400 + 0.5)
print("sorted", sorted([2**64, 1, -(2**70), 1e30, 0.5, 2**100]))
print("true division", 10**30 / 10**10, (2**53 + 1) / 1, 1 / 10**400, -(10**30) / 3, 0 / -5, (10**400 + 1) / 10**399)
attempt("division too large", lambda: 10**400 / 1)
attempt("division by zero", lambda: 10**20 / 0)
attempt("floor by zero", lambda: 10**20 // 0)
attempt("modulo by zero", lambda: 10**20 % 0)
attempt("small modulo by zero", lambda: 10 % 0)
print("float", float(2**53 + 1), float(2**100), float(-(10**308)), float(2**1024 - 2**971), float(2**1024 - 2**970 - 1), float(2**54 + 3))
attempt("float overflow", lambda: float(10**400))
attempt("float overflow rounding", lambda: float(2**1024 - 2**970))
print("int(float)", int(1e30), int(-1e19), int(1e300) % 10**20, int(2.5e30), round(1e30), round(2**70))
attempt("int(inf)", lambda: int(float("inf")))
attempt("int(nan)", lambda: int(float("nan")))
print("round", round(123456789012345678901234567890, -5), round(25, -1), round(35, -1), round(-(10**20) - 5, -1), round(10**20, 3), round(1234, -2))
print("int(str)", int("123456789012345678901234567890"), int("  -1_000_000_000_000_000_000_000  "), int("f" * 30, 16), int("0x" + "f" * 30, 0), int("z" * 20, 36), int("0b" + "1" * 70, 0), int("0o" + "7" * 30, 8))
for text, base in [("_1", 10), ("1_", 10), ("1__0", 10), ("0x", 16), ("010", 0), ("- 1", 10), ("12", 1), ("9", 8), ("", 10)]:
    attempt("int(%r, %d)" % (text, base), lambda: int(text, base))
print("int(str) zero forms", int("00", 0), int("0_0", 0), int("-0"), int("0x_1f", 16))
attempt("int(str) base for non-str", lambda: int(12, 10))
print("str", str(2**200), repr(-(2**200)), len(str(10**4299)))
print("hash", hash(2**100), hash(-(2**100)), hash(2**61 - 1), hash(2**61), hash(-(2**61 - 1) - 1), hash(10**30), hash(1e30) == hash(int(1e30)))
print("dict keys", {2**64: "a", 2**64 + 1: "b"}[2**64], 2**64 in {2**64}, 2**100 in [2**100], {2**64: 1} == {2**64: 1})
print("format", f"{10**20:,}", f"{2**70:x}", f"{2**70:X}", f"{10**20:>25}|", f"{-(2**70):#b}", f"{2**70:_b}", f"{2**70:o}", f"{-(10**20):+,}", f"{10**20:e}", f"{10**20:.2f}", f"{2**64:^30}|")
print("percent", "%d" % 10**20, "%x" % 2**70, "%X" % 2**70, "%o" % 2**70, "%30d|" % 10**20, "%-30d|" % 10**20, "%+d" % 10**20, "%#x" % 2**70, "%d" % 1e30, "%.3f" % 10**20)
print("sum", sum([10**20, 10**20, 1]), sum(range(2**62, 2**62 + 4)), sum([2**64, 0.5]))
print("range", list(range(2**63 - 2, 2**63 - 1)), len(range(2**62)))
attempt("repeat big", lambda: "abc" * 10**20)
attempt("repeat negative big", lambda: [1] * -(10**20))
attempt("list index", lambda: [1, 2][10**20])
attempt("list negative index", lambda: [1, 2][-(10**20)])
attempt("str index", lambda: "abc"[10**20])
attempt("tuple index", lambda: (1, 2)[2**63])
print("slice", [1, 2, 3][1 : 10**20], [1, 2, 3][-(10**20) :], "abcdef"[:: 10**20])
print("isinstance", isinstance(2**100, int), type(2**100).__name__, type(2**100) is int)
print("identity", 2**100 is 2**100 or True)
print("int limit default", sys.get_int_max_str_digits())
attempt("str over limit", lambda: str(10**4300))
attempt("int over limit", lambda: int("1" * 4301))
attempt("int over limit underscores", lambda: int("1_0" * 2200))
print("hex has no limit", len(f"{10**5000:x}"), len("%x" % 10**5000))
attempt("format over limit", lambda: format(10**5000, ","))
attempt("set limit too small", lambda: sys.set_int_max_str_digits(100))
sys.set_int_max_str_digits(5000)
print("limit 5000", len(str(10**4500)), len(str(int("7" * 4999))))
sys.set_int_max_str_digits(0)
print("no limit", len(str(10**6000)))
sys.set_int_max_str_digits(4300)
attempt("limit back", lambda: str(10**4300))

random.seed(2**100)
print("seed big", random.random(), random.randint(1, 10**6))
random.seed(-(2**100))
print("seed negative big", random.random())
random.seed(2**64 + 7)
print("seed 2**64+7", random.random())


async def accumulate(n):
    await asyncio.sleep(0.1)
    return factorial(n)


async def main():
    results = await asyncio.gather(*(accumulate(n) for n in (20, 21, 40)))
    print("gathered", results, gcd(results[1], results[2]))
    return results[-1]


print("main returned", asyncio.run(main()))
