#!/usr/bin/env python3
"""Runs a command that must fail on bad input, as the brief asks: a non-zero
exit, and one line on stderr that names the problem (given as a substring).

usage: expect_error.py SUBSTRING -- COMMAND [ARG...]
"""
import subprocess
import sys


def main():
    if len(sys.argv) < 4 or sys.argv[2] != "--":
        sys.exit(__doc__)
    expected, command = sys.argv[1], sys.argv[3:]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    lines = done.stderr.splitlines()
    problems = []
    if done.returncode == 0:
        problems.append("exit status 0")
    if done.returncode < 0:
        problems.append("killed by signal %d" % -done.returncode)
    if len(lines) != 1:
        problems.append("%d lines on stderr, not one" % len(lines))
    if expected not in done.stderr:
        problems.append("stderr does not say %r" % expected)
    if problems:
        print("FAIL: %s: %s\nstderr:\n%s" % (" ".join(command), "; ".join(problems), done.stderr))
        sys.exit(1)
    print("ok: %s -> %s" % (" ".join(command), lines[0]))


if __name__ == "__main__":
    main()
