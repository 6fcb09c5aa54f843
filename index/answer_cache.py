"""Model replies cached in the data folder, per index version: a repeated question costs no model call.

What is cached is the model's parsed reply, not the rendered answer, so quotes are still cut and
verified from the live index on every hit. Rows of other index versions are deleted the first time a
process sees a new version.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import threading
import time
import unicodedata
from pathlib import Path
from typing import Any

CACHE_FILE = "llm_answers.sqlite"

log = logging.getLogger(__name__)


def normalize_question(text: str) -> str:
    """Questions that differ only in width, case or spacing share a cache entry."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def cache_key(*parts: Any) -> str:
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


class AnswerCache:
    def __init__(self, data_dir: Path) -> None:
        data_dir.mkdir(parents=True, exist_ok=True)
        self.path = data_dir / CACHE_FILE
        self._db = sqlite3.connect(self.path, timeout=10, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS replies (key TEXT PRIMARY KEY, index_version TEXT NOT NULL, "
            "model TEXT NOT NULL, payload TEXT NOT NULL, created REAL NOT NULL)"
        )
        self._db.commit()
        self._lock = threading.Lock()
        self._version: str | None = None

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _use_version(self, version: str) -> None:
        # Called with the lock held. Replies for another index version cite sentences that may no
        # longer exist or mean something else: drop them once, when a new version is first seen.
        if version != self._version:
            self._db.execute("DELETE FROM replies WHERE index_version != ?", (version,))
            self._db.commit()
            self._version = version

    def get(self, version: str, key: str) -> dict[str, Any] | None:
        """The cached payload, or None; a cache that cannot be read is only a miss."""
        try:
            with self._lock:
                self._use_version(version)
                row = self._db.execute(
                    "SELECT payload FROM replies WHERE key = ? AND index_version = ?", (key, version)
                ).fetchone()
            return json.loads(row[0]) if row else None
        except (sqlite3.Error, ValueError):
            log.warning("the answer cache %s could not be read; asking the model", self.path, exc_info=True)
            return None

    def put(self, version: str, model: str, key: str, payload: dict[str, Any]) -> None:
        try:
            with self._lock:
                self._use_version(version)
                self._db.execute(
                    "INSERT OR REPLACE INTO replies VALUES (?, ?, ?, ?, ?)",
                    (key, version, model, json.dumps(payload, ensure_ascii=False), time.time()),
                )
                self._db.commit()
        except sqlite3.Error:
            # A full disk or a locked file costs a future model call, never this answer.
            log.warning("the answer cache %s could not be written", self.path, exc_info=True)

    def count(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT COUNT(*) FROM replies").fetchone()[0])
