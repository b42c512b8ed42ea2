#!/usr/bin/env python3
"""Opening .py files in the real app (under the X server xvfb-run gives it).

1. `loopscope gui FILE.py` on a scenario file: the dump shows its tasks, the
   line each is at, its PARAMS as parameters, and its call sites.
2. A file with a syntax error opens (exit 0) and reports the error with its
   line and column; the source view is on that line. A missing file is a
   one-line error (exit 2), not a window.
3. `--set LINE:NAME=VALUE` overrides a call site's option as if the code
   said so.
4. A live app notices the file changing on disk and re-runs it.
5. File > Open (Ctrl+O), a typed path and Enter open another file, which
   joins the recent files.
6. A plain script (asyncio.run twice, no PARAMS) has a timeline too: its
   two loops' tasks are lanes, one loop after the other.
Screenshots stay in --out for people to look at.
"""
import os
import subprocess
import sys
import tempfile
import time

from window_driver import Checks, LiveApp, hold, load, test_options, xdotool

SCENARIO = '''import asyncio

PARAMS = {"return_exceptions": False, "n": 3}
TARGETS = {}


async def job(i):
    await asyncio.sleep(i)
    if i == 2:
        raise ValueError(i)
    return i


async def main(p):
    group = asyncio.gather(*[job(i) for i in range(1, p["n"] + 1)], return_exceptions=p["return_exceptions"])
    TARGETS["group"] = group
    print(await group)
'''
JOB_AWAIT_LINE = 8   # await asyncio.sleep(i)
MAIN_AWAIT_LINE = 17  # print(await group)
GATHER_LINE = 15

BROKEN = '''import asyncio


async def main():
    await asyncio.sleep(1)
    print("done"
    x = [1, 2


asyncio.run(main())
'''

WAITS = '''import asyncio

PARAMS = {}
TARGETS = {}


async def job(name, delay):
    await asyncio.sleep(delay)
    return name


async def main(p):
    tasks = [asyncio.create_task(job(n, d)) for n, d in (("a", 1), ("b", 2), ("c", 3))]
    done, pending = await asyncio.wait(tasks, timeout=2.5)
    print("done", len(done), "pending", len(pending))
'''
WAIT_LINE = 14

OTHER = '''import asyncio


async def main():
    await asyncio.wait_for(asyncio.sleep(1), timeout=5)
    print("other")


asyncio.run(main())
'''


SCRIPT = '''import asyncio


async def work(n):
    await asyncio.sleep(n)
    return n


async def main(k):
    print(await asyncio.gather(work(k), work(2 * k)))


asyncio.run(main(1))
asyncio.run(main(0.5))
'''
SCRIPT_SLEEP_LINE = 5
SCRIPT_GATHER_LINE = 10


def press(*keys):
    hold(*keys, seconds=0.3)
    time.sleep(0.1)


def lane(dump, name):
    return next((l for l in dump.get("lanes", []) if l["name"] == name), {})


def scripted(loopscope, env, out, name, args):
    png, dump = os.path.join(out, name + ".png"), os.path.join(out, name + ".json")
    for p in (png, dump):
        if os.path.exists(p):
            os.remove(p)
    proc = subprocess.run([loopscope, "gui", *args, "--screenshot", png, "--dump-state", dump], env=env, timeout=120,
                          capture_output=True, text=True)
    return proc, (load(dump) if os.path.exists(dump) else {})


def click_rect(app, rect):
    """A click at the middle of a dumped rectangle, then the re-run and a few frames."""
    app.click(rect["x"] + rect["w"] / 2, rect["y"] + rect["h"] / 2)
    time.sleep(0.8)


def main():
    opts = test_options(__doc__, extra=lambda ap: ap.add_argument(
        "--xdnd-drop", help="the xdnd_drop helper (without it, drag and drop is not checked)"))
    check = Checks()

    with tempfile.TemporaryDirectory() as config_home, tempfile.TemporaryDirectory() as files:
        env = dict(os.environ, XDG_CONFIG_HOME=config_home)
        scenario = os.path.join(files, "gathered.py")
        broken = os.path.join(files, "broken.py")
        other = os.path.join(files, "other.py")
        waits = os.path.join(files, "waits.py")
        script = os.path.join(files, "two_runs.py")
        for path, text in ((scenario, SCENARIO), (broken, BROKEN), (other, OTHER), (waits, WAITS), (script, SCRIPT)):
            with open(path, "w") as f:
                f.write(text)

        # 1. A scenario file, mid-run: tasks, their lines, PARAMS, call sites.
        proc, d = scripted(opts.loopscope, env, opts.out, "file_open", [scenario, "--at", "0.5"])
        check("a scenario file opens (exit 0)", proc.returncode == 0, proc.stderr)
        check("the dump names the file", (d.get("file") or {}).get("path") == scenario, d.get("file"))
        check("main and three jobs are lanes", d.get("lanes_total") == 4, d.get("lanes"))
        check(f"main awaits at line {MAIN_AWAIT_LINE}", lane(d, "Task-1").get("line") == MAIN_AWAIT_LINE, d.get("lanes"))
        check(f"every job sleeps at line {JOB_AWAIT_LINE}",
              all(lane(d, f"Task-{i}").get("line") == JOB_AWAIT_LINE for i in (2, 3, 4)), d.get("lanes"))
        task_lines = {(t["task"], t["line"]) for t in d.get("source", {}).get("task_lines", [])}
        check("the source view marks each live task's line",
              task_lines == {("Task-1", MAIN_AWAIT_LINE), ("Task-2", JOB_AWAIT_LINE), ("Task-3", JOB_AWAIT_LINE),
                             ("Task-4", JOB_AWAIT_LINE)}, d.get("source"))
        check("the source view highlights main's line", d.get("source", {}).get("highlight_line") == MAIN_AWAIT_LINE,
              d.get("source"))
        check("PARAMS are the parameters", d.get("params") == {"return_exceptions": False, "n": 3}, d.get("params"))
        sites = d.get("call_sites", [])
        check("the gather is a call site with return_exceptions",
              len(sites) == 1 and sites[0]["line"] == GATHER_LINE and sites[0]["function"] == "gather"
              and sites[0]["options"][0]["name"] == "return_exceptions", sites)

        # The end of the same run: ValueError(2) reaches main.
        proc, d = scripted(opts.loopscope, env, opts.out, "file_end", [scenario, "--at", "end"])
        check("at the end main has raised ValueError(2)",
              d.get("main", {}).get("raised") is True and d.get("main", {}).get("outcome") == "ValueError(2)", d.get("main"))

        # 6. A plain script: the first asyncio.run ends at 2, the second runs
        # after it on the timeline (its own clock restarts at 0, as CPython's).
        proc, d = scripted(opts.loopscope, env, opts.out, "script_two_runs", [script, "--at", "2.25"])
        lanes = d.get("lanes", [])
        check("a plain script opens (exit 0) as a script", proc.returncode == 0
              and (d.get("file") or {}).get("script") is True, proc.stderr)
        check("both loops' tasks are lanes: main and two workers each",
              d.get("lanes_total") == 6 and [l.get("function") for l in lanes] == ["main", "work", "work"] * 2, lanes)
        check("the first run's tasks are finished",
              [l.get("state") for l in lanes[:3]] == ["finished"] * 3, lanes)
        check(f"mid second run: main at the gather (line {SCRIPT_GATHER_LINE}), workers at their sleep",
              [(l.get("state"), l.get("line")) for l in lanes[3:]] ==
              [("suspended", SCRIPT_GATHER_LINE), ("suspended", SCRIPT_SLEEP_LINE), ("suspended", SCRIPT_SLEEP_LINE)],
              lanes)
        groups = d.get("groups", [])
        check("each run's gather is a group of two, the first finished",
              [(g.get("title"), g.get("state"), g.get("children")) for g in groups] ==
              [("gather(2)", "finished", 2), ("gather(2)", "pending", 2)], groups)
        check("the run printed one line per gather", d.get("run", {}).get("transcript_lines") == 2,
              d.get("run"))

        # 2. A syntax error is shown in the app, with its line.
        proc, d = scripted(opts.loopscope, env, opts.out, "parse_error", [broken])
        problem = d.get("problem") or {}
        check("a file that does not parse still opens (exit 0)", proc.returncode == 0, proc.stderr)
        check("the problem is at line 6, column 10", (problem.get("line"), problem.get("col")) == (6, 10), d.get("problem"))
        check("the problem reads file:line:col: message",
              problem.get("text") == f"{broken}:6:10: '(' was never closed", d.get("problem"))
        check("the source view is on the error line", d.get("source", {}).get("highlight_line") == 6, d.get("source"))
        proc = subprocess.run([opts.loopscope, "gui", os.path.join(files, "missing.py"), "--frames", "1"], env=env,
                              capture_output=True, text=True, timeout=60)
        check("a missing file is a one-line error with exit 2",
              proc.returncode == 2 and proc.stderr.count("\n") == 1 and "cannot read" in proc.stderr, proc.stderr)

        # 3. A call site's option set from the command line.
        proc, d = scripted(opts.loopscope, env, opts.out, "call_site_set",
                           [scenario, "--set", f"{GATHER_LINE}:return_exceptions=true", "--at", "end"])
        opt = (d.get("call_sites") or [{"options": [{}]}])[0]["options"][0]
        check("the override is applied", opt.get("set") is True, d.get("call_sites"))
        check("with return_exceptions=True main gets the exception as a result",
              d.get("main", {}).get("raised") is False, d.get("main"))
        proc = subprocess.run([opts.loopscope, "gui", scenario, "--set", "3:return_exceptions=true", "--frames", "1"],
                              env=env, capture_output=True, text=True, timeout=60)
        check("a line without that call site is a one-line error", proc.returncode == 2 and proc.stderr.count("\n") == 1,
              proc.stderr)

        # A built-in with --interpret: its .py twin, opened as a file.
        proc, d = scripted(opts.loopscope, env, opts.out, "interpret", ["gather_groups", "--interpret", "--at", "1.5"])
        check("gui NAME --interpret opens the built-in's .py twin as a file",
              proc.returncode == 0 and (d.get("file") or {}).get("path", "").endswith("/scenarios/gather_groups.py")
              and d.get("lanes_total") == 18 and len(d.get("call_sites", [])) == 4, proc.stderr)

        # 4. Call-site controls, clicked: the line opens a popup; None re-runs without the timeout.
        def rect(dump, target):
            return next((r for r in dump.get("call_site_controls", []) if r["target"] == target), None)

        args = [waits, "--at", "1.5"]
        proc, d = scripted(opts.loopscope, env, opts.out, "call_sites", args)
        line_rect = rect(d, f"source:{WAIT_LINE}")
        check("the wait's line is a control in the source view", line_rect is not None, d.get("call_site_controls"))
        check("the wait group says timeout=2.5", any("timeout=2.5" in g["title"] for g in d.get("groups", [])), d.get("groups"))
        if line_rect is not None:
            app = LiveApp(opts.loopscope, env, args, os.path.join(opts.out, "call_site_popup.json"))
            click_rect(app, line_rect)
            subprocess.run(["import", "-window", "root", os.path.join(opts.out, "call_site_popup.png")], check=False)
            d = app.quit()
            none_rect = rect(d, f"popup:{WAIT_LINE}:timeout:None")
            check("clicking the line opened its option controls", none_rect is not None, d.get("call_site_controls"))
            if none_rect is not None:
                app = LiveApp(opts.loopscope, env, args, os.path.join(opts.out, "call_site_none.json"))
                click_rect(app, line_rect)
                click_rect(app, none_rect)
                d = app.quit()
                check("ticking None overrides wait's timeout",
                      [{k: c[k] for k in ("line", "function", "name", "value")} for c in d.get("call_site_choices", [])]
                      == [{"line": WAIT_LINE, "function": "wait", "name": "timeout", "value": "none"}],
                      d.get("call_site_choices"))
                check("the re-run's wait has no timeout",
                      [g["title"] for g in d.get("groups", [])][:1] == ["wait(3, ALL_COMPLETED)"], d.get("groups"))

        # 5. The live app re-runs the file when it changes on disk.
        app = LiveApp(opts.loopscope, env, [scenario], os.path.join(opts.out, "reload.json"))
        with open(scenario, "w") as f:
            f.write(SCENARIO.replace('"n": 3', '"n": 5'))
        time.sleep(2.0)  # polled twice a second, then the re-run
        d = app.quit()
        check("the app noticed the change and reloaded", (d.get("file") or {}).get("reloads", 0) >= 1, d.get("file"))
        check("the new text ran: five jobs", d.get("lanes_total") == 6 and d.get("params", {}).get("n") == 5,
              {"lanes_total": d.get("lanes_total"), "params": d.get("params")})

        # 6. File > Open: Ctrl+O, type a path, Enter.
        app = LiveApp(opts.loopscope, env, [scenario], os.path.join(opts.out, "file_open_dialog.json"))
        press("ctrl", "o")
        time.sleep(0.5)
        subprocess.run(["import", "-window", "root", os.path.join(opts.out, "file_browser.png")], check=False)
        press("ctrl", "a")
        xdotool("type", "--delay", "30", other)
        time.sleep(0.3)
        press("Return")
        time.sleep(1.0)
        d = app.quit()
        check("the typed path opened", (d.get("file") or {}).get("path") == other, d.get("file"))
        check("the browser closed", d.get("file_browser", {}).get("open") is False, d.get("file_browser"))
        check("both files are recent, the newest first", d.get("recent_files", [])[:2] == [other, scenario],
              d.get("recent_files"))
        check("other.py ran", d.get("run", {}).get("transcript_lines") == 1, d.get("run"))

        # 7. Drag and drop.
        if opts.xdnd_drop:
            app = LiveApp(opts.loopscope, env, ["gather_groups"], os.path.join(opts.out, "drop.json"))
            dropped = subprocess.run([opts.xdnd_drop, app.window, "800", "400", waits], capture_output=True, text=True,
                                     timeout=30)
            time.sleep(1.0)
            subprocess.run(["import", "-window", "root", os.path.join(opts.out, "after_drop.png")], check=False)
            d = app.quit()
            check("the window took the drop", dropped.returncode == 0, dropped.stderr)
            check("the dropped file opened", (d.get("file") or {}).get("path") == waits, d.get("file"))
        else:
            print("skip   drag and drop (no --xdnd-drop helper: Xlib headers missing)")

    return check.status()


if __name__ == "__main__":
    sys.exit(main())
