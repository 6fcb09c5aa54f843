"""/sources: `show` what is indexed (everyone); `add` and `remove` documents, then refresh (moderators).

One group keeps the names the issue asks for. Discord applies a group's default_permissions to every
subcommand, so the group stays visible to everyone (members need `show`) and `add`/`remove` are
guarded by the same run-time moderator check as /refresh: members see them but are told no.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot import refreshing, render
from bot.checks import is_moderator, moderator_check
from bot.confirm import Confirm
from bot.i18n import describe
from bot.replies import NO_MENTIONS
from index import source_folder
from index.errors import SourceError, SpeechbotError
from index.messages import message
from index.question import language_of
from index.sources import MAX_SOURCE_BYTES, too_large

if TYPE_CHECKING:
    from bot.client import SpeechBot

log = logging.getLogger(__name__)
CHOICE_LIMIT = 100
MAX_CHOICES = 25


def too_big(filename: str, size: int) -> str | None:
    """Refuse an attachment by its declared size, before downloading it."""
    if size > MAX_SOURCE_BYTES:
        return too_large(filename, size)
    return None


def source_choices(sources: list[source_folder.SourceInfo], current: str) -> list[app_commands.Choice[str]]:
    key = current.casefold().strip()
    out = []
    for info in sources:
        if len(info.name) > CHOICE_LIMIT or key not in f"{info.name} {info.title or ''}".casefold():
            continue
        label = f"{info.name} — {info.title}" if info.title else info.name
        out.append(
            app_commands.Choice(name=render.shorten(f"{label} ({info.passages})", CHOICE_LIMIT), value=info.name)
        )
    return out[:MAX_CHOICES]


class Sources(
    commands.GroupCog,
    group_name="sources",
    group_description=describe("command.sources"),
):
    def __init__(self, bot: SpeechBot) -> None:
        self.bot = bot
        super().__init__()

    @property
    def folder(self) -> Path:
        return self.bot.settings.sources_dir

    @app_commands.command(name="show", description=describe("command.sources.show"))
    async def show(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(thinking=True, ephemeral=True)
        status = await asyncio.to_thread(self.bot.index.status)
        embed = render.status_embed(status, language_of(locale=interaction.locale))
        await interaction.followup.send(embed=embed, ephemeral=True, allowed_mentions=NO_MENTIONS)

    @app_commands.command(name="add", description=describe("command.sources.add"))
    @app_commands.describe(
        file=describe("command.sources.add.file"),
        replace=describe("command.sources.add.replace"),
    )
    @moderator_check()
    async def add(self, interaction: discord.Interaction, file: discord.Attachment, replace: bool = False) -> None:
        name = source_folder.safe_name(file.filename)  # a wrong kind of file is refused before anything else
        refusal = too_big(name, file.size)
        if refusal:
            raise SourceError(refusal)
        await interaction.response.defer(thinking=True, ephemeral=True)
        await refreshing.ensure_idle(self.bot)
        data = await file.read()
        refusal = too_big(name, len(data))  # the declared size can be wrong
        if refusal:
            raise SourceError(refusal)
        who = refreshing.moderator_tag(interaction.user)
        try:
            info = await asyncio.to_thread(
                source_folder.add_source, self.folder, file.filename, data, replace=replace, who=who
            )
        except source_folder.DuplicateSource as duplicate:
            if not await self.confirm_replace(interaction, duplicate.name):
                return
            info = await asyncio.to_thread(
                source_folder.add_source, self.folder, file.filename, data, replace=True, who=who
            )
            replace = True
        log.info(
            "source %s %s by moderator %s (%d bytes, %d passages)",
            info.name, "replaced" if replace else "added", interaction.user.id, info.bytes, info.passages,
        )  # fmt: skip
        key = "discord.sources." + ("replaced" if replace else "added") + ("_one" if info.passages == 1 else "")
        await self.refresh_and_report(interaction, message(key, name=info.name, passages=info.passages))

    async def confirm_replace(self, interaction: discord.Interaction, name: str) -> bool:
        view = Confirm(
            interaction.user.id,
            confirm=message("discord.sources.replace"),
            working=message("discord.sources.replacing", name=name),
            cancelled=message("discord.sources.cancelled", name=name),
        )
        question = await interaction.followup.send(
            message("discord.sources.replace_question", name=name),
            view=view,
            ephemeral=True,
            wait=True,
            allowed_mentions=NO_MENTIONS,
        )
        choice = await view.answer()
        if choice is None:
            log.info("replacing source %s: moderator %s did not answer", name, interaction.user.id)
            await question.edit(content=message("discord.sources.no_answer", name=name), view=None)
        return bool(choice)

    @app_commands.command(name="remove", description=describe("command.sources.remove"))
    @app_commands.describe(name=describe("command.sources.remove.name"))
    @moderator_check()
    async def remove(self, interaction: discord.Interaction, name: app_commands.Range[str, 1, 200]) -> None:
        await interaction.response.defer(thinking=True, ephemeral=True)
        await refreshing.ensure_idle(self.bot)
        who = refreshing.moderator_tag(interaction.user)
        name = await asyncio.to_thread(source_folder.remove_source, self.folder, name, who=who)
        log.info("source %s removed by moderator %s", name, interaction.user.id)
        await self.refresh_and_report(interaction, message("discord.sources.removed", name=name))

    @remove.autocomplete("name")
    async def name_autocomplete(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        # Autocomplete runs no checks; members get no list (they could not use it anyway).
        if not is_moderator(interaction.user, self.bot.settings):
            return []
        sources = await asyncio.to_thread(source_folder.list_sources, self.folder)
        return source_choices(sources, current)

    async def refresh_and_report(self, interaction: discord.Interaction, done: str) -> None:
        try:
            report = await refreshing.refresh(self.bot, refreshing.moderator_tag(interaction.user))
        except SpeechbotError as exc:
            # The folder changed but the index did not: say so, so nobody thinks answers use the new text yet.
            log.warning("sources changed by moderator %s but the refresh failed: %s", interaction.user.id, exc)
            await interaction.followup.send(
                message("discord.sources.not_refreshed", done=done, error=exc),
                ephemeral=True,
                allowed_mentions=NO_MENTIONS,
            )
            return
        log.info("refresh after a sources change by moderator %s: %s", interaction.user.id, report.summary())
        embed = render.report_embed(report, language_of(locale=interaction.locale))
        embed.description = f"{done}\n{embed.description}"
        await interaction.followup.send(embed=embed, ephemeral=True, allowed_mentions=NO_MENTIONS)


async def setup(bot: SpeechBot) -> None:
    await bot.add_cog(Sources(bot))
