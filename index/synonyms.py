"""Words a reader may write for a word of the article (index/data/synonyms.txt), for answerability.

A question in other words than the article's ("Which facility did they lease?" for the Electrolux factory,
倒産 for 破産) lacks the article's words, and was refused as unanswered: the meaning match of single
words (engine.MEANING_MATCH) does not reach such pairs without also pairing unrelated words. Each group
of the bundled list holds a word of the article, in the sense it has there, and words that mean the
same; see the list's own header for what is left out.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

BUNDLED = Path(__file__).parent / "data" / "synonyms.txt"


@dataclass(frozen=True, slots=True)
class Synonyms:
    """Groups of words that mean the same, per language ("en", "ja"); English in lower case."""

    english: tuple[frozenset[str], ...] = ()
    japanese: tuple[frozenset[str], ...] = ()

    def group(self, word: str) -> frozenset[str]:
        """The other words of the groups holding `word`, English (in any case) or Japanese."""
        groups, word = (self.english, word.lower()) if word.isascii() else (self.japanese, word)
        return frozenset(w for g in groups if word in g for w in g if w != word)


NONE = Synonyms()


def parse(text: str) -> Synonyms:
    """Groups from lines "en: word word …" or "ja: 語 語 …"; "#" starts a comment."""
    english: list[frozenset[str]] = []
    japanese: list[frozenset[str]] = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        lang, sep, words = line.partition(":")
        group = frozenset(words.lower().split() if lang == "en" else words.split())
        if not sep or lang not in ("en", "ja") or len(group) < 2:
            raise ValueError(f"synonyms line {number}: want 'en:' or 'ja:' and two words or more: {line!r}")
        (english if lang == "en" else japanese).append(group)
    return Synonyms(tuple(english), tuple(japanese))


@functools.cache
def bundled() -> Synonyms:
    """The groups shipped with speechbot."""
    return parse(BUNDLED.read_text(encoding="utf-8"))


@functools.cache
def japanese_group(word: str) -> frozenset[str]:
    """The other words of the bundled groups holding the Japanese `word` (empty when it is in none)."""
    return bundled().group(word)
