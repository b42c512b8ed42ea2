#!/usr/bin/env python3
"""Drives the real window with xdotool: cancel group2 of gather_groups at t=1.5.

1. A short scripted run (`--frames`) dumps the state, which holds the screen
   rectangles of the cancel controls and of the Outcome panel's Event loop tab.
2. The app is opened for real at t=1.5 (same settings, so the same layout);
   xdotool clicks group2's × control. The re-run's playhead lands at 1.5
   before the cancel's callback: nothing of the cascade has happened yet.
3. With the Event loop tab open, Alt+Right steps callback by callback
   through the cascade (a screenshot and a state dump at each of the first
   six, kept in --out): the intervention's cancel, then the cancelled tasks'
   wake-ups throwing CancelledError in, then gather's done-callbacks. The
   ready queue, the timer heap and the await chains are checked at each.
4. End: the state must show the intervention, group2 cancelled and main
   having raised CancelledError, as asyncio would.
"""
import json
import os
import subprocess
import sys
import tempfile
import time

from window_driver import Checks, LiveApp, hold, test_options


def control(dump, target):
    for c in dump["cancel_controls"]:
        if c["target"] == target:
            return c
    raise AssertionError(f"no cancel control for {target!r}: {[c['target'] for c in dump['cancel_controls']]}")


def main():
    opts = test_options(__doc__)
    before_path = os.path.join(opts.out, "before.json")
    check = Checks()

    with tempfile.TemporaryDirectory() as config_home:
        env = dict(os.environ, XDG_CONFIG_HOME=config_home)
        args = ["gather_groups", "--at", "1.5"]
        subprocess.run([opts.loopscope, "gui", *args, "--frames", "5", "--dump-state", before_path], check=True, env=env,
                       timeout=60)
        with open(before_path) as f:
            before = json.load(f)
        rect = control(before, "group2")
        x, y = int(rect["x"] + rect["w"] / 2), int(rect["y"] + rect["h"] / 2)
        tab = before["loop_tab"]
        console = next(p for p in before["panels"] if p["name"] == "Console")
        rest = (console["x"] + console["w"] / 2, console["y"] + console["h"] / 2)

        # The click, and where the re-run puts the playhead.
        app = LiveApp(opts.loopscope, env, args, os.path.join(opts.out, "landed.json"))
        app.click(x, y)
        time.sleep(1.0)  # the re-run and a few frames
        landed = app.quit()
        check("the click added the intervention 'cancel group2 at 1.5'",
              landed.get("interventions") == [{"target": "group2", "time": 1.5}], landed.get("interventions"))
        check("the playhead landed at t=1.5", abs(landed["playhead"]["time"] - 1.5) < 1e-9, landed["playhead"])
        group2 = next(g for g in landed["groups"] if g["label"] == "group2")
        check("before the cascade: group2 is still pending", group2["state"] == "pending", group2)
        check("and no lane of group2 has been cancelled yet",
              not any(l["state"] == "cancelled" for l in landed["lanes"] if l.get("group") == "group2"))
        check("the loop is still in the pass before 1.5", landed["loop"].get("time", 2.0) < 1.5, landed["loop"])

        def stepped_app(steps):
            """Click the cancel, open the Event loop tab, step `steps` callbacks; a screenshot at the last."""
            app = LiveApp(opts.loopscope, env, args, os.path.join(opts.out, f"cascade_callback_{steps}.json"))
            app.click(x, y)
            time.sleep(1.0)
            app.click(tab["x"] + tab["w"] / 2, tab["y"] + tab["h"] / 2)
            app.move(*rest)
            for _ in range(steps):
                hold("alt", "Right")
                time.sleep(0.3)
            subprocess.run(["import", "-window", "root", os.path.join(opts.out, f"cascade_callback_{steps}.png")],
                           check=False)
            return app.quit()

        steps = [stepped_app(i) for i in range(1, 7)]
        one = steps[0]
        loop = one.get("loop", {})
        check("the Event loop tab is open", one.get("loop_tab", {}).get("open") is True, one.get("loop_tab"))
        current = (loop.get("callbacks") or [{}])[loop.get("current", 0)]
        check("one callback step runs the cancel's callback, at 1.5",
              loop.get("time") == 1.5 and current.get("does") == "intervention.cancel: your cancel: group2.cancel()"
              and current.get("state") == "ran", loop)
        # gather cancelled its children, whose sleeps' futures were cancelled:
        # each child's __wakeup is queued. Their timers are not cancelled yet:
        # sleep()'s `finally: h.cancel()` runs when each task wakes.
        wakeups = [c["target"] for c in loop.get("ready", []) if c["kind"] == "Task.__wakeup"]
        check("the cancel queued the wake-ups of group2's tasks", wakeups == ["Task-7", "Task-8", "Task-9"], loop.get("ready"))
        check("the wake-ups say CancelledError will be thrown in",
              all("CancelledError" in c["does"] for c in loop.get("ready", []) if c["kind"] == "Task.__wakeup"),
              loop.get("ready"))
        cancelled_timers = [sum(1 for t in d.get("loop", {}).get("timers", []) if t["cancelled"]) for d in steps]
        check("each wake-up cancels its sleep's timer, which stays in the heap, cancelled",
              cancelled_timers[:4] == [0, 1, 2, 3], cancelled_timers)
        # Each step changes the ready queue: a callback leaves it, what it
        # queued joins its end.
        queues = [[(c["kind"], c["target"]) for c in d.get("loop", {}).get("ready", [])] for d in steps]
        check("each of the six steps changes the ready queue",
              all(a != b for a, b in zip(queues, queues[1:])), queues)
        check("the await chains reach main from group2's tasks before the cascade ends",
              any(c.startswith("Task-1 main → ") for c in steps[0].get("loop", {}).get("chains", [])),
              steps[0].get("loop", {}).get("chains"))

        # Six steps, a screenshot at each. Steps 2-4 are the wake-ups of
        # Task-7..9 throwing CancelledError in; step 5 is gather's
        # done-callback for Task-7, which ends group2 at once
        # (return_exceptions=False); those for Task-8 and Task-9 cause no
        # event, so step 6 is all_groups' done-callback for group2.
        six = steps[5]
        calls = six.get("loop", {}).get("callbacks", [])
        check("six steps on, the loop is still at 1.5", six.get("loop", {}).get("time") == 1.5, six.get("loop"))
        check("and all_groups' gather has taken group2's CancelledError",
              [c["does"] for c in calls] ==
              ["gather._done_callback: group2 is done, and so is its gather, all_groups: CancelledError()"]
              and calls[0]["state"] == "ran", calls)

        # The end of the run.
        app = LiveApp(opts.loopscope, env, args, os.path.join(opts.out, "after.json"))
        app.click(x, y)
        time.sleep(1.0)
        hold("End")
        time.sleep(0.3)
        after = app.quit()
    if not after:
        print("FAILED: loopscope did not exit cleanly")
        return 1
    group2 = next(g for g in after["groups"] if g["label"] == "group2")
    check("at the end group2 is cancelled", group2["state"] == "cancelled", group2)
    check("group2's tasks are cancelled", all(l["state"] == "cancelled" for l in after["lanes"] if l.get("group") == "group2"))
    check("main raised CancelledError",
          after["main"].get("raised") is True and "CancelledError" in after["main"].get("outcome", ""), after["main"])
    return check.status()


if __name__ == "__main__":
    sys.exit(main())
