#!/usr/bin/env python3
"""The .py corpus: every file in cases/ on `loopscope run FILE.py` and on CPython.

    python3 tests/py_corpus/run_corpus.py --loopscope build/loopscope [--pending] [-v] [FILE...]

A scenario file (PARAMS, TARGETS and `async def main(p)`) is run by
tests/conformance/vloop.py; any other script by vscript.py (as `python3
FILE.py`, on virtual loops). Each CPython >= 3.11 found (this python3 and
~/.pyenv/versions/3.*) must print exactly the transcript the interpreter
prints. A line `# corpus-args: --seed 3 --set n=4` in a file adds a run with
those options (one per such line; without one, the file runs once as is).

Each run also compares the loop's work as tests/conformance/conformance.py
does: the passes and callbacks of the engine's trace (`--trace`) and of the
harness's `--loop-work`, then the queues before each of the first callbacks
(`--queues` on both), as loopwork.py's lines; they must be identical. A
file may say, with its reason, how far its loop's work can be compared:

    # corpus-loop-work: 3.12+ <why>      only on CPython 3.12 and later,
                                         whose asyncio the engine follows
    # corpus-loop-work: none <why>       not at all (the summary lists it)

cases/ holds only files that pass; pending/ (run with --pending) holds the
ones that do not yet, and is never asserted on. Prints `N passed, M failed`.
"""
import argparse
import difflib
import glob
import os
import re
import shlex
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
VLOOP = os.path.join(HERE, "..", "conformance", "vloop.py")
VSCRIPT = os.path.join(HERE, "vscript.py")
sys.path.insert(0, os.path.join(HERE, "..", "conformance"))
import loopwork  # noqa: E402


def pythons(all_pythons=True):
    """(version, executable) for this python3 and, with all_pythons, each
    other CPython >= 3.11 under ~/.pyenv/versions: one per version."""
    found = {}
    candidates = [sys.executable]
    if all_pythons:
        candidates += sorted(glob.glob(os.path.expanduser("~/.pyenv/versions/3.*/bin/python3")))
    for exe in candidates:
        try:
            v = subprocess.run([exe, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                               capture_output=True, text=True, timeout=30).stdout.strip()
        except (OSError, subprocess.TimeoutExpired):
            continue
        if not v or tuple(int(x) for x in v.split(".")) < (3, 11) or v in found:
            continue
        found[v] = exe
    return sorted(found.items())


def is_scenario(text):
    return (re.search(r"^PARAMS\s*=", text, re.M) and re.search(r"^TARGETS\s*=", text, re.M)
            and re.search(r"^async def main\(", text, re.M))


# The built-in scenarios' own .py twins are part of the corpus, read where
# they live (no copies); their extra runs are listed here instead of in
# `# corpus-args:` lines, so that the twins stay as the seed wrote them.
SCENARIO_DIR = os.path.join(HERE, "..", "..", "scenarios")
SCENARIO_VARIANTS = {
    "flaky_wait.py": [[], ["--set", "catch=true"], ["--set", "return_when=FIRST_EXCEPTION", "--set", "n=6"],
                      ["--cancel", "Task-3@0.5"]],
    "gather_groups.py": [[], ["--set", "return_exceptions=true"], ["--cancel", "group2@1.5"],
                         ["--seed", "7", "--cancel", "all_groups@2"]],
    "scale.py": [["--set", "n=20000"]],
}


def variants(path, text):
    if os.path.dirname(os.path.abspath(path)) == os.path.abspath(SCENARIO_DIR):
        return SCENARIO_VARIANTS.get(os.path.basename(path), [[]])
    runs = [shlex.split(m) for m in re.findall(r"^# corpus-args:(.*)$", text, re.M)]
    return runs or [[]]


class Outcome:
    """One side's run: what it printed, its status, and its loop's work."""

    def __init__(self, proc, work):
        self.stdout, self.stderr, self.returncode = proc.stdout, proc.stderr, proc.returncode
        self.work = work  # loopwork.work_lines(), or None


def run_engine(loopscope, path, args):
    """`loopscope run`, with the trace and the queue snapshots its work is read from."""
    with tempfile.TemporaryDirectory(prefix="corpus") as tmp:
        trace, queues = os.path.join(tmp, "trace.json"), os.path.join(tmp, "queues.json")
        proc = subprocess.run([loopscope, "run", path] + args + ["--trace", trace, "--queues", queues],
                              capture_output=True, text=True, timeout=120)
        return Outcome(proc, loopwork.engine_work_lines(trace, queues))


def run_harness(exe, harness, path, args):
    """vloop.py or vscript.py on one CPython, writing its loop's work."""
    with tempfile.TemporaryDirectory(prefix="corpus") as tmp:
        work, queues = os.path.join(tmp, "work.json"), os.path.join(tmp, "queues.json")
        proc = subprocess.run([exe, harness, path] + args + ["--loop-work", work, "--queues", queues],
                              capture_output=True, text=True, timeout=300)
        return Outcome(proc, loopwork.harness_work_lines(work, queues))


def loop_work_rule(text):
    """(rule, reason) from a `# corpus-loop-work:` line; ("all", "") without one."""
    m = re.search(r"^# corpus-loop-work: (3\.12\+|none) (.+)$", text, re.M)
    return (m.group(1), m.group(2).strip()) if m else ("all", "")


def differences(ours, ref, version, rule):
    """The unified diffs between the engine's run and a CPython's, as lines:
    the transcript and exit status first, then the loop's work (as `rule` says)."""
    out = []
    if ref.stdout != ours.stdout or ref.returncode != ours.returncode:
        out += ["exit status: cpython %s, loopscope %s\n" % (ref.returncode, ours.returncode)]
        out += difflib.unified_diff(ref.stdout.splitlines(True), ours.stdout.splitlines(True), "cpython", "loopscope")
    if rule == "none" or (rule == "3.12+" and tuple(int(x) for x in version.split(".")) < (3, 12)):
        return out
    if ours.work is None or ref.work is None:
        out += ["no loop work recorded: loopscope %s, cpython %s\n" % (ours.work is not None, ref.work is not None)]
    elif ours.work != ref.work:
        out += [line + "\n" for line in difflib.unified_diff(
            ref.work, ours.work, "cpython loop work", "loopscope loop work", lineterm="", n=2)]
    return out


SHOWN = 40  # diff lines a failure shows without -v


def show(diff, ours, ref, verbose):
    """A failure's diff (its first SHOWN lines unless verbose), and with
    verbose both sides' stderr."""
    sys.stdout.writelines(diff if verbose else diff[:SHOWN])
    if not verbose and len(diff) > SHOWN:
        print("... %d more lines (-v shows them)" % (len(diff) - SHOWN))
    if verbose and ours.stderr:
        print("loopscope stderr:", ours.stderr.strip())
    if verbose and ref.stderr:
        print("cpython stderr:", ref.stderr.strip()[-2000:])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--loopscope", required=True)
    ap.add_argument("--pending", action="store_true", help="run pending/ instead of cases/")
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("files", nargs="*")
    opts = ap.parse_args()
    files = opts.files or sorted(glob.glob(os.path.join(HERE, "pending" if opts.pending else "cases", "*.py")))
    if not opts.files and not opts.pending:
        files += sorted(glob.glob(os.path.join(SCENARIO_DIR, "*.py")))
    pys = pythons()
    if not pys:
        print("no CPython >= 3.11 found")
        return 1
    passed = failed = 0
    uncompared = []  # (file, rule, reason) whose loop's work is compared less than fully
    for path in files:
        with open(path, encoding="utf-8", errors="surrogateescape") as f:  # a latin-1 case too
            text = f.read()
        harness = VLOOP if is_scenario(text) else VSCRIPT
        rule, reason = loop_work_rule(text)
        if rule != "all":
            uncompared.append((os.path.relpath(path, HERE), rule, reason))
        for args in variants(path, text):
            ours = run_engine(opts.loopscope, path, args)
            groups = {}  # one diff, and the CPythons that give it
            for version, exe in pys:
                ref = run_harness(exe, harness, path, args)
                diff = differences(ours, ref, version, rule)
                if diff:
                    groups.setdefault(tuple(diff), (ref, []))[1].append(version)
            for diff, (ref, versions) in groups.items():
                print("FAIL %s %s (CPython %s)" % (os.path.relpath(path, HERE), " ".join(args), ", ".join(versions)))
                show(list(diff), ours, ref, opts.verbose)
            if groups:
                failed += 1
            else:
                passed += 1
                if opts.verbose:
                    print("ok   %s %s" % (os.path.relpath(path, HERE), " ".join(args)))
    for name, rule, reason in uncompared:
        print("loop work compared %s: %s (%s)" % ({"3.12+": "on 3.12+ only", "none": "not at all"}[rule], name, reason))
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
