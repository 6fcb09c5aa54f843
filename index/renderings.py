"""English renderings of source sentences, keyed by the sha256 of each sentence's exact text.

Three layers, most trusted first: corrections an operator imported, the renderings shipped with
speechbot (index/data/renderings.en.json, written and reviewed by people), and renderings a
configured language model wrote for sources added later. The last two layers of the data folder live
in one JSON Lines file there. A rendering is found by the hash of the text it renders, so a sentence
that changed by one character has none: never a stale one. Renderings are never indexed as sources
nor shown as quotes; front ends label them as translations.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from index.answer import TranslationSource

BUNDLED_FILE = Path(__file__).parent / "data" / "renderings.en.json"
# In the data folder: renderings imported by an operator or written by a model, one JSON object a line.
STORE_FILE = "renderings.en.jsonl"

Origin = Literal["bundled", "imported", "model"]
ORIGINS: tuple[Origin, ...] = ("bundled", "imported", "model")
# Which layer wins when several render the same text.
_PRECEDENCE = {"imported": 0, "bundled": 1, "model": 2}


def text_key(text: str) -> str:
    """The key of a text's rendering: sha256 of its exact UTF-8 bytes."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Rendering:
    sha256: str
    ja: str  # the text rendered, kept so a reviewer can read both
    en: str
    origin: Origin

    @property
    def translation_source(self) -> TranslationSource:
        """What answers report: written by the model, or written/reviewed by people."""
        return "model" if self.origin == "model" else "bundled"

    def to_dict(self) -> dict[str, str]:
        return {"sha256": self.sha256, "ja": self.ja, "en": self.en, "source": self.origin}


@lru_cache(maxsize=1)
def bundled() -> dict[str, Rendering]:
    """The renderings shipped with speechbot, by key."""
    data = json.loads(BUNDLED_FILE.read_text(encoding="utf-8"))
    out: dict[str, Rendering] = {}
    for item in data["renderings"]:
        out[item["sha256"]] = Rendering(item["sha256"], item["ja"], item["en"], "bundled")
    return out


class RenderingStore:
    """The bundled renderings plus those stored in one data folder (re-read when that file changes)."""

    def __init__(self, data_dir: Path | None) -> None:
        self.path = Path(data_dir) / STORE_FILE if data_dir is not None else None
        self._stamp: tuple[int, int] | None = None
        self._stored: dict[str, Rendering] = {}
        self._lock = threading.Lock()

    # -- reading -----------------------------------------------------------------------------------
    def get(self, text: str) -> Rendering | None:
        return self.get_key(text_key(text))

    def get_key(self, key: str) -> Rendering | None:
        stored = self._current().get(key)
        shipped = bundled().get(key)
        if stored is not None and (shipped is None or stored.origin == "imported"):
            return stored
        return shipped

    def lookup(self, text: str) -> tuple[str, TranslationSource] | None:
        """(English rendering, "bundled" | "model") for this exact text, or None."""
        found = self.get(text)
        return (found.en, found.translation_source) if found else None

    def stored(self) -> dict[str, Rendering]:
        """What the data folder holds (imported and model-written), by key."""
        return dict(self._current())

    def _current(self) -> dict[str, Rendering]:
        stamp = _stamp(self.path)
        if stamp == self._stamp:
            return self._stored
        with self._lock:
            if stamp != self._stamp:
                self._stored = _read_store(self.path) if stamp else {}
                self._stamp = stamp
            return self._stored

    # -- writing -----------------------------------------------------------------------------------
    def add(self, renderings: Iterable[Rendering]) -> int:
        """Store renderings (imported or model-written); an import replaces any stored one for its key.

        A model rendering never replaces an imported one. Returns how many were stored.
        """
        if self.path is None:
            raise ValueError("no data folder to store renderings in")
        new = [r for r in renderings if r.origin != "bundled"]
        if not new:
            return 0
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with _file_lock(self.path.with_suffix(".lock")):
            current = _read_store(self.path)
            stored = 0
            for r in new:
                old = current.get(r.sha256)
                if old is not None and _PRECEDENCE[old.origin] < _PRECEDENCE[r.origin]:
                    continue
                current[r.sha256] = r
                stored += 1
            tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
            with tmp.open("w", encoding="utf-8") as fh:
                for r in current.values():
                    fh.write(json.dumps(r.to_dict(), ensure_ascii=False) + "\n")
            os.replace(tmp, self.path)
        return stored


def _stamp(path: Path | None) -> tuple[int, int] | None:
    if path is None:
        return None
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


def _read_store(path: Path | None) -> dict[str, Rendering]:
    out: dict[str, Rendering] = {}
    if path is None:
        return out
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return out
    for line in lines:
        try:
            item = json.loads(line)
            r = Rendering(str(item["sha256"]), str(item["ja"]), str(item["en"]), item["source"])
        except (ValueError, KeyError, TypeError):
            continue  # a damaged line is skipped, never shown
        if r.origin in ("imported", "model") and r.en.strip() and text_key(r.ja) == r.sha256:
            out[r.sha256] = r
    return out


@contextlib.contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    with path.open("a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


_stores: dict[Path | None, RenderingStore] = {}


def store_for(data_dir: Path | None) -> RenderingStore:
    """One store per data folder, shared within the process."""
    key = Path(data_dir).resolve() if data_dir is not None else None
    store = _stores.get(key)
    if store is None:
        store = _stores.setdefault(key, RenderingStore(key))
    return store


def lookup(text: str, data_dir: Path | None = None) -> tuple[str, TranslationSource] | None:
    """(English rendering, "bundled" | "model") for this exact text, or None when it has none."""
    return store_for(data_dir).lookup(text)
