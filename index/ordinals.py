"""A question about a later one of something than the article tells of: "the third data center".

The article tells of xAI's second data center, SpaceX's fourth launch and the first AI Startup School.
A question about "the third data center", "the fifth launch" or 二回目のAIスタートアップスクール has every
word of a passage that answers another question ("data center", "launch"), so retrieval lands on it
and the lexical evidence finds nothing missing, and the quotes shown would answer it with the second
data center's GPUs. What the article says of the second does not answer for a third: it is later than
anything the article reports. Only a later one is refused: "What happened on SpaceX's second launch?"
is answered by the three failures before the fourth. So too "the next AI Startup School" or "SpaceX's
next launch": next after any the article tells of, unless the article tells of its latest as still to
come ("the next data center" is the second, which will come online soon).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from index.numerals import numbers

ORDINAL_WORDS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
}
# "the third data center", "SpaceX's 5th launch"; not "first-principles" (a hyphen joins a compound).
_EN_ORDINAL = re.compile(
    r"\b(" + "|".join(ORDINAL_WORDS) + r"|\d{1,2}(?:st|nd|rd|th))[ \t]+([a-z0-9][a-z0-9'’\- \t]*)", re.IGNORECASE
)
# Words that end the noun after an ordinal ("the third data center will use …").
_EN_STOP_WORDS = """a an the of in on at to for from by with and or but is are was were be been will would
    can could did does do has have had that which who whom whose this these those it its their his her our
    one time times"""
_EN_STOP = frozenset(_EN_STOP_WORDS.split())
_JA_NUMERAL = "0-9０-９一二三四五六七八九十"
# 第二のデータセンター, 3番目の工場, 5回目の打ち上げ, 初のAIスタートアップスクール; the thing is the run of
# kanji, katakana or Latin letters after it.
_JA_ORDINAL = re.compile(
    rf"(?:第([{_JA_NUMERAL}]+)の?|([{_JA_NUMERAL}]+)(?:回目|番目|度目|代目|つ目|個目)の?|(初|最初)の)"
    r"([\u30a0-\u30ff\u4e00-\u9fffA-Za-z0-9ー・]{1,24})"
)


@dataclass(frozen=True, slots=True)
class _Ordinal:
    number: int
    thing: tuple[str, ...]  # English: its words, up to three; Japanese: one run of characters
    text: str  # as written: "third data center", 第二のデータセンター


def _stem(word: str) -> str:
    word = word.strip("'’-")
    for end in ("'s", "’s", "s"):
        if word.endswith(end) and len(word) > len(end) + 2:
            return word[: -len(end)]
    return word


def _noun(words: str) -> tuple[str, ...]:
    """The noun after an ordinal, up to three words, stemmed ("data center", "rocket launch")."""
    thing: list[str] = []
    for w in words.casefold().split():
        if w in _EN_STOP or len(thing) == 3:
            break
        thing.append(_stem(w))
    return tuple(thing)


def _english(text: str) -> list[_Ordinal]:
    out = []
    for m in _EN_ORDINAL.finditer(text):
        word = m[1].casefold()
        number = ORDINAL_WORDS.get(word) or int(re.sub(r"\D", "", word))
        thing = _noun(m[2])
        if thing:
            out.append(_Ordinal(number, thing, f"{m[1]} {' '.join(m[2].split()[: len(thing)])}"))
    return out


def _japanese(text: str) -> list[_Ordinal]:
    out = []
    for m in _JA_ORDINAL.finditer(text):
        if m[3]:
            number = 1
        else:
            found = numbers(m[1] or m[2])
            if len(found) != 1 or found[0] != int(found[0]):
                continue
            number = int(found[0])
        out.append(_Ordinal(number, (m[4],), m[0]))
    return out


def _ordinals(text: str) -> list[_Ordinal]:
    text = unicodedata.normalize("NFKC", text)
    return _english(text) + _japanese(text)


# "the next AI Startup School", 次のデータセンター: later than any of that thing the article tells of.
NEXT = 10**6
_EN_NEXT = re.compile(r"\b(next)[ \t]+([a-z0-9][a-z0-9'’\- \t]*)", re.IGNORECASE)
_JA_NEXT = re.compile(r"(次の|次回の)([\u30a0-\u30ff\u4e00-\u9fffA-Za-z0-9ー・]{1,24})")


def _next(text: str) -> list[_Ordinal]:
    """The things a question calls the next one of, as ordinals later than any number (NEXT)."""
    text = unicodedata.normalize("NFKC", text)
    out = []
    for m in _EN_NEXT.finditer(text):
        thing = _noun(m[2])
        if thing:
            out.append(_Ordinal(NEXT, thing, f"{m[1]} {' '.join(m[2].split()[: len(thing)])}"))
    return out + [_Ordinal(NEXT, (m[2],), m[0]) for m in _JA_NEXT.finditer(text)]


def _same_thing(asked: _Ordinal, said: _Ordinal) -> bool:
    """Whether two ordinals count the same kind of thing: the question's first word is one of the
    article's ("fifth launch", "fourth rocket launch"); for Japanese, they share three characters in a
    row (3番目のデータセンター, 第二のデータセンター; two would let センター meet スタート)."""
    a, s = asked.thing[0], said.thing[0]
    if a.isascii() != s.isascii():
        return False
    if a.isascii():
        return a in said.thing or s in asked.thing
    n = min(3, len(a), len(s))
    return any(a[i : i + n] in s for i in range(len(a) - n + 1))


def _as_asked(asked: _Ordinal, said: _Ordinal) -> str:
    """The question's words for the thing, up to the last the article's have: "third data center"
    (not "third data center use")."""
    if not asked.thing[0].isascii():
        return asked.text
    words = asked.text.split()
    kept = max(i for i, w in enumerate(asked.thing) if w in said.thing)
    return " ".join(words[: kept + 2])


def tells_apart(question: str) -> bool:
    """Whether a question names a thing by its ordinal ("the second data center", 第二のデータセンター,
    "the first Mars city"): one of several, which what the article says of another does not describe."""
    return bool(_ordinals(question))


@dataclass(frozen=True, slots=True)
class LaterOrdinal:
    asked: str  # the question's words: "third data center"
    said: str  # the article's latest of that thing: "second data center"


# A sentence telling of something still to come: the next one may be that one ("the next data center"
# is the second, which will come online soon), not one later.
_UPCOMING = re.compile(r"予定|間もなく|これから|\b(?:will|soon|upcoming|plans?|planned)\b", re.IGNORECASE)
_SENTENCE = re.compile(r"[^。.!?！？\n]+")


@lru_cache(maxsize=4)
def _said(article: tuple[str, ...]) -> tuple[tuple[_Ordinal, bool], ...]:
    """The article's ordinals, each with whether its sentence tells of it as still to come; read once
    per build (the texts' hashes are cached with them)."""
    return tuple(
        (o, _UPCOMING.search(sentence) is not None)
        for text in article
        for sentence in _SENTENCE.findall(text)
        for o in _ordinals(sentence)
    )


def later_ordinal(question: str, article: Sequence[str]) -> LaterOrdinal | None:
    """The question's ordinal thing when the article tells of that thing only by earlier ordinals.

    `article`: every text the question may be answered from (the sources and their English renderings).
    """
    asked = [o for o in (*_ordinals(question), *_next(question)) if o.number >= 2]
    if not asked:
        return None
    said = _said(tuple(article))
    for o in asked:
        same = [(s, upcoming) for s, upcoming in said if _same_thing(o, s)]
        if not same or not all(s.number < o.number for s, _ in same):
            continue
        latest = max(s.number for s, _ in same)
        if o.number == NEXT and any(upcoming for s, upcoming in same if s.number == latest):
            continue  # the next one is the latest the article tells of, still to come
        said_text = next(s.text for s, _ in same if s.number == latest)
        return LaterOrdinal(_as_asked(o, next(s for s, _ in same if s.number == latest)), said_text)
    return None


def holds_ordinal(question: str, texts: Sequence[str]) -> bool:
    """Whether `texts` (a passage and its rendering) hold each of the question's ordinals ("the second
    data center": 第二のデータセンター); True when it names none. What a passage says of the first one's
    power does not measure the second's. The number alone: 4回目の打ち上げ is the article's 4回目のロケット発射."""
    said = {s.number for text in texts for s in _ordinals(text)}
    return all(o.number in said for o in _ordinals(question))
