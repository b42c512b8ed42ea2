#!/usr/bin/env python3
"""Run a scenario's Python twin on CPython's own asyncio, on a virtual clock.

    python3 tests/conformance/vloop.py scenarios/NAME.py [--seed N]
        [--set KEY=VALUE]... [--cancel TARGET@T]... [--loop-work FILE] [--queues FILE]

prints the transcript Loopscope must reproduce byte for byte:

    %.6f | <printed line>                one per line print()/pprint() wrote
    T | main raised <repr(exc)>          if asyncio.run(main(params)) raised
    T | !! <message>: <name> <repr(exc)> one per exception-handler call
    T | deadlock                         nothing ready and no timer (exit 3)

With --loop-work FILE it also writes, as JSON, the loop's work: each pass of
_run_once and each callback Handle._run runs (what it is and what it acts
on), which conformance.py compares with the engine's trace (loopwork.py).
With --queues FILE it writes loop._ready and loop._scheduled as they stand
before each of the first callbacks, for `loopscope run --queues`'s rebuilt
queues to be compared with (loopwork.queue_lines).

Sections: the virtual loop · the loop's work · the transcript · one run ·
the command line · the fork server (`--serve`, used by conformance.py).

The loop is CPython's own BaseEventLoop, as in CPython's test_utils.TestLoop:
only the clock and the selector are replaced. When nothing is ready the
selector jumps the clock to the earliest deadline (no float arithmetic), so
every timer ordering question (heap ties, _clock_resolution, the cleanup of
cancelled timers) is answered by the real heapq code of the running CPython.
Works on CPython 3.8 to 3.13.
"""
import argparse
import asyncio
import functools
import gc
import heapq
import importlib.util
import io
import json
import os
import random
import re
import signal
import sys
import time
import traceback
import weakref
from asyncio import base_events

# ---- the virtual loop --------------------------------------------------------


class Deadlock(BaseException):
    """select(None): nothing is ready and no timer is scheduled.

    A BaseException so that no `except Exception` in a scenario swallows it."""


class VirtualSelector:
    """What _run_once calls with the timeout it computed."""

    def __init__(self, loop):
        self._loop = loop

    def select(self, timeout):
        loop = self._loop
        if timeout is None:
            if loop.deadlock_time is None:
                loop.deadlock_time = loop._time
                if loop.on_deadlock is not None:
                    loop.on_deadlock()
            raise Deadlock()
        if timeout > 0:
            if timeout < base_events.MAXIMUM_SELECT_TIMEOUT:
                # Jump exactly to the deadline _run_once is waiting for.
                loop._time = loop._scheduled[0]._when
            else:
                loop._time += timeout
        return []


class VirtualLoop(base_events.BaseEventLoop):
    """base_events.BaseEventLoop with a virtual time() starting at 0.0.

    _clock_resolution stays what BaseEventLoop.__init__ sets (the monotonic
    clock's resolution): _run_once fires every timer due before
    time() + _clock_resolution, and the engine must do the same."""

    def __init__(self):
        super().__init__()
        self._time = 0.0
        self._selector = VirtualSelector(self)
        self.deadlock_time = None
        self.on_deadlock = None  # called once, when the deadlock is found
        self.work = None  # a LoopWork when --loop-work asks for it
        self.task_order = weakref.WeakKeyDictionary()  # task -> creation number

    def time(self):
        return self._time

    def create_task(self, coro, **kwargs):
        task = super().create_task(coro, **kwargs)
        self.task_order[task] = len(self.task_order)
        return task

    def _run_once(self):
        work = self.work
        if work is None or work.stopped:
            return super()._run_once()
        work.begin_pass()
        try:
            super()._run_once()
        finally:
            work.end_pass(self._time)

    def shutdown_asyncgens(self):
        # asyncio.run's own clean-up from here on (shutdown_asyncgens, then
        # shutdown_default_executor): tasks of CPython's shutdown that the
        # engine, which has neither async generators to close nor an
        # executor, never makes. Their callbacks are not the program's work.
        if self.work is not None:
            self.work.stopped = True
        return super().shutdown_asyncgens()

    def _process_events(self, event_list):
        pass

    def _write_to_self(self):
        pass


_real_sleep = time.sleep


def _virtual_sleep(seconds):
    """time.sleep on the virtual clock: it blocks the running loop (nothing
    else runs meanwhile) and the loop's clock moves on by `seconds`; outside
    a loop it returns at once. Bad arguments get time.sleep's own errors."""
    if not isinstance(seconds, (int, float)) or not seconds >= 0:
        _real_sleep(seconds)  # raises TypeError or ValueError, as it would
    loop = asyncio.events._get_running_loop()
    if isinstance(loop, VirtualLoop):
        loop._time += seconds


time.sleep = _virtual_sleep


class VirtualPolicy(asyncio.DefaultEventLoopPolicy):
    """new_event_loop() gives a VirtualLoop, so asyncio.run runs unchanged."""

    def __init__(self, on_new_loop):
        super().__init__()
        self._on_new_loop = on_new_loop

    def new_event_loop(self):
        loop = VirtualLoop()
        self._on_new_loop(loop)
        return loop


# ---- the loop's work ------------------------------------------------------------

# What Handle._run runs, by the callable's __qualname__ (a functools.partial
# by its function's), named as the engine's trace names it
# (engine/callback_kind.hpp). The C Task's callbacks have no __qualname__:
# its step is a TaskStepMethWrapper, its wake-up the builtin task_wakeup.
_KINDS = {
    "Task.__step": "Task.__step",
    "Task.__wakeup": "Task.__wakeup",
    "gather.<locals>._done_callback": "gather._done_callback",
    "_wait.<locals>._on_completion": "wait._on_completion",
    "_set_result_unless_cancelled": "futures._set_result_unless_cancelled",
    "_release_waiter": "tasks._release_waiter",
    "shield.<locals>._inner_done_callback": "shield._inner_done_callback",
    "shield.<locals>._outer_done_callback": "shield._outer_done_callback",
    "Timeout._on_timeout": "timeouts.Timeout._on_timeout",
    "TaskGroup._on_task_done": "TaskGroup._on_task_done",
    "as_completed.<locals>._on_completion": "as_completed._on_completion",
    "as_completed.<locals>._on_timeout": "as_completed._on_timeout",
    # 3.13 made as_completed a class: the same callbacks under new names.
    "_AsCompletedIterator._handle_completion": "as_completed._on_completion",
    "_AsCompletedIterator._handle_timeout": "as_completed._on_timeout",
    "_run_until_complete_cb": "base_events._run_until_complete_cb",
    "run.<locals>.on_new_loop.<locals>.<lambda>": "intervention.cancel",
}


class LoopWork:
    """The passes of _run_once and the callbacks each ran, as JSON-ready rows.

    A target is ["task", name] or ["future", n], n counting distinct futures
    in order of first mention. A future is held weakly (keeping it alive
    would silence its "exception was never retrieved"); when it dies its
    id() is forgotten, so that a new future at its address is a new one."""

    def __init__(self):
        self.passes = []     # [time] per pass
        self.callbacks = []  # [pass, kind, target, name]
        self.unordered_from_pass = None
        self.stopped = False
        self._open = None
        self.numbers = FutureNumbers()

    def begin_pass(self):
        self._open = len(self.callbacks)

    def end_pass(self, time):
        # A pass that raised in its select (a deadlock) took nothing from
        # the ready queue: the engine records no pass there either.
        if self._open is None:
            return
        if self.stopped and len(self.callbacks) == self._open:
            return
        self.passes.append(time)
        self._open = None

    def _target(self, obj):
        return self.numbers.target(obj)

    def callback(self, handle):
        kind, target, name = describe_handle(handle)
        self.callbacks.append([len(self.passes), kind, self._target(target), name])

    def as_json(self):
        return {"passes": self.passes, "callbacks": self.callbacks,
                "unordered_from_pass": self.unordered_from_pass}


_tokens = {}  # id() of a live future -> (token, weak reference)
_token_count = [0]


def future_key(obj):
    """What a callback acts on, in a form that outlives it: ("task", name),
    ("future", token) or None. A future is held weakly (keeping it alive
    would silence its "exception was never retrieved"); when it dies its
    id() is forgotten, so that a new future at its address is a new one."""
    if isinstance(obj, asyncio.Task):
        return ("task", obj.get_name())
    if asyncio.isfuture(obj):
        key = id(obj)
        entry = _tokens.get(key)
        if entry is None:
            entry = _tokens[key] = (_token_count[0], weakref.ref(obj, lambda _: _tokens.pop(key, None)))
            _token_count[0] += 1
        return ("future", entry[0])
    return None


class FutureNumbers:
    """Targets as JSON-ready rows: ["task", name] or ["future", n], n counting
    distinct futures in order of first mention."""

    def __init__(self):
        self._numbers = {}  # token -> number

    def target(self, key):
        if key is None:
            return None
        if key[0] == "task":
            return ["task", key[1]]
        return ["future", self._numbers.setdefault(key[1], len(self._numbers))]


# A cancelled Handle drops its callback (Handle.cancel sets _callback to
# None): what it was is kept here as it is cancelled, by id() while it lives.
_cancelled_handles = {}
_handle_cancel = asyncio.events.Handle.cancel


def _observed_cancel(self):
    if not self._cancelled and self._callback is not None:
        key = id(self)
        _cancelled_handles[key] = (describe_handle(self), weakref.ref(self, lambda _: _cancelled_handles.pop(key, None)))
    return _handle_cancel(self)


asyncio.events.Handle.cancel = _observed_cancel


def describe_handle(handle):
    """(kind, future_key of its target, Python name or None) of what a Handle runs."""
    if handle._callback is None:
        entry = _cancelled_handles.get(id(handle))
        return entry[0] if entry is not None else ("?", None, None)
    cb, args = handle._callback, handle._args
    if type(cb).__name__ == "TaskStepMethWrapper":
        kind, target = "Task.__step", cb.__self__
    elif getattr(cb, "__name__", None) == "task_wakeup":
        kind, target = "Task.__wakeup", cb.__self__
    else:
        if isinstance(cb, functools.partial):
            args = cb.args + tuple(args)
            cb = cb.func
        qualname = getattr(cb, "__qualname__", type(cb).__name__)
        kind = _KINDS.get(qualname, "python")
        if kind in ("Task.__step", "Task.__wakeup"):
            target = cb.__self__
        elif args and asyncio.isfuture(args[0]):
            target = args[0]
        else:
            target = getattr(cb, "__self__", None)
    name = getattr(cb, "__qualname__", None) if kind == "python" else None
    return kind, future_key(target), name


class QueueSnapshots:
    """loop._ready (front first) and loop._scheduled (in the order heapq
    pops it) just before each of the first CALLBACKS callbacks, where the two
    hold CALLS handles or fewer together: the rule of the engine's
    write_queue_snapshots (engine/loop_queues.hpp)."""

    CALLBACKS, CALLS = 300, 400

    def __init__(self):
        self.numbers = FutureNumbers()
        self.snapshots = []
        self.callbacks = 0
        self.stopped = False

    def _row(self, handle, when=None):
        kind, target, name = describe_handle(handle)
        row = [kind, self.numbers.target(target), name, bool(handle._cancelled)]
        return row if when is None else [when] + row

    def before_callback(self, loop):
        index = self.callbacks
        self.callbacks += 1
        if index >= self.CALLBACKS or len(loop._ready) + len(loop._scheduled) > self.CALLS:
            return
        ready = [self._row(h) for h in loop._ready]
        heap = list(loop._scheduled)
        timers = []
        while heap:
            h = heapq.heappop(heap)
            timers.append(self._row(h, h._when))
        self.snapshots.append({"callback": index, "ready": ready, "timers": timers})


_current_work = None  # the LoopWork of the run under way, if any
_current_queues = None  # its QueueSnapshots, with --queues
_handle_run = asyncio.events.Handle._run


def _observed_run(self):
    work = _current_work
    if work is not None and not work.stopped:
        queues = _current_queues
        if queues is not None:
            queues.before_callback(self._loop)
        work.callback(self)
    return _handle_run(self)


asyncio.events.Handle._run = _observed_run
_cancel_all_tasks = asyncio.runners._cancel_all_tasks


def _observed_cancel_all_tasks(loop):
    # all_tasks() is a set, hashed by address: CPython cancels the tasks in
    # whatever order the set gives, and that order changes what runs, not
    # only when (a wait() whose caller is cancelled first removes its
    # _on_completion callbacks before its children finish). With --loop-work
    # the harness hands runners._cancel_all_tasks, CPython's own code, the
    # same tasks in creation order, the order the engine takes, and marks
    # the stretch so that the app can say the order is Python's to choose.
    work = getattr(loop, "work", None)
    if work is None or work.stopped:
        return _cancel_all_tasks(loop)
    pending = asyncio.all_tasks(loop)
    if pending and work.unordered_from_pass is None:
        work.unordered_from_pass = len(work.passes)
    order = loop.task_order
    saved = asyncio.runners.tasks.all_tasks
    asyncio.runners.tasks.all_tasks = lambda loop=None: sorted(pending, key=lambda t: order.get(t, 0))
    try:
        return _cancel_all_tasks(loop)
    finally:
        asyncio.runners.tasks.all_tasks = saved


asyncio.runners._cancel_all_tasks = _observed_cancel_all_tasks


# ---- the transcript ----------------------------------------------------------


class StampWriter(io.TextIOBase):
    """sys.stdout during a run: each completed line is stamped with the time.

    print() and pprint() write pieces; a line is stamped when its newline
    arrives, all pieces of one print being written at the same virtual time."""

    def __init__(self, sink, clock):
        super().__init__()
        self._sink = sink
        self._clock = clock
        self._pending = []
        self.frozen = False  # set at a deadlock: nothing after it is shown

    def writable(self):
        return True

    def write(self, s):
        if not isinstance(s, str):
            raise TypeError("write() argument must be str, not %s" % type(s).__name__)
        if "\n" not in s:
            self._pending.append(s)
            return len(s)
        head, *middle, tail = s.split("\n")
        self._pending.append(head)
        self._emit("".join(self._pending))
        for line in middle:
            self._emit(line)
        self._pending = [tail] if tail else []
        return len(s)

    def finish(self):
        """Stamps a last line that print(..., end="") left without newline."""
        if self._pending:
            self._emit("".join(self._pending))
            self._pending = []

    def _emit(self, line):
        if not self.frozen:
            self._sink.write("%.6f | %s\n" % (self._clock(), line))

    def flush(self):
        self._sink.flush()


def _task_number(name):
    m = re.match(r"Task-(\d+)$", name)
    return (0, int(m.group(1))) if m else (1, 0)


def describe_context(context):
    """'message: name repr(exc)' for one call of the loop's exception handler."""
    fut = context.get("future", context.get("task"))
    if isinstance(fut, asyncio.Task):
        name = fut.get_name()
    elif fut is not None:
        name = type(fut).__name__
    elif "handle" in context:
        name = type(context["handle"]).__name__
    else:
        name = "-"
    text = "%s: %s" % (context.get("message", "Unhandled exception"), name)
    if "exception" in context:
        text += " " + repr(context["exception"])
    return name, text


# ---- one run -----------------------------------------------------------------


class UsageError(Exception):
    pass


_CONSTANTS = {
    "true": True,
    "false": False,
    "none": None,
    "FIRST_COMPLETED": asyncio.FIRST_COMPLETED,
    "FIRST_EXCEPTION": asyncio.FIRST_EXCEPTION,
    "ALL_COMPLETED": asyncio.ALL_COMPLETED,
}
_INT = re.compile(r"[+-]?\d+\Z")
_FLOAT = re.compile(r"[+-]?(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?\Z")


def parse_value(text):
    if text in _CONSTANTS:
        return _CONSTANTS[text]
    if _INT.match(text):
        return int(text)
    if _FLOAT.match(text):
        return float(text)
    raise UsageError("bad value %r (true, false, none, a number, or a return_when constant)" % text)


def cancel_by_name(loop, targets, name):
    """The timer behind --cancel NAME@T: a target the script named (its
    TARGETS dict), else a task of that name; nothing if there is none."""
    fut = targets.get(name) if isinstance(targets, dict) else None
    if fut is None:
        for task in asyncio.all_tasks(loop):
            if task.get_name() == name:
                fut = task
                break
    if fut is not None:
        fut.cancel()


def parse_cancel(text):
    target, at, when = text.rpartition("@")
    if not at or not target:
        raise UsageError("bad --cancel %r (TARGET@TIME)" % text)
    if not _FLOAT.match(when):
        raise UsageError("bad --cancel time %r" % when)
    return target, float(when)


def load_scenario(path):
    if not path.endswith(".py") and os.sep not in path:
        here = os.path.dirname(os.path.abspath(__file__))
        path = os.path.join(here, "..", "..", "scenarios", path + ".py")
    if not os.path.isfile(path):
        raise UsageError("no scenario file %s" % path)
    name = "scenario_" + os.path.splitext(os.path.basename(path))[0]
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    for attr in ("PARAMS", "TARGETS", "main"):
        if not hasattr(module, attr):
            raise UsageError("%s defines no %s" % (path, attr))
    return module


class _ArgParser(argparse.ArgumentParser):
    def error(self, message):
        raise UsageError(message)


def _parser():
    p = _ArgParser(prog="vloop.py", description="Run a scenario twin on a virtual clock.")
    p.add_argument("scenario", help="scenarios/NAME.py (or NAME)")
    p.add_argument("--seed", type=int, default=1, help="random.seed before the run (default 1)")
    p.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                   help="override a PARAMS entry")
    p.add_argument("--cancel", action="append", default=[], metavar="TARGET@T",
                   help="loop.call_at(T, TARGETS[TARGET] or the task TARGET .cancel)")
    p.add_argument("--loop-work", metavar="FILE",
                   help="write the passes and callbacks the loop ran (JSON)")
    p.add_argument("--queues", metavar="FILE",
                   help="write _ready and _scheduled before each of the first callbacks (JSON)")
    return p


def run(argv, out, err):
    """One run, as the command line asks; returns the exit status."""
    try:
        opts = _parser().parse_args(argv)
        module = load_scenario(opts.scenario)
        params = dict(module.PARAMS)
        for item in opts.set:
            key, eq, value = item.partition("=")
            if not eq:
                raise UsageError("bad --set %r (KEY=VALUE)" % item)
            if key not in module.PARAMS:
                raise UsageError("unknown parameter %r (known: %s)"
                                 % (key, ", ".join(sorted(module.PARAMS)) or "none"))
            params[key] = parse_value(value)
        cancels = [parse_cancel(c) for c in opts.cancel]
    except UsageError as e:
        err.write("vloop.py: %s\n" % e)
        return 2

    global _current_work, _current_queues
    state = {"loop": None}
    reports = []  # (name, text) per exception-handler call

    def clock():
        loop = state["loop"]
        return loop.time() if loop is not None else 0.0

    def record(loop, context):
        reports.append(describe_context(context))

    def freeze():
        # The engine stops at a deadlock; asyncio.run's shutdown, which
        # cancels the stuck tasks, is not part of the transcript.
        writer.finish()
        writer.frozen = True
        work.stopped = True

    work = _current_work = LoopWork() if opts.loop_work or opts.queues else None
    _current_queues = QueueSnapshots() if opts.queues else None
    if work is None:
        work = LoopWork()  # never fed: stands for "nothing recorded"
        work.stopped = True

    def on_new_loop(loop):
        state["loop"] = loop
        loop.on_deadlock = freeze
        loop.work = work
        loop.set_exception_handler(record)
        for target, when in cancels:
            # module.TARGETS is read when the timer fires, as main fills it.
            loop.call_at(when, lambda t=target: cancel_by_name(loop, module.TARGETS, t))

    writer = StampWriter(out, clock)
    saved_stdout = sys.stdout
    saved_policy = asyncio.get_event_loop_policy()
    main_raised = None
    loop = None
    try:
        random.seed(opts.seed)
        asyncio.set_event_loop_policy(VirtualPolicy(on_new_loop))
        sys.stdout = writer
        try:
            asyncio.run(module.main(params))
        except Deadlock:
            pass
        except BaseException as e:  # noqa: B036 -- CancelledError, KeyboardInterrupt too
            main_raised = repr(e)
        loop = state["loop"]
        # Let every unreferenced future die now, so "exception was never
        # retrieved" is reported whatever the garbage collector's timing.
        module.TARGETS.clear()
        gc.collect()
        gc.collect()
        writer.finish()
    finally:
        sys.stdout = saved_stdout
        asyncio.set_event_loop_policy(saved_policy)
        _current_work = None
        queues, _current_queues = _current_queues, None

    if opts.loop_work:
        with open(opts.loop_work, "w") as f:
            json.dump(work.as_json(), f)
    if opts.queues:
        with open(opts.queues, "w") as f:
            json.dump({"snapshots": queues.snapshots}, f)

    if loop is not None and loop.deadlock_time is not None:
        out.write("%.6f | deadlock\n" % loop.deadlock_time)
        err.write("vloop.py: deadlock at %.6f: nothing ready and no timer\n" % loop.deadlock_time)
        out.flush()
        return 3
    final = clock()
    if main_raised is not None:
        out.write("%.6f | main raised %s\n" % (final, main_raised))
    for name, text in sorted(reports, key=lambda r: (_task_number(r[0]), r[1])):
        out.write("%.6f | !! %s\n" % (final, text))
    out.flush()
    return 0


# ---- the fork server ---------------------------------------------------------


def serve(inp, out):
    """One JSON argv list per input line; one JSON {rc, out, err} per output line.

    Each run happens in a forked child, so every run starts with fresh task
    numbers (Task-1 is main) and the interpreter's start-up is paid once."""
    import pprint  # noqa: F401 -- what the scenarios import, loaded once
    import typing  # noqa: F401
    _parser()
    # Keep the collector of each child off the parent's objects: gc.collect()
    # would otherwise touch, and so copy, every page the parent owns.
    gc.freeze()
    for line in inp:
        if not line.strip():
            continue
        argv = json.loads(line)
        rfd, wfd = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child
            os.close(rfd)
            signal.alarm(120)  # a run that never ends kills only its child
            status = 1
            try:
                child_out, child_err = io.StringIO(), io.StringIO()
                try:
                    rc = run(argv, child_out, child_err)
                except BaseException:  # noqa: B036 -- a harness bug: report it
                    traceback.print_exc(file=child_err)
                    rc = 1
                data = json.dumps({"rc": rc, "out": child_out.getvalue(),
                                   "err": child_err.getvalue()}).encode()
                view = memoryview(data)
                while view:
                    view = view[os.write(wfd, view):]
                status = 0
            finally:
                os._exit(status)
        os.close(wfd)
        chunks = []
        with os.fdopen(rfd, "rb") as r:
            for chunk in iter(lambda: r.read(1 << 16), b""):
                chunks.append(chunk)
        _, wstatus = os.waitpid(pid, 0)
        try:
            reply = json.loads(b"".join(chunks).decode())
        except ValueError:
            reply = {"rc": -1, "out": "", "err": "vloop.py --serve: child died (status %d)\n" % wstatus}
        out.write(json.dumps(reply) + "\n")
        out.flush()


def main():
    if sys.argv[1:] == ["--serve"]:
        serve(sys.stdin, sys.stdout)
        return 0
    return run(sys.argv[1:], sys.stdout, sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
