"""The numeral normaliser: one value per number however it is written, in English or Japanese."""

from __future__ import annotations

from decimal import Decimal

import pytest

from index.numerals import numbers, numerals, ranges


def _d(*values: str | int) -> list[Decimal]:
    return [Decimal(v) for v in values]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Digits: commas, decimals, fullwidth, percent.
        ("about 1,000 people", _d(1000)),
        ("5,000,000 GPUs", _d(5_000_000)),
        ("Grok 3.5 is next", _d("3.5")),
        ("0.5% of it", _d("0.5")),
        ("１５万台", _d(150_000)),
        ("２０２５年６月", _d(2025, 6)),
        ("１２，０００人", _d(12_000)),
        ("3:30", _d(3, 30)),
        # Digits with a scale after them.
        ("1.5 million users", _d(1_500_000)),
        ("$4.3 billion", _d(4_300_000_000)),
        ("$43 billion", _d(43_000_000_000)),
        ("$43bn in debt", _d(43_000_000_000)),
        ("150k GPUs", _d(150_000)),
        ("a 3B model", _d(3_000_000_000)),
        ("10x more valuable", _d(10)),
        # English number words.
        ("ten times its value", _d(10)),
        ("a hundred engineers", _d(100)),
        ("a million GPUs", _d(1_000_000)),
        ("twenty-five years", _d(25)),
        ("two thousand five hundred", _d(2500)),
        ("one hundred and five", _d(105)),
        ("Three billion dollars", _d(3_000_000_000)),
        ("a tenfold increase", _d(10)),
        ("twice as fast", _d(2)),
        ("one two three", _d(1, 2, 3)),
        ("ten five", _d(10, 5)),
        ("often, someone tentatively", []),
        ("a lot of money", []),
        ("hundreds of engineers and millions of users", []),
        # Japanese numerals.
        ("15万台", _d(150_000)),
        ("43億ドル", _d(4_300_000_000)),
        ("1万5千", _d(15_000)),
        ("2万5000人", _d(25_000)),
        ("4億3000万", _d(430_000_000)),
        ("1.5万", _d(15_000)),
        ("1,000万", _d(10_000_000)),
        ("11万台のGB200", _d(110_000)),
        ("二千五百", _d(2500)),
        ("三十五", _d(35)),
        ("十倍", _d(10)),
        ("百万", _d(1_000_000)),
        ("一億", _d(100_000_000)),
        ("二〇二五年", _d(2025)),
        ("1兆2000億円", _d(1_200_000_000_000)),
        # Ranges give both ends; a unit written once after the range applies to both.
        ("1-2%", _d(1, 2)),
        ("5〜10倍", _d(5, 10)),
        ("5～10倍", _d(5, 10)),
        ("5〜10万", _d(50_000, 100_000)),
        ("3 to 5 million", _d(3_000_000, 5_000_000)),
        ("2024 to 10 million", _d(2024, 10_000_000)),
        # Not numbers: names with digits, kanji in ordinary words, vague quantities.
        ("H100 and GB200 and S3", []),
        ("一方で十分だ", []),
        ("唯一の方法", []),
        ("数十億ドル", []),
        ("億万長者", []),
        ("万人に愛される", []),
        # Right after a numeral those kanji go on with the number (evals/fresh54: 火星に100万人住む).
        ("火星に100万人住む", _d(1_000_000)),
        ("五十分", _d(50)),
    ],
)
def test_values(text: str, expected: list[Decimal]) -> None:
    assert numbers(text) == expected


@pytest.mark.parametrize(
    ("a", "b"),
    [("15万", "150,000"), ("43億ドル", "$4.3 billion"), ("150万", "1.5 million"), ("十", "ten"), ("１０", "10")],
)
def test_the_same_number_written_two_ways_is_equal(a: str, b: str) -> None:
    assert numbers(a) == numbers(b)
    assert set(numbers(a)) == set(numbers(b))  # equal values hash alike, so sets of them compare


@pytest.mark.parametrize(("a", "b"), [("15万", "15,000"), ("43億ドル", "$43 billion"), ("11万台", "11 million")])
def test_the_errors_a_small_model_makes_are_different_numbers(a: str, b: str) -> None:
    assert set(numbers(a)).isdisjoint(numbers(b))


def test_spans_point_at_the_written_number() -> None:
    text = "GPUは１５万台、費用は$4.3 billionだ"
    spans = [text[n.start : n.end] for n in numerals(text)]
    assert spans == ["１５万", "4.3 billion"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("地球の1-2%のエネルギー", [(1, 2)]),
        ("18〜24ヶ月かかる", [(18, 24)]),
        ("18 to 24 months, then 6 months", [(18, 24)]),
        ("5〜10万台", [(50_000, 100_000)]),
        ("人類の5倍、さらには10倍", []),  # two figures, not a range
        ("compressed that to 6 months", []),
    ],
)
def test_ranges_are_two_numbers_joined_by_a_dash_or_to(text: str, expected: list[tuple[int, int]]) -> None:
    assert [(a.value, b.value) for a, b in ranges(text)] == [(Decimal(a), Decimal(b)) for a, b in expected]
