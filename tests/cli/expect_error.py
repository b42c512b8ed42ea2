#!/usr/bin/env python3
"""Runs a command that must fail on bad input, as the brief asks: a non-zero
exit, and one line on stderr that names the problem (given as a substring).

usage: expect_error.py [--status N] SUBSTRING -- COMMAND [ARG...]

With --status, the exit status must be N.
"""
import subprocess
import sys


def main():
    args = sys.argv[1:]
    status = None
    if args[:1] == ["--status"] and len(args) > 1:
        status, args = int(args[1]), args[2:]
    if len(args) < 3 or args[1] != "--":
        sys.exit(__doc__)
    expected, command = args[0], args[2:]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    lines = done.stderr.splitlines()
    problems = []
    if done.returncode == 0:
        problems.append("exit status 0")
    if status is not None and done.returncode != status:
        problems.append("exit status %d, not %d" % (done.returncode, status))
    if done.returncode < 0:
        problems.append("killed by signal %d" % -done.returncode)
    if len(lines) != 1:
        problems.append("%d lines on stderr, not one" % len(lines))
    if expected not in done.stderr:
        problems.append("stderr does not say %r" % expected)
    if problems:
        print("FAIL: %s: %s\nstderr:\n%s" % (" ".join(command)[:200], "; ".join(problems), done.stderr[:2000]))
        sys.exit(1)
    print("ok: %s -> %s" % (" ".join(command)[:200], lines[0][:200]))


if __name__ == "__main__":
    main()
