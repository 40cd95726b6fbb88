"""Tie the NER worker, and the spaCy helper processes it forks, to the app's life.

If the app is killed (``kill -9``, a closed terminal pane), nothing closes the
worker: it would wait on its pipes for ever, holding the model, and so would
spaCy's helpers. On Linux the kernel sends a signal to a process whose parent
dies (``PR_SET_PDEATHSIG``): the worker asks for ``SIGKILL``, and so does every
process it forks. Elsewhere a watchdog thread notices the new parent.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time

PR_SET_PDEATHSIG = 1
"""``prctl`` option from ``<linux/prctl.h>``."""

WATCHDOG_SECONDS = 1.0
"""How often the fallback watchdog looks at the parent process."""


def _kill_on_parent_death(parent: int) -> bool:
    """Ask the kernel for ``SIGKILL`` when the parent dies; whether that worked."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
            return False
    except (OSError, AttributeError):
        return False
    if os.getppid() != parent:  # it died before the request was made
        os._exit(1)
    return True


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(WATCHDOG_SECONDS)
    os._exit(1)


def _tie_to(parent: int) -> None:
    if sys.platform == "linux" and _kill_on_parent_death(parent):
        return
    threading.Thread(target=_watch, args=(parent,), name="reader-lifeline", daemon=True).start()


_forking_pid = 0
"""The process that is forking (set just before each fork, read in the child)."""


def _before_fork() -> None:
    global _forking_pid
    _forking_pid = os.getpid()


def die_with_parent() -> None:
    """End this process, and every process it forks later, when its parent dies."""
    _tie_to(os.getppid())
    os.register_at_fork(before=_before_fork, after_in_child=lambda: _tie_to(_forking_pid))
