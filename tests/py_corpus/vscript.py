#!/usr/bin/env python3
"""Run a plain asyncio script (no PARAMS/TARGETS/main) on CPython's asyncio, on a virtual clock.

    python3 tests/py_corpus/vscript.py FILE.py [--seed N] [--cancel TARGET@T]...
        [--loop-work FILE] [--queues FILE]

The script runs as `python3 FILE.py` would (__name__ == "__main__"); every
event loop it makes (asyncio.run, get_event_loop, new_event_loop) is the
harness's VirtualLoop from tests/conformance/vloop.py, and the transcript is
vloop.py's: stamped lines, `main raised <repr>` for an exception escaping the
script followed by its traceback (traceback_lines), `!! ...` per
exception-handler call, `deadlock`. SystemExit (sys.exit) ends the script as
`python3 FILE.py` does: its status, no traceback.

--loop-work and --queues write what vloop.py's do (the passes and callbacks
of _run_once, the queues before each of the first callbacks), for all the
script's loops together: `loopscope run FILE.py --trace` records every loop
into one trace, one after another (ScriptWork).
"""
import argparse
import asyncio
import gc
import json
import linecache
import os
import random
import runpy
import sys
import weakref

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "conformance"))
import vloop  # noqa: E402


_as_completed = asyncio.as_completed


def _ordered_as_completed(fs, *, timeout=None):
    """asyncio.as_completed with its awaitables made futures in the order
    given, as the engine makes them. CPython's own makes them in set(fs)'s
    order, hashed by address, an order it is free to choose (the task
    names show it); given futures, its set(fs) makes nothing. (3.11 and
    3.12 would make them at the first next(), which a `for` calls at once.)"""
    if asyncio.isfuture(fs) or asyncio.iscoroutine(fs):
        return _as_completed(fs, timeout=timeout)  # its own TypeError
    return _as_completed([asyncio.ensure_future(f) for f in dict.fromkeys(fs)], timeout=timeout)


asyncio.as_completed = asyncio.tasks.as_completed = _ordered_as_completed


_abort = asyncio.TaskGroup._abort


def _ordered_abort(self):
    """TaskGroup._abort cancelling its tasks in creation order, the engine's.
    CPython's own iterates its set of tasks, hashed by address, and the
    order of the cancels is the order the tasks wake up in. It only reads
    the set (the done callbacks that shrink it run later)."""
    tasks, order = self._tasks, self._loop.task_order
    self._tasks = sorted(tasks, key=lambda t: order.get(t, 0))
    try:
        return _abort(self)
    finally:
        self._tasks = tasks


asyncio.TaskGroup._abort = _ordered_abort


def exception_line(e):
    """traceback.format_exception_only's last line, without notes: the type,
    with its module unless __main__ or builtins, and str(e)."""
    t = type(e)
    name = t.__qualname__
    if t.__module__ not in ("__main__", "builtins"):
        name = t.__module__ + "." + name
    try:
        text = str(e)
    except Exception:  # noqa: BLE001
        text = "<exception str() failed>"
    return name + ": " + text if text else name


def traceback_lines(e, script):
    """The traceback of `e` as the interpreter prints it: the frames of the
    script's own file (extract_tb), each with its stripped source line, then
    the exception line. The source comes from linecache, the same on 3.11 to
    3.13 (FrameSummary.line varies for statements over several lines)."""
    import traceback
    lines = ["Traceback (most recent call last):"]
    name = os.path.basename(script)
    for fs in traceback.extract_tb(e.__traceback__):
        if os.path.abspath(fs.filename) != os.path.abspath(script):
            continue
        lines.append('  File "%s", line %d, in %s' % (name, fs.lineno, fs.name))
        text = linecache.getline(fs.filename, fs.lineno).strip()
        if text:
            lines.append("    " + text)
    lines.append(exception_line(e))
    return lines


class ScriptWork(vloop.LoopWork):
    """One LoopWork for every loop a script makes, timed as the engine's
    trace times them (TraceRecorder, engine/trace.cpp).

    A pass is at the time its callbacks start: a callback's time.sleep
    moves the clock on during the pass, not before it. Each loop's clock
    starts at 0; one that is behind what the trace has recorded (the
    latest clock, its sleeps included) is shifted to continue from there,
    for as long as it runs."""

    def __init__(self):
        super().__init__()
        self._shifts = weakref.WeakKeyDictionary()  # loop -> shift
        self._last = 0.0  # the latest clock recorded, shifted
        self._start = None  # the open pass's clock at its first callback

    def begin_pass(self):
        super().begin_pass()
        self._start = None

    def callback(self, handle):
        if self._start is None:
            self._start = handle._loop.time()
        super().callback(handle)

    def end_pass(self, time):
        loop = asyncio.events._get_running_loop()
        start = time if self._start is None else self._start
        shift = self._shifts.get(loop, 0.0)
        if start + shift < self._last:
            shift = self._shifts[loop] = self._last - start
        self._last = max(self._last, time + shift)
        super().end_pass(start + shift)


class ScriptLoop(vloop.VirtualLoop):
    """A VirtualLoop whose close() ends the stretch of CPython's own
    shutdown work (from shutdown_asyncgens on, vloop.VirtualLoop): the
    script's next loop, or an older one it runs again, is its work again.
    A deadlock stops the recording for good, as it stops the engine."""

    def close(self):
        super().close()
        if self.work is not None and self.deadlock_time is None:
            self.work.stopped = False


class ScriptPolicy(vloop.VirtualPolicy):
    """vloop.VirtualPolicy making ScriptLoops."""

    def new_event_loop(self):
        loop = ScriptLoop()
        self._on_new_loop(loop)
        return loop


def write_json(path, data):
    """A --loop-work or --queues file, as vloop.run writes it."""
    with open(path, "w") as f:
        json.dump(data, f)


def run(argv, out, err):
    p = argparse.ArgumentParser(prog="vscript.py")
    p.add_argument("script")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--cancel", action="append", default=[])
    p.add_argument("--loop-work")
    p.add_argument("--queues")
    opts = p.parse_args(argv)
    cancels = [vloop.parse_cancel(c) for c in opts.cancel]
    state = {"loop": None, "globals": None}
    reports = []

    def clock():
        loop = state["loop"]
        return loop.time() if loop is not None else 0.0

    def record(loop, context):
        reports.append(vloop.describe_context(context))

    def cancel_by_name(loop, name):
        # TARGETS is read when the timer fires: the script defines it as it runs.
        vloop.cancel_by_name(loop, (state["globals"] or {}).get("TARGETS"), name)

    work = vloop._current_work = ScriptWork() if opts.loop_work or opts.queues else None
    queues = vloop._current_queues = vloop.QueueSnapshots() if opts.queues else None

    def freeze():
        writer.finish()
        writer.frozen = True
        if work is not None:
            work.stopped = True

    def on_new_loop(loop):
        state["loop"] = loop
        loop.on_deadlock = freeze
        loop.work = work
        loop.set_exception_handler(record)
        for target, when in cancels:
            # A lambda in run's on_new_loop, as vloop.py's is: vloop._KINDS
            # knows its __qualname__ as the engine's intervention.cancel.
            loop.call_at(when, lambda t=target: cancel_by_name(loop, t))

    writer = vloop.StampWriter(out, clock)
    saved_stdout = sys.stdout
    saved_policy = asyncio.get_event_loop_policy()
    raised = None
    raised_tb = []
    deadlock = False
    exit_status, exit_message = 0, None
    try:
        random.seed(opts.seed)
        asyncio.set_event_loop_policy(ScriptPolicy(on_new_loop))
        sys.stdout = writer
        module_globals = {}
        try:
            import warnings
            warnings.simplefilter("ignore")
            runpy.run_path(opts.script, run_name="__main__")
        except vloop.Deadlock:
            deadlock = True
        except SystemExit as e:
            # As `python3 FILE.py` ends: no traceback; None is 0, an int is
            # the status, anything else goes to stderr with status 1.
            if e.code is None or isinstance(e.code, int):
                exit_status = e.code or 0
            else:
                exit_status = 1
                exit_message = str(e.code)
        except BaseException as e:  # noqa: B036
            raised = repr(e)
            raised_tb = traceback_lines(e, opts.script)
        state["globals"] = module_globals
        # Interpreter shutdown: the script's globals go, and with them every
        # future whose exception was never retrieved.
        module_globals.clear()
        asyncio.set_event_loop(None)
        gc.collect()
        gc.collect()
        writer.finish()
    finally:
        sys.stdout = saved_stdout
        asyncio.set_event_loop_policy(saved_policy)
        vloop._current_work = vloop._current_queues = None
    if opts.loop_work:
        write_json(opts.loop_work, work.as_json())
    if opts.queues:
        write_json(opts.queues, {"snapshots": queues.snapshots})
    loop = state["loop"]
    if deadlock or (loop is not None and loop.deadlock_time is not None):
        out.write("%.6f | deadlock\n" % loop.deadlock_time)
        return 3
    final = clock()
    if raised is not None:
        out.write("%.6f | main raised %s\n" % (final, raised))
        for line in raised_tb:
            out.write("%.6f | %s\n" % (final, line))
    for name, text in sorted(reports, key=lambda r: (vloop._task_number(r[0]), r[1])):
        out.write("%.6f | !! %s\n" % (final, text))
    out.flush()
    if exit_message is not None:
        err.write(exit_message + "\n")
    return exit_status


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:], sys.stdout, sys.stderr))
