#!/usr/bin/env python3
"""Loopscope against CPython: every case of matrix.py, transcript for transcript.

    python3 tests/conformance/conformance.py --loopscope build/loopscope [--jobs 2]
        [--only SCENARIO[,SCENARIO]] [--spawn] [--max-diffs N] [--show-advisory]

For each case it runs `loopscope run NAME ARGS` and vloop.py under `python3`
and under every CPython >= 3.11 in ~/.pyenv/versions (one per version): all
must print the same transcript and exit with the same status. Lines whose
text starts with `!!` (exception-handler reports) are compared as a
multiset, everything else in order. CPython 3.8-3.10 are compared with
`python3` too, but only summarised: their asyncio differs in known ways and
Loopscope follows the current one. Without --loopscope only the CPythons are
compared (against `python3`).

With --loopscope it also compares the loop's work: the passes of _run_once
and the callbacks Handle._run runs (kind and target), recorded on CPython by
vloop.py --loop-work and on the engine by its JSON trace (loopwork.py), and
the ready queue and the timer heap before each of the first callbacks
(CPython's own _ready and _scheduled, from vloop.py --queues; the engine's
rebuilt from its trace, from `loopscope run --queues`). They must be
identical for every case on every CPython >= 3.11. Where CPython
iterates a set (asyncio.run's shutdown cancels all_tasks()), vloop.py gives
CPython's own code the tasks in creation order, the engine's order.

Sections: interpreters · running one side · comparing · main.
"""
import argparse
import concurrent.futures
import difflib
import glob
import json
import os
import shlex
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
VLOOP = os.path.join(HERE, "vloop.py")
sys.path.insert(0, HERE)
import loopwork  # noqa: E402
import matrix  # noqa: E402

REQUIRED = (3, 11)  # CPythons from here on must agree with the engine
ADVISORY = (3, 8)   # 3.8-3.10: compared, reported, never failing

# A clean environment: asyncio's debug mode changes what the loop does.
ENV = {k: v for k, v in os.environ.items()
       if k not in ("PYTHONASYNCIODEBUG", "PYTHONDEVMODE", "PYTHONWARNINGS", "PYTHONSTARTUP")}
ENV["PYTHONIOENCODING"] = "utf-8"
ENV["PYTHONDONTWRITEBYTECODE"] = "1"

# ---- interpreters ------------------------------------------------------------


class Python:
    def __init__(self, command, exe, version):
        self.command = command  # as given (python3, or a pyenv path)
        self.exe = exe          # sys.executable: skips the pyenv shim
        self.version = version  # (3, 12, 1)

    @property
    def label(self):
        return "CPython %d.%d.%d" % self.version


def find_pythons():
    """python3 first, then ~/.pyenv/versions/*/bin/python3, one per version."""
    found, seen = [], set()
    candidates = ["python3"] + sorted(glob.glob(os.path.expanduser("~/.pyenv/versions/*/bin/python3")))
    for command in candidates:
        try:
            text = subprocess.run(
                [command, "-c", "import sys; print(sys.executable); print(*sys.version_info[:3])"],
                capture_output=True, text=True, timeout=30, env=ENV).stdout.split("\n")
            exe, version = text[0], tuple(int(x) for x in text[1].split())
        except (OSError, ValueError, IndexError, subprocess.SubprocessError):
            continue
        if version < ADVISORY or version in seen:
            continue
        seen.add(version)
        found.append(Python(command, exe, version))
    return found


# ---- running one side ---------------------------------------------------------


class Outcome:
    def __init__(self, rc, out, err, work=None):
        self.rc, self.out, self.err = rc, out, err
        self.work = work  # the loop's work as loopwork.lines(), or None

    def lines(self):
        """Exit status, then the transcript with the `!!` lines sorted at the end."""
        lines = self.out.splitlines()
        bangs = sorted(l for l in lines if l.partition(" | ")[2].startswith("!!"))
        ordered = [l for l in lines if not l.partition(" | ")[2].startswith("!!")]
        return ["exit %s" % self.rc] + ordered + bangs


class Server:
    """A `vloop.py --serve` process: one fork per case, no start-up cost."""

    def __init__(self, python):
        self.proc = subprocess.Popen([python.exe, VLOOP, "--serve"], cwd=ROOT, env=ENV,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def run(self, argv):
        self.proc.stdin.write(json.dumps(argv) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            return Outcome(-1, "", "vloop.py --serve exited\n")
        reply = json.loads(line)
        return Outcome(reply["rc"], reply["out"], reply["err"])


    def close(self):
        self.proc.stdin.close()
        self.proc.wait()


class Runner:
    def __init__(self, loopscope, pythons, spawn):
        self.loopscope = loopscope
        self.pythons = pythons
        self.spawn = spawn
        self._local = threading.local()
        self._servers = []
        self._lock = threading.Lock()

    def engine_command(self, case):
        return [self.loopscope, "run", case.scenario] + case.args()

    @staticmethod
    def harness_command(python, case):
        return [python.command, "tests/conformance/vloop.py",
                "scenarios/%s.py" % case.scenario] + case.args()

    def engine(self, case):
        with tempfile.TemporaryDirectory(prefix="loopwork") as tmp:
            trace, queues = os.path.join(tmp, "trace.json"), os.path.join(tmp, "queues.json")
            try:
                p = subprocess.run(self.engine_command(case) + ["--trace", trace, "--queues", queues], cwd=ROOT,
                                   env=ENV, capture_output=True, text=True, timeout=300)
            except subprocess.TimeoutExpired:
                return Outcome("timeout", "", "")
            return Outcome(p.returncode, p.stdout, p.stderr, loopwork.engine_work_lines(trace, queues))

    def harness(self, python, case):
        argv = ["scenarios/%s.py" % case.scenario] + case.args()
        with tempfile.TemporaryDirectory(prefix="loopwork") as tmp:
            work, queues = os.path.join(tmp, "work.json"), os.path.join(tmp, "queues.json")
            if self.loopscope and python.version >= REQUIRED:
                argv += ["--loop-work", work, "--queues", queues]
            if self.spawn:
                p = subprocess.run([python.exe, VLOOP] + argv, cwd=ROOT, env=ENV,
                                   capture_output=True, text=True, timeout=300)
                out = Outcome(p.returncode, p.stdout, p.stderr)
            else:
                servers = getattr(self._local, "servers", None)
                if servers is None:
                    servers = self._local.servers = {}
                if python.version not in servers:
                    servers[python.version] = Server(python)
                    with self._lock:
                        self._servers.append(servers[python.version])
                out = servers[python.version].run(argv)
            out.work = loopwork.harness_work_lines(work, queues)
            return out

    def close(self):
        for server in self._servers:
            server.close()


# ---- comparing ----------------------------------------------------------------


class CaseResult:
    def __init__(self, case):
        self.case = case
        self.failures = []  # (title, diff lines)
        self.advisory = {}  # version -> diff lines (empty when equal)


def diff(a_name, a, b_name, b):
    return list(difflib.unified_diff(a.lines(), b.lines(), a_name, b_name, lineterm="", n=2))


def check(runner, case):
    result = CaseResult(case)
    ref_python = runner.pythons[0]
    outcomes = {py.version: runner.harness(py, case) for py in runner.pythons}
    ref = outcomes[ref_python.version]
    for py in runner.pythons:
        out = outcomes[py.version]
        if out.rc not in (0, 3) or (out.rc == 0 and out.err):
            result.failures.append(("vloop.py failed under %s (exit %s)" % (py.label, out.rc),
                                    out.err.splitlines()))
    if runner.loopscope:
        expected_name, expected = "loopscope", runner.engine(case)
    else:
        expected_name, expected = ref_python.label, ref
    groups = {}  # one diff, and the CPythons that give it
    for py in runner.pythons:
        if py.version < REQUIRED:
            if py.version != ref_python.version:
                result.advisory[py.version] = diff(ref_python.label, ref, py.label, outcomes[py.version])
            continue
        d = diff(expected_name, expected, "CPython", outcomes[py.version])
        if d:
            groups.setdefault(tuple(d), []).append(py)
    for d, pys in groups.items():
        result.failures.append(("%s and %s differ" % (expected_name, _labels(pys)), list(d)))
    if runner.loopscope:
        # The loop's work: the same passes and callbacks, in the same order.
        work_groups = {}
        for py in runner.pythons:
            if py.version < REQUIRED:
                continue
            theirs = outcomes[py.version].work
            if expected.work is None or theirs is None:
                work_groups.setdefault(("(no loop work recorded: loopscope %s, CPython %s)"
                                        % (expected.work is not None, theirs is not None),), []).append(py)
                continue
            d = list(difflib.unified_diff(expected.work, theirs, "loopscope loop work", "CPython loop work",
                                          lineterm="", n=2))
            if d:
                work_groups.setdefault(tuple(d), []).append(py)
        for d, pys in work_groups.items():
            result.failures.append(("loop work: loopscope and %s differ" % _labels(pys), list(d)))
    required = [py for py in runner.pythons if py.version >= REQUIRED]
    if len({tuple(outcomes[py.version].lines()) for py in required}) > 1:
        result.failures.append(("note: %s disagree among themselves" % _labels(required), []))
    return result


def _labels(pythons):
    return "CPython " + ", ".join("%d.%d.%d" % py.version for py in pythons)


def reproduce(runner, case, versions):
    lines = ["  cd %s" % shlex.quote(ROOT)]
    if runner.loopscope:
        lines.append("  " + shlex.join(runner.engine_command(case)))
    for py in runner.pythons:
        if py.version in versions:
            lines.append("  " + shlex.join(runner.harness_command(py, case)))
    return lines


# ---- main -----------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--loopscope", help="the loopscope binary (without it: CPythons only)")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--only", help="scenario name(s), comma-separated")
    ap.add_argument("--spawn", action="store_true",
                    help="one interpreter process per run instead of the fork server")
    ap.add_argument("--max-diffs", type=int, default=20,
                    help="print diffs for the first N failing cases only (default 20)")
    ap.add_argument("--show-advisory", action="store_true",
                    help="also print the diffs of CPython 3.8-3.10")
    opts = ap.parse_args()

    only = set(opts.only.split(",")) if opts.only else None
    if only and not only <= set(matrix.SCENARIOS):
        ap.error("unknown scenario(s): %s" % ", ".join(sorted(only - set(matrix.SCENARIOS))))
    loopscope = os.path.abspath(opts.loopscope) if opts.loopscope else None
    if loopscope and not os.access(loopscope, os.X_OK):
        ap.error("not an executable: %s" % loopscope)
    pythons = find_pythons()
    if not pythons or pythons[0].version < REQUIRED:
        ap.error("python3 must be CPython >= 3.11")
    print("comparing %s with %s" % (loopscope or "CPython",
                                    ", ".join(p.label + ("" if p.version >= REQUIRED else " (advisory)")
                                              for p in pythons)))

    cases = matrix.cases(only)
    runner = Runner(loopscope, pythons, opts.spawn)
    started = time.monotonic()
    failed, shown = 0, 0
    advisory = {p.version: [] for p in pythons if p.version < REQUIRED}
    try:
        with concurrent.futures.ThreadPoolExecutor(max(1, opts.jobs)) as pool:
            for result in pool.map(lambda c: check(runner, c), cases):
                for version, d in result.advisory.items():
                    if d:
                        advisory[version].append((result.case, d))
                if not result.failures:
                    continue
                failed += 1
                print("FAIL " + str(result.case))
                if shown >= opts.max_diffs:
                    continue
                shown += 1
                for title, lines in result.failures:
                    print("  %s" % title)
                    for line in lines:
                        print("    " + line)
                print("  to reproduce:")
                print("\n".join(reproduce(runner, result.case,
                                          {p.version for p in pythons if p.version >= REQUIRED})))
                sys.stdout.flush()
    finally:
        runner.close()

    for version, diffs in advisory.items():
        label = "CPython %d.%d.%d" % version
        if not diffs:
            print("advisory: %s agrees with %s on all %d cases" % (label, pythons[0].label, len(cases)))
            continue
        per = {}
        for case, _ in diffs:
            per[case.scenario] = per.get(case.scenario, 0) + 1
        print("advisory: %s differs from %s on %d of %d cases (%s); first: %s"
              % (label, pythons[0].label, len(diffs), len(cases),
                 ", ".join("%s %d" % kv for kv in per.items()), diffs[0][0]))
        if opts.show_advisory:
            for case, d in diffs:
                print("  " + str(case))
                for line in d:
                    print("    " + line)
    print("(%.1f s, %d jobs)" % (time.monotonic() - started, opts.jobs))
    print("%d passed, %d failed" % (len(cases) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
