"""`speechbot ask` with no question on a terminal: a prompt with line editing and history, over the warm index."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from index.errors import SpeechbotError
from index.followup import context_for
from index.messages import message
from index.threads import ignore_interrupts, threads_ignore_interrupts

HISTORY_FILE = "ask_history"
HISTORY_LENGTH = 1000
PROMPT = "? "
EXIT_WORDS = {"exit", "quit", ":q", "終了"}
NUDGE_S = 0.2  # how often a Ctrl-C that readline missed is pressed on its behalf


def _readline(history: Path) -> Any:
    """The standard library's readline with the history file loaded, or None where it is missing."""
    try:
        import readline
    except ImportError:  # e.g. Windows without pyreadline: plain input() still works
        return None
    readline.set_history_length(HISTORY_LENGTH)
    with contextlib.suppress(OSError):  # no history yet, or unreadable: start without
        readline.read_history_file(history)
    return readline


def _save_history(readline: Any, history: Path) -> None:
    if readline is None:
        return
    try:
        history.parent.mkdir(parents=True, exist_ok=True)
        readline.write_history_file(history)
    except OSError:
        pass  # a read-only data folder costs the history, not the session


@contextlib.contextmanager
def _interrupts_reach_the_prompt() -> Iterator[None]:
    """Make every Ctrl-C end the prompt. CPython's readline checks for signals only when its select() is
    interrupted: a SIGINT that lands after the prompt is drawn and before select() waits is noticed at the
    next key, and a second Ctrl-C is no key (1 to 3 of 10 sessions under load). Each signal's number is
    written to a pipe (`signal.set_wakeup_fd`); on a SIGINT a watcher thread sends the main thread a
    no-op SIGUSR1 every NUDGE_S until the session has ended, which interrupts select() so that readline
    raises the pending KeyboardInterrupt. Not where there are no such signals (Windows)."""
    if not hasattr(signal, "pthread_kill") or threading.current_thread() is not threading.main_thread():
        yield
        return
    main = threading.main_thread().ident
    assert main is not None
    read_end, write_end = os.pipe()
    os.set_blocking(write_end, False)
    ended = threading.Event()

    def watch() -> None:
        ignore_interrupts()
        while data := os.read(read_end, 64):
            if signal.SIGINT in data:
                while not ended.wait(NUDGE_S):
                    signal.pthread_kill(main, signal.SIGUSR1)

    previous_handler = signal.signal(signal.SIGUSR1, lambda *_: None)
    previous_fd = signal.set_wakeup_fd(write_end, warn_on_full_buffer=False)
    watcher = threading.Thread(target=watch, name="speechbot-ctrl-c", daemon=True)
    with threads_ignore_interrupts():  # blocked from its birth, not from its first statement on
        watcher.start()
    try:
        yield
    finally:
        ended.set()
        signal.set_wakeup_fd(previous_fd)
        os.close(write_end)  # the watcher reads the end of the pipe and stops
        watcher.join(1.0)
        if not watcher.is_alive():  # a nudge in flight must still find the no-op handler
            signal.signal(signal.SIGUSR1, previous_handler)
        os.close(read_end)


def run_session(
    index: Any,
    data_dir: Path,
    *,
    as_json: bool,
    use_llm: bool,
    format_answer: Callable[[Any], str],
    read: Callable[[str], str] = input,
) -> int:
    history = data_dir / HISTORY_FILE
    readline = _readline(history)
    print(message("cli.session.banner"), flush=True)
    previous: str | None = None
    previous_context: str | None = None
    with _interrupts_reach_the_prompt():
        try:
            while True:
                try:
                    line = read(PROMPT)
                except EOFError:  # Ctrl-D
                    print()
                    return 0
                question = line.strip()
                if not question:
                    continue
                if question.casefold() in EXIT_WORDS:
                    return 0
                context = context_for(question, previous, previous_context)
                started = time.perf_counter()
                try:
                    answer = index.ask(question, context=context, use_llm=use_llm)
                except SpeechbotError as exc:
                    print(f"speechbot: {exc}", file=sys.stderr, flush=True)
                    continue
                elapsed_ms = (time.perf_counter() - started) * 1000
                previous, previous_context = question, context
                follow = message("cli.session.followup", context=context) if context else ""
                timing = f"[{elapsed_ms:.0f} ms{follow}]"
                if as_json:
                    print(json.dumps(answer.to_dict(), ensure_ascii=False), flush=True)
                    print(timing, file=sys.stderr, flush=True)
                else:
                    print(format_answer(answer))
                    print(timing, flush=True)
        except KeyboardInterrupt:  # Ctrl-C
            print()
            return 0
        finally:
            _save_history(readline, history)
