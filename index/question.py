"""A question as the core accepts it: cleaned of control characters, bounded, and its language."""

from __future__ import annotations

import re
import unicodedata

from index.errors import SpeechbotError

MAX_QUESTION_CHARS = 2000

_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|[@-Z\\-_])")
_INVISIBLE = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]")


class BadQuestion(SpeechbotError):
    """The question is empty or unusable."""


def language_of(text: str) -> str:
    return "ja" if _JAPANESE.search(text) else "en"


def clean_question(question: str) -> str:
    """Drop control and zero-width characters, fold white space; raise on an empty question."""
    text = _INVISIBLE.sub("", _ANSI.sub("", question))
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)
    text = " ".join(text.split())
    if not any(unicodedata.category(ch)[0] in "LN" for ch in text):
        raise BadQuestion(
            'The question is empty; ask something about the talk, e.g. "Why did Musk leave his government job?"'
        )
    if len(text) > MAX_QUESTION_CHARS:
        raise BadQuestion(f"The question is {len(text)} characters long; keep it under {MAX_QUESTION_CHARS}.")
    return text
