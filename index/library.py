"""The sources folder as moderators manage it: add, replace, remove and list documents safely."""

from __future__ import annotations

import logging
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from index.errors import SourceError
from index.sources import SOURCE_SUFFIXES, parse_source, source_files

log = logging.getLogger(__name__)

MAX_SOURCE_BYTES = 1024 * 1024
_UNSAFE = re.compile(r"[^\w.\-]+", re.UNICODE)


class DuplicateSource(SourceError):
    """A document of that name exists; the caller must confirm replacing it."""

    def __init__(self, name: str) -> None:
        super().__init__(f"{name} is already a source; confirm to replace it, or rename the file.")
        self.name = name


@dataclass(frozen=True)
class SourceInfo:
    name: str
    bytes: int
    passages: int
    title: str | None


def safe_name(filename: str) -> str:
    """A plain file name for the sources folder: no folders, no hidden files, .txt or .md only."""
    base = unicodedata.normalize("NFC", filename.replace("\\", "/").rsplit("/", 1)[-1]).strip()
    stem, dot, suffix = base.rpartition(".")
    if not dot or f".{suffix.lower()}" not in SOURCE_SUFFIXES:
        raise SourceError(f"{filename!r} is not a .txt or .md file; only plain-text sources can be added.")
    stem = _UNSAFE.sub("_", stem).strip("._-")[:100]
    if not stem:
        raise SourceError(f"{filename!r} has no usable name; rename it, e.g. to talk-notes.md.")
    return f"{stem}.{suffix.lower()}"


def add_source(folder: Path, filename: str, data: bytes, *, replace: bool = False, who: str = "cli") -> SourceInfo:
    """Check and write a new source document atomically; raise SourceError saying what is wrong."""
    name = safe_name(filename)
    if len(data) > MAX_SOURCE_BYTES:
        raise SourceError(f"{name} is {len(data) / 1024:.0f} KiB; sources may be at most 1 MiB.")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SourceError(f"{name} is not UTF-8 text (byte {exc.start}); save it as UTF-8 and try again.") from None
    if "\x00" in text:
        raise SourceError(f"{name} contains NUL bytes and is not a text file.")
    # Parse as the index will (universal newlines, as the file is read back).
    parsed = parse_source(name, text.replace("\r\n", "\n").replace("\r", "\n"))
    if not parsed.passages:
        raise SourceError(f"{name} has no paragraphs to index; add text to it and try again.")
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    if target.exists() and not replace:
        raise DuplicateSource(name)
    tmp = folder / f".{name}.tmp.{os.getpid()}"
    tmp.write_bytes(data)
    os.replace(tmp, target)
    log.info("source %s %s by %s (%d bytes)", name, "replaced" if replace else "added", who, len(data))
    return SourceInfo(name, len(data), len(parsed.passages), parsed.title)


def remove_source(folder: Path, name: str, *, who: str = "cli") -> None:
    target = folder / safe_name(name)
    if target.name != name or not target.is_file():
        raise SourceError(f"There is no source named {name!r}; `speechbot sources list` shows them.")
    remaining = [p for p in source_files(folder) if p.name != name]
    if not remaining:
        raise SourceError(f"{name} is the last source; add another before removing it.")
    target.unlink()
    log.info("source %s removed by %s", name, who)


def list_sources(folder: Path) -> list[SourceInfo]:
    out = []
    for path in source_files(folder):
        data = path.read_bytes()
        try:
            parsed = parse_source(path.name, path.read_text(encoding="utf-8"))
            out.append(SourceInfo(path.name, len(data), len(parsed.passages), parsed.title))
        except UnicodeDecodeError:
            out.append(SourceInfo(path.name, len(data), 0, None))
    return out
