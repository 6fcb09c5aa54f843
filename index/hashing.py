"""The one content hash: SHA-256 of UTF-8 text, as hex. Sources, embeddings and caches are keyed by it."""

from __future__ import annotations

import hashlib


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
