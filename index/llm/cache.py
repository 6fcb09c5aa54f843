"""Model replies cached in the data folder, per index version: a repeated question costs no model call.

What is cached is the model's parsed reply, not the rendered answer, so quotes are still cut and
verified from the live index on every hit. Rows of other index versions are deleted the first time a
process sees a new version.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
import unicodedata
from pathlib import Path
from typing import Any

from index.errors import DataDirUnwritable
from index.hashing import content_hash
from index.sqlite_files import open_db

CACHE_FILE = "llm_answers.sqlite"

log = logging.getLogger(__name__)


def normalize_question(text: str) -> str:
    """Questions that differ only in width, case or spacing share a cache entry."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def cache_key(*parts: Any) -> str:
    return content_hash(json.dumps(parts, ensure_ascii=False, sort_keys=True))


class AnswerCache:
    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / CACHE_FILE

        def setup(db: sqlite3.Connection) -> None:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(
                "CREATE TABLE IF NOT EXISTS replies (key TEXT PRIMARY KEY, index_version TEXT NOT NULL, "
                "model TEXT NOT NULL, payload TEXT NOT NULL, created REAL NOT NULL)"
            )
            db.commit()

        # A damaged cache is set aside and started empty; a read-only data folder just means no cache.
        self._db: sqlite3.Connection | None
        try:
            self._db = open_db(self.path, setup, timeout=10, check_same_thread=False)
        except (DataDirUnwritable, sqlite3.Error) as exc:
            log.warning("the answer cache %s cannot be used (%s); answering without it", self.path, exc)
            self._db = None
        self._lock = threading.Lock()
        self._version: str | None = None

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()

    def _use_version(self, version: str) -> sqlite3.Connection:
        # Called with the lock held. Replies for another index version cite sentences that may no
        # longer exist or mean something else: drop them once, when a new version is first seen.
        if self._db is None:
            raise sqlite3.OperationalError("no answer cache")
        if version != self._version:
            self._db.execute("DELETE FROM replies WHERE index_version != ?", (version,))
            self._db.commit()
            self._version = version
        return self._db

    def get(self, version: str, key: str) -> dict[str, Any] | None:
        """The cached payload, or None; a cache that cannot be read is only a miss."""
        if self._db is None:
            return None
        try:
            with self._lock:
                db = self._use_version(version)
                row = db.execute(
                    "SELECT payload FROM replies WHERE key = ? AND index_version = ?", (key, version)
                ).fetchone()
            return json.loads(row[0]) if row else None
        except (sqlite3.Error, ValueError):
            log.warning("the answer cache %s could not be read; asking the model", self.path, exc_info=True)
            return None

    def put(self, version: str, model: str, key: str, payload: dict[str, Any]) -> None:
        if self._db is None:
            return
        try:
            with self._lock:
                db = self._use_version(version)
                db.execute(
                    "INSERT OR REPLACE INTO replies VALUES (?, ?, ?, ?, ?)",
                    (key, version, model, json.dumps(payload, ensure_ascii=False), time.time()),
                )
                db.commit()
        except sqlite3.Error:
            # A full disk or a locked file costs a future model call, never this answer.
            log.warning("the answer cache %s could not be written", self.path, exc_info=True)

    def count(self) -> int:
        with self._lock:
            if self._db is None:
                return 0
            return int(self._db.execute("SELECT COUNT(*) FROM replies").fetchone()[0])
