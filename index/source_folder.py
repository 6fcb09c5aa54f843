"""The sources folder as moderators manage it: add, replace, remove and list documents safely."""

from __future__ import annotations

import logging
import os
import re
import secrets
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from index.errors import SourceError
from index.messages import message
from index.sources import (
    MAX_SOURCE_BYTES,
    SOURCE_SUFFIXES,
    decode_source,
    parse_source,
    read_bounded,
    source_files,
    too_large,
)

log = logging.getLogger(__name__)

# File systems limit a name to 255 bytes (not characters): a CJK character takes three in UTF-8.
MAX_NAME_BYTES = 255
_UNSAFE = re.compile(r"[^\w.\-]+", re.UNICODE)


class DuplicateSource(SourceError):
    """A document of that name exists; the caller must confirm replacing it."""

    def __init__(self, name: str) -> None:
        super().__init__(message("source.duplicate", name=name))
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
        raise SourceError(message("source.wrong_kind", filename=_shown(filename)))
    stem = _UNSAFE.sub("_", stem).strip("._-")
    if not stem:
        raise SourceError(message("source.no_name", filename=_shown(filename)))
    name = f"{stem}.{suffix.lower()}"
    size = len(name.encode("utf-8"))
    if size > MAX_NAME_BYTES:
        raise SourceError(message("source.name_too_long", name=_shown(name), size=size, limit=MAX_NAME_BYTES))
    return name


def _shown(name: str, limit: int = 60) -> str:
    """A file name as echoed in a message: quoted, and cut if long."""
    return repr(name if len(name) <= limit else name[: limit - 1] + "…")


def add_source(folder: Path, filename: str, data: bytes, *, replace: bool = False, who: str = "cli") -> SourceInfo:
    """Check and write a new source document atomically; raise SourceError saying what is wrong."""
    name = safe_name(filename)
    if len(data) > MAX_SOURCE_BYTES:
        raise SourceError(too_large(name, len(data)))
    text = decode_source(name, data)
    if "\x00" in text:
        raise SourceError(message("source.nul", name=name))
    parsed = parse_source(name, text)
    if not parsed.passages:
        raise SourceError(message("source.no_paragraphs", name=name))
    folder.mkdir(parents=True, exist_ok=True)
    # A name that differs only in case is the same document to the reader (and on some file systems).
    existing = _find(folder, name)
    if existing is not None and not replace:
        raise DuplicateSource(existing.name)
    target = folder / name
    # The temporary name does not grow with the file name, so a name of 255 bytes still fits.
    tmp = folder / f".add-{os.getpid()}-{secrets.token_hex(4)}.tmp"
    try:
        tmp.write_bytes(data)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    if existing is not None and existing.name != name:
        existing.unlink(missing_ok=True)
    log.info("source %s %s by %s (%d bytes)", name, "replaced" if existing else "added", who, len(data))
    return SourceInfo(name, len(data), len(parsed.passages), parsed.title)


def read_source_file(path: Path) -> bytes:
    """A file to add, read safely: regular files only, never more than the limit plus one byte."""
    return read_bounded(path)


def _find(folder: Path, name: str) -> Path | None:
    """The listed source called `name`: exactly, else the one equal to it ignoring case."""
    files = source_files(folder) if folder.is_dir() else []
    for p in files:
        if p.name == name:
            return p
    folded = [p for p in files if p.name.casefold() == name.casefold()]
    return folded[0] if len(folded) == 1 else None


def remove_source(folder: Path, name: str, *, who: str = "cli") -> str:
    """Remove a listed source (its name as listed, case ignored); return the name removed.

    The last source that can be indexed is never removed: with it gone, every refresh would fail.
    """
    target = _find(folder, name)
    if target is None:
        raise SourceError(message("source.unknown", name=_shown(name)))
    if not any(_indexable(p) for p in source_files(folder) if p != target):
        raise SourceError(message("source.last", name=target.name))
    target.unlink()
    log.info("source %s removed by %s", target.name, who)
    return target.name


def _indexable(path: Path) -> bool:
    try:
        return bool(parse_source(path.name, decode_source(path.name, read_bounded(path))).passages)
    except SourceError:
        return False


def list_sources(folder: Path) -> list[SourceInfo]:
    out = []
    for path in source_files(folder):
        try:
            data = read_bounded(path)
            parsed = parse_source(path.name, decode_source(path.name, data))
            out.append(SourceInfo(path.name, len(data), len(parsed.passages), parsed.title))
        except SourceError:
            size = path.stat().st_size if path.exists() else 0
            out.append(SourceInfo(path.name, size, 0, None))
    return out
