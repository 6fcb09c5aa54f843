"""Parse source documents into sections, passages and sentences with exact character offsets."""

from __future__ import annotations

import logging
import os
import re
import stat
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from index.errors import SourceError
from index.hashing import content_hash
from index.messages import message
from index.results import MAX_QUOTE_CHARS

log = logging.getLogger(__name__)

SOURCE_SUFFIXES = (".txt", ".md")
# Bump when parsing changes in a way that changes passages: the index version includes it.
PARSER_VERSION = "5"

_BULLET = re.compile(r"^[ \t]*(?:[•・●▪◦‣*+\-]|\d{1,3}[.)])[ \t]+")
_MD_HEADING = re.compile(r"^[ \t]{0,3}(#{1,6})[ \t]+")
# A link to a related article ("! 「…」のマスク:私はDOGEよりもAIが大好きです"): its headline is text a
# reader of the page sees, and quotable like any other line, without the "!".
_RELATED_LINK = re.compile(r"^[ \t]*![ \t]*")
_MD_IMAGE = re.compile(r"^[ \t]*!\[")  # in Markdown, an image: nothing to quote
_DISCLAIMER = re.compile(
    r"third-party content|not be considered as an endorsement|financial or professional advice"
    r"|see disclaimer|all rights reserved|免責事項",
    re.IGNORECASE,
)
# A sentence ends at one of these, plus any closing brackets that follow it.
_TERMINATOR = re.compile(r"[。！？!?]+[」』）)\]】”’]*|\.(?=\s|$)[」』）)\]】”’\"']*|(?<=[;；])(?=\s*$)")
_CLOSERS = "」』）)]】”’\"'"
_QUOTATIVE = ("と", "って")
_SENTENCE_END_CHARS = '。！？!?.;；:：」』”"…'
_HEADING_MAX_CHARS = 80
# A sentence longer than a quote may be could never be quoted: it is split.
MAX_SENTENCE_CHARS = MAX_QUOTE_CHARS
# The largest source document; files are never read past it.
MAX_SOURCE_BYTES = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Sentence:
    id: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Passage:
    """A paragraph or bullet item: the unit that is embedded and searched."""

    id: str
    source: str
    kind: str  # "paragraph" | "bullet"
    section: str | None
    paragraph: int  # 1-based position among the document's passages
    start: int
    end: int
    sentences: tuple[Sentence, ...]


@dataclass(frozen=True, slots=True)
class Section:
    heading: str
    start: int
    end: int
    passage_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Source:
    name: str  # file name inside the sources folder
    text: str
    sha256: str
    title: str | None
    sections: tuple[Section, ...]
    passages: tuple[Passage, ...]
    boilerplate: tuple[tuple[int, int], ...] = field(default=())

    def passage_text(self, passage: Passage) -> str:
        return self.text[passage.start : passage.end]

    def sentence_text(self, sentence: Sentence) -> str:
        return self.text[sentence.start : sentence.end]


@dataclass(frozen=True, slots=True)
class _Block:
    start: int
    end: int
    kind: str  # "heading" | "paragraph" | "bullet" | "related" | "boilerplate"


def source_files(folder: Path) -> list[Path]:
    """The source files in a folder, in a stable order.

    Hidden files are skipped, and so are symbolic links: a link could make any file the process can
    read (a secret, /etc/passwd) a quotable source. Only regular files count.
    """
    if not folder.is_dir():
        raise SourceError(message("source.folder_missing", folder=folder))
    out = []
    for p in folder.iterdir():
        if p.name.startswith(".") or p.suffix.lower() not in SOURCE_SUFFIXES:
            continue
        if p.is_symlink():
            log.warning("skipping %s in the sources folder: symbolic links are not followed", p.name)
            continue
        if _unshowable_name(p.name):
            log.warning("skipping %r in the sources folder: its name is not printable UTF-8; rename it", p.name)
            continue
        if p.is_file():
            out.append(p)
    return sorted(out)


def too_large(name: str, size: int | None) -> str:
    """The sentence refusing a source over MAX_SOURCE_BYTES (`size` None: unknown, e.g. a device)."""
    what = message("source.size", size=size) if size is not None else message("source.size_unknown")
    return message("source.too_large", name=name, what=what, limit=MAX_SOURCE_BYTES)


def read_bounded(path: Path, limit: int = MAX_SOURCE_BYTES) -> bytes:
    """A regular file's bytes, reading at most limit + 1 of them; SourceError if it is not one or too big."""
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below like any non-file.
        with open(os.open(path, os.O_RDONLY | os.O_NONBLOCK), "rb") as fh:
            st = os.fstat(fh.fileno())
            if not stat.S_ISREG(st.st_mode):
                raise SourceError(message("source.not_regular", name=path.name))
            if st.st_size > limit:
                raise SourceError(too_large(path.name, st.st_size))
            data = fh.read(limit + 1)
    except OSError as exc:
        raise SourceError(message("source.unreadable", path=path, error=exc.strerror or exc)) from exc
    if len(data) > limit:  # it grew while being read
        raise SourceError(too_large(path.name, None))
    return data


def decode_source(name: str, data: bytes) -> str:
    """Source bytes as text with universal newlines, as the index reads them back (offsets refer to it)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SourceError(message("source.not_utf8.add", name=name, byte=exc.start)) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _unshowable_name(name: str) -> bool:
    """Control or format characters (which garble or reorder what shows them), or bytes that are not UTF-8."""
    return any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp") for ch in name)


def read_source_text(path: Path) -> str:
    return decode_source(path.name, read_bounded(path))


def load_sources(folder: Path) -> list[Source]:
    sources = [parse_source(p.name, read_source_text(p)) for p in source_files(folder)]
    if not sources:
        raise SourceError(message("source.none", folder=folder))
    return sources


def parse_source(name: str, text: str) -> Source:
    blocks = list(_blocks(text, markdown=name.lower().endswith(".md")))
    title: str | None = None
    sections: list[Section] = []
    passages: list[Passage] = []
    boilerplate: list[tuple[int, int]] = []
    heading: tuple[str, int] | None = None
    section_passages: list[str] = []
    seen_ids: dict[str, int] = {}

    def close_section(end: int) -> None:
        if heading is not None:
            sections.append(Section(heading[0], heading[1], end, tuple(section_passages)))

    for block in blocks:
        block_text = text[block.start : block.end]
        if block.kind == "boilerplate":
            boilerplate.append((block.start, block.end))
            continue
        if block.kind == "heading":
            if title is None and not passages and not sections and heading is None:
                title = block_text
                continue
            close_section(block.start)
            heading, section_passages = (block_text, block.start), []
            continue
        sentences = tuple(span for s, e in _sentences(text, block.start, block.end) for span in _fit(text, s, e))
        if not sentences:
            continue
        digest = content_hash(block_text)[:12]
        n = seen_ids.get(digest, 0)
        seen_ids[digest] = n + 1
        pid = f"{name}#{digest}" + (f"-{n}" if n else "")
        passage = Passage(
            id=pid,
            source=name,
            kind=block.kind,
            section=heading[0] if heading else None,
            paragraph=len(passages) + 1,
            start=block.start,
            end=block.end,
            sentences=tuple(Sentence(f"{pid}/s{i}", s, e) for i, (s, e) in enumerate(sentences, 1)),
        )
        passages.append(passage)
        section_passages.append(pid)
    close_section(len(text))
    return Source(name, text, content_hash(text), title, tuple(sections), tuple(passages), tuple(boilerplate))


def _blocks(text: str, *, markdown: bool) -> Iterator[_Block]:
    """Split text into blocks. Files with blank lines use them between paragraphs; others, one line a block."""
    lines = list(_lines(text))
    blank_separated = markdown or any(not text[s:e].strip() for s, e in lines)
    pending: list[tuple[int, int]] = []

    def flush() -> Iterator[_Block]:
        if pending:
            yield _Block(pending[0][0], pending[-1][1], "paragraph")
            pending.clear()

    in_fence = False
    for start, end in lines:
        line = text[start:end]
        if line.lstrip().startswith("```"):
            in_fence = not in_fence
            yield from flush()
            continue
        if in_fence:
            continue
        stripped = line.strip()
        if not stripped:
            yield from flush()
            continue
        lead = len(line) - len(line.lstrip())
        s, e = start + lead, start + len(line.rstrip())
        kind = _line_kind(line, markdown=markdown)
        if kind == "paragraph" and blank_separated:
            pending.append((s, e))
            continue
        yield from flush()
        if kind == "bullet":
            s = start + _BULLET.match(line).end()  # type: ignore[union-attr]
        elif kind == "related":
            s = start + _RELATED_LINK.match(line).end()  # type: ignore[union-attr]
        elif kind == "heading" and markdown:
            m = _MD_HEADING.match(line)
            if m:
                s = start + m.end()
        if s < e:
            yield _Block(s, e, kind)
    yield from flush()


def _line_kind(line: str, *, markdown: bool) -> str:
    stripped = line.strip()
    if _DISCLAIMER.search(stripped):
        return "boilerplate"
    if _RELATED_LINK.match(line):
        return "boilerplate" if markdown and _MD_IMAGE.match(line) else "related"
    if markdown and _MD_HEADING.match(line):
        return "heading"
    if _BULLET.match(line):
        return "bullet"
    if not markdown and _looks_like_heading(stripped):
        return "heading"
    return "paragraph"


def _looks_like_heading(line: str) -> bool:
    """Plain-text headings: short lines that are not sentences."""
    if len(line) > _HEADING_MAX_CHARS or "。" in line:
        return False
    return line[-1] not in _SENTENCE_END_CHARS


def _lines(text: str) -> Iterator[tuple[int, int]]:
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        yield pos, pos + len(body)
        pos += len(line)


def _sentences(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Sentence spans inside [start, end), trimmed of surrounding white space."""
    chunk = text[start:end]
    cursor = 0
    # Double quotes seen so far, counted as the scan goes (recounting from the start was quadratic).
    quotes, counted = 0, 0
    for m in _TERMINATOR.finditer(chunk):
        stop = m.end()
        # An ASCII double quote right after a terminator closes a quotation when one is open.
        if stop < len(chunk) and chunk[stop] == '"':
            quotes, counted = quotes + chunk.count('"', counted, stop), stop
            if quotes % 2 == 1:
                stop += 1
        # 「…。」と述べた: a quotation followed by its quotative particle is one sentence.
        if stop > m.start() + 1 and chunk[stop - 1] in _CLOSERS and chunk.startswith(_QUOTATIVE, stop):
            continue
        if stop <= cursor:
            continue
        span = _trim(chunk, cursor, stop)
        if span:
            yield start + span[0], start + span[1]
        cursor = stop
    span = _trim(chunk, cursor, len(chunk))
    if span:
        yield start + span[0], start + span[1]


def _fit(text: str, start: int, end: int, limit: int = MAX_SENTENCE_CHARS) -> Iterator[tuple[int, int]]:
    """Split a sentence longer than a quote may be at its last clause break (、, ；, comma, space)."""
    while end - start > limit:
        window = text[start : start + limit]
        cut = max(window.rfind(ch) for ch in ("、", "，", ",", "；", ";", " ", "　"))
        cut = cut + 1 if cut > limit // 4 else limit
        span = _trim(text, start, start + cut)
        if span:
            yield span
        start += cut
    span = _trim(text, start, end)
    if span:
        yield span


def _is_word(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "LN"


def _trim(chunk: str, s: int, e: int) -> tuple[int, int] | None:
    while s < e and chunk[s].isspace():
        s += 1
    while e > s and chunk[e - 1].isspace():
        e -= 1
    if s >= e or not any(_is_word(c) for c in chunk[s:e]):
        return None
    return s, e
