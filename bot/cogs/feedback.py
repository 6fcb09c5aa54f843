"""Feedback: the 👍/👎 buttons under answers, and /feedback, a summary for moderators."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot import render
from bot.checks import moderator_only
from bot.feedback_reasons import ReasonSelect, reason_label
from bot.feedback_store import REASONS, FeedbackSummary
from bot.i18n import describe
from bot.replies import NO_MENTIONS, FeedbackButton
from index.messages import message

if TYPE_CHECKING:
    from bot.client import SpeechBot


def summary_embed(summary: FeedbackSummary) -> discord.Embed:
    embed = discord.Embed(
        title=message("discord.feedback.title"),
        description=message("discord.feedback.totals", up=summary.up, down=summary.down, answers=summary.answers),
    )
    if summary.down:
        counts = [(reason_label(key, "en"), summary.reasons.get(key, 0)) for key in REASONS]
        counts.append((message("discord.feedback.no_reason"), summary.reasons.get(None, 0)))
        embed.add_field(
            name=message("discord.feedback.by_reason"),
            value="\n".join(message("discord.feedback.count", label=label, count=n) for label, n in counts if n),
            inline=False,
        )
    if summary.latest_down:
        lines = []
        for vote in summary.latest_down:
            why = reason_label(vote.reason, "en") if vote.reason else message("discord.feedback.no_reason.inline")
            if vote.text:
                words = render.shorten(render.neutralise(vote.text), 150)
                why = message("discord.feedback.reason_words", reason=why, words=words)
            question = render.shorten(render.neutralise(vote.question), 200)
            lines.append(
                message(
                    "discord.feedback.item", question=question, why=why, version=vote.index_version, when=vote.voted_at
                )
            )
        embed.add_field(
            name=message("discord.feedback.latest"),
            value=render.shorten("\n".join(lines), render.FIELD_VALUE_LIMIT),
            inline=False,
        )
    return embed


class Feedback(commands.Cog):
    def __init__(self, bot: SpeechBot) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(FeedbackButton, ReasonSelect)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(FeedbackButton, ReasonSelect)

    @app_commands.command(name="feedback", description=describe("command.feedback"))
    @moderator_only()
    async def feedback(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(thinking=True, ephemeral=True)
        summary = await asyncio.to_thread(self.bot.feedback.summary)
        await interaction.followup.send(embed=summary_embed(summary), ephemeral=True, allowed_mentions=NO_MENTIONS)


async def setup(bot: SpeechBot) -> None:
    await bot.add_cog(Feedback(bot))
