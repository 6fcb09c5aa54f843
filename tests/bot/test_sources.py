"""/sources show|add|remove through simcord, on an index of its own (the seeds folder is never touched)."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path
from types import SimpleNamespace

import discord
import pytest

from bot import create_bot
from bot.feedback_store import FeedbackStore
from bot.settings import BotSettings
from index.engine import SpeechIndex
from index.settings import Settings
from index.source_folder import MAX_SOURCE_BYTES
from tests.bot.conftest import ARTICLE
from tests.bot.helpers import error_names, make_server

# Refreshes run in a child process (seconds to start), longer than simcord's default 5 s to settle.
pytestmark = pytest.mark.simcord(settle_timeout=120)

NOTES = b"# Field notes\n\nThe robots in the warehouse were painted bright orange by the night crew.\n"


@pytest.fixture(scope="module")
def own_index(tmp_path_factory: pytest.TempPathFactory, speech_index: SpeechIndex) -> SpeechIndex:
    root = tmp_path_factory.mktemp("sources-bot")
    (root / "sources").mkdir()
    shutil.copy(ARTICLE, root / "sources")
    settings = Settings.from_env(
        {"SPEECHBOT_DATA_DIR": str(root / "data"), "SPEECHBOT_SOURCES_DIR": str(root / "sources")}, dotenv=False
    )
    index = SpeechIndex(settings, model=speech_index.model)  # the session's model: no second load
    index.ensure_current()
    return index


@pytest.fixture
def simcord_bot(own_index: SpeechIndex, tmp_path: Path):
    folder = own_index.settings.sources_dir
    for path in folder.iterdir():
        if path.name != ARTICLE.name:
            path.unlink()
    own_index.refresh(who="test reset")
    bot = create_bot(
        BotSettings.extend(own_index.settings, ask_cooldown_s=0.001, moderator_role_id=None), index=own_index
    )
    bot.feedback = FeedbackStore(tmp_path / "feedback.sqlite")
    return bot


def snapshot(index: SpeechIndex) -> tuple[str, list[str]]:
    return index.status().version, sorted(p.name for p in index.settings.sources_dir.iterdir())


async def test_sources_show_is_for_everyone(simcord_env, own_index):
    s = make_server(simcord_env)
    assert {"sources show", "sources add", "sources remove"} <= set(s.alice.available_commands(s.channel))
    result = await s.alice.slash(s.channel, "sources show")
    assert result.response.ephemeral
    fields = {f.name: f.value for f in result.response.embeds[0].fields}
    assert fields["Index version"] == own_index.status().version


async def test_moderator_adds_a_source_and_the_index_is_refreshed(simcord_env, own_index, caplog):
    s = make_server(simcord_env)
    before = own_index.status().version
    with caplog.at_level(logging.INFO, logger="bot"):
        result = await s.mod.slash(s.channel, "sources add", file=("../Field Notes!.md", NOTES))
    assert result.response.ephemeral
    (embed,) = result.response.embeds
    assert embed.title == "Index refreshed"
    assert embed.description.startswith("Added Field_Notes.md (1 passage).")
    status = own_index.status()
    assert status.version != before and status.version in embed.description
    assert "Field_Notes.md" in [d["name"] for d in status.documents]
    # The new document answers questions right away, verbatim.
    answer = own_index.ask("What colour were the warehouse robots painted?")
    assert any("painted bright orange" in q.text for q in answer.quotes)
    assert f"by moderator {s.mod.id}" in caplog.text


async def test_members_are_refused_add_and_remove_and_nothing_changes(simcord_env, own_index):
    s = make_server(simcord_env)
    before = snapshot(own_index)
    added = await s.alice.slash(s.channel, "sources add", file=("notes.md", NOTES))
    removed = await s.alice.slash(s.channel, "sources remove", name=ARTICLE.name)
    for result in (added, removed):
        assert result.ephemeral and result.response.content.startswith("Only moderators can do this")
    assert error_names(simcord_env) == ["NotModerator", "NotModerator"]
    assert snapshot(own_index) == before
    assert await s.alice.autocomplete(s.channel, "sources remove", "name", "") == []


async def test_duplicate_asks_and_replace_replaces(simcord_env, own_index):
    s = make_server(simcord_env)
    await s.mod.slash(s.channel, "sources add", file=("notes.md", NOTES))
    version = own_index.status().version
    newer = NOTES.replace(b"bright orange", b"deep purple")
    asked = await s.mod.slash(s.channel, "sources add", file=("notes.md", newer))
    question = asked.response
    assert question.ephemeral and question.content.startswith("notes.md is already a source")
    labels = [c["label"] for row in question.components for c in row["components"]]
    assert labels == ["Replace", "Cancel"]
    assert own_index.status().version == version  # nothing changes before the answer
    click = await s.mod.click(question, label="Replace")
    assert click.response.content == "Replacing notes.md and refreshing the index…"
    assert asked.followups[-1].ephemeral
    assert asked.followups[-1].embeds[0].description.startswith("Replaced notes.md (1 passage).")
    assert own_index.status().version != version
    assert (own_index.settings.sources_dir / "notes.md").read_bytes() == newer


async def test_duplicate_cancelled_or_unanswered_changes_nothing(simcord_env, own_index):
    s = make_server(simcord_env)
    await s.mod.slash(s.channel, "sources add", file=("notes.md", NOTES))
    before = snapshot(own_index)
    asked = await s.mod.slash(s.channel, "sources add", file=("notes.md", b"# Other\n\nOther text entirely here.\n"))
    click = await s.mod.click(asked.response, label="Cancel")
    assert click.response.content == "Cancelled: notes.md was kept as it is."
    assert snapshot(own_index) == before
    assert (own_index.settings.sources_dir / "notes.md").read_bytes() == NOTES

    asked = await s.mod.slash(s.channel, "sources add", file=("notes.md", b"# Other\n\nOther text entirely here.\n"))
    await simcord_env.advance_time(200)
    assert snapshot(own_index) == before
    assert "No answer in time" in asked.response.message.content


async def test_only_the_invoker_can_press_the_buttons():
    # The question is ephemeral, so Discord (and simcord) show it to the invoker only; the check is the backstop.
    from bot.confirm import Confirm
    from index.messages import message

    sent: list[str] = []

    async def send_message(text, **kwargs):
        sent.append(text)

    view = Confirm(1, confirm="Replace", working="w", cancelled="c")
    someone = SimpleNamespace(user=SimpleNamespace(id=2), response=SimpleNamespace(send_message=send_message))
    assert await view.interaction_check(someone) is False
    assert sent == [message("discord.confirm.not_yours")]
    assert view.choice is None and not view.is_finished()
    owner = SimpleNamespace(user=SimpleNamespace(id=1))
    assert await view.interaction_check(owner) is True


async def test_replace_option_skips_the_question(simcord_env, own_index):
    s = make_server(simcord_env)
    await s.mod.slash(s.channel, "sources add", file=("notes.md", NOTES))
    result = await s.mod.slash(s.channel, "sources add", file=("notes.md", NOTES + b"\nMore.\n"), replace=True)
    assert result.response.embeds[0].description.startswith("Replaced notes.md")


async def test_remove_autocompletes_and_removes(simcord_env, own_index, caplog):
    s = make_server(simcord_env)
    await s.mod.slash(s.channel, "sources add", file=("notes.md", NOTES))
    choices = await s.mod.autocomplete(s.channel, "sources remove", "name", "field")
    assert [c["value"] for c in choices] == ["notes.md"]
    assert choices[0]["name"].startswith("notes.md — Field notes")
    all_choices = await s.mod.autocomplete(s.channel, "sources remove", "name", "")
    assert {c["value"] for c in all_choices} == {"notes.md", ARTICLE.name}
    version = own_index.status().version
    with caplog.at_level(logging.INFO, logger="bot"):
        result = await s.mod.slash(s.channel, "sources remove", name="notes.md")
    (embed,) = result.response.embeds
    assert embed.description.startswith("Removed notes.md.")
    assert own_index.status().version != version
    assert [d["name"] for d in own_index.status().documents] == [ARTICLE.name]
    assert f"source notes.md removed by moderator {s.mod.id}" in caplog.text


@pytest.mark.parametrize(
    ("name", "message"),
    [("nope.md", "There is no source named 'nope.md'"), (ARTICLE.name, "is the last source")],
)
async def test_remove_refusals_are_one_ephemeral_sentence(simcord_env, own_index, name, message):
    s = make_server(simcord_env)
    before = snapshot(own_index)
    result = await s.mod.slash(s.channel, "sources remove", name=name)
    assert result.ephemeral and message in result.response.content
    assert snapshot(own_index) == before
    assert error_names(simcord_env) == ["SourceError"]


@pytest.mark.parametrize(
    ("filename", "data", "message"),
    [
        ("shift-jis.txt", "マスクの講演".encode("shift_jis"), "is not UTF-8 text"),
        ("empty.md", b"", "has no paragraphs"),
        ("blank.md", b"  \n\n \n", "has no paragraphs"),
        ("huge.txt", b"a" * (MAX_SOURCE_BYTES + 1), "sources may be at most 1 MiB"),
        ("photo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "is not a .txt or .md file"),
        ("nul.txt", b"text\x00more\n", "NUL bytes"),
        ("..", b"hello\n", "is not a .txt or .md file"),
    ],
)
async def test_bad_attachments_get_an_ephemeral_error_and_the_index_stays(
    simcord_env, own_index, filename, data, message
):
    s = make_server(simcord_env)
    before = snapshot(own_index)
    result = await s.mod.slash(s.channel, "sources add", file=(filename, data))
    assert result.ephemeral and message in result.response.content
    assert "\n" not in result.response.content.strip()
    assert snapshot(own_index) == before
    assert error_names(simcord_env) == ["SourceError"]


async def test_too_big_is_refused_before_downloading(simcord_env, own_index, monkeypatch):
    downloads: list[str] = []
    real_read = discord.Attachment.read

    async def read(self, **kwargs):
        downloads.append(self.filename)
        return await real_read(self, **kwargs)

    monkeypatch.setattr(discord.Attachment, "read", read)
    s = make_server(simcord_env)
    await s.mod.slash(s.channel, "sources add", file=("small.md", NOTES))
    await s.mod.slash(s.channel, "sources add", file=("huge.md", b"a" * (MAX_SOURCE_BYTES + 1)))
    assert downloads == ["small.md"]
    callbacks = [r.json for r in simcord_env.http_requests if r.path.endswith("/callback")]
    assert callbacks[-1]["type"] == 4  # answered at once, not deferred
    assert error_names(simcord_env) == ["SourceError"]


@pytest.mark.parametrize("command", ["sources add", "sources remove", "refresh"])
async def test_a_running_refresh_is_reported_with_who_and_when(simcord_env, own_index, command):
    s = make_server(simcord_env)
    before = snapshot(own_index)
    options = {"sources add": {"file": ("notes.md", NOTES)}, "sources remove": {"name": ARTICLE.name}}
    with own_index.store.refresh_lock("Mod Two (42)"):
        result = await s.mod.slash(s.channel, command, **options.get(command, {}))
    text = result.response.content
    assert result.ephemeral and text.startswith("A refresh is already running (started by Mod Two (42) <t:")
    assert ":R>" in text  # a relative Discord timestamp: "3 minutes ago" in the reader's time zone
    assert snapshot(own_index) == before
    assert error_names(simcord_env) == ["RefreshInProgress"]
