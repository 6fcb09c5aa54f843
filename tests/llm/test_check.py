"""Checking a claim with a model: verdicts with cited quotes, and every failed check ends in not_in_article."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import create_bot
from bot.feedback_store import FeedbackStore
from bot.settings import BotSettings
from speechbot.testing.fake_openai import FakeOpenAI, error, verdict
from tests.bot.helpers import make_server, quotes_in

GPUS = "15万台のH100"
TRUE_CLAIM = "Musk said the training center has 150,000 H100 GPUs."
LOW_CLAIM = "Musk said the training center has only 15,000 H100 GPUs."
# Generous: a cold process on a loaded machine can take seconds to its first request; nothing here times out.
TIMEOUT = {"SPEECHBOT_LLM_TIMEOUT_S": "20"}


@pytest.fixture
def check(make_index):
    """`speechbot check --json` in process: the checked claim as the CLI would print it."""
    index = make_index(**TIMEOUT)
    return lambda claim: index.check_claim(claim).to_dict()


def test_supported_verdict_cites_the_sentence(cli, fake: FakeOpenAI, article_text):
    fake.script(verdict("supported", "The article says the center has 150,000 H100 GPUs.", GPUS))
    out, _ = cli("check", "--json", TRUE_CLAIM, **TIMEOUT)
    assert out["verdict"] == "supported" and out["mode"] == "llm"
    assert out["explanation"] == "The article says the center has 150,000 H100 GPUs."
    (quote,) = out["quotes"]
    assert GPUS in quote["text"] and article_text[quote["start"] : quote["end"]] == quote["text"]
    # The claim reaches the model as data to check, with the numbered sentences.
    (request,) = fake.chat_requests
    assert f"Claim: {TRUE_CLAIM}" in request["messages"][-1]["content"]


def test_contradicted_verdict_may_repeat_the_claims_own_number(check, fake: FakeOpenAI):
    fake.script(verdict("contradicted", "The article says 150,000 H100 GPUs, not 15,000.", GPUS))
    out = check(LOW_CLAIM)
    assert out["verdict"] == "contradicted" and GPUS in out["quotes"][0]["text"]


def test_a_verdict_with_a_number_its_quotes_do_not_state_is_not_in_the_article(check, fake: FakeOpenAI):
    # The 2026 trial's misreading: 15万 as 15,000, used to "contradict" a true claim.
    fake.script(verdict("contradicted", "No: the article says the center has 15,000 H100 GPUs.", GPUS))
    out = check(TRUE_CLAIM)
    assert out["verdict"] == "not_in_article" and out["quotes"] == []
    assert out["check_failed"].startswith("numbers:") and "15,000" in out["check_failed"]
    assert out["explanation"] is None  # the model's words are not shown
    assert any(GPUS in q["text"] for q in out["related"])  # the closest passages still help the reader


def test_a_claim_is_not_supported_by_a_sentence_stating_another_number(check, fake: FakeOpenAI):
    # The claim's own wrong number, echoed back as "supported".
    fake.script(verdict("supported", "Yes: the article says the center has 15,000 H100 GPUs.", GPUS))
    out = check(LOW_CLAIM)
    assert out["verdict"] == "not_in_article" and out["check_failed"].startswith("numbers:")
    assert "15,000" in out["check_failed"]


def test_a_verdict_that_reads_oku_as_billions_is_not_in_the_article(check, fake: FakeOpenAI):
    fake.script(verdict("supported", "Yes: the article says xAI sought $43 billion in equity financing.", "43億ドル"))
    out = check("xAI was reportedly seeking $4.3 billion in equity financing.")
    assert out["verdict"] == "not_in_article" and "43,000,000,000" in out["check_failed"]


def test_a_verdict_citing_no_given_sentence_is_not_in_the_article(check, fake: FakeOpenAI):
    fake.script(verdict("supported", "Yes, he said that.", extra=["S99", "Passage 1"]))
    out = check(TRUE_CLAIM)
    assert out["verdict"] == "not_in_article" and out["check_failed"].startswith("citations:")


def test_an_english_claim_gets_no_japanese_explanation(check, fake: FakeOpenAI):
    fake.script(verdict("supported", "記事によると15万台のH100があります。", GPUS))
    out = check(TRUE_CLAIM)
    assert out["verdict"] == "not_in_article" and out["check_failed"].startswith("language:")


def test_the_models_not_in_article_is_kept(check, fake: FakeOpenAI):
    fake.script(verdict("not_in_article", ""))
    out = check("Musk said the H100 GPUs cost $30,000 each.")
    assert out["verdict"] == "not_in_article" and out["mode"] == "llm" and out["related"]


def test_an_off_topic_claim_never_reaches_the_model(check, fake: FakeOpenAI):
    fake.script(verdict("supported", "Yes.", GPUS))
    out = check("The capital of France is Paris.")
    assert out["verdict"] == "not_in_article" and fake.chat_requests == []


def test_a_model_failure_shows_the_passages_without_a_verdict(check, fake: FakeOpenAI):
    fake.script(error(500))
    out = check(TRUE_CLAIM)
    assert out["verdict"] is None and out["mode"] == "extractive" and out["quotes"]
    assert "HTTP 500" in out["fallback_reason"]


def test_text_output_names_the_verdict(data_dir, fake: FakeOpenAI):
    import os
    import subprocess
    import sys

    from tests.llm.conftest import llm_env

    fake.script(verdict("contradicted", "The article says 150,000 H100 GPUs, not 15,000.", GPUS))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "SPEECHBOT_"))}
    env.update(llm_env(data_dir, fake.url, **TIMEOUT))
    proc = subprocess.run(
        [sys.executable, "-m", "speechbot", "check", "-"],
        input=LOW_CLAIM,
        env=env,
        cwd=data_dir.parent,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[:3] == [f"Claim: {LOW_CLAIM}", "Contradicted.", "The article says 150,000 H100 GPUs, not 15,000."]
    assert GPUS in lines[3]


# -- through the bot -----------------------------------------------------------------------------------
@pytest.fixture
def simcord_bot(make_index, tmp_path: Path):
    index = make_index(**TIMEOUT)
    bot = create_bot(BotSettings.extend(index.settings, ask_cooldown_s=0.001, moderator_role_id=None), index=index)
    bot.feedback = FeedbackStore(tmp_path / "feedback.sqlite")
    return bot


async def test_menu_shows_the_verdict_and_its_quotes(simcord_env, fake: FakeOpenAI, article_text):
    fake.script(verdict("supported", "The article says the center has 150,000 H100 GPUs.", GPUS))
    s = make_server(simcord_env)
    claim = await s.mod.send(s.channel, f"{TRUE_CLAIM} https://example.com")
    result = await s.alice.context_menu(s.channel, "Check against the talk", claim)
    (embed,) = result.response.embeds
    assert "✅ Supported by the article" in embed.description
    assert "The article says the center has 150,000 H100 GPUs." in embed.description
    (quote,) = quotes_in(embed)
    assert GPUS in quote and quote in article_text
    assert embed.footer.text.endswith("language-model answer")


async def test_reply_check_turns_a_hostile_verdict_into_not_in_the_article(simcord_env, fake: FakeOpenAI):
    fake.script(verdict("contradicted", "No: the article says the center has 15,000 H100 GPUs.", GPUS))
    s = make_server(simcord_env)
    claim = await s.mod.send(s.channel, TRUE_CLAIM)
    await s.alice.send(s.channel, f"<@{simcord_env.bot.user.id}> is this true?", reply_to=claim)
    (embed,) = s.channel.last_message.embeds
    assert "➖ Not in the article" in embed.description
    assert "15,000" not in embed.description and "Contradicted" not in embed.description
    assert embed.fields[0].name == "Closest passage 1 (not a confirmation)"


async def test_menu_and_reply_check_with_a_model_against_the_fake_gateway(make_index, fake: FakeOpenAI, tmp_path: Path):
    import asyncio

    from speechbot.testing.fake_discord import BOT_ID, FakeDiscord, user
    from tests.bot.test_check_e2e import replies_to
    from tests.bot.test_e2e import TOKEN, assert_no_mentions_allowed, quotes_of

    index = make_index(**TIMEOUT)
    settings = BotSettings.extend(index.settings, discord_token=TOKEN, ask_cooldown_s=0.001)
    async with FakeDiscord(lifetime=120) as discord_:
        with discord_.pointed_at():
            bot = create_bot(settings, index=index)
            bot.feedback = FeedbackStore(tmp_path / "feedback.sqlite")
            stop = asyncio.Event()
            served = await discord_.serve_bot(bot, settings, stop=stop)
            claim = await discord_.say(TRUE_CLAIM, mention_bot=False, author=user(900000000000000077, "bob"))

            fake.script(verdict("supported", "The article says the center has 150,000 H100 GPUs.", GPUS))
            iid = await discord_.context_menu("Check against the talk", claim)
            await discord_.wait_for(lambda: bool(discord_.posts_for(iid, "followup")))
            (followup,) = discord_.posts_for(iid, "followup")
            embed = followup.payload["embeds"][0]
            assert "✅ Supported by the article" in embed["description"]
            (quote,) = quotes_of(followup.payload)
            assert GPUS in quote
            assert_no_mentions_allowed(followup.payload)

            fake.script(verdict("contradicted", "No: the article says the center has 15,000 H100 GPUs.", GPUS))
            ask = await discord_.say(f"<@{BOT_ID}> is this true?", reply_to=claim)
            await discord_.wait_for(lambda: bool(replies_to(discord_, ask)))
            (reply,) = replies_to(discord_, ask)
            shown = reply.payload["embeds"][0]["description"]
            assert "➖ Not in the article" in shown and "15,000" not in shown
            assert len(fake.chat_requests) == 1  # the model was asked, and overruled by the number check

            stop.set()
            assert await asyncio.wait_for(served, 20) == 0
    assert discord_.unknown_routes == []


def test_a_claim_called_supported_must_have_its_names_in_the_cited_sentences(check, fake: FakeOpenAI):
    # Numbers agree, but the cited sentence says nothing of Neuralink: "supported" would vouch for it.
    fake.script(verdict("supported", "Yes: the article says there are 150,000 H100 GPUs.", GPUS))
    out = check("Musk said Neuralink's training center has 150,000 H100 GPUs.")
    assert fake.chat_requests, "the claim is on topic: the model must be asked"
    assert out["verdict"] == "not_in_article" and out["explanation"] is None
    assert out["check_failed"].startswith("claim:") and "Neuralink" in out["check_failed"]


def test_an_explanation_with_a_name_its_quotes_do_not_state_is_not_in_the_article(check, fake: FakeOpenAI):
    fake.script(verdict("supported", "Yes: Jensen Huang confirmed 150,000 H100 GPUs.", GPUS))
    out = check(TRUE_CLAIM)
    assert out["verdict"] == "not_in_article" and out["check_failed"].startswith("explanation:")
    assert "Huang" in out["check_failed"]


def test_an_injected_supported_verdict_that_inverts_the_cited_sentence_is_not_shown(check, fake: FakeOpenAI):
    # The hostile trial's prompt injection: the AI-safety sentence cited as support for its opposite.
    fake.script(verdict("supported", "Yes: Musk says AI is harmless.", "真実への厳格なこだわり"))
    out = check("Musk said that AI is completely harmless and needs no safety work.")
    assert out["verdict"] == "not_in_article" and out["explanation"] is None
