"""Telling a follow-up ("and robots?", "それで、いつ？") from a new question, and what context it carries."""

from __future__ import annotations

import re

# Openings that lean on the previous question, in English and Japanese.
_OPENERS = re.compile(
    r"^\s*(?:(?:and|also|so|then|what about|how about|what of)\b"
    r"|(?:それで|それでは|それから|じゃあ|じゃ|では|では、|で、|あと|ほかに|他に|ところで))",
    re.IGNORECASE,
)
# A short Japanese question ending in topic particle + question mark ("ロボットは？") asks about the same thing.
_JA_TOPIC_ONLY = re.compile(r"^[^\s]{1,12}は[?？]$")
MAX_CONTEXT_CHARS = 600


def is_follow_up(question: str) -> bool:
    text = question.strip()
    return bool(_OPENERS.match(text) or _JA_TOPIC_ONLY.match(text))


def context_for(question: str, previous: str | None, previous_context: str | None) -> str | None:
    """The context a question is asked with: the previous question (and its own context if it was a follow-up)."""
    if previous is None or not is_follow_up(question):
        return None
    context = f"{previous_context} {previous}" if previous_context else previous
    return context[-MAX_CONTEXT_CHARS:]
