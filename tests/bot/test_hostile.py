"""The hostile trial of issue 11 through the bot (simcord): model text made inert, sources refusals in one
sentence, answers while a refresh runs, refreshes in a child process, a damaged feedback file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot import create_bot, render
from bot.feedback_store import FeedbackStore
from bot.settings import BotSettings
from index import refresh_process
from index.engine import SpeechIndex
from index.results import Answer, KeyPoint, KeyPoints, Quote
from index.settings import Settings
from tests.bot.conftest import ARTICLE
from tests.bot.helpers import StubIndex, error_names, make_server, quotes_in

# Refreshes run in a child process (seconds to start), longer than simcord's default 5 s to settle.
pytestmark = pytest.mark.simcord(settle_timeout=120)

NOTES = b"# Field notes\n\nThe robots in the warehouse were painted bright orange by the night crew.\n"
PRIZE = "[Claim your prize](https://evil.example/win) @everyone @here <@123456789012345678>"


@pytest.fixture(scope="module")
def own_index(tmp_path_factory: pytest.TempPathFactory, speech_index: SpeechIndex) -> SpeechIndex:
    """A copy of the session's built index, with a sources folder of its own."""
    root = tmp_path_factory.mktemp("hostile-bot")
    shutil.copytree(speech_index.settings.data_dir, root / "data", ignore=shutil.ignore_patterns("*.lock"))
    (root / "sources").mkdir()
    shutil.copy(ARTICLE, root / "sources")
    settings = Settings.from_env(
        {"SPEECHBOT_DATA_DIR": str(root / "data"), "SPEECHBOT_SOURCES_DIR": str(root / "sources")}, dotenv=False
    )
    index = SpeechIndex(settings, model=speech_index.model)
    index.ensure_current()
    return index


@pytest.fixture
def simcord_bot(own_index: SpeechIndex, tmp_path: Path):
    folder = own_index.settings.sources_dir
    for path in folder.iterdir():
        if path.name != ARTICLE.name:
            path.unlink()
    own_index.ensure_current()
    bot = create_bot(
        BotSettings.extend(own_index.settings, ask_cooldown_s=0.001, moderator_role_id=None), index=own_index
    )
    bot.feedback = FeedbackStore(tmp_path / "feedback.sqlite")
    return bot


def hostile_answer(article: str) -> Answer:
    text = next(p for p in article.split("\n") if len(p.strip()) > 40)
    start = article.index(text)
    quote = Quote(text, ARTICLE.name, None, 1, start, start + len(text), translation=f"Translation {PRIZE}")
    quote = Quote(**{**{f: getattr(quote, f) for f in quote.__slots__}, "translation_source": "model"})
    return Answer("What?", "answered", (quote,), "stub", mode="llm", answer=f"He said so.\n{PRIZE}\u202e")


def assert_inert(text: str) -> None:
    assert "](" not in text.replace("]\u200b(", "")  # no masked link survives
    assert "@everyone" not in text and "@here" not in text and "<@1" not in text
    assert "\u202e" not in text


async def test_model_text_and_translations_are_inert(simcord_env, simcord_bot, article_text):
    simcord_bot._index = StubIndex(simcord_bot.index, lambda *a, **k: hostile_answer(article_text))
    s = make_server(simcord_env)
    result = await s.alice.slash(s.channel, "ask", question="What did he say?")
    (embed,) = result.response.embeds
    assert_inert(embed.description)
    assert "Claim your prize (`https://evil.example/win`)" in embed.description  # shown, not clickable
    (translation,) = [f.value for f in embed.fields if f.name.startswith("Translation")]
    assert_inert(translation)
    assert quotes_in(embed) and all(q in article_text for q in quotes_in(embed))
    message = result.response.message if hasattr(result.response, "message") else result.response
    assert message.mention_everyone is False and message.mentions == []


def test_key_points_from_a_model_are_inert(article_text):
    answer = hostile_answer(article_text)
    points = KeyPoints(None, (KeyPoint(f"Point {PRIZE}", answer.quotes),), "stub", mode="llm")
    for embed in render.keypoint_embeds(points, "en"):
        for field in embed.fields:
            assert_inert(field.name)
            assert_inert(field.value.rsplit("\n— ", 1)[-1])


async def test_a_long_japanese_attachment_name_is_one_sentence(simcord_env, own_index):
    s = make_server(simcord_env)
    result = await s.mod.slash(s.channel, "sources add", file=("議事録" * 33 + "あ.md", NOTES))
    text = result.response.content
    assert result.ephemeral and "bytes long in UTF-8" in text and "rename the file" in text
    assert "Something went wrong" not in text and error_names(simcord_env) == ["SourceError"]


async def test_one_byte_over_the_limit_is_refused_with_the_real_size(simcord_env, own_index):
    s = make_server(simcord_env)
    result = await s.mod.slash(s.channel, "sources add", file=("big.md", b"a" * (1024 * 1024 + 1)))
    assert result.response.content == "big.md is 1,048,577 bytes; sources may be at most 1 MiB (1,048,576 bytes)."
    assert error_names(simcord_env) == ["SourceError"]


async def test_the_last_valid_source_is_kept(simcord_env, own_index):
    (own_index.settings.sources_dir / "zz.txt").write_bytes("壊れた".encode("shift_jis"))
    s = make_server(simcord_env)
    result = await s.mod.slash(s.channel, "sources remove", name=ARTICLE.name)
    assert result.ephemeral and "is the last source that can be indexed" in result.response.content
    assert (own_index.settings.sources_dir / ARTICLE.name).is_file()
    assert error_names(simcord_env) == ["SourceError"]


async def test_answers_keep_coming_while_a_refresh_runs_and_a_file_is_bad(simcord_env, own_index, article_text):
    (own_index.settings.sources_dir / "zz.txt").write_bytes("壊れた".encode("shift_jis"))
    s = make_server(simcord_env)
    with own_index.store.refresh_lock("Mod Two (42)"):
        result = await s.alice.slash(s.channel, "ask", question="What is Grok 3.5 focusing on?")
        shown = await s.alice.slash(s.channel, "sources show")
    (embed,) = result.response.embeds
    assert quotes_in(embed) and all(q in article_text for q in quotes_in(embed))
    stale = {f.name: f.value for f in shown.response.embeds[0].fields}["Out of date"]
    assert "zz.txt is not UTF-8 text" in stale


async def test_refresh_and_sources_changes_build_in_a_child_process(simcord_env, own_index, monkeypatch):
    calls: list[str] = []
    real = refresh_process.refresh_in_child

    def spy(settings, *, who, force=False):
        calls.append(who)
        return real(settings, who=who, force=force)

    monkeypatch.setattr(refresh_process, "refresh_in_child", spy)
    s = make_server(simcord_env)
    added = await s.mod.slash(s.channel, "sources add", file=("notes.md", NOTES))
    assert added.response.embeds[0].description.startswith("Added notes.md (1 passage).")
    assert "notes.md" in [d["name"] for d in own_index.status().documents]  # this process switched over
    await s.mod.slash(s.channel, "refresh")
    removed = await s.mod.slash(s.channel, "sources remove", name="NOTES.MD")  # names as listed, any case
    assert removed.response.embeds[0].description.startswith("Removed notes.md.")
    assert len(calls) == 3 and all(str(s.mod.id) in who for who in calls)


async def test_a_damaged_feedback_file_is_set_aside(simcord_env, simcord_bot, tmp_path, caplog):
    path = tmp_path / "feedback.sqlite"
    simcord_bot.feedback.close()  # the file is damaged between runs, not under an open connection
    path.write_bytes(b"garbage, not a database " * 40)
    simcord_bot.feedback.create()
    assert list(tmp_path.glob("feedback.sqlite.broken-*")) and "is damaged" in caplog.text
    s = make_server(simcord_env)
    result = await s.alice.slash(s.channel, "ask", question="What is Grok 3.5 focusing on?")
    assert result.response.embeds and simcord_env.errors == []
