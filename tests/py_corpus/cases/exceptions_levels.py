import asyncio

class AppError(Exception):
    pass

class DeepError(AppError):
    pass

async def level3(x):
    await asyncio.sleep(0.1)
    if x == 3:
        raise DeepError("deep", x)
    return x

async def level2(x):
    try:
        return await level3(x)
    except DeepError as e:
        print("level2 saw", repr(e), e.args)
        raise RuntimeError("wrapped") from e
    finally:
        print("level2 finally", x)

async def level1(x):
    try:
        return await level2(x)
    except AppError:
        print("never an AppError here")
    except RuntimeError as e:
        print("level1 caught", e)
        raise

async def main():
    print(await level1(1))
    try:
        await level1(3)
    except Exception as e:
        print("main caught", type(e).__name__, str(e))
    t = asyncio.create_task(level1(3))
    await asyncio.sleep(1)
    print("task done", t.done(), repr(t.exception()))
    u = asyncio.create_task(level3(3))
    await asyncio.sleep(1)
    raise AppError("escapes main")

asyncio.run(main())
