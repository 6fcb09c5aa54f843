"""What an English reader gets: each quote's English rendering, its section heading in English, and an
answer line built only from those renderings, always labelled as translated from the article."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from index.messages import message
from index.renderings import RenderingStore
from index.results import Answer, KeyPoint, KeyPoints, Quote, TranslationSource
from index.version import VersionView

# (English rendering, where it comes from) for one exact text, or None.
Rendered = tuple[str, TranslationSource] | None


def combine(parts: Sequence[Rendered]) -> Rendered:
    """One rendering for consecutive sentences, only when every sentence has one.

    A partial rendering labelled as the whole quote's would misstate what the article says; a rendering
    with any model-written part is reported as the model's.
    """
    if not parts or any(p is None for p in parts):
        return None
    done = [p for p in parts if p is not None]
    source: TranslationSource = "model" if any(s == "model" for _, s in done) else "bundled"
    return " ".join(text for text, _ in done), source


def localize_quote(
    quote: Quote,
    view: VersionView,
    store: RenderingStore,
    *,
    fallback: Callable[[int, str], str | None] | None = None,
) -> Quote:
    """The quote with its English rendering and English section heading, where they exist.

    `fallback(i, text)` may supply a model-written rendering for the i-th sentence when neither the
    bundled nor the stored renderings have one: these always win over it.
    """
    parts: list[Rendered] = []
    for i, text in enumerate(view.quote_sentences(quote)):
        found = store.lookup(text)
        if found is None and fallback is not None:
            model_text = fallback(i, text)
            found = (model_text, "model") if model_text else None
        parts.append(found)
    rendered = combine(parts)
    heading = store.lookup(quote.section) if quote.section else None
    return replace(
        quote,
        translation=rendered[0] if rendered else None,
        translation_source=rendered[1] if rendered else None,
        section_translation=heading[0] if heading else None,
    )


def english_answer_line(quotes: Sequence[Quote]) -> str | None:
    """The offline answer for an English question: the renderings of its quotes, labelled as translated."""
    if not quotes:
        return None
    rendered = [q.translation for q in quotes if q.translation]
    missing = len(quotes) - len(rendered)
    if not rendered:
        return message("answer.untranslated.all")
    line = message("answer.translated") + " … ".join(rendered)
    if missing:
        note = message("answer.untranslated.one") if missing == 1 else message("answer.untranslated.some", n=missing)
        line = f"{line} ({note})"
    return line


def localize_answer(answer: Answer, view: VersionView, store: RenderingStore) -> Answer:
    """An extractive answer for its reader: English questions get renderings and an English answer line."""
    if answer.language != "en":
        return answer
    quotes = tuple(localize_quote(q, view, store) for q in answer.quotes)
    related = tuple(localize_quote(q, view, store) for q in answer.related)
    text = answer.answer
    if answer.status == "answered" and answer.mode == "extractive" and not text:
        text = english_answer_line(quotes)
    return replace(answer, quotes=quotes, related=related, answer=text)


def localize_keypoints(points: KeyPoints, view: VersionView, store: RenderingStore, lang: str) -> KeyPoints:
    """Key points for an English reader: every quote carries its rendering and English section heading."""
    if lang != "en":
        return points
    localized = tuple(KeyPoint(p.text, tuple(localize_quote(q, view, store) for q in p.quotes)) for p in points.points)
    return replace(points, points=localized)
