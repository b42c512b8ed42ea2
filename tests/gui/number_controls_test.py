#!/usr/bin/env python3
"""Drives the Call sites panel's timeout slider with xdotool and checks that
the run gets the value --set LINE:timeout=VALUE would give:

1. Ctrl+click the slider, type 16.8, Enter: the override is "16.8" and the
   wait's group says timeout=16.8 (a float32 would say 16.799999237060547).
2. Drag the slider: the override is on the 0.1 s grid ("7.3"), not a float.
3. Tick None, untick it: the number the call had (2.5) comes back.

Positions come from the state dump's call_site_controls
("panel:LINE:timeout:slider" is the slider's frame, "panel:LINE:timeout:None").
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import time

from window_driver import LiveApp, hold, load, test_options, xdotool

SCRIPT = """import asyncio


async def job(i):
    await asyncio.sleep(i)
    return i


async def main():
    tasks = [asyncio.ensure_future(job(i)) for i in (1, 2, 3)]
    done, pending = await asyncio.wait(tasks, timeout=2.5)
    print(len(done), len(pending))


asyncio.run(main())
"""
WAIT_LINE = 11


def main():
    opts = test_options(__doc__)
    failed = []

    def check(name, ok, context=None):
        print(f"{'ok' if ok else 'FAILED':6} {name}")
        if not ok:
            failed.append(name)
            print(json.dumps(context, indent=1)[:2000])

    with tempfile.TemporaryDirectory() as config_home, tempfile.TemporaryDirectory() as files:
        env = dict(os.environ, XDG_CONFIG_HOME=config_home)
        path = os.path.join(files, "waits.py")
        with open(path, "w") as f:
            f.write(SCRIPT)
        first = os.path.join(opts.out, "layout.json")
        subprocess.run([opts.loopscope, "gui", path, "--frames", "5", "--dump-state", first], env=env, check=True, timeout=60)
        rects = {r["target"]: r for r in load(first).get("call_site_controls", [])}
        slider, none = rects.get(f"panel:{WAIT_LINE}:timeout:slider"), rects.get(f"panel:{WAIT_LINE}:timeout:None")
        check("the panel shows the wait's timeout slider and None toggle", slider is not None and none is not None, rects)
        if slider is None or none is None:
            return 1
        cy = slider["y"] + slider["h"] / 2

        def choices(d):
            return [(c["line"], c["name"], c["value"]) for c in d.get("call_site_choices", [])]

        def titles(d):
            return [g["title"] for g in d.get("groups", [])]

        # 1. Typed.
        app = LiveApp(opts.loopscope, env, [path], os.path.join(opts.out, "typed.json"))
        app.move(slider["x"] + slider["w"] / 2, cy)
        xdotool("keydown", "ctrl")
        xdotool("mousedown", "1")
        time.sleep(0.15)
        xdotool("mouseup", "1")
        xdotool("keyup", "ctrl")
        time.sleep(0.3)
        hold("ctrl", "a")
        for key in ("1", "6", "period", "8"):
            hold(key)
        hold("Return")
        time.sleep(0.8)
        subprocess.run(["import", "-window", "root", os.path.join(opts.out, "typed.png")], check=False)
        d = app.quit()
        check("a typed 16.8 is the override 16.8", choices(d) == [(WAIT_LINE, "timeout", "16.8")], d.get("call_site_choices"))
        check("the wait ran with timeout=16.8", any("timeout=16.8)" in t for t in titles(d)), titles(d))

        # 2. Dragged, from the grab to 73% of the slider (0 to 10 s).
        app = LiveApp(opts.loopscope, env, [path], os.path.join(opts.out, "dragged.json"))
        app.move(slider["x"] + slider["w"] * 0.25, cy)
        xdotool("mousedown", "1")
        time.sleep(0.2)
        app.move(slider["x"] + slider["w"] * 0.73, cy)
        xdotool("mouseup", "1")
        time.sleep(0.8)
        d = app.quit()
        value = (choices(d) or [(0, "", "")])[0][2]
        check("a drag gives a value on the 0.1 s grid", re.fullmatch(r"\d\.\d", value) is not None and value != "2.5", choices(d))
        check("the wait ran with that timeout", any(f"timeout={value})" in t for t in titles(d)), titles(d))

        # 3. None, then back.
        app = LiveApp(opts.loopscope, env, [path], os.path.join(opts.out, "none.json"))
        for _ in range(2):
            app.move(none["x"] + none["w"] / 2, none["y"] + none["h"] / 2)
            xdotool("mousedown", "1")
            time.sleep(0.15)
            xdotool("mouseup", "1")
            time.sleep(0.8)
        d = app.quit()
        check("unticking None gives back the call's 2.5", choices(d) == [(WAIT_LINE, "timeout", "2.5")], d.get("call_site_choices"))
        check("the wait ran with timeout=2.5", any("timeout=2.5)" in t for t in titles(d)), titles(d))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
