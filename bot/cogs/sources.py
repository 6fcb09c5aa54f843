"""/sources: what is indexed, which version, when it was built and with which embedding model."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.app_commands import locale_str as _
from discord.ext import commands

from bot import render
from bot.checks import locale_language
from bot.replies import NO_MENTIONS

if TYPE_CHECKING:
    from bot.client import SpeechBot


class Sources(commands.Cog):
    def __init__(self, bot: SpeechBot) -> None:
        self.bot = bot

    @app_commands.command(
        name="sources", description=_("What is indexed: documents, passages, index version and when it was built.")
    )
    async def sources(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(thinking=True, ephemeral=True)
        status = await asyncio.to_thread(self.bot.index.status)
        embed = render.status_embed(status, locale_language(interaction.locale))
        await interaction.followup.send(embed=embed, ephemeral=True, allowed_mentions=NO_MENTIONS)


async def setup(bot: SpeechBot) -> None:
    await bot.add_cog(Sources(bot))
