"""The one factory per outside resource: the Chroma client and the version store it implies."""

from __future__ import annotations

import logging
import os
import time
from typing import TYPE_CHECKING

from index.errors import StoreUnavailable
from index.messages import message
from index.settings import Settings
from index.sqlite_files import folder_writable, is_unwritable_error, unwritable
from index.store.files import FileVersionStore
from index.store.protocol import VersionStore
from index.store.server import ChromaVersionStore
from index.threads import threads_ignore_interrupts

if TYPE_CHECKING:
    from chromadb.api import ClientAPI

log = logging.getLogger(__name__)


def chroma_client(settings: Settings) -> ClientAPI:
    """The Chroma client the settings ask for: a server when CHROMA_HOST is set, else embedded. The
    threads it starts (Chroma's Rust runtime) never take a Ctrl-C (index/threads.py)."""
    with threads_ignore_interrupts():
        return _chroma_client(settings)


def _chroma_client(settings: Settings) -> ClientAPI:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_host:
        headers = {"Authorization": f"Bearer {settings.chroma_auth_token}"} if settings.chroma_auth_token else None
        try:
            client = chromadb.HttpClient(
                host=settings.chroma_host,
                port=settings.chroma_port,
                ssl=settings.chroma_ssl,
                headers=headers,
                settings=chroma_settings,
            )
            client.heartbeat()
        except Exception as exc:  # chromadb raises several unrelated types for "not there"
            raise StoreUnavailable(
                message("store.unreachable", host=settings.chroma_host, port=settings.chroma_port)
            ) from exc
        return client
    path = settings.data_dir / "chroma"
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise unwritable(settings.data_dir, exc) from exc
    try:
        return chromadb.PersistentClient(path=str(path), settings=chroma_settings)
    except Exception as exc:  # a damaged database: keep it for inspection, start afresh, rebuild
        # A folder that cannot be written is not damage: moving the index aside would lose it.
        problem = folder_writable(path)
        if problem is not None or is_unwritable_error(exc):
            raise unwritable(settings.data_dir, problem or exc) from exc
        aside = path.with_name(f"chroma.broken-{int(time.time())}")
        log.error(
            "the embedded Chroma store at %s cannot be opened (%s); moved to %s, it will be rebuilt", path, exc, aside
        )
        os.replace(path, aside)
        path.mkdir()
        from chromadb.api.shared_system_client import SharedSystemClient

        SharedSystemClient.clear_system_cache()  # it caches the failed system by path
        return chromadb.PersistentClient(path=str(path), settings=chroma_settings)


def version_store(settings: Settings, client: ClientAPI) -> VersionStore:
    """Where versions are kept: beside the embedded index, or in the Chroma server."""
    return ChromaVersionStore(client) if settings.chroma_host else FileVersionStore(settings.data_dir)
