"""The configured bot: settings, the shared index, the feedback store and the cogs, synced at start."""

from __future__ import annotations

import asyncio
import logging

import discord
from discord.ext import commands

from bot.checks import UserCooldown
from bot.errors import SpeechTree
from bot.feedback_store import FeedbackStore
from bot.i18n import SpeechbotTranslator
from index.engine import SpeechIndex, open_index
from index.settings import Settings

log = logging.getLogger(__name__)

EXTENSIONS = (
    "bot.cogs.ask",
    "bot.cogs.keypoints",
    "bot.cogs.sources",
    "bot.cogs.refresh",
    "bot.cogs.feedback",
)


def intents() -> discord.Intents:
    """Guilds and guild messages, plus message content (privileged) for follow-ups in threads."""
    out = discord.Intents.none()
    out.guilds = True
    out.guild_messages = True
    out.message_content = True
    return out


class SpeechBot(commands.Bot):
    def __init__(self, settings: Settings, index: SpeechIndex | None = None) -> None:
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents(),
            allowed_mentions=discord.AllowedMentions.none(),
            help_command=None,
            tree_cls=SpeechTree,
        )
        self.settings = settings
        self._index = index
        self.feedback = FeedbackStore(settings.data_dir / "feedback.sqlite")
        self.ask_cooldown = UserCooldown(settings.ask_cooldown_s)

    @property
    def index(self) -> SpeechIndex:
        if self._index is None:
            raise RuntimeError("the index is loaded in setup_hook; the bot has not started")
        return self._index

    async def setup_hook(self) -> None:
        if self._index is None:
            log.info("opening the index in %s (building it if needed)", self.settings.data_dir)
            self._index = await asyncio.to_thread(open_index, self.settings)
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

    async def on_message(self, message: discord.Message) -> None:
        # No prefix commands: mentions are questions, handled by the ask cog's listener.
        return

    async def on_ready(self) -> None:
        log.info("connected as %s to %d guild(s)", self.user, len(self.guilds))


def create_bot(settings: Settings | None = None, index: SpeechIndex | None = None) -> SpeechBot:
    """The configured bot, not connected; the index is opened in setup_hook unless given."""
    return SpeechBot(settings or Settings.from_env(), index)
