"""Answers shown, the 👍/👎 votes on them and why a 👎 was given, in SQLite (data_dir/feedback.sqlite)."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple

from index.question import language_of
from index.results import Answer
from index.sqlite_files import open_db

# Why an answer was down-voted: stable ids, stored and exported as they are. People read each as
# the catalogue's `feedback.reason.<id>` in their language (bot/feedback_reasons.py).
REASONS: tuple[str, ...] = ("wrong_passage", "not_in_article", "should_have_answered", "translation_wrong", "other")
MAX_REASON_TEXT = 500
SCHEMA_VERSION = 2

SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    question TEXT NOT NULL,
    status TEXT NOT NULL,
    quotes TEXT NOT NULL,
    index_version TEXT NOT NULL,
    mode TEXT NOT NULL,
    created_at TEXT NOT NULL,
    language TEXT
);
CREATE TABLE IF NOT EXISTS votes (
    answer_id INTEGER NOT NULL REFERENCES answers(id),
    user_id INTEGER NOT NULL,
    vote INTEGER NOT NULL CHECK (vote IN (-1, 1)),
    question TEXT NOT NULL,
    quotes TEXT NOT NULL,
    index_version TEXT NOT NULL,
    voted_at TEXT NOT NULL,
    reason TEXT,
    reason_text TEXT,
    PRIMARY KEY (answer_id, user_id)
);
"""
# Columns added since the first version's files (schema 1): added in place, existing rows keep theirs.
MIGRATIONS = (("answers", "language", "TEXT"), ("votes", "reason", "TEXT"), ("votes", "reason_text", "TEXT"))


class DownVote(NamedTuple):
    question: str
    index_version: str
    voted_at: str
    reason: str | None
    text: str | None


@dataclass(frozen=True, slots=True)
class FeedbackSummary:
    up: int
    down: int
    answers: int
    latest_down: tuple[DownVote, ...]
    reasons: dict[str | None, int]  # down-votes per reason key; None: no reason given


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class FeedbackStore:
    """Small and synchronous (callers on the event loop go through asyncio.to_thread); thread-safe.

    One connection in WAL mode with synchronous=NORMAL: a vote costs about 0.3 ms instead of the
    25 ms of an fsync'd commit, which mattered when a hundred answers are recorded at once. A power
    cut may lose the last votes, never the file.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.RLock()

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            if self._conn is None:
                self._conn = self._open()
            with self._conn:
                yield self._conn

    def _open(self) -> sqlite3.Connection:
        # A damaged file loses its votes, not the bot: open_db sets it aside (logged) and starts afresh.
        return open_db(self.path, self._setup, timeout=10, check_same_thread=False)

    @staticmethod
    def _setup(conn: sqlite3.Connection) -> None:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.executescript(SCHEMA)
        for table, column, kind in MIGRATIONS:
            have = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
            if column not in have:
                conn.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.commit()

    def create(self) -> None:
        """Open (creating or upgrading) the file now rather than on the first answer."""
        with self._connect():
            pass

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def record_answer(self, answer: Answer) -> int:
        quotes = json.dumps([q.to_dict() for q in answer.quotes], ensure_ascii=False)
        with self._connect() as conn:
            cur = conn.execute(
                "INSERT INTO answers (question, status, quotes, index_version, mode, created_at, language) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (answer.question, answer.status, quotes, answer.index_version, answer.mode, _now(), answer.language),
            )
            return int(cur.lastrowid or 0)

    def vote(self, answer_id: int, user_id: int, vote: int) -> bool:
        """Store or change a user's vote on an answer; False if the answer is unknown.

        Changing a 👎 to a 👍 drops the reason given for the 👎.
        """
        with self._connect() as conn:
            row = conn.execute(
                "SELECT question, quotes, index_version FROM answers WHERE id = ?", (answer_id,)
            ).fetchone()
            if row is None:
                return False
            conn.execute(
                "INSERT INTO votes (answer_id, user_id, vote, question, quotes, index_version, voted_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (answer_id, user_id) DO UPDATE SET vote = excluded.vote, "
                "voted_at = excluded.voted_at, "
                "reason = CASE WHEN excluded.vote = 1 THEN NULL ELSE votes.reason END, "
                "reason_text = CASE WHEN excluded.vote = 1 THEN NULL ELSE votes.reason_text END",
                (answer_id, user_id, vote, *row, _now()),
            )
            return True

    def set_reason(self, answer_id: int, user_id: int, reason: str, text: str | None = None) -> bool:
        """Why this user down-voted this answer (a 👎 is recorded if it was not); False if the answer is unknown."""
        if reason not in REASONS:
            raise ValueError(f"unknown feedback reason {reason!r}")
        text = (text or "").strip()[:MAX_REASON_TEXT] or None
        with self._connect() as conn:
            if not self.vote(answer_id, user_id, -1):
                return False
            conn.execute(
                "UPDATE votes SET reason = ?, reason_text = ? WHERE answer_id = ? AND user_id = ?",
                (reason, text, answer_id, user_id),
            )
            return True

    def summary(self, latest: int = 5) -> FeedbackSummary:
        with self._connect() as conn:
            up, down = conn.execute(
                "SELECT COALESCE(SUM(vote = 1), 0), COALESCE(SUM(vote = -1), 0) FROM votes"
            ).fetchone()
            answers = conn.execute("SELECT COUNT(*) FROM answers").fetchone()[0]
            reasons = dict(conn.execute("SELECT reason, COUNT(*) FROM votes WHERE vote = -1 GROUP BY reason"))
            rows = conn.execute(
                "SELECT question, index_version, voted_at, reason, reason_text FROM votes WHERE vote = -1 "
                "ORDER BY voted_at DESC, rowid DESC LIMIT ?",
                (latest,),
            ).fetchall()
        return FeedbackSummary(int(up), int(down), int(answers), tuple(DownVote(*r) for r in rows), reasons)

    def down_votes(self) -> list[dict[str, Any]]:
        """Every down-voted answer as an evaluation item, oldest first; nothing about who voted.

        Keys: id, question, lang, status (what the bot said), quotes shown (text, source, start, end),
        reason, text (only when given), index_version.
        """
        with self._connect() as conn:
            rows = conn.execute(
                "SELECT v.answer_id, v.question, a.language, a.status, v.quotes, v.reason, v.reason_text, "
                "v.index_version FROM votes v LEFT JOIN answers a ON a.id = v.answer_id "
                "WHERE v.vote = -1 ORDER BY v.voted_at, v.rowid"
            ).fetchall()
        items = []
        seen: dict[int, int] = {}
        for answer_id, question, lang, status, quotes, reason, text, version in rows:
            seen[answer_id] = seen.get(answer_id, 0) + 1
            item: dict[str, Any] = {
                "id": f"feedback-{answer_id}" + (f"-{seen[answer_id]}" if seen[answer_id] > 1 else ""),
                "question": question,
                "lang": lang or language_of(question),
                "status": status,
                "quotes": [
                    {"text": q["text"], "source": q["source"], "start": q["start"], "end": q["end"]}
                    for q in json.loads(quotes)
                ],
                "reason": reason,
            }
            if text:
                item["text"] = text
            item["index_version"] = version
            items.append(item)
        return items
