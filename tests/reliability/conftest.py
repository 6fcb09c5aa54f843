"""Fixtures for reliability tests: two versions of the sources, A (the article) and B (edited)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ARTICLE = "000_7e1d518b4a2c8e90.txt"
EXTRA = "".join(f"追加段落{i}:新しい情報がここにあります。番号は{i}です。\n" for i in range(30))


def write_version(sources: Path, seeds: Path, which: str) -> None:
    """A: the article as shipped. B: a new first paragraph (every offset moves) and 30 more at the end."""
    text = (seeds / ARTICLE).read_text(encoding="utf-8")
    if which == "B":
        title, rest = text.split("\n", 1)
        text = f"{title}\n改訂版の前書きです。すべての位置がずれます。\n{rest}\n{EXTRA}"
    tmp = sources / f".{ARTICLE}.tmp"
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(sources / ARTICLE)


@pytest.fixture
def ab_sources(tmp_path, seeds_dir):
    sources = tmp_path / "sources"
    sources.mkdir()
    shutil.copy(seeds_dir / ARTICLE, sources / ARTICLE)
    return sources
