#!/usr/bin/env python3
"""Screenshots of every built-in scenario at an interesting instant.

Runs the real app (under the X server xvfb-run gives this script) with
`--screenshot` and `--dump-state`, then checks structural facts:
  * the PNG has the window's size;
  * inside the timeline canvas (its rectangle comes from the state dump) the
    marker colours that must show are there and those that must not are not:
    markers are filled in exact Okabe-Ito colours, so a pixel of exactly that
    colour means a marker (or arrow) of that kind was drawn;
  * the state dump says what the picture should show (lane states, groups,
    what main got).
The PNGs stay in --out for people to look at.
"""
import json
import os
import subprocess
import sys
import tempfile

from window_driver import test_options

COLOURS = {
    "start": "009E73",        # bluish green triangle
    "finish": "0072B2",       # blue circle
    "crash": "D55E00",        # vermillion cross (and exception arrows)
    "cancelled": "CC79A7",    # reddish purple square
    "cancel_request": "E69F00",  # orange down triangle (and cancel arrows)
    "step": "56B4E9",         # sky blue step tick
    "playhead": "F0E442",     # yellow line (dark theme)
    "playhead_light": "000000",
}


def group(dump, label):
    for g in dump["groups"]:
        if g["label"] == label:
            return g
    raise AssertionError(f"no group {label!r} in the dump")


def lane(dump, name):
    for entry in dump["lanes"]:
        if entry["name"] == name:
            return entry
    raise AssertionError(f"no lane {name!r} in the dump")


# name, command line after `gui`, colours that must show, colours that must not, dump checks
CASES = [
    ("gather_groups_t1.5", ["gather_groups", "--at", "1.5"],
     ["start", "finish", "step", "playhead"], ["crash", "cancelled", "cancel_request"],
     lambda d: (
         len(d["lanes"]) == 18
         and d["main"]["state"] == "suspended"
         and lane(d, "Task-1")["awaits"] == "all_groups"
         and group(d, "group1")["children_done"] == 1
         and group(d, "group2")["state"] == "pending"
         and lane(d, "Task-2")["state"] == "finished")),
    # Live mode: what happens after the playhead is not drawn yet.
    ("gather_groups_t0.5", ["gather_groups", "--at", "0.5"],
     ["start", "playhead"], ["finish", "crash", "cancelled"],
     lambda d: all(l["state"] in ("suspended",) for l in d["lanes"])),
    ("gather_groups_cancel_group2", ["gather_groups", "--cancel", "group2@1.5", "--at", "1.5"],
     ["start", "finish", "cancelled", "cancel_request", "playhead"], [],
     lambda d: (
         d["interventions"] == [{"target": "group2", "time": 1.5}]
         and group(d, "group2")["state"] == "cancelled"
         and lane(d, "Task-7")["state"] == "cancelled"
         and d["main"].get("raised") is True
         and "CancelledError" in d["main"]["outcome"])),
    ("wait_first_t3", ["wait_first", "--at", "3"],
     ["start", "finish", "playhead"], ["crash"],
     lambda d: [g["state"] for g in d["groups"]][:2] == ["finished", "finished"]),
    ("flaky_gather_t1", ["flaky_gather", "--at", "1"],
     ["crash", "finish", "cancelled"], [],
     lambda d: d["main"].get("raised") is True and d["main"]["outcome"] == "ValueError()"
     and lane(d, "Task-3")["state"] == "crashed"),
    ("flaky_gather_return_exceptions", ["flaky_gather", "--set", "return_exceptions=true", "--at", "9"],
     ["crash", "finish"], ["cancelled"],
     lambda d: d["main"].get("raised") is False and lane(d, "Task-11")["state"] == "crashed"),
    ("flaky_wait_t5", ["flaky_wait", "--at", "5"],
     ["crash", "finish", "playhead"], ["cancelled"],
     lambda d: d["main"]["state"] == "suspended" and lane(d, "Task-5")["state"] == "crashed"),
    ("cancel_wait_vs_gather_t7", ["cancel_wait_vs_gather", "--at", "7"],
     ["cancelled", "cancel_request", "finish"], [],
     lambda d: [g["state"] for g in d["groups"]] == ["cancelled", "cancelled"]),
    ("wait_any_t9", ["wait_any", "--at", "9"],
     ["cancelled", "cancel_request", "finish"], [],
     lambda d: d["main"]["state"] == "finished" and [g["state"] for g in d["groups"]] == ["finished", "finished", "cancelled"]),
    ("scale_n2000_t2", ["scale", "--set", "n=2000", "--at", "2"],
     ["start", "finish", "playhead"], ["crash", "cancelled"],
     lambda d: d["lanes_total"] == 2001 and group(d, "")["children"] == 2000),
]


def colour_counts(png, rect):
    """Pixel count per exact colour inside rect (ImageMagick histogram)."""
    x, y, w, h = (int(round(rect[k])) for k in ("x", "y", "w", "h"))
    out = subprocess.run(["convert", png, "-crop", f"{w}x{h}+{x}+{y}", "+repage", "-format", "%c", "histogram:info:-"],
                         check=True, capture_output=True, text=True).stdout
    counts = {}
    for line in out.splitlines():
        line = line.strip()
        if ":" not in line or "#" not in line:
            continue
        n = int(line.split(":", 1)[0])
        hexcode = line.split("#", 1)[1][:6].upper()
        counts[hexcode] = counts.get(hexcode, 0) + n
    return counts


def png_size(png):
    with open(png, "rb") as f:
        head = f.read(24)
    assert head[:8] == b"\x89PNG\r\n\x1a\n", f"{png} is not a PNG"
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


def mean_brightness(png, rect):
    x, y, w, h = (int(round(rect[k])) for k in ("x", "y", "w", "h"))
    out = subprocess.run(["convert", png, "-crop", f"{w}x{h}+{x}+{y}", "+repage", "-colorspace", "Gray",
                          "-format", "%[fx:mean]", "info:"], check=True, capture_output=True, text=True).stdout
    return float(out)


def shoot(loopscope, args, out_dir, name, config_home):
    png = os.path.join(out_dir, name + ".png")
    dump = os.path.join(out_dir, name + ".json")
    env = dict(os.environ, XDG_CONFIG_HOME=config_home)
    subprocess.run([loopscope, "gui", *args, "--screenshot", png, "--dump-state", dump], check=True, env=env, timeout=120)
    with open(dump) as f:
        return png, json.load(f)


def check_case(loopscope, out_dir, case, failures):
    name, args, present, absent, facts = case
    with tempfile.TemporaryDirectory() as config_home:
        png, dump = shoot(loopscope, args, out_dir, name, config_home)
    problems = []
    if png_size(png) != (dump["window"]["width"], dump["window"]["height"]):
        problems.append(f"PNG is {png_size(png)}, window is {dump['window']}")
    counts = colour_counts(png, dump["timeline_canvas"])
    for c in present:
        # The playhead crosses the canvas from top to bottom.
        need = 0.9 * dump["timeline_canvas"]["h"] if c == "playhead" else 4
        if counts.get(COLOURS[c], 0) < need:
            problems.append(f"expected {c} (#{COLOURS[c]}) in the timeline, found {counts.get(COLOURS[c], 0)} px")
    for c in absent:
        if counts.get(COLOURS[c], 0) > 0:
            problems.append(f"did not expect {c} (#{COLOURS[c]}) in the timeline, found {counts[COLOURS[c]]} px")
    try:
        if not facts(dump):
            problems.append("state dump facts do not hold")
    except (AssertionError, KeyError) as e:
        problems.append(f"state dump: {e}")
    status = "ok" if not problems else "FAILED"
    print(f"{status:6} {name}: {png}")
    for p in problems:
        print(f"       {p}")
    if problems:
        failures.append(name)


def check_light_theme(loopscope, out_dir, failures):
    """The light theme: a light canvas and a black playhead instead of the yellow one."""
    with tempfile.TemporaryDirectory() as config_home:
        os.makedirs(os.path.join(config_home, "loopscope"))
        with open(os.path.join(config_home, "loopscope", "loopscope.ini"), "w") as f:
            f.write("theme=light\nui_scale=1.25\n")
        png, dump = shoot(loopscope, ["gather_groups", "--at", "1.5"], out_dir, "gather_groups_light_125", config_home)
    counts = colour_counts(png, dump["timeline_canvas"])
    problems = []
    if dump["theme"] != "light" or abs(dump["ui_scale"] - 1.25) > 1e-6:
        problems.append(f"settings not applied: theme {dump['theme']}, scale {dump['ui_scale']}")
    if mean_brightness(png, dump["timeline_canvas"]) < 0.6:
        problems.append("the canvas is not light")
    if counts.get(COLOURS["playhead_light"], 0) < 0.9 * dump["timeline_canvas"]["h"]:
        problems.append("no black playhead line")
    if counts.get(COLOURS["playhead"], 0) > 0:
        problems.append("the dark theme's yellow playhead shows in the light theme")
    print(f"{'ok' if not problems else 'FAILED':6} gather_groups_light_125: {png}")
    for p in problems:
        print(f"       {p}")
    if problems:
        failures.append("light theme")


def main():
    opts = test_options(__doc__)
    failures = []
    for case in CASES:
        check_case(opts.loopscope, opts.out, case, failures)
    check_light_theme(opts.loopscope, opts.out, failures)
    if failures:
        print(f"{len(failures)} screenshot check(s) failed: {', '.join(failures)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
