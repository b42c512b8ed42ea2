import asyncio

async def main():
    ev = asyncio.Event()
    print("waiting forever")
    await ev.wait()
    print("never")

asyncio.run(main())
