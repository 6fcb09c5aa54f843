"""Shared test helpers: a simcord server with members, quote extraction, a stand-in index."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import discord

from index.engine import SpeechIndex
from index.errors import SpeechbotError
from index.results import Answer, Quote


@dataclass
class Server:
    guild: Any
    channel: Any
    alice: Any
    mod: Any
    mod_role: Any


def make_server(env: Any) -> Server:
    guild = env.create_guild()
    channel = guild.create_text_channel("general")
    mod_role = guild.create_role("Mods", permissions=discord.Permissions(manage_guild=True))
    alice = guild.add_member(env.create_user("alice"))
    mod = guild.add_member(env.create_user("mod"), roles=[mod_role])
    return Server(guild, channel, alice, mod, mod_role)


def quotes_in(embed: discord.Embed) -> list[str]:
    """The verbatim text of each quote field: everything before the citation line."""
    return [f.value.rsplit("\n— ", 1)[0] for f in embed.fields if "\n— " in f.value]


@dataclass
class StubDraft:
    extractive: Answer


class StubIndex:
    """The real index, with `ask` replaced: for paths the article itself cannot trigger.

    The bot answers through `draft_many` (batches); here each question of a batch goes to `ask`.
    """

    llm = None

    def __init__(self, real: SpeechIndex, ask: Any) -> None:
        self._real = real
        self.ask = ask

    def draft_many(self, questions: list[tuple[str, str | None]]) -> list[Any]:
        out: list[Any] = []
        for question, context in questions:
            try:
                out.append(StubDraft(self.ask(question, context=context)))
            except SpeechbotError as exc:
                out.append(exc)
        return out

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


def long_answer(article: str) -> Answer:
    """30 real quotes under a 3,500-character answer: over 25 fields and over 6000 characters."""
    paragraphs = [p for p in article.split("\n") if len(p.strip()) > 40]
    quotes = []
    for n in range(30):
        text = paragraphs[n % len(paragraphs)]
        start = article.index(text)
        quotes.append(Quote(text, "000_7e1d518b4a2c8e90.txt", None, n + 1, start, start + len(text)))
    return Answer("Tell me everything", "answered", tuple(quotes), "stub", mode="llm", answer="A" * 3500)


def callbacks(env: Any) -> list[dict[str, Any]]:
    """The interaction callbacks the bot sent, in order (type 5 = deferred 'thinking')."""
    return [r.json for r in env.http_requests if r.method == "POST" and r.path.endswith("/callback")]


def was_deferred(env: Any, *, ephemeral: bool) -> bool:
    last = callbacks(env)[-1]
    flags = (last.get("data") or {}).get("flags", 0)
    return last["type"] == 5 and bool(flags & 64) == ephemeral


def error_names(env: Any) -> list[str]:
    """Errors the command tree reported (and so acknowledged), unwrapped from CommandInvokeError."""
    return [type(getattr(e, "original", e)).__name__ for e in env.errors]


def use_locale(monkeypatch: Any, locale: str) -> None:
    """Make every interaction simcord sends carry `locale` (simcord itself always says en-US)."""
    import simcord.interactions as interactions

    original = interactions.base_payload

    def with_locale(*args: Any, **kwargs: Any) -> Any:
        record, payload = original(*args, **kwargs)
        payload["locale"] = locale
        return record, payload

    monkeypatch.setattr(interactions, "base_payload", with_locale)
