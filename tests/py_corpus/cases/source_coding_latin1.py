# -*- coding: latin-1 -*-
# PEP 263: this file is latin-1, so each byte above 0x7f is one character.
import asyncio


async def main():
    s = "café © ÿ"
    print(s, len(s), [ord(c) for c in s])


asyncio.run(main())
