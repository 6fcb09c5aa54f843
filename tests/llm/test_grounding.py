"""The protocol's pure parts: reading the model's JSON and un-quoting what the article never said."""

from __future__ import annotations

import pytest

from index.llm.grounding import MalformedReply, clean_answer_text, parse_answer, parse_keypoints

SOURCE = "彼は政府の効率部門の仕事を「ビーチの掃除」に例えた。SpaceX was founded in 2002."


@pytest.mark.parametrize(
    ("content", "citations"),
    [
        ('{"answer": "x", "citations": ["S1", "S2"]}', ("S1", "S2")),
        ('```json\n{"answer": "x", "citations": ["S3"]}\n```', ("S3",)),
        ('Here you go: {"answer": "x", "citations": [4, "[S5]", "s6"]} Hope it helps.', ("S4", "S5", "S6")),
        ('{"answer": "x", "citations": ["S1", "S1", "bogus"]}', ("S1", "bogus")),
    ],
)
def test_parse_answer_reads_citations_in_common_shapes(content: str, citations: tuple[str, ...]) -> None:
    assert parse_answer(content).citations == citations


@pytest.mark.parametrize(
    "content",
    [
        "",
        "   ",
        "Musk left because AI matters more.",
        "[1, 2]",
        '{"answer": 3, "citations": []}',
        '{"answer": "x", "citations": "S1"}',
        '{"answer": "x", "citations": [], "translations": ["a"]}',
    ],
)
def test_parse_answer_rejects_what_is_not_the_protocol(content: str) -> None:
    with pytest.raises(MalformedReply):
        parse_answer(content)


def test_parse_answer_keeps_only_string_translations() -> None:
    reply = parse_answer('{"answer": "x", "citations": ["S1"], "translations": {"S1": " hi ", "S2": 5, "3": "yo"}}')
    assert reply.translations == {"S1": "hi", "S3": "yo"}


@pytest.mark.parametrize(
    ("answer", "shown"),
    [
        # Verbatim spans keep their marks, whatever the mark style.
        ("He called it 「ビーチの掃除」.", "He called it 「ビーチの掃除」."),
        ('It was "ビーチの掃除".', 'It was "ビーチの掃除".'),
        # Invented or translated "quotes" lose the marks: they are the model's words, not the article's.
        (
            'Musk said "fixing government is like cleaning a beach".',
            "Musk said fixing government is like cleaning a beach.",
        ),
        ("He said “AI is a tsunami”.", "He said AI is a tsunami."),
        ("彼は「政府は退屈だ」と言った。", "彼は政府は退屈だと言った。"),
        ("『ビーチを掃除』", "ビーチを掃除"),
        ('Empty "" marks', "Empty  marks"),
        # Sentence ids leaked into prose are removed.
        ("He left to build technology [S3, S4].", "He left to build technology."),
        ("He left (S2).", "He left."),
    ],
)
def test_clean_answer_text_unquotes_everything_not_in_the_source(answer: str, shown: str) -> None:
    assert clean_answer_text(answer, [SOURCE]) == " ".join(shown.split())


def test_parse_keypoints_maps_point_numbers() -> None:
    got = parse_keypoints(
        '{"points": [{"id": "P2", "text": "Robots", "translation": "t"}, {"id": "x", "text": "y"}, {"id": "P1"}]}'
    )
    assert got == {2: ("Robots", "t")}
    with pytest.raises(MalformedReply):
        parse_keypoints('{"points": []}')


@pytest.mark.parametrize(
    ("headers", "seconds"),
    [
        ({"retry-after": "2"}, 2.0),
        ({"retry-after": "0.5"}, 0.5),
        ({"retry-after-ms": "1500", "retry-after": "9"}, 1.5),
        ({"retry-after": "soon"}, None),
        ({"retry-after": "Wed, 21 Oct 2015 07:28:00 GMT"}, 0.0),  # a date in the past: no wait
        ({}, None),
    ],
)
def test_retry_after_header(headers: dict[str, str], seconds: float | None) -> None:
    import httpx

    from index.llm.client import retry_after

    assert retry_after(httpx.Response(429, headers=headers)) == seconds
