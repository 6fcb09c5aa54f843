"""Chroma names and errors shared by both stores and the build: collections of a build, outages."""

from __future__ import annotations

from index.errors import SpeechbotError

COLLECTION_PREFIX = "speechbot_"


class StoreUnavailable(SpeechbotError):
    """The vector store (a Chroma server) cannot be reached."""


PARTS_SUFFIX = ".parts"


def collection_name(build: str) -> str:
    return f"{COLLECTION_PREFIX}{build}"


def parts_collection_name(build: str) -> str:
    return f"{COLLECTION_PREFIX}{build}{PARTS_SUFFIX}"


def build_of_collection(name: str) -> str | None:
    """The build a collection belongs to, or None for collections that are not builds."""
    if not name.startswith(COLLECTION_PREFIX) or name in SERVICE_COLLECTIONS:
        return None
    return name[len(COLLECTION_PREFIX) :].removesuffix(PARTS_SUFFIX)


META_COLLECTION = "speechbot_meta"
LOCK_COLLECTION = "speechbot_refresh_lock"

SERVICE_COLLECTIONS = (META_COLLECTION, LOCK_COLLECTION)  # never swept as old builds


def is_connection_error(exc: BaseException) -> bool:
    """Whether an exception from a Chroma client means the server could not be reached."""
    import httpx

    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, (httpx.TransportError, ConnectionError, TimeoutError)):
            return True
        text = str(exc).lower()
        if "connect" in text and ("refused" in text or "error" in text or "failed" in text):
            return True
        exc = exc.__cause__ or exc.__context__  # type: ignore[assignment]
    return False


def _unavailable(exc: Exception) -> StoreUnavailable:
    return StoreUnavailable(
        f"The index server is temporarily unavailable ({type(exc).__name__}); try again in a minute."
    )
