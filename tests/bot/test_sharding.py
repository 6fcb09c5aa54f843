"""Sharding (issue 6): create_bot picks the bot class and shard arguments; IDENTIFY carries them to the gateway."""

from __future__ import annotations

import asyncio

import discord
import pytest

from bot import ShardedSpeechBot, SpeechBot, create_bot, shard_plan
from bot.settings import BotSettings
from index.settings import Settings, SettingsError
from speechbot.testing.fake_discord import GUILD_ID, OTHER_GUILD_ID, FakeDiscord, shard_of

TOKEN = "MTIz.fake-token-that-must-never-be-logged.abc"


def env_settings(base: Settings, **env: str) -> Settings:
    parsed = BotSettings.from_env(env, dotenv=False)
    return BotSettings.extend(base, shards=parsed.shards, shard_count=parsed.shard_count, shard_ids=parsed.shard_ids)


@pytest.mark.parametrize(
    ("env", "cls", "options"),
    [
        ({}, SpeechBot, {}),
        ({"SPEECHBOT_SHARDS": "auto"}, ShardedSpeechBot, {}),
        ({"SPEECHBOT_SHARDS": "AUTO", "SHARD_COUNT": "4"}, ShardedSpeechBot, {"shard_count": 4}),
        ({"SHARD_COUNT": "3"}, ShardedSpeechBot, {"shard_count": 3}),
        ({"SHARD_COUNT": "4", "SHARD_IDS": "1, 3"}, ShardedSpeechBot, {"shard_count": 4, "shard_ids": [1, 3]}),
        ({"SHARD_COUNT": "2", "SHARD_IDS": "1"}, SpeechBot, {"shard_id": 1, "shard_count": 2}),
    ],
)
def test_shard_plan_from_the_environment(index_settings, env, cls, options):
    settings = env_settings(index_settings, **env)
    assert shard_plan(settings) == (cls, options)
    bot = create_bot(BotSettings.extend(settings, discord_token=TOKEN))
    assert type(bot) is cls
    assert isinstance(bot, discord.AutoShardedClient) == (cls is ShardedSpeechBot)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"SHARD_IDS": "0"}, "SHARD_IDS needs SHARD_COUNT"),
        ({"SHARD_COUNT": "2", "SHARD_IDS": "0,2"}, "from 0 to 1"),
        ({"SHARD_COUNT": "2", "SHARD_IDS": "1,1"}, "different numbers"),
        ({"SHARD_COUNT": "0"}, "at least 1"),
    ],
)
def test_impossible_shard_settings_are_one_sentence(index_settings, env, message, capsys):
    from bot import run

    settings = env_settings(index_settings, **env)
    with pytest.raises(SettingsError, match=message):
        shard_plan(settings)
    assert run(BotSettings.extend(settings, discord_token=TOKEN)) == 2
    err = capsys.readouterr().err.strip()
    assert message in err and "\n" not in err


@pytest.mark.parametrize(
    ("env", "recommended", "shards"),
    [
        ({}, 1, [None]),
        ({"SPEECHBOT_SHARDS": "auto"}, 2, [[0, 2], [1, 2]]),  # the count comes from GET /gateway/bot
        ({"SHARD_COUNT": "4", "SHARD_IDS": "1,3"}, 1, [[1, 4], [3, 4]]),
        ({"SHARD_COUNT": "2", "SHARD_IDS": "1"}, 1, [[1, 2]]),
    ],
    ids=["unsharded", "auto", "explicit-range", "one-shard"],
)
async def test_identify_carries_the_configured_shards(
    index_settings, speech_index, article_text, env, recommended, shards
):
    settings = BotSettings.extend(env_settings(index_settings, **env), discord_token=TOKEN, ask_cooldown_s=0.001)
    async with FakeDiscord(lifetime=60, guild_ids=(GUILD_ID, OTHER_GUILD_ID), recommended_shards=recommended) as fake:
        with fake.pointed_at():
            bot = create_bot(settings, index=speech_index)

            async def no_identify_wait(shard_id: int | None, *, initial: bool) -> None:
                return None  # Discord spaces IDENTIFYs 5 s apart; the fake does not need it

            bot.before_identify_hook = no_identify_wait  # type: ignore[method-assign]
            stop = asyncio.Event()
            served = await fake.serve_bot(bot, settings, stop=stop, shards=len(shards))
            assert bot.is_ready()
            assert [i.get("shard") for i in fake.identifies] == shards
            # Each guild's events reach only the shard that owns it; this process answers its guilds.
            count = shards[0][1] if shards[0] else 1
            mine = {s[0] for s in shards} if shards[0] else {0}
            served_guilds = [g for g in (GUILD_ID, OTHER_GUILD_ID) if shard_of(g, count) in mine]
            assert sorted(g.id for g in bot.guilds) == sorted(served_guilds)
            for guild_id in served_guilds:
                iid = await fake.slash("ask", guild_id=guild_id, question="What did Musk say about Mars?")
                await fake.wait_for(lambda iid=iid: bool(fake.posts_for(iid, "followup")), timeout=30)
                (followup,) = fake.posts_for(iid, "followup")
                # Quote fields end with their citation line; translation fields have none.
                fields = followup.payload["embeds"][0]["fields"]
                quotes = [f["value"].rsplit("\n— ", 1)[0] for f in fields if "\n— " in f["value"]]
                assert quotes and all(q in article_text for q in quotes)
            stop.set()
            assert await asyncio.wait_for(served, 20) == 0
    assert fake.unknown_routes == []
