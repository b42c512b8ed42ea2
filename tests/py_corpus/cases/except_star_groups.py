# except* and ExceptionGroup: a TaskGroup's failures split across except*
# clauses, a lone exception wrapped, re-raises merged back into the group's
# shape, new exceptions grouped with them, and `except Exception` catching
# an ExceptionGroup.
import asyncio


async def fail_after(delay, exc):
    await asyncio.sleep(delay)
    raise exc


async def ok_after(delay, value):
    await asyncio.sleep(delay)
    return value


def show(label, e):
    print(label, type(e).__name__, repr(e))


async def taskgroup_split():
    start = asyncio.get_running_loop().time()
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fail_after(0.1, ValueError("v1")))
            tg.create_task(fail_after(0.1, TypeError("t1")))
            tg.create_task(ok_after(0.3, "never"))
    except* ValueError as eg:
        show("values:", eg)
    except* TypeError as eg:
        show("types:", eg)
    print("after the TaskGroup, elapsed", round(asyncio.get_running_loop().time() - start, 3))


async def partly_handled():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(fail_after(0.1, KeyError("k")))
            tg.create_task(fail_after(0.2, ValueError("v")))
    except* KeyError:
        print("keys handled")


def lone_exceptions():
    for exc in (ValueError(1), TypeError(2)):
        try:
            try:
                raise exc
            except* ValueError as eg:
                show("lone matched:", eg)
                raise
        except BaseException as e:
            show("  then:", e)
    try:
        try:
            raise KeyError(3)
        except* ValueError:
            print("not reached")
    except KeyError as e:
        show("lone unmatched stays bare:", e)


def reraise_shapes():
    nested = ExceptionGroup("outer", [ValueError(1), ExceptionGroup("inner", [TypeError(2), ValueError(3)]), KeyError(4)])
    for new in (False, True):
        try:
            try:
                raise nested
            except* ValueError:
                if new:
                    raise RuntimeError("replaced")
            except* TypeError as eg:
                raise eg
        except BaseException as e:
            show("reraised:" if not new else "with new:", e)
            print("  leaves:", [repr(x) for x in e.exceptions])


def construction_errors():
    for args in [("x",), (1, [ValueError()]), ("x", 5), ("x", []), ("x", [1]), ("x", [KeyboardInterrupt()])]:
        try:
            ExceptionGroup(*args)
        except (TypeError, ValueError) as e:
            show("bad args:", e)
    g = BaseExceptionGroup("m", (ValueError(1),))
    show("base of exceptions:", g)
    print("message", g.message, "exceptions", g.exceptions, "str", str(g))
    try:
        try:
            raise g
        except* ExceptionGroup:
            pass
    except TypeError as e:
        show("except* group type:", e)


async def main():
    await taskgroup_split()
    try:
        await partly_handled()
    except Exception as e:
        show("left over, caught by except Exception:", e)
    lone_exceptions()
    reraise_shapes()
    construction_errors()


asyncio.run(main())
