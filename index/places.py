"""Questions that ask where, and sentences that name a place.

"Where is the training cluster located?" lands on the passages about the cluster (its GPUs, how fast
it was built), not on the sentence that says where it is (a factory in Memphis): embedding scores
reward a passage on the question's subject, not one holding the kind of answer asked for. A question
asking for a place lets the sentences whose English rendering names one ("in Memphis", "in Washington,
D.C.") rank a little higher, as the question's own words do. The rendering is read, not the Japanese:
a capitalised name after "in"/"at"/"near" marks a place, and Japanese has no such mark.
"""

from __future__ import annotations

import re

_PLACE_EN = re.compile(
    r"\bwhere\b|\blocated\b|\b(?:which|what)\s+(?:[a-z]+\s+)?(?:city|cities|town|country|countries|state|place|location|site)\b",
    re.IGNORECASE,
)
_PLACE_JA = re.compile(r"どこ|何処|(?:どの|何)(?:都市|町|街|国|州|県|市|場所)|場所|所在地")
# Case matters: "In the interview" opens a sentence; "in AI" is a field (a run of capitals), not a place.
_NAMES_PLACE = re.compile(r"\b(?:in|at|near)\s+(?:the\s+)?(?P<place>[A-Z][a-z]+(?:[\s-][A-Z][a-z]+)*|(?:[A-Z]\.){2,})")


# "Where did the electricity come from?" asks for a source (rented generators), not a place.
_SOURCE_ASKED = re.compile(r"\b(?:come|comes|came|coming)\s+from\b|\bfrom\s*\??\s*$", re.IGNORECASE)


def source_asked(text: str) -> bool:
    """Whether a question asking where asks where something came from: a source, not a place."""
    return _SOURCE_ASKED.search(text) is not None


def place_asked(text: str, lang: str) -> bool:
    """Whether a question asks where something is or happened."""
    return bool(place_asking(text, lang))


def place_asking(text: str, lang: str) -> str:
    """The words that ask for a place ("which launch site", どこ), or "": they say a place is asked, not
    of what."""
    m = (_PLACE_JA if lang == "ja" else _PLACE_EN).search(text)
    return m.group() if m else ""


# A question asking which named place (a city, a country) wants a name, not "in the data center".
_NAMED_PLACE_EN = re.compile(
    # "which US city" (evals/fresh57): a word may qualify the place asked, but "which other cities" asks
    # for more places than the article names (evals/fresh6).
    r"\b(?:which|what)\s+(?:(?!other\b|another\b|more\b|else\b)[a-z.]+\s+)?"
    r"(?:city|cities|town|towns|country|countries|state|states|region|regions)\b",
    re.I,
)
_NAMED_PLACE_JA = re.compile(
    r"(?:どの|何)(?:都市|町|街|国|州|県|市|地域)|どこの(?:都市|町|街|国|州)|何という(?:都市|町|街|国|州)"
)
# The words that ask for the place, not about what is placed: as written and as `question_terms`
# stems them (stat, plac, locat).
_PLACE_WORDS = "city cities citi town towns country countries countri state states stat region regions"
_PLACE_WORDS += " place places plac location locat site sites where 都市 町 街 国 州 地域 場所 所在地 どこ"
PLACE_WORDS = frozenset(_PLACE_WORDS.split())


def named_place_asked(text: str, lang: str) -> bool:
    """Whether a question asks which city, country or state: a place with a name."""
    return bool((_NAMED_PLACE_JA if lang == "ja" else _NAMED_PLACE_EN).search(text))


def names_place(english: str) -> bool:
    """Whether an English sentence names a place: "in Memphis", "at the Electrolux", "in D.C."."""
    return _NAMES_PLACE.search(english) is not None


def places_named(english: str) -> list[str]:
    """The places an English sentence names ("in Memphis" gives Memphis), as written."""
    return [m["place"] for m in _NAMES_PLACE.finditer(english)]
