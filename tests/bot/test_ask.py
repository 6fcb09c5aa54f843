"""/ask through simcord: answers with verbatim quotes, privacy, cooldown, splitting, inert mentions, errors."""

from __future__ import annotations

import logging
import re

import pytest

from bot import render
from tests.bot.helpers import StubIndex, callbacks, error_names, long_answer, make_server, quotes_in, was_deferred


async def test_ask_defers_then_answers_with_verbatim_quotes(simcord_env, article_text):
    s = make_server(simcord_env)
    result = await s.alice.slash(s.channel, "ask", question="Why did Musk leave his government job?")
    assert was_deferred(simcord_env, ephemeral=False) and not result.response.ephemeral
    (embed,) = result.response.embeds
    quotes = quotes_in(embed)
    assert quotes and all(q in article_text for q in quotes)
    # Each quote: its citation (title, English section heading, line), then its labelled rendering.
    names = [f.name for f in embed.fields]
    assert names == [n for i in range(1, len(quotes) + 1) for n in (f"Quote {i}", "Translation (not a quote)")]
    for field in embed.fields[::2]:
        citation = field.value.splitlines()[-1]
        assert citation.startswith("— マスクが予言するAIの波") and re.search(r", line \d+$", citation)
        assert ".txt" not in citation and "¶" not in citation and not re.search(r"[ぁ-ん]", citation.split(" — ")[-1])
    assert embed.description.startswith("From the article (translated): ")
    assert embed.footer.text.startswith("Index ") and embed.footer.text.endswith("extractive answer")
    custom_ids = [c["custom_id"] for row in result.response.components for c in row["components"]]
    assert [cid.rsplit(":", 2)[1] for cid in custom_ids] == ["up", "down"]


async def test_private_ask_is_ephemeral(simcord_env):
    s = make_server(simcord_env)
    result = await s.alice.slash(s.channel, "ask", question="What did Musk say about AI?", private=True)
    assert was_deferred(simcord_env, ephemeral=True) and result.response.ephemeral
    assert s.channel.history(viewer=s.mod) == []


async def test_off_topic_question_says_not_covered_and_quotes_nothing(simcord_env):
    s = make_server(simcord_env)
    result = await s.alice.slash(s.channel, "ask", question="What is the best recipe for banana bread?")
    (embed,) = result.response.embeds
    assert "Not covered by the article" in embed.description
    assert quotes_in(embed) == []


async def test_japanese_question_gets_japanese_labels(simcord_env, article_text):
    s = make_server(simcord_env)
    result = await s.alice.slash(s.channel, "ask", question="マスクはなぜ政府の仕事を辞めたのですか？")
    (embed,) = result.response.embeds
    assert embed.fields[0].name == "引用 1"
    assert embed.footer.text.startswith("インデックス ")
    assert all(q in article_text for q in quotes_in(embed))


async def test_mentions_in_the_question_never_ping(simcord_env):
    s = make_server(simcord_env)
    question = f"@everyone <@&{s.mod_role.id}> {s.mod.mention} why did Musk leave the government?"
    result = await s.alice.slash(s.channel, "ask", question=question)
    message = result.response.message
    assert message.mention_everyone is False
    assert message.role_mentions == [] and message.mentions == []
    (embed,) = result.response.embeds
    assert "@everyone" not in embed.title and f"<@&{s.mod_role.id}>" not in embed.title
    posts = [
        r
        for r in simcord_env.http_requests
        if r.method in ("POST", "PATCH") and isinstance(r.json, dict) and "embeds" in r.json
    ]
    assert posts and all(r.json.get("allowed_mentions") == {"parse": []} for r in posts)


async def test_second_question_inside_cooldown_gets_an_ephemeral_notice(simcord_env):
    s = make_server(simcord_env)
    simcord_env.bot.ask_cooldown.per = 60
    first = await s.alice.slash(s.channel, "ask", question="What did Musk say about robots?")
    second = await s.alice.slash(s.channel, "ask", question="And about Mars?")
    assert first.response.embeds
    assert second.ephemeral and callbacks(simcord_env)[-1]["type"] == 4  # a message, not a defer
    assert second.response.content.startswith("You're asking quickly; try again in")
    # Someone else is not held up by alice's cooldown.
    other = await s.mod.slash(s.channel, "ask", question="What did Musk say about Mars?")
    assert other.response.embeds
    assert error_names(simcord_env) == ["AskCooldown"]


async def test_long_answer_is_split_across_messages_without_cutting_quotes(simcord_env, article_text):
    s = make_server(simcord_env)
    answer = long_answer(article_text)
    simcord_env.bot._index = StubIndex(simcord_env.bot.index, lambda q, context=None: answer)
    result = await s.alice.slash(s.channel, "ask", question="Tell me everything")
    messages = [result.response, *result.followups]
    assert len(messages) >= 2
    shown = [q for m in messages for e in m.embeds for q in quotes_in(e)]
    assert shown == [q.text for q in answer.quotes]
    for m in messages:
        (embed,) = m.embeds
        assert len(embed) <= render.EMBED_TOTAL_LIMIT and len(embed.fields) <= render.FIELDS_PER_EMBED
    # Feedback buttons sit once, under the last part.
    assert [bool(m.components) for m in messages] == [False] * (len(messages) - 1) + [True]


async def test_unexpected_failure_is_one_ephemeral_sentence_and_a_logged_traceback(simcord_env, caplog):
    s = make_server(simcord_env)

    def broken(question, context=None):
        raise RuntimeError("disk on fire")

    simcord_env.bot._index = StubIndex(simcord_env.bot.index, broken)
    with caplog.at_level(logging.ERROR, logger="bot.error_handler"):
        result = await s.alice.slash(s.channel, "ask", question="Why?", private=True)
    assert result.response.content == "Something went wrong while answering; please try again in a minute."
    assert result.response.ephemeral
    assert any(r.exc_info and "disk on fire" in str(r.exc_info[1]) for r in caplog.records)
    assert error_names(simcord_env) == ["RuntimeError"]


async def test_domain_error_message_reaches_the_user(simcord_env):
    from index.question import BadQuestion

    s = make_server(simcord_env)

    def bad(question, context=None):
        raise BadQuestion("The question is empty; ask something about the talk.")

    simcord_env.bot._index = StubIndex(simcord_env.bot.index, bad)
    result = await s.alice.slash(s.channel, "ask", question="What about Mars?", private=True)
    assert result.response.content == "The question is empty; ask something about the talk."
    assert error_names(simcord_env) == ["BadQuestion"]


async def test_ask_keeps_answering_while_a_refresh_runs(simcord_env, article_text):
    s = make_server(simcord_env)
    store = simcord_env.bot.index.store
    with store.refresh_lock("another moderator"):
        answered = await s.alice.slash(s.channel, "ask", question="What did Musk say about AI?")
        refused = await s.mod.slash(s.channel, "refresh")
    assert all(q in article_text for q in quotes_in(answered.response.embeds[0]))
    assert refused.ephemeral
    assert refused.response.content.startswith("A refresh is already running (started by another moderator")
    assert error_names(simcord_env) == ["RefreshInProgress"]


@pytest.mark.parametrize("private", [False, True])
async def test_feedback_buttons_store_votes_with_the_answer(simcord_env, private):
    s = make_server(simcord_env)
    result = await s.alice.slash(s.channel, "ask", question="What did Musk say about AI?", private=private)
    message = result.response
    down = next(c["custom_id"] for row in message.components for c in row["components"] if ":down:" in c["custom_id"])
    click = await s.alice.click(message, custom_id=down)
    assert click.ephemeral and click.response.content == "Thanks for the feedback. What was wrong?"
    summary = simcord_env.bot.feedback.summary()
    assert (summary.up, summary.down) == (0, 1)
    assert summary.latest_down[0][0] == "What did Musk say about AI?"
    assert summary.latest_down[0][1] == message.embeds[0].footer.text.split()[1]
