"""Answers shown and the 👍/👎 votes on them, in SQLite in the data folder (data_dir/feedback.sqlite)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from index.answer import Answer
from index.sqlite_files import open_db

SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    question TEXT NOT NULL,
    status TEXT NOT NULL,
    quotes TEXT NOT NULL,
    index_version TEXT NOT NULL,
    mode TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS votes (
    answer_id INTEGER NOT NULL REFERENCES answers(id),
    user_id INTEGER NOT NULL,
    vote INTEGER NOT NULL CHECK (vote IN (-1, 1)),
    question TEXT NOT NULL,
    quotes TEXT NOT NULL,
    index_version TEXT NOT NULL,
    voted_at TEXT NOT NULL,
    PRIMARY KEY (answer_id, user_id)
);
"""


@dataclass(frozen=True, slots=True)
class FeedbackSummary:
    up: int
    down: int
    answers: int
    latest_down: tuple[tuple[str, str, str], ...]  # (question, index_version, voted_at)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class FeedbackStore:
    """Small and synchronous: callers on the event loop go through asyncio.to_thread."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        conn = sqlite3.connect(self.path, timeout=10)
        try:
            with conn:
                yield conn
        finally:
            conn.close()

    def create(self) -> None:
        """Create the tables; a damaged file is set aside (and logged) and started afresh."""
        open_db(self.path, lambda db: db.executescript(SCHEMA), timeout=10).close()

    def record_answer(self, answer: Answer) -> int:
        quotes = json.dumps([q.to_dict() for q in answer.quotes], ensure_ascii=False)
        with self._connect() as conn:
            cur = conn.execute(
                "INSERT INTO answers (question, status, quotes, index_version, mode, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (answer.question, answer.status, quotes, answer.index_version, answer.mode, _now()),
            )
            return int(cur.lastrowid or 0)

    def vote(self, answer_id: int, user_id: int, vote: int) -> bool:
        """Store or change a user's vote on an answer; False if the answer is unknown."""
        with self._connect() as conn:
            row = conn.execute(
                "SELECT question, quotes, index_version FROM answers WHERE id = ?", (answer_id,)
            ).fetchone()
            if row is None:
                return False
            conn.execute(
                "INSERT INTO votes (answer_id, user_id, vote, question, quotes, index_version, voted_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (answer_id, user_id) DO UPDATE SET vote = excluded.vote, "
                "voted_at = excluded.voted_at",
                (answer_id, user_id, vote, *row, _now()),
            )
            return True

    def summary(self, latest: int = 5) -> FeedbackSummary:
        with self._connect() as conn:
            up, down = conn.execute(
                "SELECT COALESCE(SUM(vote = 1), 0), COALESCE(SUM(vote = -1), 0) FROM votes"
            ).fetchone()
            answers = conn.execute("SELECT COUNT(*) FROM answers").fetchone()[0]
            rows = conn.execute(
                "SELECT question, index_version, voted_at FROM votes WHERE vote = -1 "
                "ORDER BY voted_at DESC, rowid DESC LIMIT ?",
                (latest,),
            ).fetchall()
        return FeedbackSummary(int(up), int(down), int(answers), tuple((r[0], r[1], r[2]) for r in rows))
