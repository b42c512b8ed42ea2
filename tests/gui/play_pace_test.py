#!/usr/bin/env python3
"""Play at a pace of callbacks per second: a cascade at one instant plays step by step.

gather_groups runs some twenty callbacks at t=0. The Transport's pace
button switches Play from virtual seconds per second to callbacks per
second (4 by default): a second of play then covers a few callbacks and
stays at t=0, where a second at 1 virtual s/s would reach t=1.
"""
import os
import sys
import tempfile
import time

from window_driver import Checks, LiveApp, hold, test_options


def label(dump, name):
    return next(l for l in dump["transport_labels_visible"] if l["name"] == name)


def main():
    opts = test_options(__doc__)
    check = Checks()
    with tempfile.TemporaryDirectory() as config_home:
        env = dict(os.environ, XDG_CONFIG_HOME=config_home)
        args = ["gather_groups"]
        # Where the pace button is: a first run that only looks.
        app = LiveApp(opts.loopscope, env, args, os.path.join(opts.out, "layout.json"))
        time.sleep(0.5)
        first = app.quit()
        pace = label(first, "pace")
        check("the pace button is on screen", pace["visible"], pace)
        check("play starts in virtual seconds", first["play"]["pace"] == "virtual seconds per second", first["play"])

        app = LiveApp(opts.loopscope, env, args, os.path.join(opts.out, "callbacks.json"))
        app.click(pace["x"] + pace["w"] / 2, pace["y"] + pace["h"] / 2)
        console = next(p for p in first["panels"] if p["name"] == "Console")
        app.move(console["x"] + console["w"] / 2, console["y"] + console["h"] / 2)
        hold("space")
        time.sleep(1.2)
        hold("space")
        played = app.quit()
        check("the pace is callbacks per second", played["play"]["pace"] == "callbacks per second", played["play"])
        check("a second of play ran a few callbacks", played["play"].get("callback") not in (None, 0)
              and played["play"]["callback"] < 20, played["play"])
        check("and the playhead is still at t=0", played["playhead"]["time"] == 0.0, played["playhead"])
    return check.status()


if __name__ == "__main__":
    sys.exit(main())
