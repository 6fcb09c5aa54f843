"""Every sentence speechbot shows people, per language (English and Japanese)."""

from __future__ import annotations

NOT_FOUND = {
    "en": "The article does not cover this; ask about Musk's talk at Y Combinator's AI Startup School.",
    "ja": (
        "この記事にはその質問に答える内容がありません。"
        "YコンビネーターのAIスタートアップスクールでのマスクの講演について質問してください。"
    ),
}
