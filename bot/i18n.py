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
    "What is indexed, and (moderators) adding or removing documents.": "インデックスの内容の表示と、（モデレーター用）文書の追加・削除。",
    "Moderators: add a .txt or .md document to the sources, then refresh the index.": "モデレーター用：.txt または .md の文書をソースに追加し、インデックスを更新します。",
    "A UTF-8 .txt or .md file of at most 1 MiB.": "UTF-8 の .txt または .md ファイル（1 MiB まで）。",
    "Replace a document of the same name without asking (default: ask first).": "同じ名前の文書を確認なしで置き換えます（既定：先に確認）。",
    "Moderators: remove a document from the sources, then refresh the index.": "モデレーター用：ソースから文書を削除し、インデックスを更新します。",
    "The document to remove (pick from the list).": "削除する文書（一覧から選択）。",
    "Moderators: rebuild the index from the sources folder.": "モデレーター用：ソースフォルダーからインデックスを再構築します。",
    "Moderators: a summary of 👍/👎 feedback and the latest down-voted questions.": "モデレーター用：👍/👎 フィードバックの集計と最近の 👎 の質問。",
    "Check against the talk": "講演と照合",
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
