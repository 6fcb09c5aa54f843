"""The protocol's pure parts: reading the model's JSON and un-quoting what the article never said."""

from __future__ import annotations

import pytest

from index.llm.grounding import (
    MalformedReply,
    clean_answer_text,
    parse_answer,
    parse_keypoints,
    with_retrieval_quotes,
)
from index.results import Quote

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


def _choice(body: dict):
    from openai.types.chat import ChatCompletion

    return ChatCompletion.model_validate(body).choices[0]


def _with_top(*alternatives: tuple[str, float], content: str = "YES") -> dict:
    import math

    from speechbot.testing.fake_openai import judgement

    body = judgement(None, content=content).body
    top = [{"token": t, "logprob": math.log(p), "bytes": None} for t, p in alternatives]
    body["choices"][0]["logprobs"] = {"content": [{**top[0], "top_logprobs": top}]}
    return body


@pytest.mark.parametrize(
    ("body", "p_yes"),
    [
        (_with_top(("YES", 0.6), ("NO", 0.2)), 0.75),
        # Spellings of one word are pooled; other tokens do not count.
        (_with_top(("NO", 0.5), ("Yes", 0.1), (" yes", 0.1), ("The", 0.2), ("No", 0.1)), 0.2 / 0.8),
        (_with_top(("The", 0.9), content="The text"), None),  # neither word, in the logprobs or the reply
        (_with_top(("The", 0.9), content="NO."), 0.0),  # neither in the logprobs: the reply's first word
    ],
)
def test_yes_probability_from_the_first_tokens_log_probabilities(body: dict, p_yes: float | None) -> None:
    from index.llm.client import yes_probability

    found = yes_probability(_choice(body))
    assert found is None if p_yes is None else found == pytest.approx(p_yes)


@pytest.mark.parametrize(("content", "p_yes"), [("YES", 1.0), ("no", 0.0), ("**Yes**, it does.", 1.0), ("", None)])
def test_yes_probability_without_logprobs_reads_the_reply(content: str, p_yes: float | None) -> None:
    from index.llm.client import yes_probability
    from speechbot.testing.fake_openai import judgement

    assert yes_probability(_choice(judgement(None, content=content).body)) == p_yes


def _quote(*sentences: int) -> Quote:
    ids = tuple(f"doc#s{n}" for n in sentences)
    return Quote(" ".join(ids), "doc", None, 1, sentences[0] * 10, sentences[-1] * 10 + 9, ids)


@pytest.mark.parametrize(
    ("cited", "found", "shown"),
    [
        # Left out: the quotes retrieval found join the cited ones, after them, in their order.
        ([(1,)], [(5, 6)], [(1,), (5, 6)]),
        ([(1,)], [(5, 6), (9,)], [(1,), (5, 6), (9,)]),
        # Three cited leave no quote found out (the reader never sees less than without a model).
        ([(1,), (2,), (3,)], [(8,)], [(1,), (2,), (3,), (8,)]),
        # A cited quote inside a found one gives way to it, in its place; two inside it become one.
        ([(5,), (1,)], [(4, 5, 6)], [(4, 5, 6), (1,)]),
        ([(4,), (6,), (1,)], [(4, 5, 6)], [(4, 5, 6), (1,)]),
        # Already shown: nothing added.
        ([(5, 6), (1,)], [(5, 6), (1,)], [(5, 6), (1,)]),
        ([(4, 5, 6)], [(5,)], [(4, 5, 6)]),
        # Only partly cited: shown whole after the model's, the shared sentence twice.
        ([(5, 6, 7)], [(4, 5)], [(5, 6, 7), (4, 5)]),
    ],
)
def test_every_quote_retrieval_found_is_shown_beside_the_cited_ones(cited, found, shown) -> None:
    quotes = with_retrieval_quotes(tuple(_quote(*c) for c in cited), [_quote(*f) for f in found])
    assert [tuple(int(s.rsplit("s", 1)[1]) for s in q.sentence_ids) for q in quotes] == shown
    assert with_retrieval_quotes((_quote(1),), []) == (_quote(1),)
