"""What a Discord user sees (through simcord) when a model answers, or fails to."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import create_bot
from bot.feedback_store import FeedbackStore
from bot.settings import BotSettings
from index.renderings import bundled, text_key
from speechbot.testing.fake_openai import FakeOpenAI, cite, error, judgement
from tests.bot.helpers import make_server, quotes_in, use_locale

EN = "Why did Musk leave his government job?"
S_FIX = "この億万長者は、政府の職を辞めた根本的な理由を説明しました:「政府を修復することはビーチを掃除するようなものです------ビーチはとても汚れていて、注射器、糞便、ゴミがあります。"  # noqa: E501


@pytest.fixture
def simcord_bot(make_index, tmp_path: Path):
    index = make_index()
    bot = create_bot(BotSettings.extend(index.settings, ask_cooldown_s=0.001, moderator_role_id=None), index=index)
    bot.feedback = FeedbackStore(tmp_path / "feedback.sqlite")
    return bot


async def test_llm_answer_shows_japanese_quotes_with_labelled_translations(
    simcord_env, simcord_bot, fake: FakeOpenAI, article_text
):
    fake.script(cite("政府を修復すること", answer="He compared fixing government to cleaning a beach."))
    found = [q.text for q in simcord_bot.index.ask(EN, use_llm=False).quotes if q.text != S_FIX]
    s = make_server(simcord_env)
    result = await s.alice.slash(s.channel, "ask", question=EN)
    embeds = result.response.embeds
    embed = embeds[0]
    assert embed.description == "He compared fixing government to cleaning a beach."
    # The cited quote, then those retrieval found that the model left out.
    assert [t for e in embeds for t in quotes_in(e)] == [S_FIX, *found] and found
    # The translation is its own field, labelled as not being the speaker's words.
    assert [f.name for f in embed.fields[:2]] == ["Quote 1", "Translation (not a quote)"]
    assert embed.fields[1].value == bundled()[text_key(S_FIX)].en  # bundled, not the model's "[EN] ..."
    # The citation a person can follow: title, section in English, line in the file.
    assert embed.fields[0].value.splitlines()[-1] == (
        "— マスクが予言するAIの波:スーパーインテリジェンスが間もなく到来、人間の知能は1%にも満たない"
        ' — Government work was just a "sub-quest": back to the "main quest", line 15'
    )
    assert embed.footer.text.endswith("language-model answer")


async def test_a_model_saying_the_quotes_hold_no_answer_is_a_refusal_with_the_closest_passages(
    simcord_env, simcord_bot, fake: FakeOpenAI
):
    fake.script(cite("政府を修復すること", answer="He left to build technology."))
    fake.judge(judgement(0.2))
    extractive = simcord_bot.index.ask(EN, use_llm=False)
    s = make_server(simcord_env)
    result = await s.alice.slash(s.channel, "ask", question=EN)
    (embed,) = result.response.embeds
    assert embed.description.startswith("**Not covered by the article**")
    assert "The language model found no answer to this in the closest passages." in embed.description
    assert quotes_in(embed) == [q.text for q in extractive.quotes]  # shown as the closest passages
    assert "He left" not in embed.description and fake.chat_requests == []


async def test_fallback_shows_the_extractive_quotes(simcord_env, fake: FakeOpenAI, article_text):
    fake.script(error(500))
    s = make_server(simcord_env)
    result = await s.alice.slash(s.channel, "ask", question=EN)
    (embed,) = result.response.embeds
    assert len(quotes_in(embed)) == 3 and all(q in article_text for q in quotes_in(embed))
    # Each quote is followed by its bundled rendering, labelled as a translation.
    assert [f.name for f in embed.fields] == [
        name for n in (1, 2, 3) for name in (f"Quote {n}", "Translation (not a quote)")
    ]
    assert embed.footer.text.endswith("extractive answer")


async def test_fallback_notice_is_shown(simcord_env, fake: FakeOpenAI):
    fake.script(error(500))
    s = make_server(simcord_env)
    result = await s.alice.slash(s.channel, "ask", question=EN)
    (embed,) = result.response.embeds
    shown = " ".join([embed.description or "", embed.footer.text or "", *(f.value for f in embed.fields)])
    assert "The language model server failed (HTTP 500)" in shown


async def test_fallback_notice_is_one_italic_line_under_the_answer(simcord_env, fake: FakeOpenAI, article_text):
    fake.script(error(500))
    s = make_server(simcord_env)
    result = await s.alice.slash(s.channel, "ask", question=EN)
    (embed,) = result.response.embeds
    answer, line = embed.description.splitlines()
    assert answer.startswith("From the article (translated): ")
    assert line.startswith("⚠️ *") and line.endswith("*") and len(line) < 400
    # The notice sits in the description only: the quote fields stay the article's words.
    assert all(q in article_text for q in quotes_in(embed))


async def test_japanese_question_gets_a_japanese_fallback_label(simcord_env, fake: FakeOpenAI):
    fake.script(error(500))
    s = make_server(simcord_env)
    result = await s.alice.slash(s.channel, "ask", question="マスクはなぜ政府の仕事を辞めたのですか？")
    (embed,) = result.response.embeds
    assert embed.description.startswith("⚠️ *言語モデルを使えなかったため")
    assert "HTTP 500" in embed.description


async def test_keypoints_fallback_notice_in_the_askers_language(simcord_env, fake: FakeOpenAI, monkeypatch):
    fake.script(error(500))
    use_locale(monkeypatch, "ja")
    s = make_server(simcord_env)
    result = await s.alice.slash(s.channel, "keypoints")
    embeds = [e for m in [result.response, *result.followups] for e in m.embeds]
    assert embeds[0].title == "要点"
    assert embeds[0].description.startswith("⚠️ *言語モデルを使えなかったため") and "HTTP 500" in embeds[0].description
    assert all(e.description is None for e in embeds[1:])
    assert embeds[0].footer.text.startswith("インデックス ")


async def test_no_notice_when_the_model_answers(simcord_env, fake: FakeOpenAI):
    fake.script(cite("政府を修復すること", answer="He compared fixing government to cleaning a beach."))
    s = make_server(simcord_env)
    result = await s.alice.slash(s.channel, "ask", question=EN)
    assert "⚠️" not in result.response.embeds[0].description
