"""The real bot (`serve`, the `speechbot serve` path) against a fake Discord on 127.0.0.1."""

from __future__ import annotations

import asyncio
import logging
import os
import signal

import pytest

from bot import create_bot, run
from bot.settings import BotSettings
from speechbot.testing.fake_discord import BOT_ID, FakeDiscord

TOKEN = "MTIz.fake-token-that-must-never-be-logged.abc"


def quotes_of(payload: dict) -> list[str]:
    # Quote fields end with their citation line; translation fields (labelled as such) have none.
    fields = [f for e in payload.get("embeds", []) for f in e.get("fields", [])]
    return [f["value"].rsplit("\n— ", 1)[0] for f in fields if "\n— " in f["value"]]


def assert_no_mentions_allowed(payload: dict) -> None:
    allowed = payload["allowed_mentions"]
    assert allowed.get("parse") == [] and not allowed.get("users") and not allowed.get("roles")


async def test_serve_answers_slash_and_mention_then_stops_on_sigterm(
    index_settings, speech_index, article_text, caplog
):
    settings = BotSettings.extend(index_settings, discord_token=TOKEN, ask_cooldown_s=0.001)
    caplog.set_level(logging.DEBUG)
    async with FakeDiscord(lifetime=120) as fake:
        with fake.pointed_at():
            bot = create_bot(settings)  # opens the index itself, in setup_hook
            served = await fake.serve_bot(bot, settings)
            assert bot.is_ready()
            assert {c["name"] for c in fake.commands} == {
                "ask",
                "keypoints",
                "sources",
                "refresh",
                "feedback",
                "Check against the talk",
            }

            iid = await fake.slash("ask", question="@everyone why did Musk leave his government job?")
            await fake.wait_for(lambda: bool(fake.posts_for(iid, "followup")))
            (callback,) = fake.posts_for(iid, "callback")
            assert callback.payload["type"] == 5  # deferred, thinking
            (followup,) = fake.posts_for(iid, "followup")
            quotes = quotes_of(followup.payload)
            assert quotes and all(q in article_text for q in quotes)
            assert "@everyone" not in followup.payload["embeds"][0]["title"]
            assert_no_mentions_allowed(followup.payload)

            mid = await fake.say(f"<@{BOT_ID}> what did Musk say about Mars?")
            await fake.wait_for(lambda: any(p.kind == "message" and p.channel_id == mid for p in fake.posts))
            (thread,) = [p for p in fake.posts if p.kind == "thread"]
            assert thread.path.endswith(f"/messages/{mid}/threads")
            (answer,) = [p for p in fake.posts if p.kind == "message" and p.channel_id == mid]
            quotes = quotes_of(answer.payload)
            assert quotes and all(q in article_text for q in quotes)
            assert_no_mentions_allowed(answer.payload)

            os.kill(os.getpid(), signal.SIGTERM)  # serve() handles it: clean shutdown, exit code 0
            assert await asyncio.wait_for(served, 20) == 0
            assert bot.is_closed()
    assert fake.unknown_routes == []
    assert TOKEN not in caplog.text


def test_run_without_token_says_how_to_set_it(index_settings, capsys):
    assert run(BotSettings.extend(index_settings, discord_token=None)) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0
    assert "DISCORD_TOKEN" in err and ".env" in err and "speechbot ask" in err


@pytest.mark.parametrize("guild_id", [None, 900000000000000003])
async def test_commands_sync_to_the_guild_when_one_is_set(index_settings, speech_index, guild_id):
    settings = BotSettings.extend(index_settings, discord_token=TOKEN, discord_guild_id=guild_id)
    async with FakeDiscord(lifetime=60) as fake:
        with fake.pointed_at():
            bot = create_bot(settings, index=speech_index)
            stop = asyncio.Event()
            served = await fake.serve_bot(bot, settings, stop=stop, ready=False)
            stop.set()
            assert await asyncio.wait_for(served, 20) == 0
    assert fake.commands and fake.unknown_routes == []
    put = [r for r in fake.sync_paths]
    assert put == [
        f"/applications/900000000000000001/guilds/{guild_id}/commands"
        if guild_id
        else "/applications/900000000000000001/commands"
    ]
