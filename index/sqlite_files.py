"""Opening the SQLite files speechbot keeps in its data folder: a damaged one is set aside and started afresh.

Every such file (the embedding cache, the model-answer cache, the bot's feedback) is speechbot's own:
a file that is not a database any more is moved to `NAME.broken-TIMESTAMP` for inspection, with a log
line, and an empty one takes its place. A data folder that cannot be written is not damage: that is
reported (DataDirUnwritable) and nothing is moved.
"""

from __future__ import annotations

import errno
import logging
import os
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from index.errors import DataDirUnwritable
from index.messages import message

log = logging.getLogger(__name__)

_UNWRITABLE = (errno.EROFS, errno.EACCES, errno.EPERM)


def unwritable(folder: Path, exc: BaseException | None = None) -> DataDirUnwritable:
    reason = os.strerror(exc.errno) if isinstance(exc, OSError) and exc.errno else message("data.cannot_write")
    return DataDirUnwritable(message("data.unwritable", folder=folder, reason=reason))


def is_unwritable_error(exc: BaseException) -> bool:
    """Whether an error (or one it was caused by) says the file system refused a write."""
    seen: set[int] = set()
    cur: BaseException | None = exc
    while cur is not None and id(cur) not in seen:
        seen.add(id(cur))
        if isinstance(cur, OSError) and cur.errno in _UNWRITABLE:
            return True
        text = str(cur).lower()
        if "readonly database" in text or "read-only file system" in text or "permission denied" in text:
            return True
        cur = cur.__cause__ or cur.__context__
    return False


def folder_writable(folder: Path) -> OSError | None:
    """None if a file can be created in `folder`, else the error that refused it."""
    probe = folder / f".write-probe-{os.getpid()}"
    try:
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return None
    except OSError as exc:
        return exc
    os.close(fd)
    probe.unlink(missing_ok=True)
    return None


def set_aside(path: Path, why: object) -> Path:
    """Move a damaged file (and its WAL/journal companions) out of the way; return where it went."""
    aside = path.with_name(f"{path.name}.broken-{int(time.time())}")
    for suffix in ("-wal", "-shm", "-journal"):
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            os.replace(companion, aside.with_name(aside.name + suffix))
    os.replace(path, aside)
    log.error("%s is damaged (%s); moved to %s, a new one is started", path, why, aside)
    return aside


def open_db(path: Path, setup: Callable[[sqlite3.Connection], object], **connect: Any) -> sqlite3.Connection:
    """Connect to `path` and run `setup` (schema, pragmas); a damaged file is set aside and recreated."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise unwritable(path.parent, exc) from exc
    for attempt in (1, 2):
        db: sqlite3.Connection = sqlite3.connect(path, **connect)
        try:
            setup(db)
            return db
        except sqlite3.DatabaseError as exc:
            db.close()
            problem = folder_writable(path.parent)
            if problem is not None or is_unwritable_error(exc):
                raise unwritable(path.parent, problem) from exc
            if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc).lower():
                raise  # busy, not damaged
            if attempt == 2 or not path.exists():
                raise
            set_aside(path, exc)
    raise AssertionError("unreachable")
