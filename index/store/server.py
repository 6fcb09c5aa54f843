"""Versions kept in a Chroma server, so every bot process shares them."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import socket
import threading
import time
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from index.errors import IndexNotReady, RefreshInProgress
from index.messages import message, refresh_running
from index.store.chroma import LOCK_COLLECTION, META_COLLECTION, chroma_errors, unavailable
from index.store.manifest import IndexManifest, utc_now
from index.threads import ignore_interrupts, threads_ignore_interrupts

if TYPE_CHECKING:
    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection

log = logging.getLogger(__name__)

LOCK_STALE_S = 60.0  # a holder that stopped its heartbeat this long ago was killed
_HEARTBEAT_S = 10.0

_NO_VECTOR: list[float] = [0.0]  # meta records carry no meaning in vector space; Chroma needs one anyway


class ChromaVersionStore:
    """The same versioning, kept in the Chroma server itself, so every bot process shares it.

    The live pointer, manifests and source snapshots are records of one meta collection. The refresh
    lock is a collection of its own: creating a collection that exists fails atomically on the
    server, which is the compare-and-set a lock needs. Its holder renews a heartbeat; a lock whose
    heartbeat stopped (a killed refresh) is taken over after LOCK_STALE_S.
    """

    def __init__(self, client: ClientAPI) -> None:
        self.client = client
        self._meta: Collection | None = None

    def _collection(self) -> Collection:
        if self._meta is None:
            self._meta = self.client.get_or_create_collection(META_COLLECTION, embedding_function=None)
        return self._meta

    def _get(self, key: str) -> str | None:
        try:
            with chroma_errors():
                docs = self._collection().get(ids=[key], include=["documents"])["documents"]
        except Exception:
            self._meta = None
            raise
        return docs[0] if docs else None

    def _put(self, items: dict[str, str]) -> None:
        ids = list(items)
        vectors: list[Sequence[float] | Sequence[int]] = [_NO_VECTOR] * len(ids)
        self._collection().upsert(ids=ids, documents=[items[i] for i in ids], embeddings=vectors)

    # -- the live pointer -------------------------------------------------------------------------
    def live_build(self) -> str | None:
        doc = self._get("live")
        if doc is None:
            return None
        try:
            return str(json.loads(doc)["build"])
        except (ValueError, KeyError, TypeError) as exc:
            raise IndexNotReady(message("index.pointer_corrupt", where="in the Chroma server", error=exc)) from exc

    def pointer_stamp(self) -> str | None:
        return self._get("live")

    def switch_to(self, manifest: IndexManifest) -> None:
        self._put(
            {"live": json.dumps({"build": manifest.build, "version": manifest.version, "switched_at": utc_now()})}
        )

    # -- builds -----------------------------------------------------------------------------------
    def manifest(self, build: str) -> IndexManifest:
        doc = self._get(f"manifest:{build}")
        if doc is None:
            raise IndexNotReady(message("index.no_manifest", build=build))
        try:
            return IndexManifest.from_json(doc)
        except (ValueError, TypeError) as exc:
            raise IndexNotReady(message("index.manifest_corrupt", build=build)) from exc

    def snapshot_text(self, build: str, name: str) -> str:
        doc = self._get(f"source:{build}:{name}")
        if doc is None:
            raise IndexNotReady(message("index.snapshot_unreadable", name=name, build=build))
        return doc

    def write_build(self, manifest: IndexManifest, texts: dict[str, str]) -> None:
        # Snapshots first, the manifest last: a build without a manifest does not exist to readers.
        self._put({f"source:{manifest.build}:{name}": text for name, text in texts.items()})
        self._put({f"manifest:{manifest.build}": manifest.to_json()})

    def mark_retired(self, build: str) -> None:
        self._put({f"retired:{build}": str(time.time())})

    def retired_at(self, build: str) -> float | None:
        doc = self._get(f"retired:{build}")
        try:
            return float(doc) if doc is not None else None
        except ValueError:
            return None

    def builds(self) -> list[str]:
        ids = self._collection().get(include=[])["ids"]
        return sorted(i.split(":", 1)[1] for i in ids if i.startswith("manifest:"))

    def remove_build(self, build: str) -> None:
        ids = [
            i
            for i in self._collection().get(include=[])["ids"]
            if i in (f"manifest:{build}", f"retired:{build}") or i.startswith(f"source:{build}:")
        ]
        if ids:
            self._collection().delete(ids=ids)

    def sweep_temporaries(self) -> None:
        """Snapshots of builds that never got a manifest are leftovers of an interrupted refresh."""
        ids = self._collection().get(include=[])["ids"]
        builds = {i.split(":", 1)[1] for i in ids if i.startswith("manifest:")}
        orphans = [i for i in ids if i.startswith("source:") and i.split(":")[1] not in builds]
        if orphans:
            self._collection().delete(ids=orphans)

    # -- the refresh lock -------------------------------------------------------------------------
    @contextlib.contextmanager
    def refresh_lock(self, who: str) -> Iterator[None]:
        info = {"who": who, "since": utc_now(), "pid": os.getpid(), "host": socket.gethostname(), "beat": time.time()}
        for attempt in (1, 2):
            try:
                lock = self.client.create_collection(LOCK_COLLECTION, metadata=info, embedding_function=None)
                break
            except Exception as exc:
                holder = self.refresh_running()
                if holder is None and attempt == 1:
                    continue  # the stale lock was cleared: try once more
                if holder is None:
                    raise unavailable(exc) from exc
                raise RefreshInProgress(refresh_running(holder)) from None
        stop = threading.Event()

        def heartbeat() -> None:
            ignore_interrupts()  # a Ctrl-C is the main thread's (index/threads.py)
            while not stop.wait(_HEARTBEAT_S):
                with contextlib.suppress(Exception):
                    lock.modify(metadata={**info, "beat": time.time()})

        beat = threading.Thread(target=heartbeat, name="refresh-lock-heartbeat", daemon=True)
        with threads_ignore_interrupts():  # blocked from its birth, not from its first statement on
            beat.start()
        try:
            yield
        finally:
            stop.set()
            with contextlib.suppress(Exception):
                self.client.delete_collection(LOCK_COLLECTION)

    def refresh_running(self) -> dict[str, Any] | None:
        """The lock holder, or None; a lock whose heartbeat stopped is removed here."""
        try:
            meta = dict(self.client.get_collection(LOCK_COLLECTION).metadata or {})
        except Exception:
            return None
        if time.time() - float(meta.get("beat", 0)) > LOCK_STALE_S:
            log.warning("removing a stale refresh lock held by %s since %s", meta.get("who"), meta.get("since"))
            with contextlib.suppress(Exception):
                self.client.delete_collection(LOCK_COLLECTION)
            return None
        return meta
