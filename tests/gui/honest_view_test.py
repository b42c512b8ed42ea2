#!/usr/bin/env python3
"""The app says what asyncio did, at the moment it did it (run under xvfb-run).

Drives the real app with --at/--dump-state (and --screenshot, kept in --out
for people to look at) and checks, from the dump:
  * a wait() group carries how it ended (returned / timed out / never
    returned) and, once it has returned, the done and pending sets it
    returned; before that nothing is claimed;
  * every cancellation names its cause: an intervention, a gather passing it
    on, asyncio.run()'s shutdown, the program's own cancel() call;
  * a time past the end of the run is clamped to the end, and says so;
  * a scenario opens at t=0, its outcome unseen until End.
The transcript lines the facts are checked against come from the engine's
own `run` command, which the conformance test holds equal to CPython's.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

from window_driver import LiveApp, xdotool


def dump_at(loopscope, out_dir, name, args):
    png = os.path.join(out_dir, name + ".png")
    path = os.path.join(out_dir, name + ".json")
    with tempfile.TemporaryDirectory() as config_home:
        env = dict(os.environ, XDG_CONFIG_HOME=config_home)
        subprocess.run([loopscope, "gui", *args, "--screenshot", png, "--dump-state", path],
                       check=True, env=env, timeout=120)
    with open(path) as f:
        return json.load(f)


def transcript(loopscope, args):
    return subprocess.run([loopscope, "run", *args], check=True, capture_output=True, text=True,
                          timeout=60).stdout.splitlines()


def orange_pixels(out_dir, name):
    """Pixels of the timed-out marker's colour (#E69F00) in the timeline canvas of a screenshot."""
    with open(os.path.join(out_dir, name + ".json")) as f:
        canvas = json.load(f)["timeline_canvas"]
    x, y, w, h = (int(round(canvas[k])) for k in ("x", "y", "w", "h"))
    hist = subprocess.run(["convert", os.path.join(out_dir, name + ".png"), "-crop", f"{w}x{h}+{x}+{y}", "+repage",
                           "-format", "%c", "histogram:info:-"], check=True, capture_output=True, text=True).stdout
    return sum(int(line.split(":", 1)[0]) for line in hist.splitlines() if "#E69F00" in line.upper())


def waits(dump):
    return [g for g in dump["groups"] if g["kind"] == "wait"]


def lane(dump, name):
    return next(l for l in dump["lanes"] if l["name"] == name)


def group(dump, label):
    return next(g for g in dump["groups"] if g["label"] == label)


def printed_time(lines, text):
    """The virtual time of the first transcript line that reads `text`."""
    for line in lines:
        t, _, said = line.partition(" | ")
        if said == text:
            return float(t)
    raise AssertionError(f"the transcript never says {text!r}")


def check_wait_first(ls, out):
    lines = transcript(ls, ["wait_first", "--seed", "1"])
    assert any(l.endswith("| unfinished: 9") for l in lines), "the program printed 'unfinished: 9'"
    returned_at = printed_time(lines, "Get first result:")  # printed before the wait; the return is later
    before = waits(dump_at(ls, out, "wait_first_t0.3", ["wait_first", "--seed", "1", "--at", "0.3"]))[0]
    yield "before its return the first wait claims nothing", (
        before["how"] == "pending" and before["done"] == [] and before["pending"] == [] and before["returned_at"] is None)
    first = waits(dump_at(ls, out, "wait_first_t2.7", ["wait_first", "--seed", "1", "--at", "2.7"]))[0]
    yield "the first wait returned at 0.627564", (
        first["how"] == "returned" and abs(first["returned_at"] - 0.627564) < 5e-7 and first["returned_at"] > returned_at)
    yield "it returned done ['Task-11'] and 9 pending", first["done"] == ["Task-11"] and len(first["pending"]) == 9
    yield "the done task is coro(10), which printed '< 10' then", abs(printed_time(lines, "< 10") - first["returned_at"]) < 1e-6
    second = waits(dump_at(ls, out, "wait_first_t3", ["wait_first", "--seed", "1", "--at", "3"]))[1]
    yield "the second wait (timeout=2) timed out", second["how"] == "timed out"
    # Its row ends with the timed-out marker, drawn in the cancel() orange:
    # this run cancels nothing, so orange in the canvas is that marker.
    yield "the timeout's marker is drawn once it has fired", orange_pixels(out, "wait_first_t3") > 4
    yield "and not before", orange_pixels(out, "wait_first_t0.3") == 0


def check_flaky_wait(ls, out):
    args = ["flaky_wait", "--set", "return_when=FIRST_EXCEPTION"]
    lines = transcript(ls, args)
    said = next(l.split(" | ", 1)[1] for l in lines if "done:" in l and "pending:" in l)
    done_n, pending_n = int(said.split()[1]), int(said.split()[3])
    w = waits(dump_at(ls, out, "flaky_wait_first_exception_end", [*args, "--at", "100"]))[0]
    yield f"the panel's sets are the printed ones ({said})", len(w["done"]) == done_n and len(w["pending"]) == pending_n


def check_never_returned(ls, out):
    d = dump_at(ls, out, "cancel_wait_vs_gather_end", ["cancel_wait_vs_gather", "--at", "100"])
    w = waits(d)[0]
    yield "the cancelled wait() never returned", w["how"] == "never returned" and w["done"] == [] and w["pending"] == []
    waiting = lane(d, "Task-3")
    yield "its task's cancel names the program's cancel() call", "called cancel()" in waiting.get("cancel_cause", "")
    d = dump_at(ls, out, "wait_any_end", ["wait_any", "--at", "100"])
    hows = [g["how"] for g in waits(d)]
    yield f"wait_any's cancelled wait never returned ({hows})", "never returned" in hows


def check_cancel_causes(ls, out):
    d = dump_at(ls, out, "gather_groups_cancel_group2_end", ["gather_groups", "--cancel", "group2@1.5", "--at", "100"])
    yield "group2's cancel is the intervention", group(d, "group2").get("cancel_cause") == "intervention: cancel group2 at t=1.5"
    children = [l for l in d["lanes"] if l.get("group") == "group2"]
    yield "group2's children were cancelled by group2", children and all(
        l.get("cancel_cause") == "group2 = gather(3) was cancelled, so it cancelled its children" for l in children)
    shutdown = [l for l in d["lanes"] if l.get("cancel_cause", "").startswith("asyncio.run() shutdown")]
    yield "the tasks left when main ended were cancelled by asyncio.run()'s shutdown", len(shutdown) > 0 and all(
        l["state"] == "cancelled" for l in shutdown)
    yield "no cancel is put down to 'the loop'", all("the loop" not in l.get("cancel_cause", "") for l in d["lanes"])


def check_clamped_time(ls, out):
    d = dump_at(ls, out, "gather_groups_cancel_at_past_end", ["gather_groups", "--cancel", "group2@1.2", "--at", "1.5"])
    end = d["playhead"]["time"]
    yield f"--at past the end dumps the end time ({end})", abs(end - 1.2) < 1e-9 and d["playhead"]["event"] == d["playhead"]["events_total"]
    yield "and says it was clamped", "past the end" in d["playhead"]["clamped"]
    d = dump_at(ls, out, "gather_groups_t1.5", ["gather_groups", "--at", "1.5"])
    yield "a time within the run is not clamped", d["playhead"]["time"] == 1.5 and d["playhead"]["clamped"] == ""


def check_hover(ls, out):
    """A lane's tooltip describes the time under the mouse, not the playhead's."""
    args = [ls, "gui", "gather_groups", "--at", "2.5"]
    before_path, after_path = os.path.join(out, "hover_before.json"), os.path.join(out, "hover_after.json")
    with tempfile.TemporaryDirectory() as config_home:
        env = dict(os.environ, XDG_CONFIG_HOME=config_home)
        subprocess.run([*args, "--frames", "5", "--dump-state", before_path], check=True, env=env, timeout=60)
        with open(before_path) as f:
            before = json.load(f)
        earlier = dump_at(ls, out, "gather_groups_t0.7", ["gather_groups", "--at", "0.7"])
        # A task whose state at 0.7 differs from its state at the playhead.
        name = next(l["name"] for l in before["lanes"] if l["state"] != lane(earlier, l["name"])["state"])
        row = next(r for r in before["timeline_rows"] if r["target"] == name)
        view = before["timeline_view"]
        x = int(view["x0"] + (0.7 - view["t0"]) / view["seconds_per_px"])
        y = int(row["y"] + row["h"] / 2)
        app = LiveApp(ls, env, args[2:], after_path)
        app.move(x, y)
        time.sleep(0.3)
        hover = app.quit().get("hover")
    then, now = lane(earlier, name)["state"], lane(before, name)["state"]
    yield f"the tooltip was over {name} ({hover})", hover is not None and hover["row"] == name
    yield "it describes t=0.7, the time under the mouse", abs(hover["time"] - 0.7) < 3 * view["seconds_per_px"]
    yield f"with the state then ({then}), not at the playhead ({now})", hover["state"] == then and then != now


def check_opens_at_start(ls, out):
    """A scenario opens before its story starts; End (or --at end) shows the outcome."""
    d = dump_at(ls, out, "gather_groups_opened", ["gather_groups"])
    p = d["playhead"]
    yield f"it opens at t=0, before the first event ({p})", p["time"] == 0 and p["event"] == 0 and p["events_total"] > 0
    yield f"main has not finished ({d['main']})", "outcome" not in d["main"]
    yield "no lane shows an outcome", not any("outcome" in l for l in d["lanes"])
    yield "no group shows how it ended", all(g["state"] in ("not created", "pending") for g in d["groups"])
    with tempfile.TemporaryDirectory() as config_home:
        env = dict(os.environ, XDG_CONFIG_HOME=config_home)
        app = LiveApp(ls, env, ["gather_groups"], os.path.join(out, "gather_groups_end_key.json"))
        app.move(5, 5)
        xdotool("key", "End")
        time.sleep(0.8)
        end = app.quit()
    p = end["playhead"]
    yield f"End puts the playhead at the end ({p})", p["event"] == p["events_total"] and p["time"] > 0
    yield f"then main's outcome shows ({end['main']})", "outcome" in end["main"]
    d = dump_at(ls, out, "gather_groups_at_end", ["gather_groups", "--at", "end"])
    p = d["playhead"]
    yield f"--at end is the end, with no clamping note ({p})", p["event"] == p["events_total"] and not p["clamped"]


def check_printed_symbols(ls, out):
    """What programs print for effect draws as printed; what the font lacks is U+FFFD and listed."""
    with tempfile.TemporaryDirectory() as files:
        path = os.path.join(files, "symbols.py")
        with open(path, "w", encoding="utf-8") as f:
            f.write('print("ok ✓ failed ✗ next → item • wait… star ★ warn ⚠ check ✔ box ┌─┐ Готово")\n'
                    'print("emoji 🙂")\n')
        d = dump_at(ls, out, "printed_symbols", [path, "--at", "end"])
    yield f"the console font draws every symbol but the emoji ({d['console_missing_glyphs']})", \
        d["console_missing_glyphs"] == ["U+1F642"]


def check_dragged_timeout(ls, out):
    """A timeout dragged in the Scenario panel reaches the program as --set gives it."""
    first, after_path = os.path.join(out, "drag_before.json"), os.path.join(out, "drag_after.json")
    with tempfile.TemporaryDirectory() as config_home:
        env = dict(os.environ, XDG_CONFIG_HOME=config_home)
        subprocess.run([ls, "gui", "wait_first", "--frames", "5", "--dump-state", first], check=True, env=env, timeout=60)
        with open(first) as f:
            slider = next(r for r in json.load(f)["param_controls"] if r["target"] == "timeout")
        y = int(slider["y"] + slider["h"] / 2)
        app = LiveApp(ls, env, ["wait_first"], after_path)
        # The grab sits at 2 s of 0..10 s; drag it to about 7.3 s.
        app.drag(slider["x"] + slider["w"] * 0.2, y, slider["x"] + slider["w"] * 0.73, y)
        time.sleep(1.0)
        d = app.quit()
    value = d["params"]["timeout"]
    yield f"the drag moved the timeout off 2 ({value})", isinstance(value, float) and value != 2
    yield "onto the 0.1 s grid, as Python's float of its text", repr(value) == f"{value:.1f}"
    said = next((l for l in d["transcript"] if "Get more results in" in l), "")
    cli = transcript(ls, ["wait_first", "--set", f"timeout={value!r}"])
    yield f"the program printed what --set timeout={value!r} prints ({said.split(' | ')[-1]!r})", said in cli
    yield "and the whole transcript is the same", d["transcript"] == cli


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--loopscope", required=True)
    ap.add_argument("--out", required=True)
    opts = ap.parse_args()
    os.makedirs(opts.out, exist_ok=True)
    failures = 0
    for check in (check_wait_first, check_flaky_wait, check_never_returned, check_cancel_causes, check_clamped_time,
                  check_hover, check_dragged_timeout, check_opens_at_start, check_printed_symbols):
        try:
            for fact, holds in check(opts.loopscope, opts.out):
                print(f"{'ok' if holds else 'FAILED':6} {fact}")
                failures += 0 if holds else 1
        except (AssertionError, KeyError, StopIteration, IndexError) as e:
            print(f"FAILED {check.__name__}: {e!r}")
            failures += 1
    print(f"{failures} fact(s) failed" if failures else "every fact holds")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
