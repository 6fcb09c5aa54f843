"""The speechbot core's entry point: open the live index, answer questions, list key points."""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from typing import Any

import numpy as np

from index.answer import MAX_QUOTES, Answer, IndexStatus, KeyPoint, KeyPoints, Quote
from index.build import Progress, RefreshReport, refresh, version_id
from index.embedding import embedder, model_id, query_vector
from index.errors import IndexNotReady, SpeechbotError
from index.search import BuildGone, PassageRecord, VersionView
from index.settings import Settings
from index.sources import load_sources
from index.store import chroma_client, version_store

log = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 2000
CANDIDATE_PASSAGES = 8
# A quote is kept if it scores within this margin of the best one.
QUOTE_MARGIN = 0.03
# Below these cosine scores nothing in the sources answers the question. English questions score
# about 0.05 lower than Japanese ones against the Japanese text, so each language has its own floor.
# Calibrated on evals/questions.jsonl (the project's own set), see `speechbot eval`: English leaves
# 0.02 below the lowest-scoring answerable question; Japanese off-topic questions score within 0.02
# of answerable ones, so its floor splits that gap. Refusing an answerable question is the worse error.
MIN_SCORE = {"en": 0.750, "ja": 0.795}
# Raw scores alone do not separate off-topic questions, so each question is also compared with
# off-topic reference sentences (index/background.txt): one that is clearly closer to those than to
# every source passage is not about the sources.
BACKGROUND_MARGIN = 0.06
# A free-text key-point topic is broader than a question: more points, a wider margin.
TOPIC_POINTS = 5
TOPIC_MARGIN = 0.05

_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|[@-Z\\-_])")
_INVISIBLE = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]")

NOT_FOUND = {
    "en": "The article does not cover this; ask about Musk's talk at Y Combinator's AI Startup School.",
    "ja": (
        "この記事にはその質問に答える内容がありません。"
        "YコンビネーターのAIスタートアップスクールでのマスクの講演について質問してください。"
    ),
}


class BadQuestion(SpeechbotError):
    """The question is empty or unusable."""


def language_of(text: str) -> str:
    return "ja" if _JAPANESE.search(text) else "en"


def clean_question(question: str) -> str:
    """Drop control and zero-width characters, fold white space; raise on an empty question."""
    text = _INVISIBLE.sub("", _ANSI.sub("", question))
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)
    text = " ".join(text.split())
    if not any(unicodedata.category(ch)[0] in "LN" for ch in text):
        raise BadQuestion(
            'The question is empty; ask something about the talk, e.g. "Why did Musk leave his government job?"'
        )
    if len(text) > MAX_QUESTION_CHARS:
        raise BadQuestion(f"The question is {len(text)} characters long; keep it under {MAX_QUESTION_CHARS}.")
    return text


class SpeechIndex:
    """The live index of one data folder. Thread-safe; picks up a new version after a refresh."""

    def __init__(self, settings: Settings, *, model: Any = None, client: Any = None) -> None:
        self.settings = settings
        self.model = model if model is not None else embedder(settings)
        self.client = client if client is not None else chroma_client(settings)
        self.store = version_store(settings, self.client)
        self._view: VersionView | None = None
        self._stamp: tuple[int, int] | None = None
        self._lock = threading.Lock()
        # The language-model answerer (index/llm.py) when an API key is set; None means extractive only.
        self.llm: Any = None
        if settings.llm_enabled:
            from index.llm import make_answerer

            self.llm = make_answerer(settings)

    # -- opening and refreshing --------------------------------------------------------------------
    def view(self) -> VersionView:
        """The live version, reloaded when the pointer changed since the last look (a stat, not a read)."""
        stamp = self.store.pointer_stamp()
        view = self._view
        if view is not None and stamp == self._stamp:
            return view
        with self._lock:
            if self._view is not None and stamp == self._stamp:
                return self._view
            build = self.store.live_build()
            if build is None:
                raise IndexNotReady("The index has not been built yet; run `speechbot index build`.")
            if self._view is None or self._view.build != build:
                self._view = VersionView(self.store, self.client, build)
            self._stamp = stamp
            return self._view

    def staleness(self) -> str | None:
        """Why the live version no longer matches the sources or the model, or None if it does."""
        build = self.store.live_build()
        if build is None:
            return "no index has been built"
        manifest = self.store.manifest(build)
        if manifest.embedding_model != model_id(self.model):
            return f"it was built with {manifest.embedding_model}, not {model_id(self.model)}"
        if manifest.dimension != getattr(self.model, "dimension", manifest.dimension):
            return f"its vectors have {manifest.dimension} dimensions, the model gives {self.model.dimension}"
        sources = load_sources(self.settings.sources_dir)
        if version_id(sources, manifest.embedding_model, manifest.dimension) != manifest.version:
            return "the sources have changed since it was built"
        return None

    def ensure_current(self, progress: Progress | None = None, *, who: str = "auto") -> RefreshReport | None:
        """Build the index if it is missing, broken or stale; return the report if it built."""
        broken = False
        try:
            reason = self.staleness()
            if reason is None:
                self.view()
                return None
        except IndexNotReady as exc:
            # The live build cannot be read: build a new copy even if the sources are unchanged.
            reason, broken = str(exc), True
        log.info("building the index: %s", reason)
        return self.refresh(who=who, progress=progress, force=broken)

    def refresh(self, *, who: str = "cli", progress: Progress | None = None, force: bool = False) -> RefreshReport:
        report = refresh(self.settings, self.model, self.client, who=who, progress=progress, force=force)
        self.view()
        return report

    def status(self) -> IndexStatus:
        view = self.view()
        m = view.manifest
        try:
            stale = self.staleness()
        except SpeechbotError as exc:
            stale = str(exc)
        return IndexStatus(
            version=m.version,
            built_at=m.built_at,
            embedding_model=m.embedding_model,
            dimension=m.dimension,
            documents=tuple(
                {"name": d["name"], "title": d["title"], "passages": len(d["passages"])} for d in m.documents
            ),
            passages=m.passages,
            sentences=m.sentences,
            stale=stale is not None,
            stale_reason=stale,
            store=f"chroma server {self.settings.chroma_host}:{self.settings.chroma_port}"
            if self.settings.chroma_host
            else "embedded",
        )

    # -- answering ---------------------------------------------------------------------------------
    def ask(self, question: str, *, context: str | None = None, use_llm: bool = True) -> Answer:
        """Answer from the sources with up to three verified quotes, or say the sources do not answer.

        With a language model configured, it writes the answer from the retrieved passages; the
        extractive answer computed here is what it falls back to on any failure.
        """
        text = clean_question(question)
        lang = language_of(text)
        q = query_vector(self.model, text)
        if context:
            # A follow-up ("and robots?") leans on the thread's previous question.
            prev = query_vector(self.model, clean_question(context))
            q = q + 0.5 * prev
            q /= np.linalg.norm(q)
        view, quotes = self._retrieve_live(q)
        if not self._relevant(view, q, quotes, lang):
            answer = Answer(question, "not_found", (), view.version, reason=NOT_FOUND[lang], answer=None, language=lang)
        else:
            answer = Answer(question, "answered", tuple(quotes), view.version, language=lang)
        if use_llm and self.llm is not None:
            return self.llm.answer(
                index=self, view=view, question=text, lang=lang, query=q, extractive=answer, context=context
            )
        return answer

    def _retrieve_live(self, q: np.ndarray) -> tuple[VersionView, list[Quote]]:
        """Quotes from the live build; if that build vanished under us, once more from the new one."""
        view = self.view()
        try:
            return view, self.retrieve(view, q)
        except BuildGone:
            with self._lock:
                self._stamp = None  # make view() read the pointer again
            view = self.view()
            return view, self.retrieve(view, q)

    @staticmethod
    def _relevant(view: VersionView, q: np.ndarray, quotes: list[Quote], lang: str) -> bool:
        if not quotes:
            return False
        best = quotes[0].score or 0.0
        return best >= MIN_SCORE[lang] and best >= view.background_score(q) - BACKGROUND_MARGIN

    def retrieve(
        self, view: VersionView, q: np.ndarray, *, limit: int = MAX_QUOTES, margin: float = QUOTE_MARGIN
    ) -> list[Quote]:
        """Quotes for a query vector, best first: one window of 1-3 sentences per passage."""
        candidates = view.search(q, CANDIDATE_PASSAGES)
        if not candidates:
            return []
        scores = view.sentence_scores(q)
        ranked: list[tuple[float, PassageRecord, int, int]] = []
        for cand in candidates:
            if not cand.passage.sentence_rows:
                continue
            # Passages rank by their own score (measured: better than by their best sentence);
            # sentences only choose which part of the passage to quote.
            first, last, _ = view.best_window(cand.passage, scores)
            ranked.append((cand.score, cand.passage, first, last))
        ranked.sort(key=lambda r: -r[0])
        top = ranked[0][0]
        return [view.quote(p, a, b, score=s) for s, p, a, b in ranked[:limit] if s >= top - margin]

    # -- key points --------------------------------------------------------------------------------
    def keypoints(self, topic: str | None = None, *, use_llm: bool = True, lang: str | None = None) -> KeyPoints:
        """Key points; `lang` is the asker's language when there is no topic to tell it by."""
        points = self._extractive_keypoints(topic)
        if use_llm and self.llm is not None:
            return self.llm.keypoints(index=self, view=self.view(), topic=topic, extractive=points, lang=lang)
        return points

    def refresh_holder(self) -> dict[str, Any] | None:
        """Who holds the refresh lock and since when, or None when no refresh runs."""
        return self.store.refresh_running()

    def _extractive_keypoints(self, topic: str | None) -> KeyPoints:
        view = self.view()
        if topic is None or not topic.strip():
            return KeyPoints(None, tuple(self._summary_points(view)), view.version)
        topic = clean_question(topic)
        section = _match_section(view, topic)
        if section is not None:
            points = [self._passage_point(view, view.passages[pid]) for pid in section.passage_ids]
            return KeyPoints(topic, tuple(points), view.version)
        q = query_vector(self.model, topic)
        quotes = self.retrieve(view, q, limit=TOPIC_POINTS, margin=TOPIC_MARGIN)
        lang = language_of(topic)
        if not self._relevant(view, q, quotes, lang):
            return KeyPoints(topic, (), view.version, reason=NOT_FOUND[lang])
        return KeyPoints(topic, tuple(KeyPoint(qt.text, (qt,)) for qt in quotes), view.version)

    def _summary_points(self, view: VersionView) -> list[KeyPoint]:
        """The article's own summary list (its bullet items), then one point per section."""
        points = [self._passage_point(view, p) for p in view.reading_order if p.ptype == "bullet"]
        for section in view.sections:
            members = [view.passages[pid] for pid in section.passage_ids if view.passages[pid].ptype != "bullet"]
            if not members:
                continue
            # The section's most representative sentence: the one closest to its heading.
            scores = view.sentence_scores(section.vector)
            best = max(members, key=lambda p: max(scores[r] for r in p.sentence_rows))
            first, last, _ = view.best_window(best, scores, extend_margin=0.0)
            points.append(KeyPoint(section.heading, (view.quote(best, first, last),)))
        return points

    def _passage_point(self, view: VersionView, passage: PassageRecord) -> KeyPoint:
        """A passage as a key point: its opening sentences, as many as fit in one quote."""
        last = 0
        rows = passage.sentence_rows
        while (
            last + 1 < min(len(rows), 3) and view.sentences[rows[last + 1]].end - view.sentences[rows[0]].start <= 400
        ):
            last += 1
        quote = view.quote(passage, 0, last)
        return KeyPoint(quote.text, (quote,))

    def section_headings(self) -> list[str]:
        return [s.heading for s in self.view().sections]


def _match_section(view: VersionView, topic: str) -> Any:
    key = topic.casefold()
    for section in view.sections:
        heading = section.heading.casefold()
        if key == heading or (len(key) >= 2 and key in heading):
            return section
    return None


def open_index(
    settings: Settings | None = None, *, build: bool = True, progress: Progress | None = None
) -> SpeechIndex:
    """Open the index of `settings` (default: from the environment), building it first when needed."""
    index = SpeechIndex(settings or Settings.from_env())
    if build:
        index.ensure_current(progress)
    return index
