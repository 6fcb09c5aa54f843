"""Questions that ask what something is called, and whether the article gives it a name.

"What is the name of Musk's next rocket?" and メンフィスのデータセンターの名前は? hold words of sentences
that answer other questions ("the fourth rocket launch", "sleeping in the data center"), so retrieval
and the lexical evidence find them answered, and the quotes shown name nothing. A name asked for is
written next to the thing it names: "an abandoned Electrolux factory", "the social media platform X",
Electrolux工場, Xというソーシャルメディアプラットフォーム, 「…」という…. Where every sentence that holds the thing's
word has no name beside it, the article does not say what it is called.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from index.answerability import english_terms
from index.synonyms import NONE, Synonyms

# "What is the name of the Memphis supercomputer?", "What was the factory called?"; the thing is the
# words up to a preposition or a relative clause ("the name of the event where Musk spoke": event).
_NAME_OF_EN = re.compile(r"\b(?:nick)?name\s+of\s+(?P<thing>[^?.!,]+)", re.IGNORECASE)
# "What nickname does the Memphis cluster go by?", "What name does the rocket have?"
_NAME_HELD_EN = re.compile(
    r"^\W*what\s+(?:nick)?name\s+(?:does|did|do|is|was|has)\s+(?P<thing>[^?.!,]+?)\s+(?:go\s+by|have|has|had|bear|carry)\b",
    re.IGNORECASE,
)
_CALLED_EN = re.compile(
    r"^\W*what(?:\s+(?:is|was|are|were)|['’]s)\s+(?P<thing>[^?.!,]+?)\s+(?:called|named)\b", re.IGNORECASE
)
# "What is the second data center's name?" (evals/fresh36: answered with the GB200 sentence).
_NAME_OWNED_EN = re.compile(
    r"^\W*what(?:\s+(?:is|was|are|were)|['’]s)\s+(?P<thing>[^?.!,]+?)['’]s?\s+(?:nick)?names?\b", re.IGNORECASE
)
_THING_END_EN = re.compile(
    r"\s+(?:in|at|on|of|for|from|with|by|that|which|who|where|when|is|was|are|were|will|does|did|do|has|have"
    r"|had|used|built|being|according"
    # An adverb of time ends it too: "the leased factory before" is the factory (evals/fresh60).
    r"|before|previously|originally|formerly|initially|earlier|now|today|then|later)\b.*$",
    re.IGNORECASE,
)
# メンフィスのデータセンターの名前は?, 工場の名称は?, 火星行きのロケットは何という名前?; the thing is the
# last word before it (after the last の).
_NAME_OF_JA = re.compile(r"(?P<thing>[^、。?？はのが]+)(?:の(?:名前|名称)|は何という名前|は何と呼ばれ|は何という)")

_CLAUSE_JA = re.compile(r"[\u3041-\u3096]")  # hiragana: the end of a clause before a noun (したロケット)

# "Which rocket failed three times?", "Which bank is arranging the debt?", どのロケットが…: asked which one of
# a kind of thing known by its name, as the name is asked. Only when a verb follows the kind's word (not
# "Which rocket launch succeeded?", answered by "the fourth"), and only kinds whose members have names
# (not "Which robots …", answered by "humanoid ones").
_NAMED_KINDS = (
    "rocket rockets bank banks investor investors fund funds supplier suppliers vendor vendors model models "
    "chip chips platform platforms startup startups supercomputer supercomputers spacecraft"
)
_WHICH_EN = re.compile(
    rf"^\W*(?:which|what)\s+(?P<kind>{'|'.join(_NAMED_KINDS.split())})\s+"
    r"(?:is|was|are|were|did|does|do|will|would|has|have|had|can|could|[a-z]+ed)\b",
    re.IGNORECASE,
)
_NAMED_KINDS_JA = "ロケット 銀行 投資家 ファンド サプライヤー 供給業者 モデル チップ プラットフォーム"
_WHICH_JA = re.compile(rf"どの(?P<kind>{'|'.join(_NAMED_KINDS_JA.split())})")

_DETERMINER_WORDS = "the a an this that these those his her its their our your"
_DETERMINERS = frozenset(_DETERMINER_WORDS.split())
_PRONOUN_WORDS = "they he she we it you i"
_PRONOUNS = frozenset(_PRONOUN_WORDS.split())
_WORD_EN = re.compile(r"[A-Za-z][A-Za-z0-9\-]*(?:['’]s)?|\d[\w.]*")
_NAME_EN = re.compile(r"^(?:[A-Z][A-Za-z0-9\-]*(?:['’]s)?|[A-Z0-9][A-Z0-9\-.]+)$")
_NAME_JA_BEFORE = re.compile(r"(?:[A-Za-z][A-Za-z0-9 .\-]*|という|」|』)$")
_KATAKANA_RUN = re.compile(r"[\u30a0-\u30ffー・]+$")
_KATAKANA_TAIL = re.compile(r"(?<=[^\u30a0-\u30ffー・])[\u30a1-\u30ffー]{2,}$")


def named_thing(text: str, lang: str) -> str | None:
    """The words for the thing whose name a question asks ("next rocket", データセンター), or None."""
    if lang == "ja":
        m = _NAME_OF_JA.search(text)
        if m is None:
            return None
        # 三回失敗したロケットの名前は?: the thing is the noun after the clause that qualifies it.
        thing = _CLAUSE_JA.split(m["thing"].strip())[-1]
        # 第二データセンター, 新型ロケット: the katakana word is the thing, the words before it say which one
        # (the article writes 第二のデータセンター).
        tail = _KATAKANA_TAIL.search(thing)
        return (tail[0] if tail else thing) or None
    m = _NAME_OF_EN.search(text) or _CALLED_EN.search(text) or _NAME_HELD_EN.search(text) or _NAME_OWNED_EN.search(text)
    return _noun(m["thing"]) if m else None


# "Which company makes the generators they rented?", 発電機はどの会社から借りた?: a company asked for a
# thing is named beside it as its name is ("the Electrolux factory", "Tesla's Mega Packs", Electrolux工場).
# The thing is the noun after the first determiner ("the generators"), or after a possessive ("Which
# company's factory …"); a question naming none ("Which company makes Megapacks?") is left alone, and
# so is どこから, which asks for a source as often as for a company (冷却装置はどこから調達しましたか?).
_COMPANY_EN = re.compile(
    r"^\W*(?:which|what)\s+(?:company|companies|firm|firms|brand|brands|manufacturer|manufacturers|maker|makers"
    r"|supplier|suppliers|vendor|vendors)(?P<own>['’]s)?\s+(?P<rest>[^?.!]+)",
    re.IGNORECASE,
)
_COMPANY_JA = re.compile(r"(?P<thing>[^、。?？はのがをでに]+)は(?:どの|どこの)(?:会社|企業|メーカー|業者)")
_DETERMINER_AT = re.compile(r"\b(?:the|a|an|its|their|his|her)\s+", re.IGNORECASE)


def company_thing(text: str, lang: str) -> str | None:
    """The thing a question asks which company made, supplied or owned ("generators", 発電機), or None."""
    if lang == "ja":
        m = _COMPANY_JA.search(text)
        return m["thing"].strip() if m else None
    m = _COMPANY_EN.search(text)
    if m is None:
        return None
    rest = m["rest"]
    if not m["own"]:
        at = _DETERMINER_AT.search(rest)
        if at is None:
            return None
        rest = rest[at.end() :]
    return _noun(rest)


def which_thing(text: str, lang: str) -> str | None:
    """The kind of thing a question asks which one of, when its members are known by name ("rocket",
    ロケット), or None."""
    m = (_WHICH_JA if lang == "ja" else _WHICH_EN).search(text)
    return m["kind"].casefold() if m else None


_PAST_TENSE = re.compile(r"[a-z]{2,}(?<!e)ed")  # not speed, need


def _noun(phrase: str) -> str | None:
    """The noun a phrase starts with, with the lower-case words before it ("next rocket"), up to a
    preposition, a verb or a relative clause."""
    # The noun ends where a relative clause without "that" starts: a pronoun or a name after it ("the
    # factory they leased", "the scale Musk uses"); a name before it qualifies it ("the Memphis
    # supercomputer", "Musk's next rocket").
    nouns: list[str] = []
    for word in _WORD_EN.findall(_THING_END_EN.sub("", phrase)):
        if word.casefold() in _DETERMINERS:
            continue
        if word.casefold() in _PRONOUNS or (nouns and not word.islower()):
            break
        if nouns and _PAST_TENSE.fullmatch(word):  # "batteries smoothed the swings": a verb follows the noun
            break
        if word.islower():
            nouns.append(word)
    return " ".join(nouns) if nouns else None


def _named_in_english(sentence: str, thing: str) -> bool | None:
    """Whether an English sentence names the thing beside one of its words ("Electrolux factory",
    "platform X", "a scale called Kardashev"); None when it has no such word."""
    words = _WORD_EN.findall(sentence)
    stem = thing.rstrip("s").casefold()
    at = [i for i, w in enumerate(words) if w.casefold().rstrip("s") == stem]
    if not at:
        return None
    for i in at:
        before = words[i - 1] if i > 0 else ""
        after = words[i + 1 : i + 3]
        if i > 1 and _NAME_EN.match(before):
            return True
        if after and (_NAME_EN.match(after[0]) or (after[0] in ("called", "named") and len(after) > 1)):
            return True
        if _compound_named(words[i + 1 : i + 4]):
            return True
    return False


# The thing's word may open a compound whose last noun the name follows: "the social media platform X"
# names the SNS (資金調達でカバーするSNSの名前は?, evals/fresh74). Up to two plain lower-case content words
# between, then a capitalised name; a stop word between ends the compound ("the rocket launch in 2008").
def _compound_named(after: Sequence[str]) -> bool:
    """Whether `after` (the words after a thing's word) is one or two nouns of its compound and a name."""
    for n in (1, 2):
        nouns, name = after[:n], after[n : n + 1]
        if len(nouns) < n or not name:
            return False
        if not all(w.isalpha() and w.islower() and english_terms(w) for w in nouns):
            return False
        if name[0][:1].isupper() and _NAME_EN.match(name[0]):
            return True
    return False


def _named_in_japanese(sentence: str, thing: str) -> bool | None:
    """Whether a Japanese sentence names the thing next to it (Electrolux工場, Xという…プラットフォーム,
    アクセラレーターY Combinator, 工場「…」); None when it does not hold the thing."""
    if thing not in sentence:
        return None
    for m in re.finditer(re.escape(thing), sentence):
        before = _KATAKANA_RUN.sub("", sentence[: m.start()]) if thing[0] >= "\u30a0" else sentence[: m.start()]
        after = sentence[m.end() : m.end() + 1]
        if _NAME_JA_BEFORE.search(before) or after in ("「", "『", "(") or (after.isascii() and after.isalpha()):
            return True
    return False


def unnamed(thing: str, sentences: Sequence[tuple[str, str]], synonyms: Synonyms = NONE) -> bool:
    """Whether sentences (Japanese text, English rendering: "" for none) hold the thing's word, or where
    none does another word of its group in `synonyms` (業者 for サプライヤー, evals/fresh61), and none of
    them names it; False when none holds any (the question may say it in other words)."""
    thing = thing.split()[-1]  # "data center": center
    for word in (thing, *sorted(synonyms.group(thing))):
        held = _unnamed(word, sentences)
        if held is not None:
            return held
    return False


def _unnamed(thing: str, sentences: Sequence[tuple[str, str]]) -> bool | None:
    """`unnamed` for one word; None when no sentence holds it."""
    held: bool | None = None
    for japanese, english in sentences:
        found = _named_in_japanese(japanese, thing) if not thing.isascii() else None
        if found is None and english and thing.isascii():
            found = _named_in_english(english, thing)
        if found is None and thing.isascii() and not english:
            found = _named_in_english(japanese, thing)  # a source written in English
        if found:
            return False
        if found is not None:
            held = True
    return held


# "What does DOGE stand for?", "What is YC short for?", DOGEって何の略?: what an acronym stands for is
# written out where an article gives it ("the Department of Government Efficiency (DOGE)", "artificial
# intelligence" for AI), initial by initial. Where no sentence nor its rendering spells it out, the
# article does not say (evals/fresh40: the headline naming DOGE was quoted as the answer). "What does
# the wall of water stand for?" asks what a metaphor means: only an acronym (two capitals or more) counts.
_ACRONYM = r"([A-Za-z]*[A-Z][A-Za-z]*[A-Z][A-Za-z]*)"
_EXPANSION_EN = re.compile(
    rf"\b{_ACRONYM}\s+(?:stands?|stood)\s+for\b|\b{_ACRONYM}\s+(?:is\s+|was\s+)?short\s+for\b"
    rf"|\b(?:acronym|abbreviation)\s+{_ACRONYM}|\bfull\s+(?:name|form)\s+of\s+(?:the\s+)?{_ACRONYM}"
)
_EXPANSION_JA = re.compile(rf"{_ACRONYM}\s*(?:って|とは|は|の)?\s*(?:何|なん|なに)の略|{_ACRONYM}の(?:正式名称|略称)")
_LINKING_WORDS = "of and for the on in to & a"
_LINKING = frozenset(_LINKING_WORDS.split())


def acronym_asked(text: str, lang: str) -> str | None:
    """The acronym whose expansion a question asks ("DOGE"), or None."""
    m = (_EXPANSION_JA if lang == "ja" else _EXPANSION_EN).search(text)
    if m is None:
        return None
    acronym = next(g for g in m.groups() if g)
    return acronym if 2 <= len(acronym) <= 6 else None


def _spells(letters: str, words: Sequence[str]) -> bool:
    """Whether words, in order from the first, spell `letters` by their initials; linking words ("of",
    "and") may be skipped or spell a letter (Department Of Government Efficiency)."""
    if not letters:
        return True
    if not words:
        return False
    first = words[0].casefold()
    if first[0] == letters[0] and _spells(letters[1:], words[1:]):
        return True
    return first in _LINKING and _spells(letters, words[1:])


def spelled_out(acronym: str, sentences: Sequence[tuple[str, str]]) -> bool:
    """Whether some sentence (Japanese text, English rendering) writes an acronym's expansion: a run of
    words whose initials spell it, or words in brackets beside it (DOGE(政府効率化省))."""
    letters = acronym.casefold()
    beside = re.compile(rf"{re.escape(acronym)}\s*[(（]|[(（]\s*{re.escape(acronym)}\s*[)）]")
    for japanese, english in sentences:
        if beside.search(japanese) or beside.search(english):
            return True
        words = [w for w in _WORD_EN.findall(english or japanese) if w != acronym]
        if any(w[0].casefold() == letters[0] and _spells(letters, words[i:]) for i, w in enumerate(words)):
            return True
    return False
