"""The record format of one index build, and its one codec: `encode` (used by the build) writes what
`decode` (used by a loaded version) reads back.

Every text of a build is a Chroma record with flat metadata. Passages go to the build's search collection;
sentences, section headings and the off-topic reference sentences to its parts collection.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from index.sources import Source

Kind = Literal["passage", "sentence", "heading", "background"]
Metadata = dict[str, str | int]


@dataclass(frozen=True, slots=True)
class Record:
    """One text to embed and store, with the metadata Chroma keeps beside it."""

    id: str
    text: str
    kind: Kind
    metadata: Metadata  # includes "kind"; None is written as "" (Chroma metadata cannot hold None)

    @property
    def searched(self) -> bool:
        """Whether the record goes to the search collection (passages) rather than the parts collection."""
        return self.kind == "passage"


def encode(sources: Iterable[Source], background: Sequence[str]) -> list[Record]:
    """The records of a build: per source its headings, passages and their sentences; then the references."""
    out: list[Record] = []

    def add(rid: str, text: str, kind: Kind, **meta: str | int) -> None:
        out.append(Record(rid, text, kind, {"kind": kind, **meta}))

    for s in sources:
        for i, sec in enumerate(s.sections):
            add(f"{s.name}#h{i}", sec.heading, "heading", source=s.name, section=sec.heading, order=i,
                start=sec.start, end=sec.start + len(sec.heading))  # fmt: skip
        for p in s.passages:
            add(p.id, s.passage_text(p), "passage", source=s.name, section=p.section or "", paragraph=p.paragraph,
                ptype=p.kind, start=p.start, end=p.end)  # fmt: skip
            for j, se in enumerate(p.sentences):
                add(se.id, s.sentence_text(se), "sentence", source=s.name, passage_id=p.id, order=j,
                    start=se.start, end=se.end)  # fmt: skip
    for i, sentence in enumerate(background):
        add(f"background#{i}", sentence, "background", order=i)
    return out


@dataclass(frozen=True, slots=True)
class PassageRecord:
    id: str
    source: str
    section: str | None
    paragraph: int
    ptype: str
    start: int
    end: int
    sentence_rows: tuple[int, ...]  # rows of DecodedBuild.sentence_vectors, in reading order


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


@dataclass(frozen=True, slots=True)
class DecodedBuild:
    """A build's records as a loaded version uses them."""

    passages: dict[str, PassageRecord]
    passage_vectors: dict[str, np.ndarray]
    reading_order: list[PassageRecord]
    sentences: list[SentenceRecord]
    sentence_vectors: np.ndarray
    sections: list[SectionRecord]
    background_vectors: np.ndarray


def decode(passage_rows: Mapping[str, Any], part_rows: Mapping[str, Any]) -> DecodedBuild:
    """Read back what `encode` wrote: `passage_rows` as Chroma's get(include=["metadatas"]) returns the search
    collection, `part_rows` the parts collection with embeddings, metadatas and documents."""
    vectors = np.asarray(part_rows["embeddings"], dtype=np.float32)
    sentences: list[tuple[str, int, SentenceRecord, np.ndarray]] = []
    headings: list[tuple[Mapping[str, Any], np.ndarray]] = []
    background: list[np.ndarray] = []
    for rid, meta, doc, vec in zip(
        part_rows["ids"], part_rows["metadatas"], part_rows["documents"], vectors, strict=True
    ):
        kind = meta.get("kind")
        if kind == "sentence":
            rec = SentenceRecord(rid, str(meta["passage_id"]), int(meta["start"]), int(meta["end"]), doc)
            sentences.append((rec.passage_id, int(meta["order"]), rec, vec))
        elif kind == "heading":
            headings.append((meta, vec))
        elif kind == "background":
            background.append(vec)
    width = vectors.shape[1] if vectors.ndim == 2 else 1
    sentences.sort(key=lambda s: (s[0], s[1]))
    rows: dict[str, list[int]] = {}
    for row, (pid, _, _, _) in enumerate(sentences):
        rows.setdefault(pid, []).append(row)
    passages = {
        pid: PassageRecord(
            pid,
            str(m["source"]),
            str(m["section"]) or None,
            int(m["paragraph"]),
            str(m["ptype"]),
            int(m["start"]),
            int(m["end"]),
            tuple(rows.get(pid, ())),
        )
        for pid, m in zip(passage_rows["ids"], passage_rows["metadatas"], strict=True)
    }
    reading_order = sorted(passages.values(), key=lambda p: (p.source, p.start))
    sections = []
    for meta, vec in sorted(headings, key=lambda h: (h[0]["source"], h[0]["order"])):
        members = tuple(p.id for p in reading_order if p.source == meta["source"] and p.section == meta["section"])
        sections.append(SectionRecord(str(meta["source"]), str(meta["section"]), int(meta["order"]), vec, members))
    passage_vectors = (
        dict(zip(passage_rows["ids"], np.asarray(passage_rows["embeddings"], dtype=np.float32), strict=True))
        if passage_rows.get("embeddings") is not None
        else {}
    )
    return DecodedBuild(
        passages=passages,
        passage_vectors=passage_vectors,
        reading_order=reading_order,
        sentences=[s[2] for s in sentences],
        sentence_vectors=np.stack([s[3] for s in sentences]) if sentences else np.zeros((0, width), np.float32),
        sections=sections,
        background_vectors=np.stack(background) if background else np.zeros((0, width), np.float32),
    )
