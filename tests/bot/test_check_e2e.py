"""Checking a message against the talk through the real `serve()` and a fake Discord on 127.0.0.1 (no model)."""

from __future__ import annotations

import asyncio

from bot import create_bot
from bot.settings import BotSettings
from speechbot.testing.fake_discord import BOT_ID, FakeDiscord, user
from tests.bot.test_e2e import TOKEN, assert_no_mentions_allowed, quotes_of

BOB = user(900000000000000077, "bob")
CLAIM = "<@900000000000000005> Musk said humanoid robots will outnumber humans by at least five times https://x.example"


def replies_to(fake: FakeDiscord, mid: int) -> list:
    return [
        p
        for p in fake.posts
        if p.kind == "message" and str((p.payload.get("message_reference") or {}).get("message_id")) == str(mid)
    ]


async def test_menu_and_reply_check_against_the_fake_gateway(index_settings, speech_index, article_text):
    settings = BotSettings.extend(index_settings, discord_token=TOKEN, ask_cooldown_s=0.001)
    async with FakeDiscord(lifetime=120) as fake:
        with fake.pointed_at():
            bot = create_bot(settings, index=speech_index)
            stop = asyncio.Event()
            served = await fake.serve_bot(bot, settings, stop=stop)
            (menu,) = [c for c in fake.commands if c.get("type") == 3]
            assert menu["name"] == "Check against the talk" and menu["name_localizations"]["ja"] == "講演と照合"

            claim = await fake.say(CLAIM, mention_bot=False, author=BOB)
            iid = await fake.context_menu("Check against the talk", claim)
            await fake.wait_for(lambda: bool(fake.posts_for(iid, "followup")))
            assert fake.posts_for(iid, "callback")[0].payload["type"] == 5
            (followup,) = fake.posts_for(iid, "followup")
            embed = followup.payload["embeds"][0]
            assert "This is what the article says on this topic." in embed["description"]
            assert "https://" not in embed["description"] and "<@900000000000000005>" not in embed["description"]
            quotes = quotes_of(followup.payload)
            assert quotes and all(q in article_text for q in quotes) and any("人型ロボット" in q for q in quotes)
            assert_no_mentions_allowed(followup.payload)

            # A reply that mentions the bot; Discord left out the message replied to, so the bot fetches it.
            ask = await fake.say(f"<@{BOT_ID}> is this true?", reply_to=claim, referenced=False)
            await fake.wait_for(lambda: bool(replies_to(fake, ask)))
            (reply,) = replies_to(fake, ask)
            assert quotes_of(reply.payload) == quotes
            assert_no_mentions_allowed(reply.payload)
            assert not [p for p in fake.posts if p.kind == "thread"]  # a check, not a question

            stop.set()
            assert await asyncio.wait_for(served, 20) == 0
    assert fake.unknown_routes == []
