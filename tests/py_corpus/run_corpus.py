#!/usr/bin/env python3
"""The .py corpus: every file in cases/ on `loopscope run FILE.py` and on CPython.

    python3 tests/py_corpus/run_corpus.py --loopscope build/loopscope [--pending] [-v] [FILE...]

A scenario file (PARAMS, TARGETS and `async def main(p)`) is run by
tests/conformance/vloop.py; any other script by vscript.py (as `python3
FILE.py`, on virtual loops). Each CPython >= 3.11 found (this python3 and
~/.pyenv/versions/3.*) must print exactly the transcript the interpreter
prints. A line `# corpus-args: --seed 3 --set n=4` in a file adds a run with
those options (one per such line; without one, the file runs once as is).

cases/ holds only files that pass; pending/ (run with --pending) holds the
ones that do not yet, and is never asserted on. Prints `N passed, M failed`.
"""
import argparse
import glob
import os
import re
import shlex
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
VLOOP = os.path.join(HERE, "..", "conformance", "vloop.py")
VSCRIPT = os.path.join(HERE, "vscript.py")


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
    for path in files:
        with open(path, encoding="utf-8", errors="surrogateescape") as f:  # a latin-1 case too
            text = f.read()
        harness = VLOOP if is_scenario(text) else VSCRIPT
        for args in variants(path, text):
            ours = subprocess.run([opts.loopscope, "run", path] + args, capture_output=True, text=True, timeout=120)
            ok = True
            for version, exe in pys:
                ref = subprocess.run([exe, harness, path] + args, capture_output=True, text=True, timeout=300)
                if ref.stdout != ours.stdout or ref.returncode != ours.returncode:
                    ok = False
                    print("FAIL %s %s (CPython %s)" % (os.path.relpath(path, HERE), " ".join(args), version))
                    if opts.verbose:
                        import difflib
                        sys.stdout.writelines(difflib.unified_diff(
                            ref.stdout.splitlines(True), ours.stdout.splitlines(True),
                            "cpython-" + version, "loopscope"))
                        if ours.stderr:
                            print("loopscope stderr:", ours.stderr.strip())
                        if ref.stderr:
                            print("cpython stderr:", ref.stderr.strip()[-2000:])
                    break
            if ok:
                passed += 1
                if opts.verbose:
                    print("ok   %s %s" % (os.path.relpath(path, HERE), " ".join(args)))
            else:
                failed += 1
    print("%d passed, %d failed" % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
