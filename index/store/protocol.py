"""The contract every version store keeps (the file-backed one and the Chroma-server one); mypy checks both."""

from __future__ import annotations

import contextlib
from typing import Any, Protocol

from index.store.manifest import IndexManifest


class VersionStore(Protocol):
    """Index builds, the live pointer naming one of them, and the one-refresh-at-a-time lock."""

    # -- the live pointer ---------------------------------------------------------------------------
    def live_build(self) -> str | None:
        """The build the pointer names, or None before the first build; IndexNotReady if it is damaged."""

    def pointer_stamp(self) -> str | None:
        """A cheap fingerprint of the pointer that changes when it is switched (a stat for the file store,
        one small read for a server); None before the first build."""

    def switch_to(self, manifest: IndexManifest) -> None:
        """Make a complete, validated build the live one, atomically."""

    # -- builds -------------------------------------------------------------------------------------
    def manifest(self, build: str) -> IndexManifest:
        """A build's manifest; IndexNotReady if it is missing or damaged."""

    def snapshot_text(self, build: str, name: str) -> str:
        """The text of source `name` exactly as the build parsed it (quotes are checked against it)."""

    def write_build(self, manifest: IndexManifest, texts: dict[str, str]) -> None:
        """Store a build's snapshots, then its manifest: a build without a manifest does not exist."""

    def mark_retired(self, build: str) -> None:
        """Note when a build stopped being live, so it is deleted only after readers had time to finish."""

    def retired_at(self, build: str) -> float | None: ...

    def builds(self) -> list[str]:
        """Every build the store holds, live or not."""

    def remove_build(self, build: str) -> None: ...

    def sweep_temporaries(self) -> None:
        """Remove what an interrupted refresh left behind (never a complete build)."""

    # -- the refresh lock ---------------------------------------------------------------------------
    def refresh_lock(self, who: str) -> contextlib.AbstractContextManager[None]:
        """Hold the lock while refreshing; RefreshInProgress if someone else holds it."""

    def refresh_running(self) -> dict[str, Any] | None:
        """Who holds the lock and since when, or None when no refresh runs."""
