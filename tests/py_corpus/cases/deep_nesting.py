# Deep structures: repr, == and pprint raise RecursionError as CPython does
# (the C++ stack is never the limit); hash walks a 100,000-deep tuple.
import pprint

x = []
for i in range(50000):
    x = [x]
try:
    print(x)
except RecursionError as e:
    print("print:", e)
try:
    s = str(x)
except RecursionError as e:
    print("str:", e)
try:
    s = f"{x}"
except RecursionError as e:
    print("f-string:", e)
print(x == x)
y = []
for i in range(50000):
    y = [y]
try:
    print(x == y)
except RecursionError as e:
    print("==:", e)
try:
    print(x < y)
except RecursionError as e:
    print("<:", e)
d = {}
for i in range(50000):
    d = {"a": d}
try:
    print(d)
except RecursionError as e:
    print("dict:", e)
try:
    pprint.pprint(x)
except RecursionError as e:
    print("pprint:", e)
t = ()
for i in range(100000):
    t = (t,)
print(hash(t))
try:
    repr(t)
except RecursionError as e:
    print("tuple:", e)
shallow = []
for i in range(100):
    shallow = [shallow]
print(len(repr(shallow)), shallow == shallow)
