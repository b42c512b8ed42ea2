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


def from_engine(trace):
    """The raw form of a loopscope JSON trace (engine/trace_export.cpp)."""
    rows = {f["id"]: f for f in trace["futures"]}
    numbers = {}
    loop = trace["loop"]

    def target(fid):
        if fid == 0:
            return None
        row = rows.get(fid)
        if row is not None and row["kind"] == "task":
            return ["task", row["name"]]
        return ["future", numbers.setdefault(fid, len(numbers))]

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
