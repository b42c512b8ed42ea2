#!/usr/bin/env python3
# coding=utf-8
# PEP 263 on line 2, after a comment: utf-8, the default, said aloud.
import asyncio


async def main():
    s = "café"
    print(s, len(s))


asyncio.run(main())
