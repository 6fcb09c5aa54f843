"""/keypoints: the talk's key points with citations, optionally for one section (autocompleted)."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot import render
from bot.i18n import describe
from bot.replies import NO_MENTIONS
from index.question import language_of

if TYPE_CHECKING:
    from bot.client import SpeechBot

CHOICE_LIMIT = 100
MAX_CHOICES = 25


def matching_headings(headings: list[str], current: str) -> list[str]:
    key = current.casefold().strip()
    return [h for h in headings if key in h.casefold()][:MAX_CHOICES]


class KeyPointsCog(commands.Cog, name="KeyPoints"):
    def __init__(self, bot: SpeechBot) -> None:
        self.bot = bot

    @app_commands.command(name="keypoints", description=describe("command.keypoints"))
    @app_commands.describe(topic=describe("command.keypoints.topic"))
    async def keypoints(
        self, interaction: discord.Interaction, topic: app_commands.Range[str, 1, 200] | None = None
    ) -> None:
        await interaction.response.defer(thinking=True)
        # Without a topic the asker's Discord language is the only hint of the language they read.
        lang = language_of(topic) if topic else language_of(locale=interaction.locale)
        points = await asyncio.to_thread(self.bot.index.keypoints, topic, lang=lang)
        for embed in render.keypoint_embeds(points, lang):
            await interaction.followup.send(embed=embed, allowed_mentions=NO_MENTIONS)

    @keypoints.autocomplete("topic")
    async def topic_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        # English-speaking members pick from the headings' English renderings (they match the same sections).
        lang = language_of(current) if current.strip() else language_of(locale=interaction.locale)
        headings = await asyncio.to_thread(self.bot.index.section_headings, lang)
        return [
            app_commands.Choice(name=render.shorten(h, CHOICE_LIMIT), value=h[:CHOICE_LIMIT])
            for h in matching_headings(headings, current)
        ]


async def setup(bot: SpeechBot) -> None:
    await bot.add_cog(KeyPointsCog(bot))
