"""Every number stated in English or Japanese text, as an exact value: 15万 and 150,000 are one number.

Model answers are checked number by number against the sentences they cite, so "15,000 H100" for
15万台 or "$43 billion" for 43億ドル must come out as different values, and "1.5 million" for 150万
as the same one. Values are `Decimal`s, so equal numbers are equal (and hash alike) however they
were written.

What counts as a number: digits (commas, decimals, fullwidth), a scale after them ("1.5 million",
"$4.3 billion", "150k"), English number words ("ten", "a hundred", "twenty-five", "tenfold"),
Japanese numerals with 万/億/兆/千/百/十 in kanji or digits (15万, 43億, 1万5千, 二千五百, 二〇二五),
and both ends of a range (1-2%, 5〜10倍; "5〜10万" is 50,000 to 100,000). Digits glued to a Latin
letter (H100, GB200, S3) are names, not numbers: other checks deal with them. Kanji in words that
are not numbers (一方, 十分, 唯一, 数十億 "several billion") are skipped.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from decimal import Decimal

# Fullwidth digits and separators to ASCII, one character for one so spans stay valid.
_FULLWIDTH = str.maketrans("０１２３４５６７８９，．％～", "0123456789,.%~")

_KANJI_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_KANJI_SMALL = {"十": 10, "百": 100, "千": 1000}
_KANJI_BIG = {"万": 10**4, "億": 10**8, "兆": 10**12}
_KANJI = "".join(_KANJI_DIGITS) + "".join(_KANJI_SMALL) + "".join(_KANJI_BIG)

# Words whose kanji are not a quantity (or are a vague one, like 数十 "dozens of").
_NOT_NUMBERS = (
    "十分",
    "十数",
    "一般",
    "一緒",
    "一部",
    "一方",
    "一番",
    "一度",
    "一気",
    "一体",
    "一定",
    "一致",
    "一応",
    "一旦",
    "一切",
    "一層",
    "一生",
    "一流",
    "一連",
    "一種",
    "一員",
    "一環",
    "一貫",
    "一見",
    "一面",
    "一律",
    "唯一",
    "統一",
    "同一",
    "単一",
    "均一",
    "万一",
    "万が一",
    "万全",
    "万能",
    "万人",
    "千差万別",
    "数十",
    "数百",
    "数千",
    "数万",
    "数億",
    "数兆",
    "何十",
    "何百",
    "何千",
    "何万",
    "何億",
)
# Not right after a numeral, where the kanji go on with the number: 100万人 is a million people, not
# 100 and 万人 ("everyone"); 五十分 is fifty minutes.
_NOT_NUMBERS_RE = re.compile(
    "(?<![0-9〇一二三四五六七八九十百千万億])(?:"
    + "|".join(sorted(map(re.escape, _NOT_NUMBERS), key=len, reverse=True))
    + ")"
)

_DIGITS = r"[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?"
# A run of digits and kanji numerals, not glued to a Latin letter or another number before it.
_RUN = re.compile(rf"(?<![A-Za-z0-9.])(?:{_DIGITS}|[{_KANJI}])+")
_ENGLISH_SCALES = {
    "hundred": 100,
    "thousand": 10**3,
    "million": 10**6,
    "billion": 10**9,
    "trillion": 10**12,
}
# A scale after digits: "1.5 million", "$43bn", "150k", "3B".
_SCALE_AFTER = re.compile(
    r"\s*((?i:hundred|thousand|million|billion|trillion))(?![A-Za-z])|(bn|mn|k|K|M|B)(?![A-Za-z0-9])"
)
_SUFFIX_SCALES = {"bn": 10**9, "mn": 10**6, "k": 10**3, "m": 10**6, "b": 10**9}

_ONES = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twice": 2,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_WORD = re.compile(r"[A-Za-z]+")
# Between the two ends of a range.
_RANGE_JOIN = re.compile(r"\s*(?:-|–|—|~|〜|to)\s*")


@dataclass(frozen=True, slots=True)
class Numeral:
    """One number as written in a text: its value, where it is, and the scale it was written with."""

    value: Decimal
    start: int
    end: int
    scale: int = 1  # 10**4 for "10万", 10**6 for "3 million": lets "5〜10万" give 50,000


def numbers(text: str) -> list[Decimal]:
    """The values of every number in `text`, in order of appearance."""
    return [n.value for n in numerals(text)]


def numerals(text: str) -> list[Numeral]:
    """Every number in `text` with its span, in order of appearance (a range gives both ends)."""
    scan = _NOT_NUMBERS_RE.sub(lambda m: "\0" * len(m.group()), text.translate(_FULLWIDTH))
    found = sorted(_digit_and_kanji_numerals(scan) + _word_numerals(scan), key=lambda n: n.start)
    return _widen_range_starts(scan, found)


def ranges(text: str) -> list[tuple[Numeral, Numeral]]:
    """The ranges `text` states ("1-2%", "18〜24ヶ月", "5 to 10 times"): two numbers joined by a dash, 〜 or "to"."""
    found = numerals(text)
    return [(a, b) for a, b in itertools.pairwise(found) if _RANGE_JOIN.fullmatch(text[a.end : b.start])]


def _digit_and_kanji_numerals(text: str) -> list[Numeral]:
    found: list[Numeral] = []
    for match in _RUN.finditer(text):
        run = match.group()
        if not any(ch.isdigit() or ch in _KANJI_DIGITS or ch in _KANJI_SMALL for ch in run):
            continue  # 万 or 億 alone ("億万長者") states no quantity
        end = match.end()
        if any(ch in _KANJI for ch in run):
            parsed = _parse_japanese(run)
            if parsed is None:
                continue
            value, scale = parsed
        else:
            value, scale = Decimal(run.replace(",", "")), 1
            after = _SCALE_AFTER.match(text, end)
            if after is not None:
                word = after.group(1)
                scale = _ENGLISH_SCALES[word.lower()] if word else _SUFFIX_SCALES[after.group(2).lower()]
                value *= scale
                end = after.end()
        found.append(Numeral(value.normalize(), match.start(), end, scale))
    return found


def _parse_japanese(run: str) -> tuple[Decimal, int] | None:
    """15万 → 150000, 1万5千 → 15000, 4億3000万, 二千五百, 二〇二五; the largest unit used is the scale."""
    tokens = re.findall(rf"{_DIGITS}|[{_KANJI}]", run)
    total = Decimal(0)
    section = Decimal(0)  # the part below the next 万/億/兆
    pending: Decimal | None = None  # digits not yet multiplied by a unit
    scale = 1
    for token in tokens:
        if token in _KANJI_DIGITS:
            pending = (pending or Decimal(0)) * 10 + _KANJI_DIGITS[token]  # 二〇二五 is read digit by digit
        elif token in _KANJI_SMALL:
            section += (pending if pending is not None else 1) * _KANJI_SMALL[token]
            pending = None
        elif token in _KANJI_BIG:
            section += pending if pending is not None else 0
            if section == 0:
                return None
            unit = _KANJI_BIG[token]
            total += section * unit
            scale = max(scale, unit)
            section, pending = Decimal(0), None
        else:
            if pending is not None:
                return None
            pending = Decimal(token.replace(",", ""))
    section += pending if pending is not None else 0
    return total + section, scale


def _word_numerals(text: str) -> list[Numeral]:
    """English number words: "ten", "a hundred", "twenty-five", "two thousand five hundred", "tenfold"."""
    found: list[Numeral] = []
    words = list(_WORD.finditer(text))
    i = 0
    while i < len(words):
        parsed = _read_number_words(text, words, i)
        if parsed is None:
            i += 1
            continue
        value, scale, last = parsed
        found.append(Numeral(Decimal(value), words[i].start(), words[last].end(), scale))
        i = last + 1
    return found


def _number_word(word: str) -> int | None:
    word = word.lower()
    if word.endswith("fold") and word != "fold":
        word = word[: -len("fold")]
    return _ONES.get(word, _TENS.get(word))


def _read_number_words(text: str, words: list[re.Match[str]], i: int) -> tuple[int, int, int] | None:
    """The number spelled from word i on: (value, largest scale, index of its last word), or None."""
    total, current, scale = 0, 0, 1
    have = False  # a number word or a scale has been read
    last = i
    j = i
    if words[i].group().lower() in ("a", "an"):
        # "a hundred", "a million": the article stands for one, only before a scale.
        if i + 1 >= len(words) or words[i + 1].group().lower() not in _ENGLISH_SCALES or not _joined(text, words, i):
            return None
        current, j = 1, i + 1
    while j < len(words):
        if j > i and not _joined(text, words, j - 1):
            break
        word = words[j].group().lower()
        value = _number_word(word)
        if value is not None:
            tens_then_one = current % 100 >= 20 and current % 10 == 0 and value < 10
            if have and current and not (current % 100 == 0 and value < 100) and not tens_then_one:
                break  # "one two" and "ten five" are two numbers
            current += value
        elif word in _ENGLISH_SCALES and (have or current):
            unit = _ENGLISH_SCALES[word]
            if unit == 100:
                current = (current or 1) * 100
            else:
                total, current = total + (current or 1) * unit, 0
            scale = max(scale, unit)
        elif word == "and" and have and j + 1 < len(words) and _number_word(words[j + 1].group()) is not None:
            j += 1  # "one hundred and five"
            continue
        else:
            break
        have, last = True, j
        j += 1
        if word.endswith("fold"):
            break
    if not have:
        return None
    return total + current, scale, last


def _joined(text: str, words: list[re.Match[str]], k: int) -> bool:
    """Whether word k and word k+1 are separated only by a space or a hyphen."""
    between = text[words[k].end() : words[k + 1].start()]
    return between in (" ", "-")


def _widen_range_starts(text: str, found: list[Numeral]) -> list[Numeral]:
    """ "5〜10万" and "3 to 5 million": the first end takes the scale written only after the second."""
    out = list(found)
    for k in range(len(out) - 1):
        low, high = out[k], out[k + 1]
        if low.scale != 1 or high.scale == 1 or not _RANGE_JOIN.fullmatch(text[low.end : high.start]):
            continue
        if low.value <= high.value / high.scale:
            out[k] = Numeral((low.value * high.scale).normalize(), low.start, low.end, high.scale)
    return out
