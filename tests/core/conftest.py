"""Core fixtures: fresh data folders with a private copy of the sources, and a fast test model."""

from __future__ import annotations

import shutil

import pytest

from tests.core.hash_embedding import HashEmbedding


@pytest.fixture
def hash_model():
    return HashEmbedding()


@pytest.fixture
def fresh_settings(tmp_path, seeds_dir):
    """Settings with an empty data folder and a private, writable copy of the sources."""
    from index.settings import Settings

    sources = tmp_path / "sources"
    shutil.copytree(seeds_dir, sources)
    return Settings.from_env(
        {"SPEECHBOT_DATA_DIR": str(tmp_path / "data"), "SPEECHBOT_SOURCES_DIR": str(sources)}, dotenv=False
    )
