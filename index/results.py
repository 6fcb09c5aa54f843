"""The plain objects every front end renders: quotes checked against their source, answers, key points."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from index.errors import VerbatimError
from index.messages import message

Status = Literal["answered", "not_found"]
Mode = Literal["extractive", "llm"]
# Where a quote's English rendering comes from: shipped with speechbot (reviewed) or written by the model.
TranslationSource = Literal["bundled", "model"]
# The quote rule, the one place it is written: a quote is 1-3 consecutive sentences of one passage,
# at most 400 characters (and one sentence more when it answers the question a quote would end on, see
# VersionView.best_window); an answer shows at most three quotes.
MAX_QUOTE_CHARS = 400
MAX_QUOTE_SENTENCES = 3
MAX_QUOTES = 3


def quote_fits(sentences: int, chars: int) -> bool:
    """Whether `sentences` consecutive sentences spanning `chars` characters may be one quote."""
    return 1 <= sentences <= MAX_QUOTE_SENTENCES and chars <= MAX_QUOTE_CHARS


@dataclass(frozen=True, slots=True)
class Quote:
    """An exact span of a source document: `text == source_text[start:end]`."""

    text: str
    source: str
    section: str | None
    paragraph: int
    start: int
    end: int
    sentence_ids: tuple[str, ...] = ()
    score: float | None = None
    translation: str | None = None  # an English rendering, always labelled as a translation
    translation_source: TranslationSource | None = None  # set whenever `translation` is
    title: str | None = None  # the document's title (its first line), for citations people can follow
    line: int | None = None  # 1-based line number of `start` in the source file
    section_translation: str | None = None  # the section heading's English rendering, if any

    def citation(self, lang: str = "en") -> str:
        """Where a person finds the quote: document title, section (in the reader's language), line."""
        title = self.title or self.source
        section = self.section_translation if lang == "en" and self.section_translation else self.section
        where = f"{title} — {section}" if section else title
        if self.line is None:
            return message("citation.paragraph", lang, where=where, paragraph=self.paragraph)
        return message("citation.line", lang, where=where, line=self.line)

    def to_dict(self) -> dict[str, Any]:
        out = {
            "text": self.text,
            "source": self.source,
            "section": self.section,
            "paragraph": self.paragraph,
            "start": self.start,
            "end": self.end,
        }
        if self.translation:
            out["translation"] = self.translation
            out["translation_source"] = self.translation_source
        if self.title is not None:
            out["title"] = self.title
        if self.line is not None:
            out["line"] = self.line
        if self.section_translation:
            out["section_translation"] = self.section_translation
        return out


def verify_quote(quote: Quote, source_text: str) -> Quote:
    """Return the quote if it is an exact, non-empty span of `source_text`; raise otherwise."""
    if (
        not quote.text.strip()
        or not 0 <= quote.start < quote.end <= len(source_text)
        or source_text[quote.start : quote.end] != quote.text
    ):
        raise VerbatimError(f"quote at {quote.source}[{quote.start}:{quote.end}] is not verbatim")
    return quote


@dataclass(frozen=True, slots=True)
class Answer:
    question: str
    status: Status
    quotes: tuple[Quote, ...]
    index_version: str
    mode: Mode = "extractive"
    answer: str | None = None
    reason: str | None = None  # why not_found, in one sentence
    fallback_reason: str | None = None  # why the LLM path was not used
    language: str = "en"
    # With status not_found: the closest passages, shown as "not answered directly; closest passages".
    related: tuple[Quote, ...] = ()
    # Why a model answer was not shown (a failed number/name/support/citation/language check).
    check_failed: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "question": self.question,
            "status": self.status,
            "answer": self.answer,
            "mode": self.mode,
            "index_version": self.index_version,
            "quotes": [q.to_dict() for q in self.quotes],
            "language": self.language,
        }
        if self.reason:
            out["reason"] = self.reason
        if self.fallback_reason:
            out["fallback_reason"] = self.fallback_reason
        if self.related:
            out["related"] = [q.to_dict() for q in self.related]
        if self.check_failed:
            out["check_failed"] = self.check_failed
        return out


@dataclass(frozen=True, slots=True)
class KeyPoint:
    text: str
    quotes: tuple[Quote, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "quotes": [q.to_dict() for q in self.quotes]}


@dataclass(frozen=True, slots=True)
class KeyPoints:
    topic: str | None
    points: tuple[KeyPoint, ...]
    index_version: str
    mode: Mode = "extractive"
    reason: str | None = None
    fallback_reason: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "topic": self.topic,
            "points": [p.to_dict() for p in self.points],
            "mode": self.mode,
            "index_version": self.index_version,
        }
        if self.reason:
            out["reason"] = self.reason
        if self.fallback_reason:
            out["fallback_reason"] = self.fallback_reason
        return out


@dataclass(frozen=True, slots=True)
class IndexStatus:
    version: str
    built_at: str
    embedding_model: str
    dimension: int
    documents: tuple[dict[str, Any], ...]
    passages: int
    sentences: int
    stale: bool = False
    stale_reason: str | None = None
    store: str = "embedded"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def passage_changes(added: int, removed: int, unchanged: int, lang: str = "en") -> str:
    """E.g. "22 passages added, none removed, none unchanged" (what "+22 -0 =0" meant)."""
    if added:
        first = message("refresh.passages.added_one" if added == 1 else "refresh.passages.added", lang, n=added)
    else:
        first = message("refresh.passages.none_added", lang)
    none = message("refresh.none_count", lang)
    return message("refresh.passages", lang, first=first, removed=removed or none, unchanged=unchanged or none)


@dataclass(frozen=True)
class RefreshReport:
    version: str
    previous: str | None
    switched: bool
    embedded: int
    seconds: float
    documents_added: list[str] = field(default_factory=list)
    documents_changed: list[str] = field(default_factory=list)
    documents_removed: list[str] = field(default_factory=list)
    passages_added: int = 0
    passages_removed: int = 0
    passages_unchanged: int = 0
    # After the build, with a model configured: new sentences given an English rendering, and why
    # any were left without one (the refresh itself never fails for it).
    rendered: int = 0
    rendering_note: str | None = None

    @property
    def changed(self) -> bool:
        return self.version != self.previous

    def summary(self, lang: str = "en") -> str:
        return self._build_summary(lang) + self._rendering_summary(lang)

    def _rendering_summary(self, lang: str) -> str:
        if not self.rendered and not self.rendering_note:
            return ""
        line = message("refresh.rendered", lang, n=self.rendered)
        return line + (f" {self.rendering_note}" if self.rendering_note else "")

    def _build_summary(self, lang: str) -> str:
        if not self.switched:
            return message("refresh.unchanged", lang, version=self.version, seconds=self.seconds)
        if not self.changed:
            return message(
                "refresh.rewritten", lang, version=self.version, embedded=self.embedded, seconds=self.seconds
            )
        docs = ", ".join(
            f"{n} {message(key, lang)}"
            for n, key in (
                (len(self.documents_added), "refresh.added"),
                (len(self.documents_changed), "refresh.changed"),
                (len(self.documents_removed), "refresh.removed"),
            )
            if n
        )
        return message(
            "refresh.live",
            lang,
            version=self.version,
            previous=self.previous or message("refresh.none", lang),
            documents=docs or message("refresh.documents_unchanged", lang),
            passages=passage_changes(self.passages_added, self.passages_removed, self.passages_unchanged, lang),
            embedded=self.embedded,
            seconds=self.seconds,
        )

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
