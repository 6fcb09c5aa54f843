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
import json
import os
import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Literal

from index.hashing import content_hash
from index.messages import message
from index.numerals import numbers
from index.ordinals import ORDINAL_WORDS
from index.results import TranslationSource
from index.sources import Source

BUNDLED_FILE = Path(__file__).parent / "data" / "renderings.en.json"
# In the data folder: renderings imported by an operator or written by a model, one JSON object a line.
STORE_FILE = "renderings.en.jsonl"

Origin = Literal["bundled", "imported", "model"]
ORIGINS: tuple[Origin, ...] = ("bundled", "imported", "model")
# Which layer wins when several render the same text.
_PRECEDENCE = {"imported": 0, "bundled": 1, "model": 2}


def text_key(text: str) -> str:
    """The key of a text's rendering: sha256 of its exact UTF-8 bytes."""
    return content_hash(text)


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


# -- review: export and import ------------------------------------------------------------------------
def source_texts(sources: Iterable[Source]) -> list[str]:
    """Every text of the sources a reader may need in English: titles, headings, sentences (no repeats)."""
    texts: list[str] = []
    for source in sources:
        if source.title:
            texts.append(source.title)
        texts += [s.heading for s in source.sections]
        texts += [source.sentence_text(s) for p in source.passages for s in p.sentences]
    return list(dict.fromkeys(texts))


def export_rows(store: RenderingStore, texts: Iterable[str]) -> list[dict[str, str | None]]:
    """One reviewable row per text, in reading order: hash, Japanese, English (or null), where it came from."""
    rows: list[dict[str, str | None]] = []
    for text in texts:
        found = store.get(text)
        rows.append(
            {
                "sha256": text_key(text),
                "ja": text,
                "en": found.en if found else None,
                "source": found.origin if found else None,
            }
        )
    return rows


@dataclass
class ImportReport:
    stored: int = 0
    unchanged: int = 0
    rejected: list[str] = field(default_factory=list)  # "line N: why", for lines not stored
    warnings: list[str] = field(default_factory=list)  # stored, but worth a second look

    def lines(self) -> list[str]:
        head = message("renderings.imported", stored=self.stored, unchanged=self.unchanged, rejected=len(self.rejected))
        return [
            head,
            *(message("renderings.not_stored", why=r) for r in self.rejected),
            *(message("renderings.check", why=w) for w in self.warnings),
        ]


def import_rows(store: RenderingStore, lines: Iterable[str], texts: Iterable[str]) -> ImportReport:
    """Store corrections (JSON lines with "sha256" and "en", as `export_rows` writes them) for current texts.

    A line whose hash matches no current title, heading or sentence, or whose "ja" does not hash to
    it, is reported and not stored. Rows without English, or with the rendering already in force,
    are counted as unchanged.
    """
    current = {text_key(t): t for t in texts}
    report = ImportReport()
    new: list[Rendering] = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            key, english = row["sha256"], row.get("en")
        except (ValueError, KeyError, TypeError, AttributeError):
            report.rejected.append(message("renderings.line.not_object", n=n))
            continue
        if not isinstance(key, str) or key not in current:
            report.rejected.append(message("renderings.line.no_match", n=n, key=str(key)[:16]))
            continue
        text = current[key]
        if "ja" in row and row["ja"] != text:
            report.rejected.append(message("renderings.line.ja_mismatch", n=n))
            continue
        if english is None or (isinstance(english, str) and not english.strip()):
            report.unchanged += 1
            continue
        if not isinstance(english, str):
            report.rejected.append(message("renderings.line.en_not_text", n=n))
            continue
        english = " ".join(english.split())
        found = store.get(text)
        if found is not None and found.en == english:
            report.unchanged += 1
            continue
        problem = rendering_problem(text, english)
        if problem:
            report.warnings.append(f"line {n}: {problem}")
        new.append(Rendering(key, text, english, "imported"))
    report.stored = store.add(new)
    return report


# -- checking a model-written rendering ----------------------------------------------------------------
_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]")
_ORDINAL_WORD = re.compile(r"\b(" + "|".join(ORDINAL_WORDS) + r")\b", re.IGNORECASE)


def rendering_problem(ja: str, en: str) -> str | None:
    """Why a model-written rendering of `ja` must not be shown or stored, or None if it may.

    It must be English, keep マスク as Musk, and state exactly the numbers of its sentence (15万 is
    150,000, 43億ドル is $4.3 billion) after normalisation by index/numerals.py.
    """
    if not en.strip():
        return "it is empty"
    if _JAPANESE.search(en):
        return "it is not in English"
    if "マスク" in ja and re.search(r"\bmasks?\b", en, re.IGNORECASE):
        return "it renders マスク (Musk) as 'mask'"
    stated = set(numbers(ja))
    written = set(numbers(en))
    # "fourth" for 4回目 states the 4; an ordinal alone ("the first school" for 初の) adds no number.
    ordinals = {Decimal(ORDINAL_WORDS[m.group(1).lower()]) for m in _ORDINAL_WORD.finditer(en)}
    missing_values, extra_values = stated - written - ordinals, written - stated
    if missing_values or extra_values:
        missing = ", ".join(f"{n:,f}" for n in sorted(missing_values))
        extra = ", ".join(f"{n:,f}" for n in sorted(extra_values))
        return (
            "its numbers differ from the sentence's"
            + (f" (missing {missing})" if missing else "")
            + (f" (not in the sentence: {extra})" if extra else "")
        )
    return None
