#!/usr/bin/env python3
"""Call sites and the interpreted built-ins, checked against CPython.

    python3 tests/py_corpus/call_sites.py --loopscope build/loopscope [-v] [--all-pythons]

(a) Each built-in scenario, over a sample of its conformance matrix
    (tests/conformance/matrix.py): `loopscope run NAME --interpret ARGS` (the
    .py twin on the interpreter) must print what `loopscope run NAME ARGS`
    (the C++ twin) prints, and what CPython prints running the twin under
    tests/conformance/vloop.py.
(b) Corpus files and the twins: the call sites are found here with Python's
    own ast module and must be the ones `loopscope sites FILE` lists; then,
    for each call site option and a value, `loopscope run FILE --set
    LINE:NAME=VALUE` must print what CPython prints running a copy of the
    file whose source says NAME=VALUE at that call (the argument's text
    replaced using the ast's col_offset/end_col_offset, or the keyword added
    before the closing parenthesis). A call over several lines is also set
    through the line its argument is written on, and each file runs once
    more with all its options set at once.

Transcripts compare as the conformance test compares them: exit status,
the lines in order, the `!!` lines as a sorted set. CPython is python3 (and,
with --all-pythons, every CPython >= 3.11 under ~/.pyenv/versions/).
Prints `N passed, M failed`; exits 1 on any failure.
"""
import argparse
import ast
import difflib
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
VLOOP = os.path.join(ROOT, "tests", "conformance", "vloop.py")
VSCRIPT = os.path.join(HERE, "vscript.py")
SCENARIO_DIR = os.path.join(ROOT, "scenarios")
sys.path.insert(0, os.path.join(ROOT, "tests", "conformance"))
import matrix  # noqa: E402
from run_corpus import is_scenario, pythons  # noqa: E402  (the corpus runner's, shared)

# Cases per built-in taken from its matrix, spread evenly over it.
SAMPLE_PER_SCENARIO = 8
# Files whose call sites are overridden: corpus cases with such calls, and the twins.
CORPUS_FILES = ["basics.py", "nested_gathers.py", "seed_wait_first.py", "seed_flaky_gather.py",
                "seed_wait_any.py", "timeout_block.py", "as_completed_event.py", "wait_in_gather.py",
                "seed_gather_groups.py", "shield_demo.py"]
TWINS = ["gather_groups", "wait_first", "flaky_gather", "flaky_wait", "wait_any", "scale"]
# The scale twin runs with a small n (its default would take long on CPython).
TWIN_ARGS = {"scale": ["--set", "n=50"]}

FUNCTIONS = {
    # name: [(option, position or None for keyword-only)]
    "gather": [("return_exceptions", None)],
    "wait": [("timeout", None), ("return_when", None)],
    "wait_for": [("timeout", 1)],
    "timeout": [("delay", 0)],
    "as_completed": [("timeout", None)],
}
# The values each kind of option is set to (the words --set takes, and Python's literal).
VALUES = {
    "return_exceptions": [("true", "True"), ("false", "False")],
    "return_when": [("FIRST_EXCEPTION", "'FIRST_EXCEPTION'"), ("FIRST_COMPLETED", "'FIRST_COMPLETED'"),
                    ("ALL_COMPLETED", "'ALL_COMPLETED'")],
    "timeout": [("0.5", "0.5"), ("none", "None"), ("3", "3")],
    "delay": [("0.5", "0.5"), ("none", "None")],
}


# ---- running ----------------------------------------------------------------------------------

def without_quoted_source(lines):
    """Drops the source line a traceback quotes under each `  File ...` line.

    An override changes the call, not the file: loopscope quotes the file as
    it is on disk, CPython quotes its rewritten copy. The frames themselves
    (file, line number, function) are still compared.
    """
    kept = []
    for line in lines:
        text = line.partition(" | ")[2]
        if kept and kept[-1].partition(" | ")[2].startswith('  File "') and text.startswith("    "):
            continue
        kept.append(line)
    return kept


def outcome(argv):
    p = subprocess.run(argv, capture_output=True, text=True, timeout=300, cwd=ROOT)
    lines = without_quoted_source(p.stdout.splitlines())
    bangs = sorted(l for l in lines if l.partition(" | ")[2].startswith("!!"))
    ordered = [l for l in lines if not l.partition(" | ")[2].startswith("!!")]
    return ["exit %d" % p.returncode] + ordered + bangs, p.stderr


class Checker:
    def __init__(self, loopscope, pys, verbose):
        self.loopscope, self.pys, self.verbose = loopscope, pys, verbose
        self.passed = self.failed = 0

    def compare(self, title, runs):
        """runs: [(name, (lines, stderr))]; all must equal the first."""
        (first_name, (first, first_err)) = runs[0]
        ok = True
        for name, (lines, err) in runs[1:]:
            if lines != first:
                ok = False
                print("FAIL %s: %s differs from %s" % (title, name, first_name))
                sys.stdout.writelines(l + "\n" for l in difflib.unified_diff(
                    first, lines, first_name, name, lineterm="", n=2))
                for n, e in ((first_name, first_err), (name, err)):
                    if e.strip():
                        print("  %s stderr: %s" % (n, e.strip()[-800:]))
                break
        if ok:
            self.passed += 1
            if self.verbose:
                print("ok   %s" % title)
        else:
            self.failed += 1

    def fail(self, title, message):
        self.failed += 1
        print("FAIL %s: %s" % (title, message))


# ---- (a) the built-ins on the interpreter ------------------------------------------------------

def sample(cases, k):
    if len(cases) <= k:
        return cases
    step = len(cases) / k
    return [cases[int(i * step)] for i in range(k)]


def check_builtins(ch):
    for name in matrix.SCENARIOS:
        cases = [c for c in matrix.cases([name]) if not (name == "scale" and dict(c.params).get("n") == "2000")]
        for case in sample(cases, SAMPLE_PER_SCENARIO):
            args = case.args()
            runs = [("loopscope run %s" % name, outcome([ch.loopscope, "run", name] + args)),
                    ("loopscope run %s --interpret" % name, outcome([ch.loopscope, "run", name, "--interpret"] + args))]
            for version, exe in ch.pys:
                runs.append(("CPython %s" % version,
                             outcome([exe, VLOOP, os.path.join(SCENARIO_DIR, name + ".py")] + args)))
            ch.compare("interpret " + str(case), runs)


# ---- (b) call-site overrides against rewritten sources --------------------------------------

def asyncio_names(tree):
    modules, imported = set(), {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                if a.name == "asyncio":
                    modules.add(a.asname or "asyncio")
        elif isinstance(node, ast.ImportFrom) and node.module == "asyncio":
            for a in node.names:
                imported[a.asname or a.name] = a.name
    return modules, imported


def called(call, modules, imported):
    f = call.func
    if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and f.value.id in modules:
        return f.attr if f.attr in FUNCTIONS else None
    if isinstance(f, ast.Name) and imported.get(f.id) in FUNCTIONS:
        return imported[f.id]
    return None


def find_sites(text):
    """[(line, col 1-based, function, call node)] in source order, found by CPython's ast."""
    tree = ast.parse(text)
    modules, imported = asyncio_names(tree)
    sites = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            fn = called(node, modules, imported)
            if fn:
                sites.append((node.lineno, node.col_offset + 1, fn, node))
    return sorted(sites, key=lambda s: (s[0], s[1]))


def argument(call, option, position):
    for kw in call.keywords:
        if kw.arg == option:
            return kw.value
    if position is not None:
        for i, a in enumerate(call.args):
            if isinstance(a, ast.Starred):
                return "unpacked"
            if i == position:
                return a
    return None


def rewrite(text, line, option, literal):
    """The source with NAME=literal at every call that has the option and
    starts on `line` or writes that argument on `line`."""
    lines = text.encode("utf-8").splitlines(keepends=True)
    edits = []  # (line, col, end_line, end_col, bytes)
    for (l, _, fn, call) in find_sites(text):
        for name, position in FUNCTIONS[fn]:
            if name != option:
                continue
            arg = argument(call, name, position)
            if l != line and not (isinstance(arg, ast.AST) and arg.lineno == line):
                continue
            if isinstance(arg, ast.AST):
                edits.append((arg.lineno, arg.col_offset, arg.end_lineno, arg.end_col_offset, literal.encode()))
            else:
                # Not written: added before the closing parenthesis.
                el, ec = call.end_lineno, call.end_col_offset - 1
                before = b"".join(lines[:el - 1]) + lines[el - 1][:ec]
                sep = b"" if before.rstrip().endswith((b"(", b",")) else b", "
                edits.append((el, ec, el, ec, sep + ("%s=%s" % (name, literal)).encode()))
    for (l, c, el, ec, new) in sorted(edits, reverse=True):
        if l == el:
            lines[l - 1] = lines[l - 1][:c] + new + lines[l - 1][ec:]
        else:
            lines[l - 1] = lines[l - 1][:c] + new + lines[el - 1][ec:]
            del lines[l:el]
    return b"".join(lines).decode("utf-8")


def listed_sites(ch, target):
    p = subprocess.run([ch.loopscope, "sites", target], capture_output=True, text=True, timeout=60)
    out = []
    for l in p.stdout.splitlines():
        m = re.match(r"(\d+):(\d+) (\w+)((?: \w+=.*?)*)$", l)
        names = re.findall(r"(?:^| )(\w+)=", m.group(4)) if m else []
        out.append((int(m.group(1)), int(m.group(2)), m.group(3), names) if m else l)
    return p.returncode, out


def check_overrides(ch, path, target, extra_args):
    """`target` is what loopscope runs (the file, or NAME --interpret); `path` its source."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    title_file = os.path.relpath(path, ROOT)
    sites = find_sites(text)
    rc, listed = listed_sites(ch, target[0])
    expected = [(l, c, fn, [n for n, _ in FUNCTIONS[fn]]) for (l, c, fn, _) in sites]
    if rc != 0 or listed != expected:
        ch.fail("sites %s" % title_file, "loopscope lists %r, CPython's ast finds %r" % (listed, expected))
    else:
        ch.passed += 1
    harness = VLOOP if is_scenario(text) else VSCRIPT
    done = set()
    with tempfile.TemporaryDirectory() as tmp:
        copy = os.path.join(tmp, os.path.basename(path))
        for (line, _, fn, call) in sites:
            for name, position in FUNCTIONS[fn]:
                if (line, name) in done or argument(call, name, position) == "unpacked":
                    continue
                done.add((line, name))
                lines = [line]
                arg = argument(call, name, position)
                if isinstance(arg, ast.AST) and arg.lineno != line:
                    lines.append(arg.lineno)  # a call over several lines, named by its argument's line
                for at in lines:
                    for word, literal in VALUES[name][:2]:
                        with open(copy, "w", encoding="utf-8") as f:
                            f.write(rewrite(text, at, name, literal))
                        args = extra_args + ["--set", "%d:%s=%s" % (at, name, word)]
                        runs = [("loopscope", outcome([ch.loopscope, "run"] + target + args))]
                        for version, exe in ch.pys:
                            runs.append(("CPython %s (rewritten)" % version, outcome([exe, harness, copy] + extra_args)))
                        ch.compare("%s --set %d:%s=%s" % (title_file, at, name, word), runs)
        # Every option of the file at once (the first value of each), the
        # source rewritten from its last line up so that earlier lines keep
        # their numbers.
        combined, sets = text, []
        for (line, name) in sorted(done, reverse=True):
            word, literal = VALUES[name][0]
            combined = rewrite(combined, line, name, literal)
            sets += ["--set", "%d:%s=%s" % (line, name, word)]
        if len(done) > 1:
            with open(copy, "w", encoding="utf-8") as f:
                f.write(combined)
            runs = [("loopscope", outcome([ch.loopscope, "run"] + target + extra_args + sets))]
            for version, exe in ch.pys:
                runs.append(("CPython %s (rewritten)" % version, outcome([exe, harness, copy] + extra_args)))
            ch.compare("%s, all %d options at once" % (title_file, len(done)), runs)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--loopscope", required=True)
    ap.add_argument("--all-pythons", action="store_true")
    ap.add_argument("-v", "--verbose", action="store_true")
    opts = ap.parse_args()
    pys = pythons(opts.all_pythons)
    if not pys:
        print("no CPython >= 3.11 found")
        return 1
    ch = Checker(os.path.abspath(opts.loopscope), pys, opts.verbose)
    check_builtins(ch)
    for name in CORPUS_FILES:
        path = os.path.join(HERE, "cases", name)
        check_overrides(ch, path, [path], [])
    for name in TWINS:
        check_overrides(ch, os.path.join(SCENARIO_DIR, name + ".py"), [name, "--interpret"], TWIN_ARGS.get(name, []))
    print("%d passed, %d failed" % (ch.passed, ch.failed))
    return 0 if ch.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
