"""A small deterministic embedding model for tests that build many indexes."""

from __future__ import annotations

import hashlib
from typing import Any

import numpy as np
from llama_index.core.base.embeddings.base import BaseEmbedding
from pydantic import PrivateAttr


class HashEmbedding(BaseEmbedding):
    """Character-trigram hashing: deterministic, instant, and similar texts get similar vectors."""

    _dim: int = PrivateAttr()
    calls: int = 0

    def __init__(self, name: str = "hash-test", dim: int = 64, **kwargs: Any) -> None:
        super().__init__(model_name=name, **kwargs)
        self._dim = dim

    @property
    def dimension(self) -> int:
        return self._dim

    def _vec(self, text: str) -> list[float]:
        v = np.zeros(self._dim, dtype=np.float32)
        for i in range(max(1, len(text) - 2)):
            h = int.from_bytes(hashlib.blake2b(text[i : i + 3].encode(), digest_size=4).digest(), "little")
            v[h % self._dim] += 1.0
        return (v / (np.linalg.norm(v) or 1.0)).tolist()

    def _get_query_embedding(self, query: str) -> list[float]:
        return self._vec(query)

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._vec(query)

    def _get_text_embedding(self, text: str) -> list[float]:
        self.calls += 1
        return self._vec(text)
