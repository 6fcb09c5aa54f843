"""A restart on a missing, half-written or damaged data folder: detected, logged, rebuilt, never served."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

QUESTION = "How many H100 GPUs are in the training center now?"


def ask(data, sources):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "CHROMA_"))}
    env.update(SPEECHBOT_DATA_DIR=str(data), SPEECHBOT_SOURCES_DIR=str(sources))
    return subprocess.run(
        [sys.executable, "-m", "speechbot", "-v", "ask", "--json", QUESTION],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        cwd=data.parent,
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory, seeds_dir):
    root = tmp_path_factory.mktemp("restart")
    p = ask(root / "data", seeds_dir)
    assert p.returncode == 0, p.stderr
    return root / "data"


def damage_database(data):
    (data / "chroma" / "chroma.sqlite3").write_bytes(os.urandom(8192))


def damage_pointer(data):
    (data / "LIVE.json").write_text('{"build": "0123456789ab-abcdef"}', encoding="utf-8")


def half_written_build(data):
    [build] = [p for p in (data / "versions").iterdir() if p.is_dir()]
    (build / "manifest.json").unlink()


def lost_snapshot(data):
    [build] = [p for p in (data / "versions").iterdir() if p.is_dir()]
    shutil.rmtree(build / "sources")


def empty_folder(data):
    for p in data.iterdir():
        shutil.rmtree(p) if p.is_dir() else p.unlink()


@pytest.mark.parametrize("damage", [damage_database, damage_pointer, half_written_build, lost_snapshot, empty_folder])
def test_damaged_data_folder_is_rebuilt_not_served(tmp_path, built, seeds_dir, article_text, damage):
    data = tmp_path / "data"
    shutil.copytree(built, data)
    damage(data)
    p = ask(data, seeds_dir)
    assert p.returncode == 0, p.stderr
    answer = json.loads(p.stdout)
    assert answer["status"] == "answered"
    assert all(article_text[q["start"] : q["end"]] == q["text"] for q in answer["quotes"])
    assert "building the index" in p.stderr or "cannot be opened" in p.stderr  # logged, not silent
    # And the next start opens what was rebuilt, without building again.
    again = ask(data, seeds_dir)
    assert again.returncode == 0 and "building the index" not in again.stderr
