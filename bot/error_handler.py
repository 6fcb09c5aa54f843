"""The one error handler for application commands: a short ephemeral sentence, the traceback to the log."""

from __future__ import annotations

import logging

import discord
from discord import app_commands

from bot.checks import AskCooldown, NotModerator, locale_language
from bot.render import label
from index.errors import SpeechbotError

log = logging.getLogger(__name__)

NOT_MODERATOR = "Only moderators can do this: it needs the Manage Server permission or the moderator role."
GUILD_ONLY = "This command only works in a server."
UNEXPECTED = "Something went wrong while answering; please try again in a minute."


def user_message(interaction: discord.Interaction, error: app_commands.AppCommandError) -> str:
    original = error.original if isinstance(error, app_commands.CommandInvokeError) else error
    if isinstance(original, AskCooldown):
        return label(locale_language(interaction.locale), "cooldown", seconds=max(1.0, original.retry_after))
    if isinstance(original, NotModerator):
        return NOT_MODERATOR
    if isinstance(original, app_commands.NoPrivateMessage):
        return GUILD_ONLY
    if isinstance(original, SpeechbotError):
        return str(original)
    if isinstance(original, app_commands.CheckFailure):
        return "You can't use this command here."
    command = interaction.command.qualified_name if interaction.command else "?"
    log.error("command /%s failed", command, exc_info=original)
    return UNEXPECTED


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
