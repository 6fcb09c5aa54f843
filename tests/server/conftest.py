"""Server-mode fixtures: per-test settings against the shared Chroma server, and a clean server per test."""

from __future__ import annotations

import shutil

import pytest

from index.settings import Settings


@pytest.fixture
def server_settings(tmp_path, seeds_dir, chroma_server):
    """Settings for one "host": its own data folder (embedding cache) and sources, the shared server."""
    sources = tmp_path / "sources"
    shutil.copytree(seeds_dir, sources)
    return Settings.from_env(
        {
            "SPEECHBOT_DATA_DIR": str(tmp_path / "data"),
            "SPEECHBOT_SOURCES_DIR": str(sources),
            "CHROMA_HOST": "127.0.0.1",
            "CHROMA_PORT": str(chroma_server.port),
        },
        dotenv=False,
    )


@pytest.fixture(autouse=True)
def _clean_server(request):
    """Each test starts from an empty server, so builds of one test never satisfy another."""
    if "chroma_server" not in request.fixturenames and "server_settings" not in request.fixturenames:
        yield
        return
    server = request.getfixturevalue("chroma_server")
    import chromadb

    client = chromadb.HttpClient(host="127.0.0.1", port=server.port)
    for c in client.list_collections():
        client.delete_collection(c if isinstance(c, str) else c.name)
    yield
