"""👎 with a reason: the choice, the "other" modal, /feedback per reason, schema upgrade, a damaged file."""

from __future__ import annotations

import json
import logging
import sqlite3

import pytest

from bot.feedback_store import REASONS, FeedbackStore
from index.messages.en import EN
from index.messages.ja import JA
from index.results import Answer, Quote
from tests.bot.helpers import make_server, use_locale

QUESTION = "What did Musk say about AI?"


def feedback_ids(message) -> dict[str, str]:
    ids = [c["custom_id"] for row in message.components for c in row["components"]]
    return {"up": next(i for i in ids if ":up:" in i), "down": next(i for i in ids if ":down:" in i)}


async def down_vote(simcord_env, s, question=QUESTION):
    answer = await s.alice.slash(s.channel, "ask", question=question)
    return answer, await s.alice.click(answer.response, custom_id=feedback_ids(answer.response)["down"])


async def test_down_vote_offers_reasons_and_stores_the_chosen_one(simcord_env):
    s = make_server(simcord_env)
    _, click = await down_vote(simcord_env, s)
    assert click.ephemeral
    (row,) = click.response.components
    (menu,) = row["components"]
    assert [o["value"] for o in menu["options"]] == list(REASONS)
    # The 👎 counts even before a reason is chosen.
    assert simcord_env.bot.feedback.summary().reasons == {None: 1}
    chosen = await s.alice.select(click.response, ["wrong_passage"])
    assert chosen.response.content == "Thanks, noted: Wrong passage quoted."
    summary = simcord_env.bot.feedback.summary()
    assert (summary.down, summary.reasons) == (1, {"wrong_passage": 1})
    assert summary.latest_down[0].reason == "wrong_passage" and summary.latest_down[0].question == QUESTION


async def test_other_opens_a_modal_and_stores_the_text(simcord_env):
    s = make_server(simcord_env)
    _, click = await down_vote(simcord_env, s)
    shown = await s.alice.select(click.response, ["other"])
    submitted = await s.alice.submit_modal(shown, {"details": "  It quoted the GPU part, I asked about models.  "})
    assert submitted.response.content == "Thanks, noted: Other."
    vote = simcord_env.bot.feedback.summary().latest_down[0]
    assert (vote.reason, vote.text) == ("other", "It quoted the GPU part, I asked about models.")


async def test_changing_to_up_vote_drops_the_reason(simcord_env):
    s = make_server(simcord_env)
    answer, click = await down_vote(simcord_env, s)
    await s.alice.select(click.response, ["translation_wrong"])
    up = await s.alice.click(answer.response, custom_id=feedback_ids(answer.response)["up"])
    assert up.response.content == "Thanks for the feedback."
    summary = simcord_env.bot.feedback.summary()
    assert (summary.up, summary.down, summary.reasons) == (1, 0, {})


async def test_reason_labels_follow_the_askers_language(simcord_env, monkeypatch):
    use_locale(monkeypatch, "ja")
    s = make_server(simcord_env)
    _, click = await down_vote(simcord_env, s)
    assert click.response.content == "フィードバックありがとうございます。何が問題でしたか？"
    (row,) = click.response.components
    assert row["components"][0]["options"][0]["label"] == JA["feedback.reason.wrong_passage"] == "引用された箇所が違う"


def test_every_reason_is_labelled_by_the_catalogue_in_both_languages():
    # The ids are stored and exported as they are; only their labels live in the catalogue.
    assert REASONS == ("wrong_passage", "not_in_article", "should_have_answered", "translation_wrong", "other")
    for reason in REASONS:
        assert f"feedback.reason.{reason}" in EN and f"feedback.reason.{reason}" in JA


async def test_the_reason_menu_and_confirmation_follow_a_reworded_catalogue(simcord_env, monkeypatch):
    monkeypatch.setitem(EN, "feedback.reason.wrong_passage", "Quoted the wrong part")
    s = make_server(simcord_env)
    _, click = await down_vote(simcord_env, s)
    (row,) = click.response.components
    assert row["components"][0]["options"][0]["label"] == "Quoted the wrong part"
    chosen = await s.alice.select(click.response, ["wrong_passage"])
    assert chosen.response.content == "Thanks, noted: Quoted the wrong part."


async def test_feedback_command_counts_reasons_and_shows_them_inert(simcord_env):
    s = make_server(simcord_env)
    store = simcord_env.bot.feedback
    answer = simcord_env.bot.index.ask(QUESTION)
    votes = [
        ("q one", "wrong_passage", None),
        ("q two", "wrong_passage", None),
        ("q three", "other", "see <@123> and @everyone"),
        ("q four", None, None),
    ]
    for n, (question, reason, text) in enumerate(votes):
        answer_id = store.record_answer(Answer(question, answer.status, answer.quotes, answer.index_version))
        if reason:
            store.set_reason(answer_id, s.alice.id + n, reason, text)
        else:
            store.vote(answer_id, s.alice.id + n, -1)
    result = await s.mod.slash(s.channel, "feedback")
    (embed,) = result.response.embeds
    by_reason = next(f.value for f in embed.fields if f.name == "👎 by reason")
    assert by_reason.splitlines() == ["Wrong passage quoted: 2", "Other: 1", "No reason given: 1"]
    latest = next(f.value for f in embed.fields if f.name == "Latest 👎 questions")
    assert "q three — Other: “see" in latest and "q four — no reason given" in latest
    assert "@everyone" not in latest and "<@123>" not in latest


def test_a_first_version_file_is_upgraded_in_place(tmp_path):
    path = tmp_path / "feedback.sqlite"
    old = sqlite3.connect(path)
    old.executescript(
        """
        CREATE TABLE answers (id INTEGER PRIMARY KEY AUTOINCREMENT, question TEXT NOT NULL, status TEXT NOT NULL,
            quotes TEXT NOT NULL, index_version TEXT NOT NULL, mode TEXT NOT NULL, created_at TEXT NOT NULL);
        CREATE TABLE votes (answer_id INTEGER NOT NULL REFERENCES answers(id), user_id INTEGER NOT NULL,
            vote INTEGER NOT NULL CHECK (vote IN (-1, 1)), question TEXT NOT NULL, quotes TEXT NOT NULL,
            index_version TEXT NOT NULL, voted_at TEXT NOT NULL, PRIMARY KEY (answer_id, user_id));
        INSERT INTO answers VALUES
            (1, 'マスクの計画は?', 'answered', '[]', 'v1', 'extractive', '2026-01-01T00:00:00+00:00');
        INSERT INTO votes VALUES (1, 42, -1, 'マスクの計画は?', '[]', 'v1', '2026-01-01T00:00:01+00:00');
        """
    )
    old.commit()
    old.close()
    store = FeedbackStore(path)
    summary = store.summary()
    assert (summary.down, summary.answers, summary.reasons) == (1, 1, {None: 1})
    assert store.set_reason(1, 42, "should_have_answered")
    (item,) = store.down_votes()
    # The old row had no language column: it is told from the question.
    assert (item["lang"], item["reason"], item["question"]) == ("ja", "should_have_answered", "マスクの計画は?")
    store.close()
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == 2


def test_a_damaged_file_is_set_aside_and_recreated(tmp_path, caplog):
    path = tmp_path / "feedback.sqlite"
    path.write_bytes(b"this is not a database at all" * 100)
    store = FeedbackStore(path)
    with caplog.at_level(logging.WARNING):
        store.create()
    kept = list(tmp_path.glob("feedback.sqlite.broken-*"))
    assert len(kept) == 1 and kept[0].read_bytes().startswith(b"this is not a database")
    assert [r for r in caplog.records if "is damaged" in r.getMessage()]
    assert store.summary().answers == 0
    store.close()


def test_export_has_the_evaluation_fields_and_no_user_ids(tmp_path, article_text):
    store = FeedbackStore(tmp_path / "feedback.sqlite")
    start = article_text.index("Y Combinator")
    quote = Quote("Y Combinator", "000_7e1d518b4a2c8e90.txt", None, 1, start, start + 12, ("p1/s1",), 0.8)
    shown = Answer("Who organised it?", "answered", (quote,), "v9", language="en")
    answer_id = store.record_answer(shown)
    store.set_reason(answer_id, 987654321, "other", "wrong part")
    store.vote(answer_id, 123456789, -1)
    store.vote(store.record_answer(shown), 5, 1)  # up-votes are not exported
    items = store.down_votes()
    store.close()
    assert [i["id"] for i in items] == [f"feedback-{answer_id}", f"feedback-{answer_id}-2"]
    first = items[0]
    assert first == {
        "id": f"feedback-{answer_id}",
        "question": "Who organised it?",
        "lang": "en",
        "status": "answered",
        "quotes": [{"text": "Y Combinator", "source": "000_7e1d518b4a2c8e90.txt", "start": start, "end": start + 12}],
        "reason": "other",
        "text": "wrong part",
        "index_version": "v9",
    }
    assert items[1]["reason"] is None and "text" not in items[1]
    dumped = json.dumps(items)
    assert "987654321" not in dumped and "123456789" not in dumped


@pytest.mark.parametrize("reason", ["", "bogus"])
def test_unknown_reason_is_refused(tmp_path, reason):
    store = FeedbackStore(tmp_path / "feedback.sqlite")
    with pytest.raises(ValueError):
        store.set_reason(1, 1, reason)
    store.close()


def test_cli_export_writes_the_down_votes_as_json_lines(tmp_path):
    from tests.core.test_cli import run

    data = tmp_path / "data"
    store = FeedbackStore(data / "feedback.sqlite")
    answer_id = store.record_answer(Answer("火星の計画は?", "not_found", (), "v2", language="ja"))
    store.set_reason(answer_id, 77, "should_have_answered")
    store.close()
    written = run(["feedback", "export", str(tmp_path / "out.jsonl")], data)
    assert written.returncode == 0, written.stderr
    (line,) = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    item = json.loads(line)
    assert (item["question"], item["lang"], item["status"], item["reason"]) == (
        "火星の計画は?",
        "ja",
        "not_found",
        "should_have_answered",
    )
    printed = run(["feedback", "export"], data)
    assert printed.returncode == 0 and printed.stdout.strip() == line
    empty = run(["feedback", "export"], tmp_path / "no-data")
    assert empty.returncode == 0 and empty.stdout == "" and "no feedback recorded yet" in empty.stderr
    assert not (tmp_path / "no-data").exists()
