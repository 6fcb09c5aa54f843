"""Versions on disk beside the embedded Chroma database: manifests, snapshots, pointer, lock."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from index.errors import IndexNotReady, RefreshInProgress
from index.messages import message, refresh_running
from index.sqlite_files import is_unwritable_error, unwritable
from index.store.manifest import IndexManifest, utc_now

# How long a held refresh lock with an empty note is read again before its holder is "someone".
NOTE_WAIT_S = 0.2

POINTER_FILE = "LIVE.json"
LOCK_FILE = "refresh.lock"


class FileVersionStore:
    """Where versions live on disk: manifests and source snapshots, the live pointer, the refresh lock."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.versions_dir = data_dir / "versions"
        self.pointer_path = data_dir / POINTER_FILE
        self.lock_path = data_dir / LOCK_FILE

    # -- the live pointer -------------------------------------------------------------------------
    def live_build(self) -> str | None:
        """The build the pointer names, or None before the first build."""
        try:
            data = json.loads(self.pointer_path.read_text(encoding="utf-8"))
            return str(data["build"])
        except FileNotFoundError:
            return None
        except (ValueError, KeyError, TypeError) as exc:
            raise IndexNotReady(message("index.pointer_corrupt", where=self.pointer_path, error=exc)) from exc

    def pointer_stamp(self) -> str | None:
        """A cheap fingerprint of the pointer file, to notice a switch without reading it (one stat)."""
        try:
            st = os.stat(self.pointer_path)
        except FileNotFoundError:
            return None
        return f"{st.st_mtime_ns}:{st.st_ino}"

    def switch_to(self, manifest: IndexManifest) -> None:
        tmp = self.pointer_path.with_suffix(f".tmp.{os.getpid()}")
        payload = {"build": manifest.build, "version": manifest.version, "switched_at": utc_now()}
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(payload, fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.pointer_path)
        _fsync_dir(self.data_dir)

    # -- builds -----------------------------------------------------------------------------------
    def build_dir(self, build: str) -> Path:
        return self.versions_dir / build

    def manifest(self, build: str) -> IndexManifest:
        path = self.build_dir(build) / "manifest.json"
        try:
            return IndexManifest.from_json(path.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise IndexNotReady(message("index.no_manifest", build=build)) from exc
        except (ValueError, TypeError) as exc:
            raise IndexNotReady(message("index.manifest_corrupt", build=build)) from exc

    def snapshot_text(self, build: str, name: str) -> str:
        try:
            return (self.build_dir(build) / "sources" / name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise IndexNotReady(message("index.snapshot_unreadable", name=name, build=build)) from exc

    def write_build(self, manifest: IndexManifest, texts: dict[str, str]) -> None:
        """Write a build's manifest and source snapshot completely, then rename it into place."""
        final = self.build_dir(manifest.build)
        tmp = self.versions_dir / f".{manifest.build}.tmp.{os.getpid()}"
        shutil.rmtree(tmp, ignore_errors=True)
        (tmp / "sources").mkdir(parents=True)
        for name, text in texts.items():
            # newline="" keeps the text exactly as parsed, so offsets stay valid.
            with open(tmp / "sources" / name, "w", encoding="utf-8", newline="") as fh:
                fh.write(text)
        (tmp / "manifest.json").write_text(manifest.to_json(), encoding="utf-8")
        if final.exists():
            shutil.rmtree(final)
        os.replace(tmp, final)
        _fsync_dir(self.versions_dir)

    def mark_retired(self, build: str) -> None:
        """Note when a build stopped being live: it is deleted only after readers had time to finish."""
        with contextlib.suppress(OSError):
            (self.build_dir(build) / "retired").write_text(str(time.time()), encoding="utf-8")

    def retired_at(self, build: str) -> float | None:
        try:
            return float((self.build_dir(build) / "retired").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def builds(self) -> list[str]:
        if not self.versions_dir.is_dir():
            return []
        return sorted(p.name for p in self.versions_dir.iterdir() if p.is_dir() and not p.name.startswith("."))

    def remove_build(self, build: str) -> None:
        shutil.rmtree(self.build_dir(build), ignore_errors=True)

    def sweep_temporaries(self) -> None:
        """Remove what an interrupted refresh left behind (never a complete version)."""
        if self.versions_dir.is_dir():
            for p in self.versions_dir.iterdir():
                if p.name.startswith("."):
                    shutil.rmtree(p, ignore_errors=True)
        for p in self.data_dir.glob(f"{POINTER_FILE[:-5]}.tmp.*"):
            p.unlink(missing_ok=True)

    # -- the refresh lock -------------------------------------------------------------------------
    @contextlib.contextmanager
    def refresh_lock(self, who: str) -> Iterator[None]:
        """Hold the one-refresh-at-a-time lock; raise RefreshInProgress if someone else has it."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            if is_unwritable_error(exc):
                raise unwritable(self.data_dir, exc) from exc
            raise
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                # Not ours: the holder's note (who, since) stays as it is for everyone else to read.
                raise RefreshInProgress(refresh_running(self._lock_holder())) from None
            try:
                os.ftruncate(fd, 0)
                info = {"who": who, "since": utc_now(), "pid": os.getpid(), "host": socket.gethostname()}
                os.pwrite(fd, json.dumps(info).encode(), 0)
                yield
            finally:
                with contextlib.suppress(OSError):
                    os.ftruncate(fd, 0)
        finally:
            os.close(fd)  # closing releases the flock

    def refresh_running(self) -> dict[str, Any] | None:
        """Who holds the refresh lock right now (a killed holder's leftover note does not count).

        The holder's note is empty for a moment as the lock is taken and again as it is let go (the
        note is cleared before the lock closes): a held lock with no note is read again, up to
        NOTE_WAIT_S, before it is reported as "someone". A full-suite run once caught that moment.
        """
        try:
            fd = os.open(self.lock_path, os.O_RDONLY)
        except FileNotFoundError:
            return None
        try:
            deadline = time.monotonic() + NOTE_WAIT_S
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
                except BlockingIOError:
                    holder = self._lock_holder()
                    if holder or time.monotonic() >= deadline:
                        return holder or {"who": "someone"}
                    time.sleep(0.01)
                else:
                    fcntl.flock(fd, fcntl.LOCK_UN)
                    return None
        finally:
            os.close(fd)

    def _lock_holder(self) -> dict[str, Any] | None:
        try:
            text = self.lock_path.read_text(encoding="utf-8")
            return json.loads(text) if text.strip() else None
        except (OSError, ValueError):
            return None


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
