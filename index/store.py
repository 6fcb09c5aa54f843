"""Versioned index storage: one Chroma collection per version, a manifest, and an atomic live pointer.

A version is immutable once built. A refresh builds a new one beside the live one, validates it, and
switches the pointer with `os.replace`; readers notice the pointer change and move over, so every
answer comes wholly from one version and a failed refresh leaves the live version serving.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from index.errors import IndexNotReady, RefreshInProgress, SpeechbotError
from index.settings import Settings
from index.sqlite_files import folder_writable, is_unwritable_error, unwritable

log = logging.getLogger(__name__)

COLLECTION_PREFIX = "speechbot_"
POINTER_FILE = "LIVE.json"
LOCK_FILE = "refresh.lock"


class StoreUnavailable(SpeechbotError):
    """The vector store (a Chroma server) cannot be reached."""


@dataclass(frozen=True)
class IndexManifest:
    version: str  # what the content and model determine: equal versions answer alike
    build: str  # this copy of it: the version plus a nonce, so a rebuild never touches the live copy
    collection: str
    built_at: str
    embedding_model: str
    dimension: int
    parser_version: str
    documents: list[dict[str, Any]]  # {"name", "sha256", "title", "passages"}
    passages: int
    sentences: int
    build_seconds: float = 0.0
    embedded: int = 0
    # Sentences, headings and reference sentences live beside the passages, so that searching
    # passages needs no metadata filter (measured: a filtered query was 7x slower at 15k records).
    parts_collection: str = ""

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=1)

    @classmethod
    def from_json(cls, text: str) -> IndexManifest:
        """Parse and check a manifest; ValueError or TypeError if any field has the wrong shape."""
        manifest = cls(**json.loads(text))
        manifest.check()
        return manifest

    def check(self) -> None:
        for name in ("version", "build", "collection", "built_at", "embedding_model", "parser_version"):
            if not isinstance(getattr(self, name), str):
                raise TypeError(f"manifest field {name} is not text")
        for name in ("dimension", "passages", "sentences", "embedded"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise TypeError(f"manifest field {name} is not a count")
        if not isinstance(self.documents, list) or not self.documents:
            raise TypeError("manifest field documents is not a list of documents")
        for d in self.documents:
            if not (
                isinstance(d, dict)
                and isinstance(d.get("name"), str)
                and isinstance(d.get("sha256"), str)
                and isinstance(d.get("title"), str | None)
                and isinstance(d.get("passages"), list)
                and all(isinstance(p, str) for p in d["passages"])
            ):
                raise TypeError("a document in the manifest is malformed")
            if "/" in d["name"] or d["name"] in ("", ".", ".."):
                raise ValueError("a document name in the manifest is not a plain file name")

    def source_hashes(self) -> dict[str, str]:
        return {d["name"]: d["sha256"] for d in self.documents}


def chroma_client(settings: Settings) -> Any:
    """The Chroma client the settings ask for: a server when CHROMA_HOST is set, else embedded."""
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
                f"The Chroma server at {settings.chroma_host}:{settings.chroma_port} is not reachable; "
                "start it (`chroma run --host HOST --port PORT --path DIR`) "
                "or unset CHROMA_HOST to use the embedded index."
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
            raise IndexNotReady(
                f"The live pointer {self.pointer_path} is corrupted ({exc}); rebuild the index."
            ) from exc

    def pointer_stamp(self) -> tuple[int, int] | None:
        """A cheap fingerprint of the pointer file, to notice a switch without reading it."""
        try:
            st = os.stat(self.pointer_path)
        except FileNotFoundError:
            return None
        return (st.st_mtime_ns, st.st_ino)

    def switch_to(self, manifest: IndexManifest) -> None:
        tmp = self.pointer_path.with_suffix(f".tmp.{os.getpid()}")
        payload = {"build": manifest.build, "version": manifest.version, "switched_at": _now()}
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
            raise IndexNotReady(f"Index build {build} has no manifest; rebuild the index.") from exc
        except (ValueError, TypeError) as exc:
            raise IndexNotReady(f"The manifest of index build {build} is corrupted; rebuild the index.") from exc

    def snapshot_text(self, build: str, name: str) -> str:
        try:
            return (self.build_dir(build) / "sources" / name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise IndexNotReady(
                f"The source snapshot {name} of index build {build} is unreadable; rebuild the index."
            ) from exc

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

    def builds_on_disk(self) -> list[str]:
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
                holder = self.lock_holder()
                by = f" by {holder.get('who', 'someone')} at {holder.get('since', '?')}" if holder else ""
                raise RefreshInProgress(
                    f"A refresh is already running (started{by}); try again when it finishes."
                ) from None
            try:
                os.ftruncate(fd, 0)
                info = {"who": who, "since": _now(), "pid": os.getpid(), "host": socket.gethostname()}
                os.pwrite(fd, json.dumps(info).encode(), 0)
                yield
            finally:
                with contextlib.suppress(OSError):
                    os.ftruncate(fd, 0)
        finally:
            os.close(fd)  # closing releases the flock

    def refresh_running(self) -> dict[str, Any] | None:
        """Who holds the refresh lock right now (a killed holder's leftover note does not count)."""
        try:
            fd = os.open(self.lock_path, os.O_RDONLY)
        except FileNotFoundError:
            return None
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return self.lock_holder() or {"who": "someone"}
        else:
            fcntl.flock(fd, fcntl.LOCK_UN)
            return None
        finally:
            os.close(fd)

    def lock_holder(self) -> dict[str, Any] | None:
        try:
            text = self.lock_path.read_text(encoding="utf-8")
            return json.loads(text) if text.strip() else None
        except (OSError, ValueError):
            return None


VersionStore = FileVersionStore  # the default, embedded kind


PARTS_SUFFIX = ".parts"


def collection_name(build: str) -> str:
    return f"{COLLECTION_PREFIX}{build}"


def parts_collection_name(build: str) -> str:
    return f"{COLLECTION_PREFIX}{build}{PARTS_SUFFIX}"


def build_of_collection(name: str) -> str | None:
    """The build a collection belongs to, or None for collections that are not builds."""
    if not name.startswith(COLLECTION_PREFIX) or name in SERVICE_COLLECTIONS:
        return None
    return name[len(COLLECTION_PREFIX) :].removesuffix(PARTS_SUFFIX)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


META_COLLECTION = "speechbot_meta"
LOCK_COLLECTION = "speechbot_refresh_lock"
LOCK_STALE_S = 60.0  # a holder that stopped its heartbeat this long ago was killed
_HEARTBEAT_S = 10.0
SERVICE_COLLECTIONS = (META_COLLECTION, LOCK_COLLECTION)  # never swept as old builds
_NO_VECTOR = [0.0]  # meta records carry no meaning in vector space; Chroma needs one anyway


class ChromaVersionStore:
    """The same versioning, kept in the Chroma server itself, so every bot process shares it.

    The live pointer, manifests and source snapshots are records of one meta collection. The refresh
    lock is a collection of its own: creating a collection that exists fails atomically on the
    server, which is the compare-and-set a lock needs. Its holder renews a heartbeat; a lock whose
    heartbeat stopped (a killed refresh) is taken over after LOCK_STALE_S.
    """

    def __init__(self, client: Any) -> None:
        self.client = client
        self._meta: Any = None

    def _collection(self) -> Any:
        if self._meta is None:
            self._meta = self.client.get_or_create_collection(META_COLLECTION, embedding_function=None)
        return self._meta

    def _get(self, key: str) -> str | None:
        try:
            docs = self._collection().get(ids=[key], include=["documents"])["documents"]
        except Exception as exc:
            self._meta = None
            if is_connection_error(exc):
                raise _unavailable(exc) from exc
            raise
        return docs[0] if docs else None

    def _put(self, items: dict[str, str]) -> None:
        ids = list(items)
        self._collection().upsert(ids=ids, documents=[items[i] for i in ids], embeddings=[_NO_VECTOR] * len(ids))

    # -- the live pointer -------------------------------------------------------------------------
    def live_build(self) -> str | None:
        doc = self._get("live")
        if doc is None:
            return None
        try:
            return str(json.loads(doc)["build"])
        except (ValueError, KeyError, TypeError) as exc:
            raise IndexNotReady(
                f"The live pointer in the Chroma server is corrupted ({exc}); rebuild the index."
            ) from exc

    def pointer_stamp(self) -> str | None:
        return self._get("live")

    def switch_to(self, manifest: IndexManifest) -> None:
        self._put({"live": json.dumps({"build": manifest.build, "version": manifest.version, "switched_at": _now()})})

    # -- builds -----------------------------------------------------------------------------------
    def manifest(self, build: str) -> IndexManifest:
        doc = self._get(f"manifest:{build}")
        if doc is None:
            raise IndexNotReady(f"Index build {build} has no manifest in the Chroma server; rebuild the index.")
        try:
            return IndexManifest.from_json(doc)
        except (ValueError, TypeError) as exc:
            raise IndexNotReady(f"The manifest of index build {build} is corrupted; rebuild the index.") from exc

    def snapshot_text(self, build: str, name: str) -> str:
        doc = self._get(f"source:{build}:{name}")
        if doc is None:
            raise IndexNotReady(f"The source snapshot {name} of index build {build} is missing; rebuild the index.")
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

    def builds_on_disk(self) -> list[str]:
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
        info = {"who": who, "since": _now(), "pid": os.getpid(), "host": socket.gethostname(), "beat": time.time()}
        for attempt in (1, 2):
            try:
                lock = self.client.create_collection(LOCK_COLLECTION, metadata=info, embedding_function=None)
                break
            except Exception as exc:
                holder = self.refresh_running()
                if holder is None and attempt == 1:
                    continue  # the stale lock was cleared: try once more
                if holder is None:
                    raise _unavailable(exc) from exc
                by = f" by {holder.get('who', 'someone')} at {holder.get('since', '?')}"
                raise RefreshInProgress(
                    f"A refresh is already running (started{by}); try again when it finishes."
                ) from None
        stop = threading.Event()

        def heartbeat() -> None:
            while not stop.wait(_HEARTBEAT_S):
                with contextlib.suppress(Exception):
                    lock.modify(metadata={**info, "beat": time.time()})

        beat = threading.Thread(target=heartbeat, name="refresh-lock-heartbeat", daemon=True)
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

    def lock_holder(self) -> dict[str, Any] | None:
        return self.refresh_running()


def version_store(settings: Settings, client: Any) -> FileVersionStore | ChromaVersionStore:
    """Where versions are kept: beside the embedded index, or in the Chroma server."""
    return ChromaVersionStore(client) if settings.chroma_host else FileVersionStore(settings.data_dir)


def is_connection_error(exc: BaseException) -> bool:
    """Whether an exception from a Chroma client means the server could not be reached."""
    import httpx

    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, (httpx.TransportError, ConnectionError, TimeoutError)):
            return True
        text = str(exc).lower()
        if "connect" in text and ("refused" in text or "error" in text or "failed" in text):
            return True
        exc = exc.__cause__ or exc.__context__  # type: ignore[assignment]
    return False


def _unavailable(exc: Exception) -> StoreUnavailable:
    return StoreUnavailable(
        f"The index server is temporarily unavailable ({type(exc).__name__}); try again in a minute."
    )
