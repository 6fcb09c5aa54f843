"""Checking a message against the talk offline (no model): the message menu and a reply that mentions the bot."""

from __future__ import annotations

import discord

from bot.cogs.check import inert
from tests.bot.helpers import callbacks, error_names, make_server, quotes_in

GPU_SENTENCE = "現在、このトレーニングセンターには15万台のH100"
OFFLINE_STATEMENT = "This is what the article says on this topic."


def bot_mention(env) -> str:
    return f"<@{env.bot.user.id}>"


async def test_menu_shows_the_closest_passages_and_gives_no_verdict(simcord_env, article_text):
    s = make_server(simcord_env)
    claim = await s.mod.send(s.channel, "Musk said xAI's training center already runs 150,000 H100 GPUs")
    result = await s.alice.context_menu(s.channel, "Check against the talk", claim)
    assert callbacks(simcord_env)[0]["type"] == 5  # deferred publicly: the check is for the channel
    (embed,) = result.response.embeds
    assert embed.title == "Checked against the talk"
    assert OFFLINE_STATEMENT in embed.description
    for verdict in ("Supported", "Contradicted", "Not in the article"):
        assert verdict not in embed.description
    quotes = quotes_in(embed)
    assert quotes and all(q in article_text for q in quotes)
    assert any(GPU_SENTENCE in q for q in quotes)


async def test_an_off_topic_message_is_not_in_the_article(simcord_env):
    s = make_server(simcord_env)
    claim = await s.mod.send(s.channel, "The capital of France is Paris.")
    result = await s.alice.context_menu(s.channel, "Check against the talk", claim)
    (embed,) = result.response.embeds
    assert "Not in the article" in embed.description and quotes_in(embed) == []


async def test_mentions_links_and_markdown_in_the_checked_message_are_inert(simcord_env):
    s = make_server(simcord_env)
    text = (
        f"@everyone <@&{s.mod_role.id}> {s.mod.mention} **Musk** said robots will outnumber people "
        "https://evil.example/phish [click](https://evil.example/x) # loud"
    )
    claim = await s.alice.send(s.channel, text)
    result = await s.alice.context_menu(s.channel, "Check against the talk", claim)
    (embed,) = result.response.embeds
    shown = embed.description
    assert "robots will outnumber people" in shown
    assert "@everyone" not in shown and f"<@&{s.mod_role.id}>" not in shown and s.mod.mention not in shown
    assert "https://" not in shown and "**Musk**" not in shown
    sends = [r for r in simcord_env.http_requests if r.method == "POST" and "/webhooks/" in r.path]
    assert sends and all(r.json["allowed_mentions"] == {"parse": []} for r in sends)


def test_inert_breaks_links_markdown_and_mentions():
    shown = inert("**hi** <@123> @everyone https://a.example www.b.example discord.gg/abc > # x")
    assert "https://" not in shown and "www." not in shown and "discord.gg/" not in shown
    assert "\\*\\*hi\\*\\*" in shown and "<@123>" not in shown and "@everyone" not in shown
    assert "\\#" in shown and "\\>" in shown


async def test_a_message_with_nothing_to_check_is_refused_to_the_user_only(simcord_env):
    s = make_server(simcord_env)
    claim = await s.mod.send(s.channel, "https://example.com <@1234567890>")
    result = await s.alice.context_menu(s.channel, "Check against the talk", claim)
    assert result.response.ephemeral
    assert result.response.content.startswith("The message has no text to check")
    assert all(c["type"] != 5 for c in callbacks(simcord_env))  # no public "thinking" first
    assert error_names(simcord_env) == ["BadQuestion"]


async def test_a_reply_that_mentions_the_bot_checks_the_message_replied_to(simcord_env, article_text):
    s = make_server(simcord_env)
    claim = await s.mod.send(s.channel, "マスクは約30年以内に火星を自給自足させる計画だと言った")
    ask = await s.alice.send(s.channel, f"{bot_mention(simcord_env)} is this true?", reply_to=claim)
    reply = s.channel.last_message
    assert reply.author.id == simcord_env.bot.user.id
    assert reply.reference is not None and reply.reference.message_id == ask.id
    (embed,) = reply.embeds
    assert embed.title == "講演の記事と照合しました"  # the claim's language
    assert "言語モデルがないため真偽の判定はしません" in embed.description
    quotes = quotes_in(embed)
    assert quotes and all(q in article_text for q in quotes) and any("約30年以内に火星" in q for q in quotes)
    # A check, not a question: no thread was opened for "is this true?".
    assert s.channel.threads == []


async def test_a_reply_to_the_bots_own_answer_is_a_question_not_a_check(simcord_env, monkeypatch):
    s = make_server(simcord_env)
    checked: list[str] = []
    monkeypatch.setattr(simcord_env.bot.index, "check_claim", lambda text, **kw: checked.append(text))
    locked = s.guild.create_text_channel(  # no threads: the answer is a reply in the channel
        "replies", overwrites={s.guild.me: discord.PermissionOverwrite(create_public_threads=False)}
    )
    await s.alice.send(locked, f"{bot_mention(simcord_env)} what did Musk say about Mars?")
    (answer,) = [m for m in locked.history() if m.author.id == simcord_env.bot.user.id]
    await s.alice.send(locked, f"{bot_mention(simcord_env)} and about robots?", reply_to=answer)
    assert checked == []
    assert len([m for m in locked.history() if m.author.id == simcord_env.bot.user.id]) == 2  # answered instead


async def test_a_reply_without_a_mention_is_ignored(simcord_env):
    s = make_server(simcord_env)
    claim = await s.mod.send(s.channel, "Musk said robots will outnumber people")
    await s.alice.send(s.channel, "is this true?", reply_to=claim)
    assert s.channel.last_message.author.id == s.alice.id
