"""/refresh (moderators): rebuild the index from the sources folder; answers keep coming from the old one."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.app_commands import locale_str as _
from discord.ext import commands

from bot import refreshing, render
from bot.checks import moderator_only
from bot.replies import NO_MENTIONS

if TYPE_CHECKING:
    from bot.client import SpeechBot

log = logging.getLogger(__name__)


class Refresh(commands.Cog):
    def __init__(self, bot: SpeechBot) -> None:
        self.bot = bot

    @app_commands.command(name="refresh", description=_("Moderators: rebuild the index from the sources folder."))
    @moderator_only()
    async def refresh(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(thinking=True, ephemeral=True)
        await refreshing.ensure_idle(self.bot)
        who = refreshing.moderator_tag(interaction.user)
        log.info("refresh requested by moderator %s", interaction.user.id)
        report = await refreshing.refresh(self.bot, who)
        log.info("refresh by moderator %s: %s", interaction.user.id, report.summary())
        await interaction.followup.send(embed=render.report_embed(report), ephemeral=True, allowed_mentions=NO_MENTIONS)


async def setup(bot: SpeechBot) -> None:
    await bot.add_cog(Refresh(bot))
