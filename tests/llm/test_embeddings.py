"""OpenAI(-compatible) embeddings: a change of embedding model rebuilds the index, never a dimension error."""

from __future__ import annotations

import time

import pytest

from index.embedding import EmbeddingUnavailable, openai_embedder
from index.engine import open_index
from index.settings import Settings
from speechbot.testing.fake_openai import FakeOpenAI
from tests.llm.conftest import SEEDS


def settings_for(tmp_path, url: str, model: str) -> Settings:
    return Settings.from_env(
        {
            "SPEECHBOT_DATA_DIR": str(tmp_path),
            "SPEECHBOT_SOURCES_DIR": str(SEEDS),
            "SPEECHBOT_EMBEDDINGS": "openai",
            "OPENAI_API_KEY": "test",
            "OPENAI_BASE_URL": url,
            "OPENAI_EMBEDDING_MODEL": model,
            "SPEECHBOT_LLM_TIMEOUT_S": "2",
        }
    )


def test_changing_the_embedding_model_rebuilds_the_index(tmp_path, fake: FakeOpenAI) -> None:
    first = open_index(settings_for(tmp_path, fake.url, "fake-embed-32"))
    assert (first.status().embedding_model, first.status().dimension) == ("fake-embed-32", 32)
    assert first.ask("ロボット", use_llm=False).index_version == first.view().version
    assert {r["model"] for r in fake.embedding_requests} == {"fake-embed-32"}
    old_version = first.view().version

    second = open_index(settings_for(tmp_path, fake.url, "fake-embed-48"))
    status = second.status()
    assert (status.embedding_model, status.dimension, status.stale) == ("fake-embed-48", 48, False)
    assert status.version != old_version
    # Asking embeds the question with the new model and searches the new 48-dimension vectors.
    answer = second.ask("ロボット", use_llm=False)
    assert answer.index_version == status.version
    assert fake.embedding_requests[-1]["model"] == "fake-embed-48"


def test_embedder_is_bounded_and_names_its_model(fake: FakeOpenAI, tmp_path) -> None:
    model = openai_embedder(settings_for(tmp_path, fake.url, "fake-embed-16"))
    assert model.model_name == "fake-embed-16"
    assert model.api_base == fake.url  # llama-index ignores OPENAI_BASE_URL unless it is passed
    assert (model.max_retries, model.timeout) == (1, 2.0)
    assert model.dimension == 16
    known = openai_embedder(settings_for(tmp_path, fake.url, "text-embedding-3-small"))
    assert known.dimension == 1536  # known models need no probe call


def test_unreachable_embedding_server_is_a_domain_error(tmp_path) -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    model = openai_embedder(settings_for(tmp_path, f"http://127.0.0.1:{port}/v1", "fake-embed-16"))
    started = time.monotonic()
    with pytest.raises(EmbeddingUnavailable, match=r"could not|failed"):
        model.get_query_embedding("hello")
    assert time.monotonic() - started < 10
