"""Refreshing the index from the bot: who is asking, who is already refreshing, and the work off the event loop."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime
from typing import TYPE_CHECKING, Any

import discord

from bot import render
from index.errors import RefreshInProgress
from index.messages import message, refresh_running
from index.results import RefreshReport

if TYPE_CHECKING:
    from bot.client import SpeechBot

log = logging.getLogger(__name__)


def moderator_tag(user: discord.abc.User) -> str:
    """How the core records who refreshed: the name for people, the id for the log and for certainty."""
    return f"{user} ({user.id})"


def busy_message(holder: dict[str, Any]) -> str:
    """The refresh-in-progress sentence: who started it and when (a Discord timestamp, in the reader's time zone)."""
    who = discord.utils.escape_markdown(render.neutralise(str(holder.get("who") or message("refresh.someone"))))
    since = str(holder.get("since") or "")
    try:
        stamp = datetime.fromisoformat(since)
    except ValueError:
        return refresh_running(holder)
    when = f" {discord.utils.format_dt(stamp, 'f')}, {discord.utils.format_dt(stamp, 'R')}"
    return message("refresh.running", who=who, when=when)


async def ensure_idle(bot: SpeechBot) -> None:
    """Raise RefreshInProgress (saying who and when) if a refresh is running in any process."""
    holder = await asyncio.to_thread(bot.index.refresh_holder)
    if holder:
        raise RefreshInProgress(busy_message(holder))


async def refresh(bot: SpeechBot, who: str) -> RefreshReport:
    """Rebuild in a child process (answers keep their speed), waited for off the event loop.

    A refresh that started meanwhile still raises RefreshInProgress.
    """
    try:
        report = await asyncio.to_thread(bot.index.refresh, who=who, isolated=True)
    except RefreshInProgress:
        holder = await asyncio.to_thread(bot.index.refresh_holder)
        if holder:
            raise RefreshInProgress(busy_message(holder)) from None
        raise
    await asyncio.to_thread(bot.index.warm_words)  # the new passages' words, before questions need them
    return report
