#!/usr/bin/env python3
"""Drives the real window with xdotool: cancel group2 of gather_groups at t=1.5.

1. A short scripted run (`--frames`) dumps the state, which holds the screen
   rectangles of the cancel controls.
2. The app is opened for real at t=1.5 (same settings, so the same layout);
   xdotool clicks group2's × control, then presses Ctrl+Q.
3. The state dumped on exit must show the intervention, group2 cancelled and
   main having raised CancelledError, as asyncio would.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time


def xdotool(*args, check=True):
    return subprocess.run(["xdotool", *args], check=check, capture_output=True, text=True).stdout.strip()


def control(dump, target):
    for c in dump["cancel_controls"]:
        if c["target"] == target:
            return c
    raise AssertionError(f"no cancel control for {target!r}: {[c['target'] for c in dump['cancel_controls']]}")


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--loopscope", required=True)
    ap.add_argument("--out", required=True)
    opts = ap.parse_args()
    os.makedirs(opts.out, exist_ok=True)
    before_path = os.path.join(opts.out, "before.json")
    after_path = os.path.join(opts.out, "after.json")
    for p in (before_path, after_path):
        if os.path.exists(p):
            os.remove(p)

    with tempfile.TemporaryDirectory() as config_home:
        env = dict(os.environ, XDG_CONFIG_HOME=config_home)
        args = [opts.loopscope, "gui", "gather_groups", "--at", "1.5"]
        subprocess.run([*args, "--frames", "5", "--dump-state", before_path], check=True, env=env, timeout=60)
        with open(before_path) as f:
            before = json.load(f)
        rect = control(before, "group2")
        x, y = int(rect["x"] + rect["w"] / 2), int(rect["y"] + rect["h"] / 2)

        app = subprocess.Popen([*args, "--dump-state", after_path], env=env)
        try:
            window = xdotool("search", "--sync", "--onlyvisible", "--name", "^Loopscope$").splitlines()[0]
            time.sleep(1.0)  # a few frames: windows placed, controls laid out
            xdotool("mousemove", "--window", window, str(x), str(y))
            time.sleep(0.3)
            xdotool("mousedown", "1")
            time.sleep(0.15)
            xdotool("mouseup", "1")
            time.sleep(1.0)  # the re-run and a few frames
            # With no window manager the keyboard follows the pointer, which is
            # over the window. ImGui 1.86 samples key state once a frame, so
            # the keys are held for a few frames rather than tapped.
            xdotool("keydown", "ctrl")
            xdotool("keydown", "q")
            time.sleep(0.3)
            # The app may be gone by now (it quits on the key press).
            xdotool("keyup", "q", check=False)
            xdotool("keyup", "ctrl", check=False)
            app.wait(timeout=20)
        finally:
            if app.poll() is None:
                app.kill()
                app.wait()
    if app.returncode != 0:
        print(f"FAILED: loopscope exited with {app.returncode}")
        return 1

    with open(after_path) as f:
        after = json.load(f)
    group2 = next(g for g in after["groups"] if g["label"] == "group2")
    checks = {
        "the click added the intervention 'cancel group2 at 1.5'": after["interventions"] == [{"target": "group2", "time": 1.5}],
        "group2 is cancelled": group2["state"] == "cancelled",
        "group2's tasks are cancelled": all(l["state"] == "cancelled" for l in after["lanes"] if l.get("group") == "group2"),
        "main raised CancelledError": after["main"].get("raised") is True and "CancelledError" in after["main"].get("outcome", ""),
        "the playhead stayed at 1.5": abs(after["playhead"]["time"] - 1.5) < 1e-9,
    }
    failed = [name for name, ok in checks.items() if not ok]
    for name, ok in checks.items():
        print(f"{'ok' if ok else 'FAILED':6} {name}")
    if failed:
        print(json.dumps(after, indent=1)[:3000])
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
