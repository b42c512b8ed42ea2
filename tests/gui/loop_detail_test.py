#!/usr/bin/env python3
"""A run past the loop detail the trace keeps, and the same run again with all of it.

`--loop-detail 1000` makes a small run behave as a million-task one does by
default: its trace keeps the passes, callbacks and queues of the first
thousand callbacks. At t=3.5, past them, the Event loop tab says so instead
of naming a pass it does not know, and its button runs again keeping every
callback's detail: the playhead stays, and the tab shows the pass and the
queues there.
"""
import os
import sys
import tempfile
import time

from window_driver import Checks, LiveApp, test_options


def main():
    opts = test_options(__doc__)
    check = Checks()
    with tempfile.TemporaryDirectory() as config_home:
        env = dict(os.environ, XDG_CONFIG_HOME=config_home)
        args = ["scale", "--set", "n=2000", "--loop-detail", "1000", "--at", "3.5", "--tab", "loop"]
        app = LiveApp(opts.loopscope, env, args, os.path.join(opts.out, "cut.json"))
        time.sleep(0.5)
        cut = app.quit()
        check("the trace keeps the first 1000 callbacks' detail",
              cut.get("loop_detail", {}).get("cut") is True and cut["loop_detail"]["callbacks"] == 1000, cut.get("loop_detail"))
        check("at t=3.5 the tab says the moment is past it", cut.get("loop", {}).get("where") == "past the loop detail kept",
              cut.get("loop"))
        button = cut.get("loop_rerun")
        check("and offers to run again", button is not None, cut.get("loop"))
        if button is None:
            return check.status()

        app = LiveApp(opts.loopscope, env, args, os.path.join(opts.out, "full.json"))
        time.sleep(0.5)
        app.click(button["x"] + button["w"] / 2, button["y"] + button["h"] / 2)
        time.sleep(1.5)
        full = app.quit()
        check("run again, the trace keeps every callback's detail", full.get("loop_detail", {}).get("cut") is False,
              full.get("loop_detail"))
        check("the playhead stayed at t=3.5", abs(full["playhead"]["time"] - 3.5) < 0.5, full["playhead"])
        loop = full.get("loop", {})
        check("the tab shows the pass there, and its queues", loop.get("where") == "in a pass" and loop.get("queues_known"),
              {k: loop.get(k) for k in ("where", "time", "queues_known")})
        check("the same run: the same transcript", full.get("transcript") == cut.get("transcript") and full.get("transcript"))
    return check.status()


if __name__ == "__main__":
    sys.exit(main())
