"""Japanese names for every command and option description, handed to Discord when commands sync."""
# ruff: noqa: E501  (a table of whole sentences reads better unwrapped)

from __future__ import annotations

import discord
from discord import app_commands

JA: dict[str, str] = {
    "Ask a question about Musk's AI Startup School talk; the answer quotes the article.": "マスクのAIスタートアップスクール講演について質問します。回答は記事を引用します。",
    "Your question, in English or Japanese.": "質問（英語または日本語）。",
    "Only you see the answer (default: everyone in the channel).": "自分だけに回答を表示します（既定：チャンネル全員）。",
    "The talk's key points, each with a quote from the article.": "講演の要点を、記事からの引用つきで表示します。",
    "A section of the article to focus on (leave empty for the whole talk).": "注目する記事のセクション（空欄なら講演全体）。",
    "What is indexed: documents, passages, index version and when it was built.": "インデックスの内容：文書、段落、バージョン、作成日時。",
    "Moderators: rebuild the index from the sources folder.": "モデレーター用：ソースフォルダーからインデックスを再構築します。",
    "Moderators: a summary of 👍/👎 feedback and the latest down-voted questions.": "モデレーター用：👍/👎 フィードバックの集計と最近の 👎 の質問。",
}


class SpeechbotTranslator(app_commands.Translator):
    async def translate(
        self,
        string: app_commands.locale_str,
        locale: discord.Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        if locale is discord.Locale.japanese:
            return JA.get(string.message)
        return None
