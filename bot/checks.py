"""Reusable checks for application commands: moderators only, and the per-user /ask cooldown."""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

import discord
from discord import app_commands

from bot.settings import BotSettings

if TYPE_CHECKING:
    from bot.client import SpeechBot

T = TypeVar("T")


class NotModerator(app_commands.CheckFailure):
    """The member lacks Manage Server and the moderator role."""


class AskCooldown(app_commands.CheckFailure):
    def __init__(self, retry_after: float) -> None:
        super().__init__(f"on cooldown for {retry_after:.1f} s")
        self.retry_after = retry_after


class UserCooldown:
    """One question per user per `per` seconds, shared by /ask and mentions."""

    def __init__(self, per: float, *, clock: Callable[[], float] = time.monotonic, max_users: int = 10_000) -> None:
        self.per = per
        self.clock = clock
        self.max_users = max_users
        self._last: OrderedDict[int, float] = OrderedDict()

    def hit(self, user_id: int) -> float | None:
        """Record a question; return the seconds left to wait if the user is still cooling down."""
        now = self.clock()
        last = self._last.get(user_id)
        if last is not None and now - last < self.per:
            return self.per - (now - last)
        self._last[user_id] = now
        self._last.move_to_end(user_id)
        while len(self._last) > self.max_users:
            self._last.popitem(last=False)
        return None


def is_moderator(member: discord.abc.User, settings: BotSettings) -> bool:
    """Manage Server (or Administrator) in this guild, or the configured moderator role."""
    if not isinstance(member, discord.Member):
        return False
    perms = member.guild_permissions
    if perms.manage_guild or perms.administrator:
        return True
    role_id = settings.moderator_role_id
    return role_id is not None and any(role.id == role_id for role in member.roles)


async def _moderator_predicate(interaction: discord.Interaction) -> bool:
    bot: SpeechBot = interaction.client  # type: ignore[assignment]
    if interaction.guild is None or not is_moderator(interaction.user, bot.settings):
        raise NotModerator("moderators only")
    return True


def moderator_check() -> Callable[[T], T]:
    """The run-time half of moderator_only, for subcommands: a group's default_permissions cover all of it."""
    return app_commands.check(_moderator_predicate)


def moderator_only() -> Callable[[T], T]:
    """Hide the command from members without Manage Server, and check again when it runs.

    Server admins can change who sees a command, so the default alone is not enough.
    """

    def decorator(func: T) -> T:
        func = app_commands.default_permissions(manage_guild=True)(func)
        func = app_commands.guild_only()(func)
        return moderator_check()(func)

    return decorator


async def _cooldown_predicate(interaction: discord.Interaction) -> bool:
    bot: SpeechBot = interaction.client  # type: ignore[assignment]
    retry = bot.ask_cooldown.hit(interaction.user.id)
    if retry is not None:
        raise AskCooldown(retry)
    return True


def ask_cooldown() -> Callable[[T], T]:
    """Apply the shared per-user question cooldown (SPEECHBOT_ASK_COOLDOWN_S)."""
    return app_commands.check(_cooldown_predicate)
