"""Posting an answer (split over messages, feedback buttons on the last) wherever it goes."""

from __future__ import annotations

import asyncio
import logging
import re
import sqlite3
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import discord

from bot import feedback_reasons, render
from index.messages import message
from index.results import Answer

if TYPE_CHECKING:
    from bot.client import SpeechBot

log = logging.getLogger(__name__)
NO_MENTIONS = discord.AllowedMentions.none()
FEEDBACK_ID = "speechbot:feedback:{vote}:{answer_id}"


class FeedbackButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"speechbot:feedback:(?P<vote>up|down):(?P<answer_id>[0-9]+)",
):
    """👍/👎 under an answer; the custom id carries the answer's row, so buttons outlive restarts."""

    def __init__(self, vote: str, answer_id: int) -> None:
        super().__init__(
            discord.ui.Button(
                style=discord.ButtonStyle.secondary,
                emoji="👍" if vote == "up" else "👎",
                custom_id=FEEDBACK_ID.format(vote=vote, answer_id=answer_id),
            )
        )
        self.vote = vote
        self.answer_id = answer_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> FeedbackButton:
        return cls(match["vote"], int(match["answer_id"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        bot: SpeechBot = interaction.client  # type: ignore[assignment]
        value = 1 if self.vote == "up" else -1
        stored = await asyncio.to_thread(bot.feedback.vote, self.answer_id, interaction.user.id, value)
        if not stored:
            await interaction.response.send_message(
                feedback_reasons.text(interaction, "gone"), ephemeral=True, allowed_mentions=NO_MENTIONS
            )
        elif value < 0:
            # A 👎 asks what was wrong; the vote is already stored if they do not answer.
            await interaction.response.send_message(
                feedback_reasons.text(interaction, "ask"),
                view=feedback_reasons.reason_view(self.answer_id, feedback_reasons.lang_of(interaction)),
                ephemeral=True,
                allowed_mentions=NO_MENTIONS,
            )
        else:
            text = message("discord.feedback.thanks", feedback_reasons.lang_of(interaction))
            await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NO_MENTIONS)


def feedback_view(answer_id: int) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(FeedbackButton("up", answer_id))
    view.add_item(FeedbackButton("down", answer_id))
    return view


Send = Callable[..., Awaitable[Any]]


async def post_answer(bot: SpeechBot, answer: Answer, send: Send, **kwargs: Any) -> list[Any]:
    """Send an answer's embeds through `send` (followup.send, channel.send, ...), buttons on the last."""
    if answer.fallback_reason:
        log.warning("answered without the model: %s", answer.fallback_reason)
    try:
        answer_id: int | None = await asyncio.to_thread(bot.feedback.record_answer, answer)
    except sqlite3.Error:
        # A damaged or unwritable feedback file costs the buttons, never the answer.
        log.error("could not record the answer for feedback in %s", bot.feedback.path, exc_info=True)
        answer_id = None
    embeds = render.answer_embeds(answer)
    sent = []
    for i, embed in enumerate(embeds):
        extra = dict(kwargs)
        if i == len(embeds) - 1 and answer_id is not None:
            extra["view"] = feedback_view(answer_id)
        sent.append(await send(embed=embed, allowed_mentions=NO_MENTIONS, **extra))
    return sent
