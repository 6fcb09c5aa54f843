"""After a 👎: a short choice of what was wrong, and for "other" a modal for a few words."""

from __future__ import annotations

import asyncio
import re
from typing import TYPE_CHECKING, Any

import discord

from bot.feedback_store import MAX_REASON_TEXT, REASONS
from index.messages import message
from index.question import language_of

if TYPE_CHECKING:
    from bot.client import SpeechBot

NO_MENTIONS = discord.AllowedMentions.none()
REASON_ID = "speechbot:reason:{answer_id}"


def lang_of(interaction: discord.Interaction) -> str:
    return language_of(locale=interaction.locale)


def text(interaction: discord.Interaction, key: str, **values: str) -> str:
    return message(f"feedback.{key}", lang_of(interaction), **values)


def menu_label(reason: str, lang: str) -> str:
    """A reason as the menu offers it ("Other…": its "…" says a box for a few words follows)."""
    return message(f"feedback.reason.{reason}", lang)


def reason_label(reason: str, lang: str) -> str:
    """A reason as chosen, in a confirmation or a summary: the menu's label without its "…"."""
    return menu_label(reason, lang).rstrip("…")


class ReasonSelect(
    discord.ui.DynamicItem[discord.ui.Select[Any]],
    template=r"speechbot:reason:(?P<answer_id>[0-9]+)",
):
    """The reason menu; its custom id carries the answer's row, so it works after a restart too."""

    def __init__(self, answer_id: int, lang: str = "en") -> None:
        super().__init__(
            discord.ui.Select(
                custom_id=REASON_ID.format(answer_id=answer_id),
                placeholder=message("feedback.placeholder", lang),
                options=[discord.SelectOption(label=menu_label(key, lang), value=key) for key in REASONS],
            )
        )
        self.answer_id = answer_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> ReasonSelect:
        return cls(int(match["answer_id"]), lang_of(interaction))

    async def callback(self, interaction: discord.Interaction) -> None:
        reason = self.item.values[0] if self.item.values else ""
        if reason not in REASONS:
            return
        if reason == "other":
            await interaction.response.send_modal(ReasonModal(self.answer_id, lang_of(interaction)))
            return
        await store_reason(interaction, self.answer_id, reason, None)


class ReasonModal(discord.ui.Modal):
    """ "Other": an optional sentence on what was wrong."""

    def __init__(self, answer_id: int, lang: str) -> None:
        super().__init__(title=message("feedback.modal_title", lang), custom_id=f"speechbot:reason-text:{answer_id}")
        self.answer_id = answer_id
        self.details: discord.ui.TextInput[ReasonModal] = discord.ui.TextInput(
            label=message("feedback.modal_label", lang),
            style=discord.TextStyle.paragraph,
            required=False,
            max_length=MAX_REASON_TEXT,
            custom_id="details",
        )
        self.add_item(self.details)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await store_reason(interaction, self.answer_id, "other", self.details.value)


async def store_reason(interaction: discord.Interaction, answer_id: int, reason: str, details: str | None) -> None:
    bot: SpeechBot = interaction.client  # type: ignore[assignment]
    stored = await asyncio.to_thread(bot.feedback.set_reason, answer_id, interaction.user.id, reason, details)
    reply = (
        text(interaction, "noted", reason=reason_label(reason, lang_of(interaction)))
        if stored
        else text(interaction, "gone")
    )
    if interaction.message is not None and interaction.message.flags.ephemeral:
        # Replace the menu with the confirmation, so the choice cannot be made twice by accident.
        await interaction.response.edit_message(content=reply, view=None)
    else:
        await interaction.response.send_message(reply, ephemeral=True, allowed_mentions=NO_MENTIONS)


def reason_view(answer_id: int, lang: str) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(ReasonSelect(answer_id, lang))
    return view
