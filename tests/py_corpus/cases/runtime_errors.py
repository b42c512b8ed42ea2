import asyncio

async def boom(kind):
    await asyncio.sleep(0.5)
    if kind == "name":
        return undefined_name
    if kind == "attr":
        return (1).nope
    if kind == "type":
        return "a" + 1
    if kind == "key":
        return {"a": 1}["b"]
    if kind == "index":
        return [1, 2][5]
    if kind == "zero":
        return 1 // 0
    if kind == "value":
        return int("x1")
    if kind == "call":
        return boom()
    if kind == "unpack":
        a, b = [1, 2, 3]
    return kind

async def main():
    for kind in ["name", "attr", "type", "key", "index", "zero", "value", "call", "unpack", "ok"]:
        try:
            print("result", await boom(kind))
        except Exception as e:
            print(kind, type(e).__name__, e)
    await boom("name")

asyncio.run(main())
