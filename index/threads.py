"""Threads that never take the process's Ctrl-C.

A process-directed SIGINT goes to any thread that does not block it. Python runs its handler (the
KeyboardInterrupt) in the main thread all the same, but only the thread that took the signal has its
system call interrupted: when a Rust worker of Chroma's (tokio, sqlx) takes a Ctrl-C, the main thread
waiting at `speechbot ask`'s prompt (readline's select) sleeps on and the session does not end. It
happened under load to a first and a second Ctrl-C alike. So the threads speechbot starts, and those
its libraries start, block SIGINT: the main thread takes every Ctrl-C.
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator

_MASKS = hasattr(signal, "pthread_sigmask")  # not on Windows, where a console Ctrl-C has its own thread


def ignore_interrupts() -> None:
    """Block SIGINT in the calling thread: the first thing a worker thread does."""
    if _MASKS:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})


@contextlib.contextmanager
def threads_ignore_interrupts() -> Iterator[None]:
    """Threads started inside (by a library, which takes no initializer) block SIGINT: they inherit the
    mask of the thread that starts them. A Ctrl-C meanwhile is taken when the block ends."""
    if not _MASKS:
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)
