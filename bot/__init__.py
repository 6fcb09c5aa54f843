"""speechbot's Discord front end: translates between people in a server and the index core."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.client import ShardedSpeechBot, SpeechBot, create_bot, shard_plan
    from bot.runner import run, serve

__all__ = ["ShardedSpeechBot", "SpeechBot", "create_bot", "run", "serve", "shard_plan"]

_CLIENT = frozenset({"ShardedSpeechBot", "SpeechBot", "create_bot", "shard_plan"})


def __getattr__(name: str) -> Any:
    """The entry points, loaded on first use: the CLI imports `bot.settings` to check the settings, and
    that alone must not load discord.py and the index engine (0.8 s of every `speechbot ask`)."""
    if name in _CLIENT:
        from bot import client

        return getattr(client, name)
    if name in ("run", "serve"):
        from bot import runner

        return getattr(runner, name)
    raise AttributeError(f"module 'bot' has no attribute {name!r}")
