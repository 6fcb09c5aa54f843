"""`speechbot ask` with no question on a terminal: a prompt with line editing and history, over the warm index."""

from __future__ import annotations

import contextlib
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from index.errors import SpeechbotError
from index.followup import context_for
from index.messages import message

HISTORY_FILE = "ask_history"
HISTORY_LENGTH = 1000
PROMPT = "? "
EXIT_WORDS = {"exit", "quit", ":q", "終了"}


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
