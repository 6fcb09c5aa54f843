"""The records of one index build as loaded for search: passages, sentences, sections."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, slots=True)
class PassageRecord:
    id: str
    source: str
    section: str | None
    paragraph: int
    ptype: str
    start: int
    end: int
    sentence_rows: tuple[int, ...]  # rows of VersionView.sentence_vectors, in reading order


@dataclass(frozen=True, slots=True)
class SentenceRecord:
    id: str
    passage_id: str
    start: int
    end: int
    text: str  # as stored in Chroma: checked against the source snapshot before quoting


@dataclass(frozen=True, slots=True)
class SectionRecord:
    source: str
    heading: str
    order: int
    vector: np.ndarray
    passage_ids: tuple[str, ...]
