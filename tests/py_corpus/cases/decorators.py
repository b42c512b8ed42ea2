# Decorators on functions, coroutines and classes: the decorator
# expressions are evaluated top first, before the defaults, and applied
# bottom first; a decorator that raises stops the definition.
import asyncio


def trace(label):
    print("trace evaluated", label)
    def wrap(fn):
        print("wrapping", fn.__name__, "for", label)
        def inner(*args, **kwargs):
            print(label, "calls", fn.__name__, args)
            return fn(*args, **kwargs)
        return inner
    return wrap


def default():
    print("default evaluated")
    return 5


def twice(fn):
    print("twice wraps", fn.__name__)
    def inner(*a):
        return fn(*a) * 2
    return inner


@trace("outer")
@twice
def add(a, b=default()):
    return a + b


print(add(1), add(1, 2))


def registry(cls):
    print("registering", cls.__name__)
    cls.registered = True
    return cls


@registry
class Thing:
    pass


print(Thing.registered)


def retry(times):
    def deco(fn):
        async def run(*args):
            for attempt in range(times):
                try:
                    return await fn(*args)
                except ValueError as e:
                    print("attempt", attempt, "failed:", e)
            raise RuntimeError("gave up")
        return run
    return deco


n = 0


@retry(3)
async def flaky(x):
    global n
    n += 1
    await asyncio.sleep(0.5)
    if n < 3:
        raise ValueError(n)
    return x * 10


async def main():
    print(await flaky(4))
    loop = asyncio.get_running_loop()
    print(flaky.__name__)

asyncio.run(main())


def broken(fn):
    raise TypeError("no")


try:
    @broken
    def f():
        pass
except TypeError as e:
    print("decorator raised", e)
print((lambda: 1).__name__)
