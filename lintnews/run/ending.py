"""How the lintnews program ends its process (see lintnews.cli: PROGRAM, END_NOW)."""

from __future__ import annotations

import atexit
import gc
import os
import sys


def end_now(code) -> None:
    """End the process with the command's status once the exit hooks have run and the standard
    streams are flushed, skipping the interpreter's teardown (6 to 9 ms of a one-file check):
    every file the run writes is closed before the command returns. A status that is a message,
    another thread running, a stdout that cannot be flushed (but for a reader that left) or
    Ctrl-C during the flush leave the ending to the interpreter."""
    threading, run_hooks = sys.modules.get("threading"), getattr(atexit, "_run_exitfuncs", None)
    if code is not None and not isinstance(code, int) or run_hooks is None or threading and threading.active_count() > 1:
        return
    gc.freeze()
    run_hooks()
    try:
        for stream in (sys.stdout, sys.__stdout__):
            if stream is not None:
                stream.flush()
    except BrokenPipeError:  # the reader left (`| head`): status 1, as when the command writes, not 120
        os._exit(1)
    except (OSError, ValueError, KeyboardInterrupt):
        return
    for stream in (sys.stderr, sys.__stderr__):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):
            pass  # a stderr closed or full (2>&-): its messages have nowhere to go; the status tells the outcome
        except KeyboardInterrupt:
            return
    os._exit(code or 0)
