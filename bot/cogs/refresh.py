"""/refresh (moderators): rebuild the index from the sources folder; answers keep coming from the old one."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.app_commands import locale_str as _
from discord.ext import commands

from bot.checks import moderator_only
from bot.replies import NO_MENTIONS
from index.build import RefreshReport

if TYPE_CHECKING:
    from bot.client import SpeechBot

log = logging.getLogger(__name__)


def report_embed(report: RefreshReport) -> discord.Embed:
    embed = discord.Embed(
        title="Index refreshed" if report.changed else "Index unchanged", description=report.summary()
    )
    if report.changed:
        docs = (
            ("added", report.documents_added),
            ("changed", report.documents_changed),
            ("removed", report.documents_removed),
        )
        embed.add_field(
            name="Documents",
            value="\n".join(
                f"{what}: {len(names)}" + (f" ({', '.join(names)[:300]})" if names else "") for what, names in docs
            ),
            inline=False,
        )
        embed.add_field(
            name="Passages",
            value=(
                f"added: {report.passages_added}\nremoved: {report.passages_removed}\n"
                f"unchanged: {report.passages_unchanged}"
            ),
            inline=False,
        )
    embed.add_field(name="Time", value=f"{report.seconds:.1f} s ({report.embedded} texts embedded)", inline=False)
    return embed


class Refresh(commands.Cog):
    def __init__(self, bot: SpeechBot) -> None:
        self.bot = bot

    @app_commands.command(name="refresh", description=_("Moderators: rebuild the index from the sources folder."))
    @moderator_only()
    async def refresh(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(thinking=True, ephemeral=True)
        who = f"{interaction.user} ({interaction.user.id})"
        log.info("refresh requested by %s", who)
        report = await asyncio.to_thread(self.bot.index.refresh, who=who)
        await interaction.followup.send(embed=report_embed(report), ephemeral=True, allowed_mentions=NO_MENTIONS)


async def setup(bot: SpeechBot) -> None:
    await bot.add_cog(Refresh(bot))
