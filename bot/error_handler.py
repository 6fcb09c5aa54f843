"""The one error handler for application commands: a short ephemeral sentence, the traceback to the log."""

from __future__ import annotations

import logging

import discord
from discord import app_commands

from bot.checks import AskCooldown, NotModerator
from index.errors import SpeechbotError
from index.messages import message
from index.question import language_of

log = logging.getLogger(__name__)


def user_message(interaction: discord.Interaction, error: app_commands.AppCommandError) -> str:
    original = error.original if isinstance(error, app_commands.CommandInvokeError) else error
    lang = language_of(locale=interaction.locale)
    if isinstance(original, AskCooldown):
        return message("label.cooldown", lang, seconds=max(1.0, original.retry_after))
    if isinstance(original, NotModerator):
        return message("discord.not_moderator", lang)
    if isinstance(original, app_commands.NoPrivateMessage):
        return message("discord.guild_only", lang)
    if isinstance(original, SpeechbotError):
        return str(original)
    if isinstance(original, app_commands.CheckFailure):
        return message("discord.check_failed", lang)
    command = interaction.command.qualified_name if interaction.command else "?"
    log.error("command /%s failed", command, exc_info=original)
    return message("discord.unexpected", lang)


async def on_app_command_error(interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
    message = user_message(interaction, error)
    try:
        if interaction.response.is_done():
            await interaction.followup.send(message, ephemeral=True, allowed_mentions=discord.AllowedMentions.none())
        else:
            await interaction.response.send_message(
                message, ephemeral=True, allowed_mentions=discord.AllowedMentions.none()
            )
    except discord.HTTPException:
        log.warning("could not tell the user about an error", exc_info=True)


class SpeechTree(app_commands.CommandTree):
    async def on_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        await on_app_command_error(interaction, error)
