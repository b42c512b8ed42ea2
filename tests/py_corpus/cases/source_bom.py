# A UTF-8 byte-order mark before the first line: CPython's tokenizer drops it.
import asyncio


async def main():
    print("after a BOM:", "café")


asyncio.run(main())
