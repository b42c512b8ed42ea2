#!/usr/bin/env python3
"""The layout fits any window at any UI scale (run under xvfb-run with a screen
of at least 1920x1080).

For each window size x UI scale, opens the real app with --window-size and
--ui-scale, takes a screenshot (kept in --out for people to look at) and
checks, from --dump-state:
  * every panel lies inside the window and below the menu bar;
  * no two panels overlap;
  * every Transport control and label (the buttons, the speed, the event
    counter, the scrubber and its time) lies wholly inside the Transport.
Then checks that the command line's --ui-scale and a --screenshot run leave
the saved settings (UI scale, last scenario) as they were, that a panel
placed by the user (saved as fractions) lands at the same fractions in a
window of another size, and that bad
--ui-scale / --window-size values are a one-line error with exit status 2.
"""
import json
import os
import subprocess
import sys
import tempfile

from window_driver import test_options

SIZES = [(1280, 720), (1600, 1000), (1920, 1080)]
SCALES = [1.0, 1.5, 2.0, 2.5]
TRANSPORT_LABELS = {"restart", "back_instant", "back_pass", "back_callback", "back_event", "play", "forward_event",
                    "forward_callback", "forward_pass", "forward_instant", "end", "speed", "pace",
                    "event_counter", "scrubber", "time"}
EPS = 0.5  # pixels: neighbours share an edge


def overlap(a, b):
    return (a["x"] < b["x"] + b["w"] - EPS and b["x"] < a["x"] + a["w"] - EPS and
            a["y"] < b["y"] + b["h"] - EPS and b["y"] < a["y"] + a["h"] - EPS)


def layout_problems(d, width, height):
    problems = []
    win = d.get("window", {})
    if (win.get("width"), win.get("height")) != (width, height):
        problems.append(f"the window is {win}, not {width}x{height}")
    menu = d.get("menu_bar_h")
    if not menu or menu <= 0:
        problems.append(f"no menu bar height: {menu}")
        menu = 0
    panels = d.get("panels") or []
    if len(panels) != 7:
        problems.append(f"expected 7 panels, the dump lists {[p['name'] for p in panels]}")
    for p in panels:
        if p["x"] < -EPS or p["y"] < -EPS or p["x"] + p["w"] > width + EPS or p["y"] + p["h"] > height + EPS:
            problems.append(f"{p['name']} runs off the window: {p}")
        if p["y"] < menu - EPS:
            problems.append(f"{p['name']} covers the menu bar (height {menu}): {p}")
    for i, a in enumerate(panels):
        for b in panels[:i]:
            if overlap(a, b):
                problems.append(f"{a['name']} overlaps {b['name']}: {a} / {b}")
    labels = {l["name"]: l for l in d.get("transport_labels_visible") or []}
    if set(labels) != TRANSPORT_LABELS:
        problems.append(f"transport labels: missing {sorted(TRANSPORT_LABELS - set(labels))}")
    for name, l in sorted(labels.items()):
        if not l["visible"]:
            problems.append(f"the Transport cuts its {name}: {l}")
    return problems


def launch(loopscope, config_home, args, timeout=60):
    env = dict(os.environ, XDG_CONFIG_HOME=config_home)
    return subprocess.run([loopscope, "gui", *args], env=env, timeout=timeout, capture_output=True, text=True)


def check_layouts(loopscope, out_dir, failures):
    for width, height in SIZES:
        for scale in SCALES:
            name = f"layout_{width}x{height}_{int(scale * 100)}"
            png, dump = os.path.join(out_dir, name + ".png"), os.path.join(out_dir, name + ".json")
            with tempfile.TemporaryDirectory() as config_home:
                proc = launch(loopscope, config_home, ["gather_groups", "--at", "1.5", "--window-size", f"{width}x{height}",
                                                       "--ui-scale", str(scale), "--screenshot", png, "--dump-state", dump])
            if proc.returncode != 0 or not os.path.exists(dump):
                problems = [f"exit {proc.returncode}: {proc.stderr.strip()}"]
            else:
                with open(dump) as f:
                    d = json.load(f)
                problems = layout_problems(d, width, height)
                if abs(d.get("ui_scale", 0) - scale) > 1e-6:
                    problems.append(f"the UI scale is {d.get('ui_scale')}, not {scale}")
            print(f"{'ok' if not problems else 'FAILED':6} {name}: {png}")
            for p in problems:
                print(f"       {p}")
            if problems:
                failures.append(name)


def read_settings(config_home):
    with open(os.path.join(config_home, "loopscope", "loopscope.ini")) as f:
        return dict(line.rstrip("\n").split("=", 1) for line in f if "=" in line)


def check_settings_kept(loopscope, out_dir, failures):
    """--ui-scale is for one run; a screenshot does not make its scenario the last one used."""
    problems = []
    with tempfile.TemporaryDirectory() as config_home:
        os.makedirs(os.path.join(config_home, "loopscope"))
        with open(os.path.join(config_home, "loopscope", "loopscope.ini"), "w") as f:
            f.write("scenario=wait_first\nui_scale=1.25\ntheme=dark\n")
        proc = launch(loopscope, config_home, ["gather_groups", "--ui-scale", "2", "--window-size", "1280x720",
                                               "--screenshot", os.path.join(out_dir, "settings_kept.png")])
        if proc.returncode != 0:
            problems.append(f"exit {proc.returncode}: {proc.stderr.strip()}")
        saved = read_settings(config_home)
        if saved.get("scenario") != "wait_first":
            problems.append(f"the screenshot of gather_groups made it the last scenario: {saved.get('scenario')}")
        if saved.get("ui_scale") != "1.25":
            problems.append(f"--ui-scale 2 was saved: ui_scale={saved.get('ui_scale')}")
        # The next plain launch opens the user's scenario at the user's scale.
        dump = os.path.join(out_dir, "settings_kept.json")
        proc = launch(loopscope, config_home, ["--frames", "2", "--dump-state", dump])
        if proc.returncode == 0:
            with open(dump) as f:
                d = json.load(f)
            if d.get("scenario") != "wait_first" or abs(d.get("ui_scale", 0) - 1.25) > 1e-6:
                problems.append(f"the next launch opened {d.get('scenario')} at {d.get('ui_scale')}")
        else:
            problems.append(f"plain launch: exit {proc.returncode}: {proc.stderr.strip()}")
    print(f"{'ok' if not problems else 'FAILED':6} settings kept by --ui-scale and --screenshot")
    for p in problems:
        print(f"       {p}")
    if problems:
        failures.append("settings kept")


def check_placed_panel(loopscope, out_dir, failures):
    """A panel the user placed is saved as fractions of the work area: it lands
    at the same fractions in a window of another size, inside it."""
    problems = []
    with tempfile.TemporaryDirectory() as config_home:
        os.makedirs(os.path.join(config_home, "loopscope"))
        with open(os.path.join(config_home, "loopscope", "loopscope.ini"), "w") as f:
            f.write("scenario=gather_groups\npanel.Timeline=0.5 0.25 0.5 0.75\n")
        for width, height in ((1920, 1080), (1280, 720)):
            dump = os.path.join(out_dir, f"placed_{width}x{height}.json")
            proc = launch(loopscope, config_home, ["--window-size", f"{width}x{height}", "--frames", "3", "--dump-state", dump])
            if proc.returncode != 0:
                problems.append(f"exit {proc.returncode}: {proc.stderr.strip()}")
                continue
            with open(dump) as f:
                d = json.load(f)
            menu = d["menu_bar_h"]
            work_h = height - menu
            tl = next(p for p in d["panels"] if p["name"] == "Timeline")
            want = {"x": width * 0.5, "y": menu + work_h * 0.25, "w": width * 0.5, "h": work_h * 0.75}
            if any(abs(tl[k] - v) > 1 for k, v in want.items()):
                problems.append(f"at {width}x{height} the Timeline is at {tl}, not {want}")
        if "panel.Timeline" not in read_settings(config_home):
            problems.append("the placed panel was not saved back")
    print(f"{'ok' if not problems else 'FAILED':6} a placed panel keeps its fractions at another window size")
    for p in problems:
        print(f"       {p}")
    if problems:
        failures.append("placed panel")


def check_bad_values(loopscope, failures):
    problems = []
    with tempfile.TemporaryDirectory() as config_home:
        for args in (["--ui-scale", "big"], ["--ui-scale", "0.1"], ["--ui-scale", "nan"], ["--ui-scale", ""],
                     ["--window-size", "1280"], ["--window-size", "1280x"], ["--window-size", "10x10"],
                     ["--window-size", "1280x720x3"], ["--window-size", "-1280x720"]):
            proc = launch(loopscope, config_home, ["gather_groups", *args, "--frames", "1"])
            lines = proc.stderr.strip().splitlines()
            if proc.returncode != 2 or len(lines) != 1 or not lines[0].startswith("loopscope:"):
                problems.append(f"{' '.join(args)}: exit {proc.returncode}, stderr {proc.stderr!r}")
    print(f"{'ok' if not problems else 'FAILED':6} bad --ui-scale / --window-size values")
    for p in problems:
        print(f"       {p}")
    if problems:
        failures.append("bad values")


def main():
    opts = test_options(__doc__)
    failures = []
    check_layouts(opts.loopscope, opts.out, failures)
    check_settings_kept(opts.loopscope, opts.out, failures)
    check_placed_panel(opts.loopscope, opts.out, failures)
    check_bad_values(opts.loopscope, failures)
    if failures:
        print(f"{len(failures)} layout check(s) failed: {', '.join(failures)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
