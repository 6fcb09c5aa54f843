"""Build a complete index version from the sources, validate it, and switch to it atomically."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import secrets
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from index.embedding import EmbeddingCache, dimension_of, embed_texts, model_id
from index.errors import IndexNotReady, SourceError
from index.messages import message
from index.results import RefreshReport
from index.settings import Settings
from index.sources import PARSER_VERSION, Source, load_sources
from index.store.chroma import build_of_collection, collection_name, parts_collection_name
from index.store.manifest import DocumentEntry, IndexManifest
from index.store.protocol import VersionStore
from index.store.records import Metadata, encode

if TYPE_CHECKING:
    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection
    from llama_index.core.base.embeddings.base import BaseEmbedding

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
# How long a build that stopped being live stays readable for answers already under way.
RETIRE_GRACE_S = 60.0

BACKGROUND_FILE = Path(__file__).with_name("background.txt")


def background_sentences() -> list[str]:
    """Off-topic reference sentences shipped with the package (see background.txt)."""
    lines = BACKGROUND_FILE.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def version_id(sources: list[Source], embedding_model: str, dimension: int) -> str:
    h = hashlib.sha256()
    h.update(f"parser={PARSER_VERSION}\nmodel={embedding_model}\ndim={dimension}\n".encode())
    h.update(BACKGROUND_FILE.read_bytes())
    for s in sorted(sources, key=lambda s: s.name):
        h.update(f"{s.name}\0{s.sha256}\n".encode())
    return h.hexdigest()[:12]


def refresh(
    settings: Settings,
    model: BaseEmbedding,
    client: ClientAPI,
    store: VersionStore,
    *,
    who: str = "cli",
    progress: Progress | None = None,
    force: bool = False,
    before_switch: Callable[[str], None] | None = None,
) -> RefreshReport:
    """Build the sources into a new version and make it live; keep the live one if anything fails."""
    with store.refresh_lock(who):
        started = time.perf_counter()
        store.sweep_temporaries()
        sources = load_sources(settings.sources_dir)
        for s in sources:
            if not s.passages:
                raise SourceError(message("source.empty", name=s.name))
        name, dim = model_id(model), dimension_of(model)
        version = version_id(sources, name, dim)
        previous_build = _safe_live(store)
        old_manifest = _safe_manifest(store, previous_build)
        previous = old_manifest.version if old_manifest else None
        if version == previous and not force and _collection_ok(client, old_manifest):
            return RefreshReport(version, previous, False, 0, time.perf_counter() - started)
        build = f"{version}-{secrets.token_hex(3)}"

        records = encode(sources, background_sentences())
        texts, metas, ids = [r.text for r in records], [r.metadata for r in records], [r.id for r in records]
        cache = EmbeddingCache(settings.data_dir / "embeddings.sqlite")
        try:
            vectors, embedded = embed_texts(model, texts, cache, progress, dimension=dim)
        finally:
            cache.close()
        if vectors.shape[1] != dim:
            raise IndexNotReady(message("index.wrong_dimension", got=vectors.shape[1], expected=dim))

        coll_name, parts_name = collection_name(build), parts_collection_name(build)
        is_passage = [r.searched for r in records]
        for name_, keep in ((coll_name, True), (parts_name, False)):
            rows = [i for i, p in enumerate(is_passage) if p == keep]
            metadata: dict[str, Any] = {"hnsw:space": "cosine", "speechbot_version": version}
            if not keep:
                # The parts are read whole (VersionView loads them), never searched by vector: the cheapest
                # graph will do. Chroma's default one made a 1 MiB one-line source (thousands of equal
                # sentence vectors, a worst case for HNSW) take over a minute to insert.
                metadata.update({"hnsw:construction_ef": 16, "hnsw:M": 4})
            collection = client.create_collection(name_, metadata=metadata)
            _write_nodes(
                collection,
                model,
                [ids[i] for i in rows],
                [texts[i] for i in rows],
                [metas[i] for i in rows],
                vectors[rows],
            )

        manifest = IndexManifest(
            version=version,
            build=build,
            collection=coll_name,
            parts_collection=parts_name,
            built_at=datetime.now(UTC).isoformat(timespec="seconds"),
            embedding_model=name,
            dimension=dim,
            parser_version=PARSER_VERSION,
            documents=tuple(DocumentEntry(s.name, s.sha256, s.title, tuple(p.id for p in s.passages)) for s in sources),
            passages=sum(len(s.passages) for s in sources),
            sentences=sum(len(p.sentences) for s in sources for p in s.passages),
            build_seconds=round(time.perf_counter() - started, 3),
            embedded=embedded,
        )
        store.write_build(manifest, {s.name: s.text for s in sources})
        _validate(client, manifest, ids, vectors, metas)
        if before_switch:
            before_switch(build)
        store.switch_to(manifest)
        log.info("index %s (build %s) is live (was %s)", version, build, previous_build)
        if previous_build:
            store.mark_retired(previous_build)
        _remove_old_builds(client, store, live=build)
        report = _diff(old_manifest, manifest, previous, embedded, time.perf_counter() - started)
        return report


def _write_nodes(
    collection: Collection,
    model: BaseEmbedding,
    ids: list[str],
    texts: list[str],
    metas: list[Metadata],
    vectors: np.ndarray,
) -> None:
    """Insert through llama-index's VectorStoreIndex so the collection is a normal llama-index store."""
    from llama_index.core import StorageContext, VectorStoreIndex
    from llama_index.core.schema import TextNode
    from llama_index.vector_stores.chroma import ChromaVectorStore

    nodes = [
        TextNode(
            id_=i,
            text=t,
            metadata=m,
            embedding=v.tolist(),
            excluded_embed_metadata_keys=list(m),
            excluded_llm_metadata_keys=list(m),
        )
        for i, t, m, v in zip(ids, texts, metas, vectors, strict=False)
    ]
    store = ChromaVectorStore(chroma_collection=collection)
    # Every node carries its embedding already, so llama-index embeds nothing here.
    VectorStoreIndex(
        nodes,
        storage_context=StorageContext.from_defaults(vector_store=store),
        embed_model=model,
        insert_batch_size=2048,
    )


def _validate(
    client: ClientAPI, manifest: IndexManifest, ids: list[str], vectors: np.ndarray, metas: list[Metadata]
) -> None:
    collection = client.get_collection(manifest.collection)
    count = collection.count() + client.get_collection(manifest.parts_collection).count()
    if count != len(ids) or manifest.passages == 0:
        raise IndexNotReady(message("index.wrong_count", count=count, expected=len(ids)))
    # A passage's own vector must find it (or an identical text: a corpus may repeat a paragraph).
    probe = next(i for i, m in enumerate(metas) if m["kind"] == "passage")
    hit = collection.query(query_embeddings=[vectors[probe].tolist()], n_results=3, include=["distances"])
    found, distances = (hit["ids"] or [[]])[0], (hit["distances"] or [[]])[0]
    if ids[probe] not in found and not (distances and distances[0] < 1e-4):
        raise IndexNotReady(message("index.probe_failed"))


def _collection_ok(client: ClientAPI, manifest: IndexManifest | None) -> bool:
    if manifest is None:
        return False
    try:
        return bool(
            client.get_collection(manifest.collection).count() > 0
            and client.get_collection(manifest.parts_collection).count() > 0
        )
    except Exception:
        return False


def _safe_live(store: VersionStore) -> str | None:
    try:
        return store.live_build()
    except IndexNotReady:
        return None


def _safe_manifest(store: VersionStore, build: str | None) -> IndexManifest | None:
    if build is None:
        return None
    try:
        return store.manifest(build)
    except IndexNotReady:
        return None


def _remove_old_builds(client: ClientAPI, store: VersionStore, live: str) -> None:
    """Drop builds that stopped being live more than RETIRE_GRACE_S ago.

    Readers that picked up a build just before a switch finish on it; builds that were never live
    (an interrupted refresh) and collections of no build are leftovers and go at once.
    """
    now = time.time()
    keep = {live}
    for build in store.builds():
        retired = store.retired_at(build)
        if build == live or (retired is not None and now - retired < RETIRE_GRACE_S):
            keep.add(build)
        else:
            store.remove_build(build)
    with contextlib.suppress(Exception):
        for coll in client.list_collections():
            name = coll if isinstance(coll, str) else coll.name
            build_id = build_of_collection(name)
            if build_id is not None and build_id not in keep:
                with contextlib.suppress(Exception):
                    client.delete_collection(name)


def _diff(
    old: IndexManifest | None, new: IndexManifest, previous: str | None, embedded: int, seconds: float
) -> RefreshReport:
    old_docs = {d.name: d for d in old.documents} if old else {}
    new_docs = {d.name: d for d in new.documents}
    old_p = {p for d in old_docs.values() for p in d.passages}
    new_p = {p for d in new_docs.values() for p in d.passages}
    return RefreshReport(
        version=new.version,
        previous=previous,
        switched=True,
        embedded=embedded,
        seconds=seconds,
        documents_added=sorted(set(new_docs) - set(old_docs)),
        documents_changed=sorted(n for n in set(new_docs) & set(old_docs) if new_docs[n].sha256 != old_docs[n].sha256),
        documents_removed=sorted(set(old_docs) - set(new_docs)),
        passages_added=len(new_p - old_p),
        passages_removed=len(old_p - new_p),
        passages_unchanged=len(new_p & old_p),
    )
