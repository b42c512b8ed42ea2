#!/usr/bin/env python3
"""F1's help overlay and the first launch's hint (run under xvfb-run, with xdotool).

  * a first launch hints at F1 in the menu bar, and the help is closed;
  * F1 opens the overlay inside the window (screenshots at 100% and 200%
    are kept in --out for people to look at); once opened, the hint is gone,
    also at the next launch (the settings remember it);
  * Esc closes it, and so does F1 again.
"""
import os
import subprocess
import sys
import tempfile
import time

from window_driver import Checks, LiveApp, hold, load, test_options


def inside(rect, width, height):
    return rect["x"] >= 0 and rect["y"] >= 0 and rect["x"] + rect["w"] <= width and rect["y"] + rect["h"] <= height


def main():
    opts = test_options(__doc__)
    check = Checks()

    for scale in ("1", "2"):
        with tempfile.TemporaryDirectory() as config_home:
            env = dict(os.environ, XDG_CONFIG_HOME=config_home)
            args = ["gather_groups", "--window-size", "1600x1000", "--ui-scale", scale]
            first = os.path.join(opts.out, f"first_launch_{scale}x.json")
            subprocess.run([opts.loopscope, "gui", *args, "--frames", "3", "--dump-state", first], env=env, check=True,
                           timeout=60)
            help_state = load(first).get("help", {})
            check(f"{scale}x: a first launch hints at F1 and shows no help", help_state == {"open": False, "hint_shown": True},
                  help_state)

            app = LiveApp(opts.loopscope, env, args, os.path.join(opts.out, f"help_open_{scale}x.json"))
            app.move(800, 500)
            hold("F1")
            time.sleep(0.6)
            png = os.path.join(opts.out, f"help_{scale}x.png")
            subprocess.run(["import", "-window", "root", png], check=False)
            d = app.quit()
            h = d.get("help", {})
            check(f"{scale}x: F1 opens the help", h.get("open") is True and "rect" in h, h)
            if "rect" in h:
                check(f"{scale}x: it lies inside the 1600x1000 window", inside(h["rect"], 1600, 1000), h["rect"])
            check(f"{scale}x: the hint is gone once help was opened", h.get("hint_shown") is False, h)

            again = os.path.join(opts.out, f"second_launch_{scale}x.json")
            subprocess.run([opts.loopscope, "gui", *args, "--frames", "3", "--dump-state", again], env=env, check=True,
                           timeout=60)
            check(f"{scale}x: the next launch has no hint", load(again).get("help", {}).get("hint_shown") is False,
                  load(again).get("help"))

            for key in ("Escape", "F1"):
                app = LiveApp(opts.loopscope, env, args, os.path.join(opts.out, f"help_closed_{key}_{scale}x.json"))
                app.move(800, 500)
                hold("F1")
                time.sleep(0.4)
                hold(key)
                time.sleep(0.4)
                d = app.quit()
                check(f"{scale}x: {key} closes it", d.get("help", {}).get("open") is False and "rect" not in d.get("help", {}),
                      d.get("help"))
    return check.status()


if __name__ == "__main__":
    sys.exit(main())
