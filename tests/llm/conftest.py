"""Fixtures: one index built per session, one fake OpenAI server, LLM-enabled indexes pointing at it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from index.engine import SpeechIndex, open_index
from index.llm.cache import CACHE_FILE, AnswerCache
from index.settings import Settings
from speechbot.testing.fake_openai import FakeOpenAI

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
# Short, so the "reply never comes" cases cost seconds, not the default 20.
TIMEOUT_S = 2.0


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("llm-index")
    open_index(Settings.from_env({"SPEECHBOT_DATA_DIR": str(path), "SPEECHBOT_SOURCES_DIR": str(SEEDS)}))
    return path


@pytest.fixture(scope="session")
def fake() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as server:
        yield server


def llm_env(data_dir: Path, base_url: str, **extra: str) -> dict[str, str]:
    return {
        "OPENAI_API_KEY": "test",
        "OPENAI_BASE_URL": base_url,
        "OPENAI_MODEL": "fake-model",
        "SPEECHBOT_LLM_TIMEOUT_S": str(TIMEOUT_S),
        "SPEECHBOT_DATA_DIR": str(data_dir),
        "SPEECHBOT_SOURCES_DIR": str(SEEDS),
        **extra,
    }


@pytest.fixture
def make_index(data_dir: Path, fake: FakeOpenAI, tmp_path: Path):
    """SpeechIndex instances with a model configured; each test gets its own empty reply cache."""
    made: list[SpeechIndex] = []

    def make(*, cache: bool = True, base_url: str | None = None, **extra: str) -> SpeechIndex:
        index = SpeechIndex(Settings.from_env(llm_env(data_dir, base_url or fake.url, **extra)))
        index.llm.cache.close()
        index.llm.cache = AnswerCache(tmp_path / f"cache{len(made)}") if cache else None
        made.append(index)
        return index

    yield make
    for index in made:
        if index.llm.cache:
            index.llm.cache.close()


@pytest.fixture
def cli(data_dir: Path, fake: FakeOpenAI):
    """Run `speechbot <args>` as the user would, with the model pointed at the fake server."""

    def run(*args: str, base_url: str | None = None, **extra: str) -> tuple[dict[str, Any], float]:
        import time

        for suffix in ("", "-wal", "-shm"):
            (data_dir / (CACHE_FILE + suffix)).unlink(missing_ok=True)
        # Outside the checkout, so a developer's .env cannot point the CLI at a real server.
        env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "SPEECHBOT_"))}
        env.update(llm_env(data_dir, base_url or fake.url, **extra))
        started = time.monotonic()
        proc = subprocess.run(
            [sys.executable, "-m", "speechbot", *args],
            env=env,
            cwd=data_dir.parent,
            capture_output=True,
            text=True,
            timeout=60,
        )
        elapsed = time.monotonic() - started
        assert proc.returncode == 0, proc.stderr
        return json.loads(proc.stdout.strip().splitlines()[-1]), elapsed

    return run
