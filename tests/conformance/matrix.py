"""The conformance cases: every built-in scenario over its parameters, seeds
and cancel interventions.

A case is the scenario's name and the command-line arguments that both
`loopscope run NAME ...` and `vloop.py scenarios/NAME.py ...` take.
`python3 tests/conformance/matrix.py` lists them.

Task numbers used below (Task-1 is always main):
  gather_groups          Task-2..6 group 1.1-1.5, Task-7..9 group 2.x, Task-10..18 group 3.x
  wait_first             Task-2..11 coro(1..10)
  flaky_gather/_wait     Task-(i+2) runs a_flaky_tsk(i): odd i crash at t = i
  cancel_wait_vs_gather  Task-2 work, Task-3 the wait() waiter, Task-4 the second work
  wait_any               Task-2,3,4 work/conn-lost/waiter of work_done_case (t 0-5),
                         Task-5,6,7 of conn_lost_case (t 5-7), Task-8,9,10 of
                         cancel_waiting_case (t 7-9)
  scale                  Task-(i+2) runs worker(i)
Cancel times on a timer's deadline (flaky tasks wake at whole seconds) test
the heap's tie order: the cancel timer is always scheduled first.
"""
import itertools
from collections import namedtuple

SCENARIOS = ("gather_groups", "wait_first", "flaky_gather", "flaky_wait",
             "cancel_wait_vs_gather", "wait_any", "scale")
SEEDS = (1, 2, 7, 12345)
BOOLS = ("false", "true")
RETURN_WHEN = ("FIRST_COMPLETED", "FIRST_EXCEPTION", "ALL_COMPLETED")


class Case(namedtuple("Case", "scenario seed params cancels")):
    """params: ((key, value-text), ...); cancels: ("TARGET@T", ...)."""

    def args(self):
        out = ["--seed", str(self.seed)]
        for key, value in self.params:
            out += ["--set", "%s=%s" % (key, value)]
        for cancel in self.cancels:
            out += ["--cancel", cancel]
        return out

    def __str__(self):
        return " ".join([self.scenario] + self.args())


def _grid(**axes):
    """Every combination of the axes, as params tuples in the given key order."""
    keys = list(axes)
    for values in itertools.product(*(axes[k] for k in keys)):
        yield tuple(zip(keys, values))


def gather_groups():
    cancels = [
        (), ("group2@1.5",), ("group1@0",), ("all_groups@2.2",), ("group3@1",),
        ("group3@2.9",), ("Task-3@1.0",), ("Task-1@0.5",), ("Task-7@2.5",),
        ("Task-1@0",), ("Task-18@1.8",), ("all_groups@0",), ("group2@9",),
        ("group2@1.5", "Task-5@2.0"), ("group1@1.2", "all_groups@2.5"),
        ("Task-12@1.7", "group3@2.9"), ("group2@1.5", "group2@1.6", "Task-1@2.8"),
        ("Task-99@1", "Task-1@9"),
    ]
    per_seed = {1: len(cancels), 12345: 8, 2: 3, 7: 3}
    for params in _grid(return_exceptions=BOOLS, outer_return_exceptions=BOOLS):
        for seed in SEEDS:
            for c in cancels[:per_seed[seed]]:
                yield Case("gather_groups", seed, params, c)


def wait_first():
    timeouts = ("0.5", "2", "4", "none")
    cancels = [
        ("Task-1@0.5",), ("Task-3@1.0",), ("Task-7@2.5",), ("Task-1@2.6",),
        ("Task-2@0.7", "Task-5@1.6", "Task-9@3.3"), ("Task-11@3",),
    ]
    for params in _grid(return_when=RETURN_WHEN, timeout=timeouts):
        for seed in SEEDS:
            yield Case("wait_first", seed, params, ())
    for params in _grid(return_when=RETURN_WHEN, timeout=("0.5", "2", "none")):
        for c in cancels:
            yield Case("wait_first", 1, params, c)


def flaky_gather():
    cancels = [
        ("Task-1@0.5",), ("Task-3@1.0",), ("Task-3@1",), ("Task-4@1.5",),
        ("Task-7@2.5",), ("Task-1@1",), ("Task-2@0", "Task-5@2.5"), ("Task-1@3.5",),
        ("Task-11@8.9", "Task-1@9"),
    ]
    for params in _grid(n=("0", "1", "2", "5", "10"), return_exceptions=BOOLS):
        yield Case("flaky_gather", 1, params, ())
        yield Case("flaky_gather", 7, params, ())  # no randomness: seeds must not matter
        if params[0][1] in ("2", "5", "10"):
            for c in cancels:
                yield Case("flaky_gather", 1, params, c)


def flaky_wait():
    cancels = [
        ("Task-1@0.5",), ("Task-3@1.0",), ("Task-4@1.5",), ("Task-7@2.5",),
        ("Task-1@3",), ("Task-2@0", "Task-6@4", "Task-1@7.5"),
    ]
    for params in _grid(n=("0", "1", "2", "5", "10"), return_when=RETURN_WHEN, catch=BOOLS):
        yield Case("flaky_wait", 1, params, ())
        if params[0][1] in ("5", "10"):
            for c in cancels:
                yield Case("flaky_wait", 1, params, c)


def cancel_wait_vs_gather():
    cancels = [
        (), ("Task-1@0.5",), ("Task-1@2",), ("Task-1@3",), ("Task-1@6",),
        ("Task-2@1",), ("Task-2@2",), ("Task-2@5",), ("Task-3@1",), ("Task-3@2",),
        ("Task-4@3",), ("Task-4@5",), ("Task-4@7",), ("Task-2@1", "Task-4@6"),
        ("Task-3@0", "Task-1@4"), ("Task-4@6.5", "Task-1@6.5"),
    ]
    for c in cancels:
        yield Case("cancel_wait_vs_gather", 1, (), c)
    yield Case("cancel_wait_vs_gather", 12345, (), ())


def wait_any():
    cancels = [
        (), ("Task-1@3",), ("Task-2@1",), ("Task-3@1",), ("Task-4@1",), ("Task-4@5",),
        ("Task-2@5",), ("Task-5@6",), ("Task-6@6",), ("Task-7@6",), ("Task-7@7",),
        ("Task-6@7",), ("Task-8@8",), ("Task-9@8",), ("Task-10@8",), ("Task-10@9",),
        ("Task-8@9",), ("Task-1@9",), ("Task-2@1", "Task-3@1", "Task-4@1"),
        ("Task-7@6", "Task-1@6.5"), ("Task-9@7.5", "Task-8@8.5"),
    ]
    for c in cancels:
        yield Case("wait_any", 1, (), c)
    yield Case("wait_any", 7, (), ())


def scale():
    # wait=true: the same tasks under asyncio.wait; n=0 is wait's ValueError.
    for wait in BOOLS:
        for n in ("1", "10", "200", "2000") + (("0",) if wait == "true" else ()):
            for seed in SEEDS:
                yield Case("scale", seed, (("n", n), ("wait", wait)), ())
    for n, c in [("10", ("Task-1@1.5",)), ("10", ("Task-2@0",)), ("10", ("Task-5@3.2",)),
                 ("200", ("Task-50@2",)), ("200", ("Task-1@3.9",)),
                 ("2000", ("Task-1000@1.5", "Task-1500@3.5"))]:
        for wait in BOOLS:
            yield Case("scale", 1, (("n", n), ("wait", wait)), c)
            yield Case("scale", 12345, (("n", n), ("wait", wait)), c)


def cases(only=None):
    """All cases, scenario by scenario; `only` restricts to some scenarios."""
    out = []
    for name in SCENARIOS:
        if only and name not in only:
            continue
        out.extend(globals()[name]())
    return out


if __name__ == "__main__":
    all_cases = cases()
    for case in all_cases:
        print(case)
    counts = {}
    for case in all_cases:
        counts[case.scenario] = counts.get(case.scenario, 0) + 1
    print("# %d cases: %s" % (len(all_cases), ", ".join("%s %d" % kv for kv in counts.items())))
