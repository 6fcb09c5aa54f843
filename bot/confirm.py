"""An ephemeral yes/no question with two buttons that only the person who asked can press."""

from __future__ import annotations

from typing import Any

import discord

from bot.replies import NO_MENTIONS
from index.messages import message


class Confirm(discord.ui.View):
    """`await view.answer()` is True (confirmed), False (cancelled) or None (no answer before the timeout)."""

    def __init__(
        self,
        owner_id: int,
        *,
        confirm: str,
        cancel: str | None = None,
        working: str,
        cancelled: str,
        timeout: float = 120.0,
    ) -> None:
        super().__init__(timeout=timeout)
        self.owner_id = owner_id
        self.working = working
        self.cancelled = cancelled
        self.choice: bool | None = None
        self.confirm_button.label = confirm
        self.cancel_button.label = cancel or message("discord.confirm.cancel")

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id == self.owner_id:
            return True
        await interaction.response.send_message(
            message("discord.confirm.not_yours"), ephemeral=True, allowed_mentions=NO_MENTIONS
        )
        return False

    async def _choose(self, interaction: discord.Interaction, choice: bool) -> None:
        if self.is_finished():
            return
        self.choice = choice
        self.stop()
        text = self.working if choice else self.cancelled
        await interaction.response.edit_message(content=text, view=None, allowed_mentions=NO_MENTIONS)

    @discord.ui.button(label=message("discord.confirm.confirm"), style=discord.ButtonStyle.danger)
    async def confirm_button(self, interaction: discord.Interaction, button: discord.ui.Button[Any]) -> None:
        await self._choose(interaction, True)

    @discord.ui.button(label=message("discord.confirm.cancel"), style=discord.ButtonStyle.secondary)
    async def cancel_button(self, interaction: discord.Interaction, button: discord.ui.Button[Any]) -> None:
        await self._choose(interaction, False)

    async def answer(self) -> bool | None:
        await self.wait()
        return self.choice
