"""The pure rendering helpers: Discord's limits, whole quotes, inert mentions, Japanese labels."""

from __future__ import annotations

import discord
import pytest

from bot import render
from index.results import Answer, KeyPoint, KeyPoints, Quote


def quote(text: str, n: int = 1) -> Quote:
    return Quote(text=text, source="000.txt", section="Section", paragraph=n, start=0, end=len(text))


def all_quote_texts(embeds: list[discord.Embed]) -> list[str]:
    out = []
    for embed in embeds:
        values = [f.value for f in embed.fields]
        if embed.description and "\n— " in embed.description:
            values.append(embed.description)
        out += [v.rsplit("\n— ", 1)[0] for v in values if v and "\n— " in v]
    return out


def assert_within_limits(embed: discord.Embed) -> None:
    assert len(embed) <= render.EMBED_TOTAL_LIMIT
    assert len(embed.fields) <= render.FIELDS_PER_EMBED
    assert len(embed.title or "") <= render.TITLE_LIMIT
    assert len(embed.description or "") <= render.DESCRIPTION_LIMIT
    for f in embed.fields:
        assert len(f.value) <= render.FIELD_VALUE_LIMIT
        assert len(f.name) <= render.FIELD_NAME_LIMIT


def test_answer_with_many_long_quotes_is_split_without_cutting_any_quote() -> None:
    quotes = tuple(quote(f"{n}: " + "言" * 950, n) for n in range(12))  # 12 near-limit fields: ~11,500 chars
    answer = Answer("q?", "answered", quotes, "v1", language="ja")
    embeds = render.answer_embeds(answer)
    assert len(embeds) >= 2
    for e in embeds:
        assert_within_limits(e)
        assert e.footer.text == "インデックス v1 · 抽出型の回答"
    assert all_quote_texts(embeds) == [q.text for q in quotes]


def test_quote_longer_than_a_field_goes_whole_into_a_description() -> None:
    long = quote("x" * 1500)
    embeds = render.answer_embeds(Answer("q?", "answered", (quote("short"), long, quote("after")), "v1"))
    for e in embeds:
        assert_within_limits(e)
    assert all_quote_texts(embeds) == ["short", "x" * 1500, "after"]


def test_more_than_25_fields_spill_into_another_embed() -> None:
    points = tuple(KeyPoint(f"point {n}", (quote(f"point {n}", n),)) for n in range(30))
    embeds = render.keypoint_embeds(KeyPoints(None, points, "v2"), "en")
    assert [len(e.fields) for e in embeds] == [25, 5]
    assert embeds[1].title.endswith("(continued)")


def test_not_found_says_so_and_shows_no_quote() -> None:
    answer = Answer("Who won the 1998 World Cup?", "not_found", (), "v1", reason="The article does not cover this.")
    (embed,) = render.answer_embeds(answer)
    assert "Not covered by the article" in embed.description
    assert "The article does not cover this." in embed.description
    assert embed.fields == []


def test_japanese_question_gets_japanese_labels() -> None:
    answer = Answer("なぜ？", "answered", (quote("本文"),), "v1", language="ja")
    (embed,) = render.answer_embeds(answer)
    assert embed.fields[0].name == "引用 1"
    assert embed.fields[0].value == "本文\n— 000.txt — Section, ¶1"


def test_citation_shows_title_section_in_the_readers_language_and_line() -> None:
    q = Quote("本文", "000.txt", "見出し", 3, 0, 2, title="記事の題", line=18, section_translation="The heading")
    (en,) = render.answer_embeds(Answer("q", "answered", (q,), "v1"))
    (ja,) = render.answer_embeds(Answer("q", "answered", (q,), "v1", language="ja"))
    assert en.fields[0].value == "本文\n— 記事の題 — The heading, line 18"
    assert ja.fields[0].value == "本文\n— 記事の題 — 見出し、18行目"


@pytest.mark.parametrize(
    ("source", "name"),
    [("bundled", "Translation (not a quote)"), ("model", "Translation by the language model (not a quote)")],
)
def test_translation_is_labelled_as_not_a_quote(source: str, name: str) -> None:
    q = Quote("本文", "000.txt", None, 3, 0, 2, translation="Body text", translation_source=source)  # type: ignore[arg-type]
    (embed,) = render.answer_embeds(Answer("q", "answered", (q,), "v1", mode="llm", answer="An answer."))
    assert [f.name for f in embed.fields] == ["Quote 1", name]
    assert embed.fields[1].value == "Body text"
    assert embed.description == "An answer."
    assert embed.footer.text == "Index v1 · language-model answer"


@pytest.mark.parametrize(
    ("text", "forbidden"),
    [
        ("hi @everyone", "@everyone"),
        ("hi @here", "@here"),
        ("ping <@123456789012345678>", "<@123456789012345678>"),
        ("ping <@!123456789012345678>", "<@!123456789012345678>"),
        ("ping <@&123456789012345678>", "<@&123456789012345678>"),
        ("see <#123456789012345678>", "<#123456789012345678>"),
    ],
)
def test_neutralise_breaks_every_mention_form(text: str, forbidden: str) -> None:
    out = render.neutralise(text)
    assert forbidden not in out
    assert out.replace("\u200b", "") == text  # nothing but invisible breaks added


def test_question_echoed_in_title_is_neutralised_and_fits() -> None:
    (embed,) = render.answer_embeds(Answer("@everyone " + "a" * 400, "not_found", (), "v1", reason="no"))
    assert "@everyone" not in embed.title
    assert len(embed.title) == render.TITLE_LIMIT


@pytest.mark.parametrize(
    ("lang", "heading", "field"),
    [
        ("en", "The article does not answer this directly; closest passages:", "Closest passage 1"),
        ("ja", "記事はこの質問に直接答えていません。最も近い箇所:", "近い箇所 1"),
    ],
)
def test_a_refusal_shows_the_closest_passages_labelled_as_such(lang: str, heading: str, field: str) -> None:
    related = (quote("マスクは第一原理思考を用いた。", 1), quote("火星に物資を移転する。", 2))
    answer = Answer("q", "not_found", (), "v1", reason="No.", language=lang, related=related)
    (embed,) = render.answer_embeds(answer)
    assert heading in embed.description
    assert [f.name for f in embed.fields][:1] == [field]
    assert all_quote_texts([embed]) == [q.text for q in related]
