"""A real Chroma server on 127.0.0.1, started and stopped by the tests (`chroma run` from chromadb)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from index.settings import Settings


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ChromaServer:
    def __init__(self, path: Path, port: int) -> None:
        self.path, self.port, self.proc = path, port, None
        exe = Path(sys.executable).with_name("chroma")
        self.command = [
            str(exe) if exe.exists() else shutil.which("chroma") or "chroma",
            "run",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--path",
            str(path),
        ]

    def start(self) -> None:
        self.proc = subprocess.Popen(self.command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/api/v2/heartbeat", timeout=1):
                    return
            except OSError:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"chroma run exited with {self.proc.returncode}") from None
                time.sleep(0.2)
        raise RuntimeError("the Chroma server did not start within 60 s")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory):
    server = ChromaServer(tmp_path_factory.mktemp("chroma-server"), free_port())
    server.start()
    try:
        yield server
    finally:
        server.stop()


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
