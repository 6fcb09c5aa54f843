"""The configured bot: settings, the shared index, the feedback store and the cogs, synced at start."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import discord
from discord.ext import commands

from bot.batcher import AskBatcher
from bot.checks import UserCooldown
from bot.error_handler import SpeechTree
from bot.feedback_store import FeedbackStore
from bot.i18n import SpeechbotTranslator
from bot.settings import BotSettings
from index.engine import SpeechIndex, open_index
from index.messages import message
from index.settings import SettingsError

log = logging.getLogger(__name__)

EXTENSIONS = (
    "bot.cogs.ask",
    "bot.cogs.keypoints",
    "bot.cogs.sources",
    "bot.cogs.refresh",
    "bot.cogs.feedback",
    "bot.cogs.check",
)


def intents() -> discord.Intents:
    """Guilds and guild messages, plus message content (privileged) for follow-ups in threads."""
    out = discord.Intents.none()
    out.guilds = True
    out.guild_messages = True
    out.message_content = True
    return out


class SpeechBot(commands.Bot):
    def __init__(self, settings: BotSettings, index: SpeechIndex | None = None, **shards: Any) -> None:
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents(),
            allowed_mentions=discord.AllowedMentions.none(),
            help_command=None,
            tree_cls=SpeechTree,
            **shards,
        )
        self.settings = settings
        self._index = index
        self.feedback = FeedbackStore(settings.data_dir / "feedback.sqlite")
        self.ask_cooldown = UserCooldown(settings.ask_cooldown_s)
        # Questions asked at about the same time are embedded and searched as one batch.
        self.answers = AskBatcher(lambda: self.index)

    @property
    def index(self) -> SpeechIndex:
        if self._index is None:
            raise RuntimeError("the index is loaded in setup_hook; the bot has not started")
        return self._index

    async def setup_hook(self) -> None:
        if self._index is None:
            log.info("opening the index in %s (building it if needed)", self.settings.data_dir)
            self._index = await asyncio.to_thread(open_index, self.settings)
        await asyncio.to_thread(self._index.warm_words)
        await asyncio.to_thread(self.feedback.create)
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        await self.tree.set_translator(SpeechbotTranslator())
        await self.sync_commands()

    async def sync_commands(self) -> None:
        guild_id = self.settings.discord_guild_id
        if guild_id is not None:
            # A guild sync is instant; global commands can take up to an hour to show up.
            guild = discord.Object(id=guild_id)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
            log.info("synced %d commands to guild %s", len(synced), guild_id)
        else:
            synced = await self.tree.sync()
            log.info("synced %d global commands", len(synced))

    async def close(self) -> None:
        await self.answers.close()
        await super().close()
        self.feedback.close()

    async def on_message(self, message: discord.Message) -> None:
        # No prefix commands: mentions are questions, handled by the ask cog's listener.
        return

    async def on_ready(self) -> None:
        shards = f" on shard(s) {self.shard_ids_text()} of {self.shard_count}" if self.shard_count else ""
        log.info("connected as %s to %d guild(s)%s", self.user, len(self.guilds), shards)

    def shard_ids_text(self) -> str:
        ids = getattr(self, "shard_ids", None)
        if ids is None:
            ids = [self.shard_id] if self.shard_id is not None else range(self.shard_count or 1)
        return ",".join(str(i) for i in ids)


class ShardedSpeechBot(SpeechBot, commands.AutoShardedBot):
    """The same bot over several gateway connections in one process (discord.py's AutoShardedBot)."""


def shard_plan(settings: BotSettings) -> tuple[type[SpeechBot], dict[str, Any]]:
    """Which bot class and sharding arguments the settings ask for.

    SPEECHBOT_SHARDS=auto: AutoShardedBot, the shard count from Discord (GET /gateway/bot) unless
    SHARD_COUNT is set. SHARD_COUNT (+ SHARD_IDS): this process runs those shards of SHARD_COUNT, so
    several processes can split them; one id needs no AutoShardedBot. Nothing set: one connection.
    """
    count, ids = settings.shard_count, settings.shard_ids
    if ids is not None and count is None:
        raise SettingsError(message("discord.shards.ids_need_count"))
    if count is not None and count < 1:
        raise SettingsError(message("discord.shards.count"))
    if ids is not None:
        if not ids:
            raise SettingsError(message("discord.shards.ids_empty"))
        if len(set(ids)) != len(ids) or any(not 0 <= i < count for i in ids):  # type: ignore[operator]
            raise SettingsError(message("discord.shards.ids_range", last=count - 1, count=count))  # type: ignore[operator]
    if settings.shards == "auto":
        options: dict[str, Any] = {}
        if count is not None:
            options["shard_count"] = count
        if ids is not None:
            options["shard_ids"] = list(ids)
        return ShardedSpeechBot, options
    if count is None:
        return SpeechBot, {}
    if ids is not None and len(ids) == 1:
        return SpeechBot, {"shard_id": ids[0], "shard_count": count}
    return ShardedSpeechBot, {"shard_count": count, **({"shard_ids": list(ids)} if ids is not None else {})}


def create_bot(settings: BotSettings | None = None, index: SpeechIndex | None = None) -> SpeechBot:
    """The configured bot, not connected; the index is opened in setup_hook unless given.

    Raises SettingsError for an impossible shard setting (before anything connects).
    """
    settings = settings or BotSettings.from_env()
    cls, shards = shard_plan(settings)
    if shards:
        log.info("sharding: %s with %s", cls.__name__, shards)
    return cls(settings, index, **shards)
