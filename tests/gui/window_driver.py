"""Driving the real app's window from a test, with xdotool (under xvfb-run).

LiveApp opens the app for real, lets a test move and click the mouse and
press keys, and quits it with Ctrl+Q so that it writes its --dump-state file.
test_options() reads the arguments every window test takes (--loopscope,
--out); Checks prints each fact as it is checked and gives the exit status.
ImGui 1.86 samples key and button state once a frame, so keys and buttons
are held for a few frames rather than tapped.
"""
import argparse
import json
import os
import subprocess
import time


def test_options(description, extra=None):
    """--loopscope (the binary) and --out (where screenshots and dumps are kept, made here);
    extra(parser) adds a test's own."""
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--loopscope", required=True)
    ap.add_argument("--out", required=True)
    if extra is not None:
        extra(ap)
    opts = ap.parse_args()
    os.makedirs(opts.out, exist_ok=True)
    return opts


class Checks:
    """check(fact, holds, context) prints `ok` or `FAILED` and the fact (and, on
    failure, the context as JSON); status() prints the count and returns the
    exit status."""

    def __init__(self):
        self.failed = []

    def __call__(self, fact, holds, context=None):
        print(f"{'ok' if holds else 'FAILED':6} {fact}")
        if not holds:
            self.failed.append(fact)
            if context is not None:
                print("       " + json.dumps(context)[:2000])
        return holds

    def status(self):
        print(f"{len(self.failed)} check(s) failed" if self.failed else "every check holds")
        return 1 if self.failed else 0


def xdotool(*args, check=True):
    return subprocess.run(["xdotool", *args], check=check, capture_output=True, text=True).stdout.strip()


def hold(*keys, seconds=0.15):
    for k in keys:
        xdotool("keydown", k)
    time.sleep(seconds)
    for k in reversed(keys):
        xdotool("keyup", k, check=False)
    time.sleep(0.1)


def load(path):
    with open(path) as f:
        return json.load(f)


class LiveApp:
    """`loopscope gui ARGS --dump-state DUMP`, opened for real; quit() returns the dump."""

    def __init__(self, loopscope, env, args, dump):
        self.dump = dump
        if os.path.exists(dump):
            os.remove(dump)
        self.proc = subprocess.Popen([loopscope, "gui", *args, "--dump-state", dump], env=env)
        self.window = xdotool("search", "--sync", "--onlyvisible", "--name", "^Loopscope$").splitlines()[0]
        time.sleep(1.0)  # a few frames: windows placed, controls laid out
        # With no window manager the keyboard follows the pointer: keep it over the window.
        self.move(800, 500)

    def move(self, x, y):
        xdotool("mousemove", "--window", self.window, str(int(x)), str(int(y)))
        time.sleep(0.25)

    def click(self, x, y):
        self.move(x, y)
        xdotool("mousedown", "1")
        time.sleep(0.15)
        xdotool("mouseup", "1")

    def drag(self, x0, y0, x1, y1):
        self.move(x0, y0)
        xdotool("mousedown", "1")
        time.sleep(0.2)
        self.move(x1, y1)
        xdotool("mouseup", "1")

    def quit(self):
        """Ctrl+Q (the keyboard follows the pointer, which is over the window); {} if it did not exit cleanly."""
        try:
            hold("ctrl", "q", seconds=0.3)
            self.proc.wait(timeout=20)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()
        return load(self.dump) if self.proc.returncode == 0 and os.path.exists(self.dump) else {}
