"""Slash-command descriptions from the message catalogue, in the reader's language when Discord syncs them."""

from __future__ import annotations

import discord
from discord import app_commands

from index.messages import catalogue, message
from index.question import language_of


def describe(key: str) -> app_commands.locale_str:
    """A command or option description: the English text, and the catalogue key the translator looks up."""
    return app_commands.locale_str(message(key), key=key)


class SpeechbotTranslator(app_commands.Translator):
    async def translate(
        self,
        string: app_commands.locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        key = string.extras.get("key")
        lang = language_of(locale=locale.value)
        if key is None or lang == "en":
            return None
        return catalogue(lang).get(key)
