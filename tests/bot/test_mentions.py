"""Questions asked by mentioning the bot: a thread from the message, follow-ups without a mention."""

from __future__ import annotations

import discord

from tests.bot.helpers import make_server, quotes_in


def bot_mention(env) -> str:
    return f"<@{env.bot.user.id}>"


async def test_mention_is_answered_in_a_thread_started_from_the_message(simcord_env, article_text):
    s = make_server(simcord_env)
    await s.alice.send(s.channel, f"{bot_mention(simcord_env)} why did Musk leave his government job?")
    (thread,) = s.channel.threads
    assert thread.name == "why did Musk leave his government job?"
    (answer,) = thread.history()
    assert answer.author.id == simcord_env.bot.user.id
    quotes = quotes_in(answer.embeds[0])
    assert quotes and all(q in article_text for q in quotes)


async def test_follow_up_in_the_thread_needs_no_mention_and_uses_the_previous_question(simcord_env, monkeypatch):
    s = make_server(simcord_env)
    seen: list[tuple[str, str | None]] = []
    real_draft_many = simcord_env.bot.index.draft_many

    def spy(questions):
        seen.extend(questions)
        return real_draft_many(questions)

    monkeypatch.setattr(simcord_env.bot.index, "draft_many", spy)
    await s.alice.send(s.channel, f"{bot_mention(simcord_env)} what did Musk say about AI?")
    (thread,) = s.channel.threads
    await s.alice.send(thread, "and what about robots?")
    assert seen == [("what did Musk say about AI?", None), ("and what about robots?", "what did Musk say about AI?")]
    assert len([m for m in thread.history() if m.author.id == simcord_env.bot.user.id]) == 2


async def test_messages_without_a_mention_outside_its_threads_are_ignored(simcord_env):
    s = make_server(simcord_env)
    await s.alice.send(s.channel, "what did Musk say about AI?")
    assert [m.author.id for m in s.channel.history()] == [s.alice.id]
    assert s.channel.threads == []


async def test_without_thread_permission_the_bot_replies_instead(simcord_env, article_text):
    s = make_server(simcord_env)
    locked = s.guild.create_text_channel(
        "no-threads", overwrites={s.guild.me: discord.PermissionOverwrite(create_public_threads=False)}
    )
    question = await s.alice.send(locked, f"{bot_mention(simcord_env)} what did Musk say about Mars?")
    reply = locked.last_message
    assert reply.author.id == simcord_env.bot.user.id
    assert reply.reference is not None and reply.reference.message_id == question.id
    assert locked.threads == []
    assert all(q in article_text for q in quotes_in(reply.embeds[0]))


async def test_mention_with_everyone_and_role_pings_nobody(simcord_env):
    s = make_server(simcord_env)
    text = f"{bot_mention(simcord_env)} @everyone <@&{s.mod_role.id}> {s.mod.mention} what did Musk say about AI?"
    await s.alice.send(s.channel, text)
    (thread,) = s.channel.threads
    assert "@everyone" not in thread.name and f"<@&{s.mod_role.id}>" not in thread.name
    (answer,) = thread.history()
    assert not answer.mention_everyone and answer.role_mentions == [] and answer.mentions == []
    sends = [r for r in simcord_env.http_requests if r.method == "POST" and r.path.endswith("/messages")]
    assert sends and all(r.json["allowed_mentions"] == {"parse": []} for r in sends)


async def test_mentions_share_the_cooldown_and_get_a_notice(simcord_env):
    s = make_server(simcord_env)
    simcord_env.bot.ask_cooldown.per = 60
    await s.alice.send(s.channel, f"{bot_mention(simcord_env)} what did Musk say about AI?")
    await s.alice.send(s.channel, f"{bot_mention(simcord_env)} and Mars?")
    notice = s.channel.last_message
    assert notice.author.id == simcord_env.bot.user.id
    assert notice.content.startswith("You're asking quickly; try again in")
    assert len(s.channel.threads) == 1
    # The notice deletes itself.
    await simcord_env.advance_time(20)
    assert notice.id not in [m.id for m in s.channel.history()]


async def test_bare_mention_gets_a_hint(simcord_env):
    s = make_server(simcord_env)
    await s.alice.send(s.channel, bot_mention(simcord_env))
    assert s.channel.last_message.content.startswith("Ask me something about Musk's talk")
