"""/ask, and questions asked by mentioning the bot (answered in a thread, follow-ups without a mention)."""

from __future__ import annotations

import logging
import re
from collections import OrderedDict
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot import render
from bot.checks import ask_cooldown
from bot.cogs.check import is_check_request
from bot.i18n import describe
from bot.replies import NO_MENTIONS, post_answer
from index.errors import SpeechbotError
from index.messages import message as text
from index.question import clean_question, language_of

if TYPE_CHECKING:
    from bot.client import SpeechBot

log = logging.getLogger(__name__)
THREAD_NAME_LIMIT = 100
REMEMBERED_THREADS = 2000
NOTICE_SECONDS = 15


def question_from_mention(content: str, bot_id: int) -> str:
    """The message text without the bot's own mention(s)."""
    return re.sub(rf"<@!?{bot_id}>", " ", content).strip()


class Ask(commands.Cog):
    def __init__(self, bot: SpeechBot) -> None:
        self.bot = bot
        # Thread id -> the last question asked in it, for follow-ups ("and robots?").
        self.thread_questions: OrderedDict[int, str] = OrderedDict()

    @app_commands.command(
        name="ask",
        description=describe("command.ask"),
    )
    @app_commands.describe(
        question=describe("command.ask.question"),
        private=describe("command.ask.private"),
    )
    @ask_cooldown()
    async def ask(
        self, interaction: discord.Interaction, question: app_commands.Range[str, 1, 2000], private: bool = False
    ) -> None:
        # An unusable question (only spaces, emoji or invisible characters) is refused at once and only to
        # the asker: after a public defer, the error would have to replace the public "thinking" message.
        clean_question(question)
        await interaction.response.defer(thinking=True, ephemeral=private)
        answer = await self.bot.answers.ask(question)
        await post_answer(self.bot, answer, interaction.followup.send, ephemeral=private)

    # -- mentions and threads ----------------------------------------------------------------------
    def remember(self, thread_id: int, question: str) -> None:
        self.thread_questions[thread_id] = question
        self.thread_questions.move_to_end(thread_id)
        while len(self.thread_questions) > REMEMBERED_THREADS:
            self.thread_questions.popitem(last=False)

    async def previous_question(self, thread: discord.Thread, bot_id: int) -> str | None:
        known = self.thread_questions.get(thread.id)
        if known is not None:
            return known
        # After a restart: a thread started from a message shares that message's id.
        parent = thread.parent
        if not isinstance(parent, discord.TextChannel):
            return None
        try:
            starter = await parent.fetch_message(thread.id)
        except discord.HTTPException:
            return None
        return question_from_mention(starter.content, bot_id) or None

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        me = self.bot.user
        if me is None or message.author.bot or message.guild is None:
            return
        channel = message.channel
        in_my_thread = isinstance(channel, discord.Thread) and channel.owner_id == me.id
        mentioned = any(user.id == me.id for user in message.mentions)
        if not (mentioned or in_my_thread) or is_check_request(message, me.id):
            return  # a reply that mentions the bot asks for a check (bot/cogs/check.py)
        question = question_from_mention(message.content, me.id)
        lang = language_of(question)
        if not question:
            await message.reply(text("discord.empty_mention", lang), mention_author=False, allowed_mentions=NO_MENTIONS)
            return
        retry = self.bot.ask_cooldown.hit(message.author.id)
        if retry is not None:
            # Messages cannot be ephemeral: the notice removes itself.
            await message.reply(
                text("label.cooldown", lang, seconds=max(1.0, retry)),
                mention_author=False,
                allowed_mentions=NO_MENTIONS,
                delete_after=NOTICE_SECONDS,
            )
            return
        context = (
            await self.previous_question(channel, me.id)
            if isinstance(channel, discord.Thread) and in_my_thread
            else None
        )
        try:
            answer = await self.bot.answers.ask(question, context=context)
        except SpeechbotError as exc:
            await message.reply(str(exc), mention_author=False, allowed_mentions=NO_MENTIONS)
            return
        except Exception:
            log.exception("answering a mention failed")
            await message.reply(text("discord.unexpected", lang), mention_author=False, allowed_mentions=NO_MENTIONS)
            return

        if in_my_thread:
            assert isinstance(channel, discord.Thread)
            self.remember(channel.id, question)
            await post_answer(self.bot, answer, channel.send)
            return
        thread = await self.open_thread(message, question)
        if thread is not None:
            self.remember(thread.id, question)
            await post_answer(self.bot, answer, thread.send)
        else:
            await post_answer(self.bot, answer, message.reply, mention_author=False)

    async def open_thread(self, message: discord.Message, question: str) -> discord.Thread | None:
        """A public thread from the question's message, if this channel and our permissions allow one."""
        channel = message.channel
        if not isinstance(channel, discord.TextChannel) or message.guild is None:
            return None
        if not channel.permissions_for(message.guild.me).create_public_threads:
            return None
        name = render.shorten(render.neutralise(question), THREAD_NAME_LIMIT)
        try:
            return await message.create_thread(name=name, auto_archive_duration=1440)
        except discord.HTTPException:
            log.warning("could not start a thread in #%s; replying instead", channel.id, exc_info=True)
            return None


async def setup(bot: SpeechBot) -> None:
    await bot.add_cog(Ask(bot))
