"""Domain errors of the speechbot core; the edges turn them into one user-facing sentence."""


class SpeechbotError(Exception):
    """Base class: its message is written for the person who will read it."""


class SourceError(SpeechbotError):
    """A source document is missing, unreadable or unusable."""


class IndexNotReady(SpeechbotError):
    """There is no usable index yet (not built, or the live version is broken)."""


class RefreshInProgress(SpeechbotError):
    """Another refresh holds the lock."""


class VerbatimError(AssertionError):
    """A quote is not an exact span of its source: always a bug, never shown to a user."""


class DataDirUnwritable(SpeechbotError):
    """The data folder is read-only or not ours to write: the deployment's to fix, never treated as damage."""


class StoreUnavailable(SpeechbotError):
    """The vector store (a Chroma server) cannot be reached."""


class BuildGone(IndexNotReady):
    """The build a reader was using was removed (long after a newer one went live)."""
