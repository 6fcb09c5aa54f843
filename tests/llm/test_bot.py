"""What a Discord user sees (through simcord) when a model answers, or fails to."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import create_bot
from bot.feedback_store import FeedbackStore
from tests.bot.helpers import make_server, quotes_in
from tests.llm.fake_openai import FakeOpenAI, cite, error

EN = "Why did Musk leave his government job?"
S_FIX = "この億万長者は、政府の職を辞めた根本的な理由を説明しました:「政府を修復することはビーチを掃除するようなものです------ビーチはとても汚れていて、注射器、糞便、ゴミがあります。"  # noqa: E501


@pytest.fixture
def simcord_bot(make_index, tmp_path: Path):
    index = make_index()
    bot = create_bot(index.settings.with_(ask_cooldown_s=0.001, moderator_role_id=None), index=index)
    bot.feedback = FeedbackStore(tmp_path / "feedback.sqlite")
    return bot


async def test_llm_answer_shows_japanese_quotes_with_labelled_translations(simcord_env, fake: FakeOpenAI, article_text):
    fake.script(cite("政府を修復すること", answer="He compared fixing government to cleaning a beach."))
    s = make_server(simcord_env)
    result = await s.alice.slash(s.channel, "ask", question=EN)
    (embed,) = result.response.embeds
    assert embed.description == "He compared fixing government to cleaning a beach."
    assert quotes_in(embed) == [S_FIX]
    # The translation is its own field, labelled as not being the speaker's words.
    assert [f.name for f in embed.fields] == ["Quote 1", "Translation (not a quote)"]
    assert embed.fields[1].value == f"[EN] {S_FIX[:30]}"
    assert embed.footer.text.endswith("language-model answer")


async def test_fallback_shows_the_extractive_quotes(simcord_env, fake: FakeOpenAI, article_text):
    fake.script(error(500))
    s = make_server(simcord_env)
    result = await s.alice.slash(s.channel, "ask", question=EN)
    (embed,) = result.response.embeds
    assert len(quotes_in(embed)) == 3 and all(q in article_text for q in quotes_in(embed))
    assert "Translation (not a quote)" not in [f.name for f in embed.fields]
    assert embed.footer.text.endswith("extractive answer")


@pytest.mark.xfail(reason="bot/render.py does not show Answer.fallback_reason yet (issue 4 asks for the notice)")
async def test_fallback_notice_is_shown(simcord_env, fake: FakeOpenAI):
    fake.script(error(500))
    s = make_server(simcord_env)
    result = await s.alice.slash(s.channel, "ask", question=EN)
    (embed,) = result.response.embeds
    shown = " ".join([embed.description or "", embed.footer.text or "", *(f.value for f in embed.fields)])
    assert "The language model server failed (HTTP 500)" in shown
