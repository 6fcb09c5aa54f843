"""Chroma names and errors shared by both stores and the build: the collections of a build, and one mapping
of Chroma's exceptions (by type) to what they mean for speechbot."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from index.errors import BuildGone, SpeechbotError, StoreUnavailable
from index.messages import message

COLLECTION_PREFIX = "speechbot_"
PARTS_SUFFIX = ".parts"
META_COLLECTION = "speechbot_meta"
LOCK_COLLECTION = "speechbot_refresh_lock"
SERVICE_COLLECTIONS = (META_COLLECTION, LOCK_COLLECTION)  # never swept as old builds


def collection_name(build: str) -> str:
    return f"{COLLECTION_PREFIX}{build}"


def parts_collection_name(build: str) -> str:
    return f"{COLLECTION_PREFIX}{build}{PARTS_SUFFIX}"


def build_of_collection(name: str) -> str | None:
    """The build a collection belongs to, or None for collections that are not builds."""
    if not name.startswith(COLLECTION_PREFIX) or name in SERVICE_COLLECTIONS:
        return None
    return name[len(COLLECTION_PREFIX) :].removesuffix(PARTS_SUFFIX)


def is_connection_error(exc: BaseException | None) -> bool:
    """Whether a Chroma client's exception means the server could not be reached.

    The HTTP client raises httpx's transport errors; chromadb sometimes re-raises them as a ValueError
    from inside its handler, so the chain of causes is followed (by type, never by message text).
    """
    import httpx

    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, httpx.TransportError | ConnectionError | TimeoutError):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def is_missing(exc: BaseException) -> bool:
    """Whether a Chroma client's exception says a collection does not exist."""
    from chromadb.errors import NotFoundError

    return isinstance(exc, NotFoundError)


def unavailable(exc: BaseException) -> StoreUnavailable:
    return StoreUnavailable(message("store.unavailable", error=type(exc).__name__))


def store_error(exc: BaseException, build: str | None = None) -> SpeechbotError | None:
    """What a Chroma exception means for speechbot: the server is down, a build is gone, or None (a bug)."""
    if is_connection_error(exc):
        return unavailable(exc)
    if build is not None and is_missing(exc):
        return BuildGone(message("index.build_gone", build=build))
    return None


@contextlib.contextmanager
def chroma_errors(build: str | None = None) -> Iterator[None]:
    """Turn Chroma's exceptions into speechbot's domain errors; anything unknown propagates unchanged."""
    try:
        yield
    except Exception as exc:
        mapped = store_error(exc, build)
        if mapped is None:
            raise
        raise mapped from exc
