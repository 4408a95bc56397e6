"""A function run in a forked child, its result piped back pickled: the second core's share of
a small build (the scan's stamps, a lone KIM published beside the portal). Standard library
only: the scan uses it before anything heavy is imported."""

from __future__ import annotations

import os
import pickle
import sys
from dataclasses import dataclass

FAILED = object()  # what wait() gives for a child that raised, died or sent back a truncated answer


@dataclass
class Child:
    pid: int
    read_end: int


def start(work) -> Child | None:
    """Run work() in a forked child; None where this system cannot fork (the caller then does
    the work itself). The child ends with os._exit: no cleanup, no atexit, no flush of the
    parent's buffers."""
    if not hasattr(os, "fork") or sys.platform != "linux":
        return None
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return None
    if pid == 0:
        code = 1
        try:
            os.close(read_end)
            data = pickle.dumps(work(), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(data)
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    return Child(pid, read_end)


def wait(child: Child) -> tuple[object, int]:
    """(what work() returned, or FAILED; the child's exit status)."""
    with os.fdopen(child.read_end, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(child.pid, 0)
    if status != 0:
        return FAILED, status
    try:
        return pickle.loads(data), status
    except Exception:  # noqa: BLE001 - a truncated answer
        return FAILED, status


def stop(child: Child) -> None:
    import signal

    os.kill(child.pid, signal.SIGKILL)
    os.waitpid(child.pid, 0)
    os.close(child.read_end)
