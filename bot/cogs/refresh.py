"""/refresh (moderators): rebuild the index from the sources folder; answers keep coming from the old one."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot import refreshing, render
from bot.checks import moderator_only
from bot.i18n import describe
from bot.replies import NO_MENTIONS
from index.question import language_of

if TYPE_CHECKING:
    from bot.client import SpeechBot

log = logging.getLogger(__name__)


class Refresh(commands.Cog):
    def __init__(self, bot: SpeechBot) -> None:
        self.bot = bot

    @app_commands.command(name="refresh", description=describe("command.refresh"))
    @moderator_only()
    async def refresh(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(thinking=True, ephemeral=True)
        await refreshing.ensure_idle(self.bot)
        who = refreshing.moderator_tag(interaction.user)
        log.info("refresh requested by moderator %s", interaction.user.id)
        report = await refreshing.refresh(self.bot, who)
        log.info("refresh by moderator %s: %s", interaction.user.id, report.summary())
        await interaction.followup.send(
            embed=render.report_embed(report, language_of(locale=interaction.locale)),
            ephemeral=True,
            allowed_mentions=NO_MENTIONS,
        )


async def setup(bot: SpeechBot) -> None:
    await bot.add_cog(Refresh(bot))
