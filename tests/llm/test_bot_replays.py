"""Issue 9's model failures, replayed by the fake server, as a Discord user sees them (through simcord)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import create_bot
from bot.feedback_store import FeedbackStore
from bot.settings import BotSettings
from speechbot.testing.fake_openai import FakeOpenAI
from tests.bot.helpers import make_server, quotes_in
from tests.llm.replays import REPLAYS, judger, replayer


@pytest.fixture
def simcord_bot(make_index, tmp_path: Path):
    """The bot with a generous model budget: these tests are about what is shown, not timeouts."""
    index = make_index(SPEECHBOT_LLM_TIMEOUT_S="30")
    bot = create_bot(BotSettings.extend(index.settings, ask_cooldown_s=0.001, moderator_role_id=None), index=index)
    bot.feedback = FeedbackStore(tmp_path / "feedback.sqlite")
    return bot


@pytest.mark.parametrize("n", range(len(REPLAYS)), ids=[r.question[:40] for r in REPLAYS])
async def test_replayed_model_failures_are_refused_or_fall_back_in_discord(
    simcord_env, simcord_bot, fake: FakeOpenAI, n: int
) -> None:
    replay = REPLAYS[n]
    fake.script(replayer())
    fake.judge(judger())
    extractive = simcord_bot.index.ask(replay.question, use_llm=False)
    s = make_server(simcord_env)
    result = await s.alice.slash(s.channel, "ask", question=replay.question)
    (embed,) = result.response.embeds
    outcome = replay.outcome
    if outcome == "refused_or_check_failed":
        outcome = "refused" if extractive.status == "not_found" else "check_failed"
    if outcome == "refused":
        assert embed.description.startswith(("**Not covered by the article**", "**記事には書かれていません**"))
        # The closest passages may follow, as related passages; the model was never asked.
        assert quotes_in(embed) == [q.text for q in extractive.related] and fake.chat_requests == []
    elif outcome == "doubted":
        # Not covered, with the closest passages: the model doubted them, and its answer failed a check.
        assert embed.description.startswith(("**Not covered by the article**", "**記事には書かれていません**"))
        assert quotes_in(embed) == [q.text for q in extractive.quotes]
        assert replay.answer not in embed.description
    elif outcome == "check_failed":
        # The extractive quotes, and one line saying why the model's answer is not shown.
        assert quotes_in(embed) == [q.text for q in extractive.quotes]
        line = embed.description.splitlines()[-1]  # under the translated answer line, if any
        assert replay.reason in line.replace("\\", "") and line.startswith("⚠️ *") and len(line) < 400
        # Not shown as the answer: the extractive answer line may hold the same words when the model's
        # reply was a reviewed rendering of a quote, word for word ("How did they keep the cluster cool?").
        assert replay.answer not in embed.description.replace(extractive.answer or "", "")
        assert embed.footer.text.endswith(("extractive answer", "抽出型の回答"))
    else:
        assert embed.description == replay.shown
        assert embed.footer.text.endswith(("language-model answer", "言語モデルの回答"))
