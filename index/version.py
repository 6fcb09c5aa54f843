"""One opened index version: its passages and sentences in memory, its Chroma collection for search."""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from index.errors import IndexNotReady, SpeechbotError, VerbatimError
from index.hashing import content_hash
from index.messages import message
from index.results import Quote, quote_fits, verify_quote
from index.store.chroma import chroma_errors
from index.store.manifest import IndexManifest
from index.store.protocol import VersionStore
from index.store.records import PassageRecord, decode

if TYPE_CHECKING:
    from chromadb.api import ClientAPI

# A sentence asking a question: a question mark, perhaps inside closing quotation marks.
_QUESTION_END = re.compile(r"[?？][」』\"”’)）]*\s*$")


_PAIRED_MARKS = (("「", "」"), ("『", "』"), ("“", "”"))


def _left_open(text: str) -> bool:
    """Whether `text` leaves a quotation open: an odd number of straight double quotes, or more opening
    marks than closing ones of a pair."""
    return text.count('"') % 2 == 1 or any(text.count(a) > text.count(b) for a, b in _PAIRED_MARKS)


@dataclass(frozen=True, slots=True)
class ScoredPassage:
    passage: PassageRecord
    score: float


class VersionView:
    """An immutable, fully loaded index version. Answers built from one view never mix versions."""

    def __init__(self, store: VersionStore, client: ClientAPI, build: str) -> None:
        self.build = build
        self.manifest: IndexManifest = store.manifest(build)
        self.version = self.manifest.version
        self.texts = {d.name: store.snapshot_text(build, d.name) for d in self.manifest.documents}
        for d in self.manifest.documents:
            # A snapshot that is not what was indexed would give quotes that fail verification on every
            # question: treat the build as broken (the next `ask` or refresh rebuilds it).
            if content_hash(self.texts[d.name]) != d.sha256:
                raise IndexNotReady(message("index.snapshot_mismatch", name=d.name, build=build))
        self.titles: dict[str, str | None] = {d.name: d.title for d in self.manifest.documents}
        # Offsets where each line of each document starts: a quote's line number is one bisect away.
        self._line_starts = {
            name: [0, *(i + 1 for i, ch in enumerate(text) if ch == "\n")] for name, text in self.texts.items()
        }
        try:
            with chroma_errors(build):
                self.collection = client.get_collection(self.manifest.collection)
                # Passage vectors too: answerability compares two queries on the same passages.
                passages = self.collection.get(include=["metadatas", "embeddings"])
                parts = client.get_collection(self.manifest.parts_collection).get(
                    include=["embeddings", "metadatas", "documents"]
                )
        except SpeechbotError:
            raise
        except Exception as exc:
            raise IndexNotReady(message("index.unreadable", build=build, error=type(exc).__name__)) from exc
        if len(passages["ids"]) == 0 or len(parts["ids"]) == 0:
            raise IndexNotReady(message("index.empty", build=build))
        from llama_index.vector_stores.chroma import ChromaVectorStore

        self.vector_store = ChromaVectorStore(chroma_collection=self.collection)
        try:
            loaded = decode(passages, parts)
        except (KeyError, ValueError, TypeError) as exc:
            raise IndexNotReady(message("index.malformed", build=build, error=repr(exc))) from exc
        self.passages = loaded.passages
        self.passage_vectors = loaded.passage_vectors
        self.reading_order = loaded.reading_order
        # Each passage's predecessor in its section (None for a section's first): what it goes on from.
        self.before: dict[str, str | None] = {
            p.id: (q.id if q is not None and (q.source, q.section) == (p.source, p.section) else None)
            for q, p in zip([None, *self.reading_order], self.reading_order, strict=False)
        }
        self.sentences = loaded.sentences
        self.sentence_vectors = loaded.sentence_vectors
        self.sections = loaded.sections
        self.background_vectors = loaded.background_vectors
        self.row_of_sentence: dict[str, int] = {rec.id: row for row, rec in enumerate(self.sentences)}
        # A related article's headline ("! 「…」のマスク:私はDOGEよりもAIが大好きです"): quotable, but short and
        # on the article's subjects it is close by meaning to any question, so a search leaves it out
        # unless asked to (the engine asks when a question names what only such a headline names).
        self.related = frozenset(pid for pid, p in self.passages.items() if p.ptype == "related")
        for rec in self.sentences:
            passage = self.passages.get(rec.passage_id)
            text = self.texts.get(passage.source) if passage else None
            if text is None or text[rec.start : rec.end] != rec.text:
                raise IndexNotReady(message("index.record_mismatch", build=build, record=rec.id))

    # -- search -----------------------------------------------------------------------------------
    def search(self, query: np.ndarray, k: int, *, related: bool = False) -> list[ScoredPassage]:
        """Top passages for a query vector, through llama-index's Chroma vector store; a related
        article's headline only if `related`."""
        from llama_index.core.vector_stores.types import VectorStoreQuery

        top = min(k + len(self.related), len(self.passages))
        with chroma_errors(self.build):
            result = self.vector_store.query(VectorStoreQuery(query_embedding=query.tolist(), similarity_top_k=top))
        # The integration reports exp(-distance); with cosine space that is exp(cos - 1).
        found = [
            ScoredPassage(self.passages[i], float(np.log(max(s, 1e-12)) + 1.0))
            for i, s in zip(result.ids or [], result.similarities or [], strict=False)
            if i in self.passages
        ]
        return self._kept(found, k, related)

    def search_many(self, queries: list[np.ndarray], k: int, related: Sequence[bool] = ()) -> list[list[ScoredPassage]]:
        """`search` for several query vectors in one Chroma query; the same passages and scores per query."""
        with chroma_errors(self.build):
            result = self.collection.query(
                query_embeddings=[q.tolist() for q in queries],
                n_results=min(k + len(self.related), len(self.passages)),
                include=["distances"],
            )
        # Scored exactly as `search` (llama-index's exp(-distance), then back), so batching never
        # changes a score by a rounding step.
        related = related or [False] * len(queries)
        return [
            self._kept(
                [
                    ScoredPassage(self.passages[i], float(np.log(max(math.exp(-d), 1e-12)) + 1.0))
                    for i, d in zip(ids, distances, strict=False)
                    if i in self.passages
                ],
                k,
                with_related,
            )
            for ids, distances, with_related in zip(result["ids"], result["distances"] or [], related, strict=True)
        ]

    def _kept(self, found: list[ScoredPassage], k: int, related: bool) -> list[ScoredPassage]:
        return [p for p in found if related or p.passage.id not in self.related][:k]

    def sentence_scores(self, query: np.ndarray) -> np.ndarray:
        scores: np.ndarray = self.sentence_vectors @ query
        return scores

    def background_score(self, query: np.ndarray) -> float:
        """How close the query is to off-topic reference sentences (0 when there are none)."""
        return float((self.background_vectors @ query).max()) if len(self.background_vectors) else 0.0

    # -- quotes -----------------------------------------------------------------------------------
    def quote(self, passage: PassageRecord, first: int, last: int, score: float | None = None) -> Quote:
        """A verified quote of sentences first..last (indexes into the passage's sentences)."""
        sents = [self.sentences[r] for r in passage.sentence_rows[first : last + 1]]
        source_text = self.texts[passage.source]
        for s in sents:
            # Two independent copies must agree: the indexed sentence and the source snapshot.
            if source_text[s.start : s.end] != s.text:
                raise VerbatimError(f"sentence {s.id} does not match {passage.source}[{s.start}:{s.end}]")
        start, end = sents[0].start, sents[-1].end
        q = Quote(
            source_text[start:end],
            passage.source,
            passage.section,
            passage.paragraph,
            start,
            end,
            tuple(s.id for s in sents),
            score,
            title=self.titles.get(passage.source),
            line=self.line_of(passage.source, start),
        )
        return verify_quote(q, source_text)

    def line_of(self, source: str, offset: int) -> int:
        """The 1-based line number, in the source file, of a character offset."""
        return bisect.bisect_right(self._line_starts[source], offset)

    def quote_sentences(self, quote: Quote) -> list[str]:
        """The exact text of each sentence a quote is made of, in order (a title is its own one)."""
        if not quote.sentence_ids:
            return [quote.text]
        return [self.sentence_text(self.row_of_sentence[sid]) for sid in quote.sentence_ids]

    def title_quote(self, source: str) -> Quote | None:
        """A document's title as a verified quote: its own line, not a passage, so it has no sentences."""
        title = self.titles.get(source)
        text = self.texts[source]
        start = text.find(title) if title else -1
        if title is None or start < 0:
            return None
        end = start + len(title)
        quote = Quote(title, source, None, 0, start, end, title=title, line=self.line_of(source, start))
        return verify_quote(quote, text)

    def best_window(
        self, passage: PassageRecord, scores: np.ndarray, *, extend_margin: float = 0.02
    ) -> tuple[int, int, float]:
        """The consecutive sentences of a passage that best match and still make one quote (`quote_fits`)."""
        rows = passage.sentence_rows
        local = np.array([scores[r] for r in rows])
        best = int(np.argmax(local))

        def length(a: int, b: int) -> int:
            return self.sentences[rows[b]].end - self.sentences[rows[a]].start

        if quote_fits(len(rows), length(0, len(rows) - 1)):
            return 0, len(rows) - 1, float(local[best])  # a short paragraph is quoted whole
        first = last = best
        while quote_fits(last - first + 2, 0):
            options = []
            if first > 0 and quote_fits(last - first + 2, length(first - 1, last)):
                options.append((local[first - 1], first - 1, last))
            if last + 1 < len(rows) and quote_fits(last - first + 2, length(first, last + 1)):
                options.append((local[last + 1], first, last + 1))
            if not options:
                break
            s, a, b = max(options)
            # Take a neighbour if it is nearly as relevant, or if the quote alone is too short to stand.
            if s >= local[best] - extend_margin or length(first, last) < 40:
                first, last = a, b
            else:
                break
        # A quote does not stop on a question the source answers next ("how much does cleaning the beach
        # really matter?" / "Not that much."): the reader would get the question without its answer. The
        # answer may be one sentence over the count, not over the length.
        question = last + 1 < len(rows) and _QUESTION_END.search(self.sentence_text(rows[last]))
        if question and quote_fits(last - first + 1, length(first, last + 1)):
            last += 1

        # Nor does it stop inside a quotation the passage closes a sentence or two later ("Whatever I do,
        # this is going to happen. / It's either spectator or participant. / I want to be a participant."):
        # the reader would get the words cut off from the ones they lead to. The quote may give up
        # sentences before the best one for it.
        def open_after(i: int) -> bool:
            return _left_open(self.texts[passage.source][passage.start : self.sentences[rows[i]].end])

        closing = last
        while closing + 1 < len(rows) and open_after(closing):
            closing += 1
        if closing > last and not open_after(closing):
            start = next((a for a in range(first, best + 1) if quote_fits(closing - a + 1, length(a, closing))), None)
            if start is not None:
                first, last = start, closing
        return first, last, float(local[best])

    def sentence_text(self, row: int) -> str:
        s = self.sentences[row]
        passage = self.passages[s.passage_id]
        return self.texts[passage.source][s.start : s.end]

    def passage_text(self, passage: PassageRecord) -> str:
        return self.texts[passage.source][passage.start : passage.end]
