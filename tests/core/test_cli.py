"""The `speechbot` command as a user runs it: a real process, a temporary data folder, no API key."""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from index.messages.en import EN
from index.messages.ja import JA
from speechbot.cli import build_parser

ROOT = Path(__file__).resolve().parents[2]


def run(args, data_dir, *, stdin=None, sources=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "DISCORD_"))}
    env.update(SPEECHBOT_DATA_DIR=str(data_dir), SPEECHBOT_SOURCES_DIR=str(sources or ROOT / "seeds"))
    return subprocess.run(
        [sys.executable, "-m", "speechbot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=data_dir.parent,
        timeout=300,
    )


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("cli") / "data"


def test_first_ask_builds_the_index_and_prints_the_json_contract(data_dir, article_text):
    p = run(["ask", "--json", "How many H100 GPUs are in the training center now?"], data_dir)
    assert p.returncode == 0, p.stderr
    [line] = p.stdout.splitlines()
    answer = json.loads(line)
    assert answer["status"] == "answered" and answer["mode"] == "extractive"
    assert answer["index_version"] and answer["quotes"]
    lines = article_text.split("\n")
    for q in answer["quotes"]:
        assert article_text[q["start"] : q["end"]] == q["text"]
        assert q["source"] == "000_7e1d518b4a2c8e90.txt" and isinstance(q["paragraph"], int)
        # Citations a person can follow: the title (first heading line), the line the quote is on.
        assert q["title"] == lines[1] and q["text"] in lines[q["line"] - 1]
        assert q["translation_source"] == "bundled" and "150,000 H100s" in answer["answer"]
        assert q["section_translation"].startswith("The hardware competition")
    # Offline, an English question gets an English answer line built from the quotes' renderings.
    assert answer["answer"] == "From the article (translated): " + " … ".join(
        q["translation"] for q in answer["quotes"]
    )
    assert "is live" in p.stderr  # the build was reported, on stderr only
    assert "24 passages added, none removed, none unchanged" in p.stderr


def test_batch_answers_one_line_per_question(data_dir):
    stdin = "What is his plan for Mars?\n\n\x07\nWhat is the capital of France?\nマスクの計画は?\n"
    p = run(["ask", "--json", "-"], data_dir, stdin=stdin)
    assert p.returncode == 0, p.stderr
    answers = [json.loads(line) for line in p.stdout.splitlines()]
    assert [a["question"] for a in answers] == [
        "What is his plan for Mars?",
        "\x07",
        "What is the capital of France?",
        "マスクの計画は?",
    ]
    assert answers[0]["status"] == "answered"
    assert answers[1]["status"] == "not_found" and "empty" in answers[1]["reason"]
    assert answers[2]["status"] == "not_found" and answers[2]["quotes"] == []


def test_text_output_shows_quotes_and_citations(data_dir):
    p = run(["ask", "How many GPUs does the training center have now?"], data_dir)
    assert p.returncode == 0, p.stderr
    assert "「" in p.stdout and "[extractive, index " in p.stdout
    assert "From the article (translated): " in p.stdout and "\n      Translation: " in p.stdout
    # "Title — Section, line N", the section in English; no file name, paragraph count or offsets.
    assert re.search(r"\n      — マスクが予言するAIの波[^\n]* — The hardware competition[^\n]*, line \d+\n", p.stdout)
    assert ".txt" not in p.stdout and "¶" not in p.stdout and "chars" not in p.stdout


def test_keypoints_json_shape(data_dir, article_text):
    p = run(["keypoints", "--json"], data_dir)
    assert p.returncode == 0, p.stderr
    out = json.loads(p.stdout)
    assert out["topic"] is None and len(out["points"]) >= 5
    for point in out["points"]:
        assert point["text"] and point["quotes"]
        for q in point["quotes"]:
            assert article_text[q["start"] : q["end"]] == q["text"]


def test_keypoints_text_for_english_and_japanese_readers(data_dir):
    english = run(["keypoints", "--topic", "hardware"], data_dir)
    assert english.returncode == 0, english.stderr
    # The section found by its English heading; each quote with its labelled rendering and citation.
    assert english.stdout.count("\n   Translation: ") == 3 and "150,000 H100s" in english.stdout
    assert (
        english.stdout.count(" — The hardware competition: an engineering miracle from zero to 100,000 GPUs, line ")
        == 3
    )
    summary = run(["keypoints"], data_dir)
    assert "(section heading, translated)" in summary.stdout and "Translation: " in summary.stdout
    japanese = run(["keypoints", "--topic", "ハードウェア"], data_dir)
    assert "Translation" not in japanese.stdout and japanese.stdout.count("行目") == 3


def test_help_lists_the_renderings_commands():
    p = subprocess.run([sys.executable, "-m", "speechbot", "renderings", "--help"], capture_output=True, text=True)
    assert "export" in p.stdout and "import" in p.stdout


def test_index_status_and_unchanged_build(data_dir):
    status = run(["index", "status", "--json"], data_dir)
    assert status.returncode == 0, status.stderr
    s = json.loads(status.stdout)
    assert s["passages"] == 24 and s["stale"] is False and s["embedding_model"].startswith("multilingual-e5-small")
    assert s["data_dir"] == str(data_dir) and s["sources_dir"] == str(ROOT / "seeds")
    build = run(["index", "build"], data_dir)
    assert build.returncode == 0 and "unchanged" in build.stdout and "nothing embedded" in build.stdout


def test_index_status_says_up_to_date_and_where_the_folders_are(data_dir, tmp_path):
    text = run(["index", "status"], data_dir)
    assert text.returncode == 0, text.stderr
    lines = text.stdout.splitlines()
    assert f"data folder: {data_dir}" in lines and f"sources folder: {ROOT / 'seeds'}" in lines
    assert lines[-1] == "up to date with the sources folder."
    # The same index against a sources folder that has changed since: stale, never "up to date".
    changed = tmp_path / "sources"
    shutil.copytree(ROOT / "seeds", changed)
    article = next(changed.glob("*.txt"))
    article.write_text(article.read_text(encoding="utf-8") + "\n追加の段落です。\n", encoding="utf-8")
    stale = run(["index", "status"], data_dir, sources=changed)
    assert stale.returncode == 0, stale.stderr
    assert "up to date" not in stale.stdout
    assert stale.stdout.splitlines()[-1].startswith("stale: the sources have changed")


def test_eval_prints_figures_per_language(data_dir):
    p = run(["eval", str(ROOT / "evals" / "questions.jsonl")], data_dir)
    assert p.returncode == 0, p.stderr
    assert p.stdout.count("[en]") >= 1 and p.stdout.count("[ja]") >= 1 and "verbatim quotes" in p.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ask", "Mars?"], "SPEECHBOT_SOURCES_DIR"),
        (["eval", "/nonexistent.jsonl"], "Cannot read"),
    ],
)
def test_errors_are_one_actionable_sentence_and_a_nonzero_exit(tmp_path, args, message):
    sources = tmp_path / "missing" if args[0] == "ask" else None
    p = run(args, tmp_path / "data", sources=sources)
    assert p.returncode == 1
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("speechbot: ") and message in lines[0]
    assert "Traceback" not in p.stderr


def test_help_lists_every_command():
    p = subprocess.run([sys.executable, "-m", "speechbot", "--help"], capture_output=True, text=True)
    for command in ("ask", "keypoints", "index", "eval", "serve"):
        assert command in p.stdout


def _parsers(parser: argparse.ArgumentParser):
    """`speechbot` and every subcommand's parser, with the help lines its parent lists it by."""
    yield parser, []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            yield parser, action._choices_actions
            for sub in action.choices.values():
                yield from _parsers(sub)


def test_every_help_text_comes_from_the_catalogue_and_is_printed(monkeypatch):
    monkeypatch.setenv("COLUMNS", "1000")  # no wrapping: a help text is printed on one line
    catalogue = {text: key for key, text in EN.items() if key.startswith("cli.help.")}
    shown = []
    for parser, listed in _parsers(build_parser()):
        printed = parser.format_help()
        for action in [*parser._actions, *listed]:
            if action.help in (None, argparse.SUPPRESS) or isinstance(action, argparse._HelpAction):
                continue  # argparse's own "show this help message and exit"
            assert action.help in catalogue, f"{parser.prog} {action.dest}: help not from the catalogue"
            assert action.help in printed
            shown.append(action.help)
    assert len(shown) >= 40, "the walk must reach every subcommand's options"
    assert set(shown) == set(catalogue), "a cli.help key no option uses"
    # The Japanese catalogue words each of them in Japanese.
    help_keys = {k for k in EN if k.startswith("cli.help.")}
    assert help_keys <= set(JA) and all(re.search(r"[ぁ-んァ-ン一-龯]", JA[k]) for k in help_keys)


def test_help_follows_a_reworded_catalogue(monkeypatch):
    monkeypatch.setenv("COLUMNS", "1000")
    monkeypatch.setitem(EN, "cli.help.serve", "start the Discord bot (reworded)")
    monkeypatch.setitem(EN, "cli.help.ask.no_llm", "quotes only (reworded)")
    parser = build_parser()
    assert "start the Discord bot (reworded)" in parser.format_help()
    ask = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices["ask"]
    assert "quotes only (reworded)" in ask.format_help()


def test_a_refusal_prints_the_closest_passages_in_text_and_json(data_dir, article_text):
    question = "What did Musk say about Neuralink?"
    text = run(["ask", question], data_dir)
    assert text.returncode == 0, text.stderr
    assert "The article does not answer this directly; closest passages:" in text.stdout
    assert text.stdout.count("does not answer this directly") == 1  # the reason does not say it again
    assert "says nothing about Neuralink" in text.stdout  # as the question writes it
    assert "[1] 「" in text.stdout
    answer = json.loads(run(["ask", "--json", question], data_dir).stdout)
    assert answer["status"] == "not_found" and answer["quotes"] == []
    assert answer["related"] and all(article_text[q["start"] : q["end"]] == q["text"] for q in answer["related"])
