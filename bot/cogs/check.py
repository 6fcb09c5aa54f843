"""Checking a message against the talk: the "Check against the talk" message menu, and a reply that mentions the bot."""

from __future__ import annotations

import asyncio
import logging
import re
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot import render
from bot.checks import AskCooldown
from bot.i18n import describe
from bot.replies import NO_MENTIONS
from index.claims import ClaimCheck
from index.engine import clean_claim
from index.errors import SpeechbotError
from index.messages import message as message_text
from index.question import language_of

if TYPE_CHECKING:
    from bot.client import SpeechBot

log = logging.getLogger(__name__)
CLAIM_SHOWN_CHARS = 300
NOTICE_SECONDS = 15

COLOURS = {
    "supported": discord.Colour.green(),
    "contradicted": discord.Colour.red(),
    "not_in_article": render.COLOUR_NOT_FOUND,
    None: render.COLOUR_ANSWERED,
}
_LINK = re.compile(r"(?i)\b(https?)(://)|\b(www)(\.)|\b(discord)(\.gg/)")


def check_label(lang: str, key: str, **values: object) -> str:
    """A check's label or notice from the message catalogue (index/messages)."""
    return message_text(f"check.{key}", lang, **values)


def inert(text: str) -> str:
    """Someone else's words, echoed: no mention that pings, no markdown that formats, no link that links."""
    text = render.neutralise(text)
    text = discord.utils.escape_markdown(text).replace("#", "\\#").replace(">", "\\>")
    # A zero-width space inside the scheme keeps the text readable and stops Discord from linking it.
    return _LINK.sub(lambda m: "\u200b".join(g for g in m.groups() if g is not None), text)


def check_embeds(check: ClaimCheck) -> list[discord.Embed]:
    """A check as embeds: the claim (inert), the verdict or the offline statement, then the quotes."""
    lang = check.language
    claim = inert(render.shorten(check.claim, CLAIM_SHOWN_CHARS))
    lines = [f"**{check_label(lang, 'claim')}:** {claim}", ""]
    if check.verdict is not None:
        lines.append(f"**{check_label(lang, check.verdict)}**")
    elif check.quotes:
        lines.append(f"**{check_label(lang, 'passages')}**")
    for text in (check.explanation, check.reason):
        if text:
            lines.append(render.shorten(text, render.DESCRIPTION_LIMIT // 2))
    description = render.with_line("\n".join(lines), render.fallback_line(lang, check.fallback_reason))
    blocks: list[render.Block] = []
    for n, quote in enumerate(check.quotes, 1):
        blocks.extend(render.quote_blocks(quote, check_label(lang, "quote", n=n), lang))
    for n, quote in enumerate(check.related, 1):
        blocks.extend(render.quote_blocks(quote, check_label(lang, "related", n=n), lang))
    return render.pack(
        blocks,
        title=check_label(lang, "title"),
        description=description,
        footer=render.footer_text(lang, check.index_version, check.mode),
        colour=COLOURS[check.verdict],
        continued=render.label(lang, "continued"),
    )


def is_check_request(message: discord.Message, bot_id: int) -> bool:
    """A reply to someone's message that mentions the bot in its text: check the message replied to.

    A reply to the bot's own message pings it without a mention in the text; that is a follow-up
    question (the ask cog's), not a check.
    """
    ref = message.reference
    if ref is None or ref.message_id is None or ref.type is not discord.MessageReferenceType.default:
        return False
    if not re.search(rf"<@!?{bot_id}>", message.content):
        return False
    resolved = ref.resolved
    return not (isinstance(resolved, discord.Message) and resolved.author.id == bot_id)


class Check(commands.Cog):
    def __init__(self, bot: SpeechBot) -> None:
        self.bot = bot
        self.menu = app_commands.ContextMenu(name=describe("command.check.menu"), callback=self.check_message)

    async def cog_load(self) -> None:
        self.bot.tree.add_command(self.menu)

    async def cog_unload(self) -> None:
        self.bot.tree.remove_command(self.menu.name, type=self.menu.type)

    async def check_message(self, interaction: discord.Interaction, message: discord.Message) -> None:
        retry = self.bot.ask_cooldown.hit(interaction.user.id)
        if retry is not None:
            raise AskCooldown(retry)
        # A message with nothing to check is refused before the public "thinking" message, to its user only.
        clean_claim(message.content)
        await interaction.response.defer(thinking=True)
        check = await asyncio.to_thread(self.bot.index.check_claim, message.content)
        for embed in check_embeds(check):
            await interaction.followup.send(embed=embed, allowed_mentions=NO_MENTIONS)

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        me = self.bot.user
        if me is None or message.author.bot or message.guild is None or not is_check_request(message, me.id):
            return
        target = await self.replied_to(message)
        lang = language_of(target.content if target is not None else message.content)
        if target is None:
            await self.reply(message, check_label(lang, "no_target"))
            return
        retry = self.bot.ask_cooldown.hit(message.author.id)
        if retry is not None:
            await self.reply(message, render.label(lang, "cooldown", seconds=max(1.0, retry)), NOTICE_SECONDS)
            return
        try:
            check = await asyncio.to_thread(self.bot.index.check_claim, target.content)
        except SpeechbotError as exc:
            await self.reply(message, str(exc))
            return
        except Exception:
            log.exception("checking a replied-to message failed")
            await self.reply(message, message_text("discord.unexpected", language_of(message.content)))
            return
        for embed in check_embeds(check):
            await message.reply(embed=embed, mention_author=False, allowed_mentions=NO_MENTIONS)

    async def replied_to(self, message: discord.Message) -> discord.Message | None:
        ref = message.reference
        assert ref is not None and ref.message_id is not None
        if isinstance(ref.resolved, discord.Message):
            return ref.resolved
        try:
            return await message.channel.fetch_message(ref.message_id)
        except discord.HTTPException:
            return None

    @staticmethod
    async def reply(message: discord.Message, text: str, delete_after: float | None = None) -> None:
        if delete_after is None:
            await message.reply(text, mention_author=False, allowed_mentions=NO_MENTIONS)
        else:
            await message.reply(text, mention_author=False, allowed_mentions=NO_MENTIONS, delete_after=delete_after)


async def setup(bot: SpeechBot) -> None:
    await bot.add_cog(Check(bot))
