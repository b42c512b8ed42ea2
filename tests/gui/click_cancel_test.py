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

from window_driver import LiveApp


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

        app = LiveApp(opts.loopscope, env, args[2:], after_path)
        app.click(x, y)
        time.sleep(1.0)  # the re-run and a few frames
        after = app.quit()
    if not after:
        print(f"FAILED: loopscope exited with {app.proc.returncode}")
        return 1

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
