"""Three gathered groups (5, 3, 9 tasks) gathered again; main pprints the results."""
# corpus-args: --set return_exceptions=true
# corpus-args: --cancel group2@1.5
# corpus-args: --seed 7 --cancel all_groups@2
# The seed's first example, inside asyncio.run instead of run_until_complete.
import asyncio
import random
from pprint import pprint

PARAMS = {"return_exceptions": False, "outer_return_exceptions": False}
TARGETS = {}  # the names --cancel accepts: group1, group2, group3, all_groups


async def coro(tag):
    print(">", tag)
    await asyncio.sleep(random.uniform(1, 3))
    print("<", tag)
    return tag


async def main(p):
    group1 = asyncio.gather(*[coro("group 1.{}".format(i)) for i in range(1, 6)],
                            return_exceptions=p["return_exceptions"])
    group2 = asyncio.gather(*[coro("group 2.{}".format(i)) for i in range(1, 4)],
                            return_exceptions=p["return_exceptions"])
    group3 = asyncio.gather(*[coro("group 3.{}".format(i)) for i in range(1, 10)],
                            return_exceptions=p["return_exceptions"])
    all_groups = asyncio.gather(group1, group2, group3,
                                return_exceptions=p["outer_return_exceptions"])
    TARGETS.update(group1=group1, group2=group2, group3=group3, all_groups=all_groups)
    results = await all_groups
    pprint(results)


if __name__ == "__main__":
    random.seed(1)
    asyncio.run(main(PARAMS))
