"""The loop's work, engine and CPython side by side: passes and callbacks as lines.

Both sides give passes (their times) and callbacks ([pass, kind, target,
name]); `lines()` turns either into the text conformance.py compares:

    pass 3 t=1.0
      Task.__wakeup Task-2
      gather._done_callback Task-2
      futures._set_result_unless_cancelled future 4

A target is a task by name, or a future numbered by first mention in the run
(the same rule on both sides, so the numbers match when the runs do).

From `unordered_from_pass` on, asyncio.run's shutdown cancels all_tasks(), a
set hashed by address, in the set's order; vloop.py hands CPython's own
shutdown the tasks in creation order, the engine's, so that stretch is
compared in order too, its passes marked "(set order)".
"""
import json


def engine_targets(trace):
    """A target namer for a loopscope JSON trace: a future id as ["task", name],
    or ["future", n] numbered by first mention through this namer (each
    namer numbers afresh, as each of vloop.py's recorders does); 0 is None."""
    rows = {f["id"]: f for f in trace["futures"]}
    numbers = {}

    def target(fid):
        if fid == 0:
            return None
        row = rows.get(fid)
        if row is not None and row["kind"] == "task":
            return ["task", row["name"]]
        return ["future", numbers.setdefault(fid, len(numbers))]

    return target


def from_engine(trace):
    """The raw form of a loopscope JSON trace (engine/trace_export.cpp)."""
    target = engine_targets(trace)
    loop = trace["loop"]
    callbacks = [[c["pass"], c["kind"], target(c["target"]), c.get("name")] for c in loop["callbacks"]]
    return {"passes": [p["t"] for p in loop["passes"]], "callbacks": callbacks,
            "unordered_from_pass": loop["unordered_from_pass"], "cut": loop["cut"]}


def lines(work):
    unordered = work.get("unordered_from_pass")
    if unordered is None:
        unordered = len(work["passes"])

    def text(cb):
        _, kind, target, name = cb
        if target is None:
            who = "-"
        elif target[0] == "task":
            who = target[1]
        else:
            who = "future %d" % target[1]
        return "  %s %s%s" % (kind, who, " " + name if name else "")

    per_pass = [[] for _ in work["passes"]]
    stray = []
    for cb in work["callbacks"]:
        (per_pass[cb[0]] if cb[0] < len(per_pass) else stray).append(text(cb))
    out = []
    for i, (t, cbs) in enumerate(zip(work["passes"], per_pass)):
        out.append("pass %d t=%r%s" % (i, t, " (set order)" if i >= unordered else ""))
        out.extend(cbs)
    return out + ["(outside any pass)" + line for line in stray]


def queues_from_engine(trace, queues):
    """The raw form of `loopscope run --queues` (engine/loop_queues.hpp): its
    future ids as targets, numbered by first mention in snapshot order, as
    vloop.py numbers CPython's."""
    target = engine_targets(trace)
    out = []
    for snap in queues["snapshots"]:
        ready = [[kind, target(t), name, cancelled] for kind, t, name, cancelled in snap["ready"]]
        timers = [[when, kind, target(t), name, cancelled] for when, kind, t, name, cancelled in snap["timers"]]
        out.append({"callback": snap["callback"], "ready": ready, "timers": timers})
    return {"snapshots": out, "consistent": queues.get("consistent", True)}


def queue_lines(queues):
    """Either side's snapshots as the lines conformance.py compares:

    before callback 2
      ready Task.__step Task-4
      timer 1.5 intervention.cancel - (cancelled)
    """
    def who(target):
        if target is None:
            return "-"
        return target[1] if target[0] == "task" else "future %d" % target[1]

    out = [] if queues.get("consistent", True) else ["(the engine's replay disagrees with its own trace)"]
    for snap in queues["snapshots"]:
        out.append("before callback %d" % snap["callback"])
        for kind, target, name, cancelled in snap["ready"]:
            out.append("  ready %s %s%s%s" % (kind, who(target), " " + name if name else "",
                                               " (cancelled)" if cancelled else ""))
        for when, kind, target, name, cancelled in snap["timers"]:
            out.append("  timer %r %s %s%s%s" % (when, kind, who(target), " " + name if name else "",
                                                  " (cancelled)" if cancelled else ""))
    return out


def read_json(path):
    """A JSON file a run wrote; None if it wrote none."""
    try:
        with open(path) as f:
            text = f.read()
    except OSError:
        return None
    return json.loads(text) if text else None


def work_lines(work, queues):
    """The lines compared for the loop's work: lines() of the passes and
    callbacks, then queue_lines() of the queue snapshots; None if a side
    wrote either not."""
    if work is None or queues is None:
        return None
    return lines(work) + queue_lines(queues)


def engine_work_lines(trace_path, queues_path):
    """work_lines() of `loopscope run --trace TRACE --queues QUEUES`."""
    raw, snapshots = read_json(trace_path), read_json(queues_path)
    if raw is None or snapshots is None:
        return None
    return work_lines(from_engine(raw), queues_from_engine(raw, snapshots))


def harness_work_lines(work_path, queues_path):
    """work_lines() of `vloop.py ... --loop-work WORK --queues QUEUES`."""
    return work_lines(read_json(work_path), read_json(queues_path))
