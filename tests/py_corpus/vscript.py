#!/usr/bin/env python3
"""Run a plain asyncio script (no PARAMS/TARGETS/main) on CPython's asyncio, on a virtual clock.

    python3 tests/py_corpus/vscript.py FILE.py [--seed N] [--cancel TARGET@T]...

The script runs as `python3 FILE.py` would (__name__ == "__main__"); every
event loop it makes (asyncio.run, get_event_loop, new_event_loop) is the
harness's VirtualLoop from tests/conformance/vloop.py, and the transcript is
vloop.py's: stamped lines, `main raised <repr>` for an exception escaping the
script followed by its traceback (traceback_lines), `!! ...` per
exception-handler call, `deadlock`. SystemExit (sys.exit) ends the script as
`python3 FILE.py` does: its status, no traceback.
"""
import argparse
import asyncio
import gc
import linecache
import os
import random
import runpy
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "conformance"))
import vloop  # noqa: E402


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


def run(argv, out, err):
    p = argparse.ArgumentParser(prog="vscript.py")
    p.add_argument("script")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--cancel", action="append", default=[])
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

    def freeze():
        writer.finish()
        writer.frozen = True

    def on_new_loop(loop):
        state["loop"] = loop
        loop.on_deadlock = freeze
        loop.set_exception_handler(record)
        for target, when in cancels:
            loop.call_at(when, cancel_by_name, loop, target)

    writer = vloop.StampWriter(out, clock)
    saved_stdout = sys.stdout
    saved_policy = asyncio.get_event_loop_policy()
    raised = None
    raised_tb = []
    deadlock = False
    exit_status, exit_message = 0, None
    try:
        random.seed(opts.seed)
        asyncio.set_event_loop_policy(vloop.VirtualPolicy(on_new_loop))
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
