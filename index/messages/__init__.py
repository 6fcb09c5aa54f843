"""Every sentence speechbot shows people: one catalogue per language (en.py, ja.py).

The core, the CLI and the bot all word what they show through `message(key, lang, **values)`; a key a
language lacks falls back to English. Tests check that both catalogues have the same keys and placeholders.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from index.messages.en import EN
from index.messages.ja import JA

Lang = Literal["en", "ja"]
CATALOGUES: dict[str, dict[str, str]] = {"en": EN, "ja": JA}


def message(key: str, lang: str = "en", /, **values: object) -> str:
    """The sentence `key` in `lang` (English when that language lacks it), with `values` filled in."""
    table = CATALOGUES.get(lang, EN)
    return table.get(key, EN[key]).format(**values)


def catalogue(lang: str) -> dict[str, str]:
    return CATALOGUES.get(lang, EN)


def refresh_running(holder: Mapping[str, object] | None, lang: str = "en") -> str:
    """The one "a refresh is already running" sentence: who started it and when, as far as is known."""
    holder = holder or {}
    since = holder.get("since")
    who = holder.get("who") or message("refresh.someone", lang)
    when = message("refresh.running.at", lang, since=since) if since else ""
    return message("refresh.running", lang, who=who, when=when)
