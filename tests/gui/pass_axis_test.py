#!/usr/bin/env python3
"""The timeline's pass axis opens up an instant: gather_groups --cancel group2@1.5.

On the time axis the cancel's cascade shares t=1.5: the arrows from group2
to its three tasks end on one pixel column. With `--axis passes` each pass
of _run_once is a column and an event sits by its place among the pass's
events, so the three arrows end apart, in the order gather cancelled the
tasks, and the tasks' cancellations (a later pass) stand right of their
cancel requests. Scripted runs (--frames, --dump-state); the screenshots,
at 100% and 200%, are kept in --out.
"""
import json
import os
import subprocess
import sys

from window_driver import Checks, test_options

ARGS = ["gather_groups", "--cancel", "group2@1.5", "--at", "end"]


def dump(opts, name, *extra):
    path = os.path.join(opts.out, name + ".json")
    subprocess.run([opts.loopscope, "gui", *ARGS, *extra, "--frames", "5", "--dump-state", path,
                    "--screenshot", os.path.join(opts.out, name + ".png")], check=True, timeout=60)
    with open(path) as f:
        return json.load(f)


def cascade(state):
    """The ends (x1) of the arrows group2 -> Task-7, 8, 9, by task."""
    return {a["to"]: a["x1"] for a in state["arrows_drawn"] if a["from"] == "group2"}


def main():
    opts = test_options(__doc__)
    check = Checks()
    by_time = dump(opts, "time_axis")
    ends = cascade(by_time)
    check("on the time axis the cascade's three arrows are drawn", sorted(ends) == ["Task-7", "Task-8", "Task-9"], ends)
    check("and they end on one pixel column", max(ends.values()) - min(ends.values()) < 1.0, ends)
    state = dump(opts, "pass_axis_100", "--axis", "passes")
    check("the dump says the axis is the passes", state.get("timeline_axis") == "passes")
    ends = cascade(state)
    check("the three arrows are drawn", sorted(ends) == ["Task-7", "Task-8", "Task-9"], ends)
    xs = [ends.get("Task-7", 0), ends.get("Task-8", 0), ends.get("Task-9", 0)]
    check("they end apart, in the order gather cancelled them", xs[0] + 3 < xs[1] and xs[1] + 3 < xs[2], xs)
    starts = [a["x0"] for a in state["arrows_drawn"] if a["from"] == "group2"]
    check("each starts left of where it ends", len(starts) == 3 and all(s < x for s, x in zip(starts, sorted(xs))),
          state["arrows_drawn"])
    # At 200% the panel shows the first rows only (group2's are below): the
    # screenshot is for the eye, the dump for the axis.
    big = dump(opts, "pass_axis_200", "--axis", "passes", "--ui-scale", "2")
    check("at 200% the axis is the passes too", big.get("timeline_axis") == "passes")
    return check.status()


if __name__ == "__main__":
    sys.exit(main())
