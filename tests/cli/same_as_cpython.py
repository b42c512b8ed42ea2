#!/usr/bin/env python3
"""Runs `loopscope run SCENARIO ARGS` and the scenario's .py twin under
CPython's own asyncio (tests/conformance/vloop.py, same ARGS), and requires
the same transcript and exit status: one case of the conformance test, for
arguments its matrix does not hold (seeds past 64 bits, say).

usage: same_as_cpython.py --loopscope EXE [--python PY] -- SCENARIO [ARG...]

As in conformance.py, the `!!` lines (never-retrieved exceptions, reported
in collection order) compare as a multiset.
"""
import argparse
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
VLOOP = os.path.join(ROOT, "tests", "conformance", "vloop.py")
ENV = {k: v for k, v in os.environ.items()
       if k not in ("PYTHONASYNCIODEBUG", "PYTHONDEVMODE", "PYTHONWARNINGS", "PYTHONSTARTUP")}
ENV["PYTHONIOENCODING"] = "utf-8"
ENV["PYTHONDONTWRITEBYTECODE"] = "1"


def normal(stdout):
    lines = stdout.splitlines()
    return [l for l in lines if " | !! " not in l] + sorted(l for l in lines if " | !! " in l)


def main():
    if "--" not in sys.argv:
        sys.exit(__doc__)
    split = sys.argv.index("--")
    p = argparse.ArgumentParser()
    p.add_argument("--loopscope", required=True)
    p.add_argument("--python", default=sys.executable)
    opts = p.parse_args(sys.argv[1:split])
    scenario, args = sys.argv[split + 1], sys.argv[split + 2:]
    engine = subprocess.run([opts.loopscope, "run", scenario] + args, cwd=ROOT, env=ENV,
                            capture_output=True, text=True, timeout=300)
    cpython = subprocess.run([opts.python, VLOOP, os.path.join("scenarios", scenario + ".py")] + args,
                             cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=300)
    what = "run %s %s" % (scenario, " ".join(args))
    problems = []
    if cpython.returncode not in (0, 3):
        problems.append("CPython's harness failed (exit %s): %s" % (cpython.returncode, cpython.stderr.strip()))
    if engine.returncode != cpython.returncode:
        problems.append("exit %s, CPython %s (stderr: %s)" % (engine.returncode, cpython.returncode, engine.stderr.strip()))
    ours, theirs = normal(engine.stdout), normal(cpython.stdout)
    if ours != theirs:
        first = next((i for i, (a, b) in enumerate(zip(ours, theirs)) if a != b), min(len(ours), len(theirs)))
        problems.append("transcripts differ at line %d:\n  loopscope: %s\n  CPython:   %s" % (
            first + 1, ours[first] if first < len(ours) else "(end)", theirs[first] if first < len(theirs) else "(end)"))
    if not theirs:
        problems.append("CPython printed nothing")
    if problems:
        print("FAIL: %s\n%s" % (what, "\n".join(problems)))
        sys.exit(1)
    print("ok: %s: %d lines, identical to CPython" % (what, len(ours)))


if __name__ == "__main__":
    main()
