"""Parsing: sections, passages and sentences with offsets that round-trip exactly."""

from __future__ import annotations

import pytest

from index.errors import SourceError
from index.sources import MAX_SENTENCE_CHARS, load_sources, parse_source


def _all_spans(source):
    for p in source.passages:
        yield "passage", p.start, p.end
        for s in p.sentences:
            yield "sentence", s.start, s.end


def test_every_offset_round_trips_on_the_article(seeds_dir, article_text):
    [source] = load_sources(seeds_dir)
    assert source.text == article_text
    spans = list(_all_spans(source))
    assert len([s for s in spans if s[0] == "sentence"]) > 40
    for p in source.passages:
        text = source.passage_text(p)
        assert text == article_text[p.start : p.end] and text == text.strip()
        # Sentences tile the passage in order, without overlap, and each stays inside it.
        assert p.sentences[0].start == p.start and p.sentences[-1].end == p.end
        for a, b in zip(p.sentences, p.sentences[1:], strict=False):
            assert a.end <= b.start and not article_text[a.end : b.start].strip()
        for s in p.sentences:
            assert 0 < s.end - s.start <= MAX_SENTENCE_CHARS


def test_article_structure(seeds_dir):
    [source] = load_sources(seeds_dir)
    assert source.title.startswith("マスクが予言するAIの波")
    headings = [s.heading for s in source.sections]
    assert "超大規模AIモデルの学習" in headings and len(headings) == 6
    bullets = [p for p in source.passages if p.kind == "bullet"]
    assert len(bullets) == 5
    assert all(not source.passage_text(p).startswith("•") for p in bullets)
    assert [p.paragraph for p in source.passages] == list(range(1, len(source.passages) + 1))


def test_boilerplate_is_never_a_passage(seeds_dir):
    [source] = load_sources(seeds_dir)
    texts = [source.passage_text(p) for p in source.passages]
    assert not any("third-party content" in t for t in texts)
    assert len(source.boilerplate) == 1
    for start, end in source.boilerplate:
        assert not any(p.start < end and start < p.end for p in source.passages)


def test_a_related_articles_headline_is_a_quotable_passage_without_its_mark(seeds_dir):
    """The page's "! 「…」のマスク:私はDOGEよりもAIが大好きです" lines are headlines a reader sees."""
    [source] = load_sources(seeds_dir)
    related = [source.passage_text(p) for p in source.passages if p.kind == "related"]
    assert len(related) == 2
    assert all(t.startswith("「") and t.endswith("私はDOGEよりもAIが大好きです") for t in related)


def test_a_markdown_image_is_not_a_related_headline():
    source = parse_source("a.md", "# Title\n\n![a chart](chart.png)\n\n! Related: a headline\n")
    assert [(p.kind, source.passage_text(p)) for p in source.passages] == [("related", "Related: a headline")]
    assert len(source.boilerplate) == 1


def test_quotation_with_particle_stays_one_sentence():
    text = '彼は"私は参加者でいたい。"と気づいたと語りました。次の文です。'
    [p] = parse_source("q.txt", "見出し\n" + text + "\n").passages
    assert [parse_source("q.txt", "見出し\n" + text + "\n").sentence_text(s) for s in p.sentences] == [
        '彼は"私は参加者でいたい。"と気づいたと語りました。',
        "次の文です。",
    ]


def test_passage_ids_are_stable_when_other_paragraphs_change():
    base = "Title\nFirst paragraph here. It has two sentences.\nSecond paragraph stays.\n"
    before = parse_source("a.txt", base)
    after = parse_source("a.txt", base.replace("First paragraph here.", "First paragraph edited."))
    assert before.passages[1].id == after.passages[1].id
    assert before.passages[0].id != after.passages[0].id
    assert parse_source("a.txt", base).passages[0].id == before.passages[0].id


@pytest.mark.parametrize(
    ("name", "text", "headings", "passages"),
    [
        (
            "m.md",
            "# Title\n\nIntro line one\ncontinues here.\n\n## Part A\n\n- item one.\n- item two.\n\nBody text.\n",
            ["Part A"],
            ["Intro line one\ncontinues here.", "item one.", "item two.", "Body text."],
        ),
        ("c.txt", "Title\r\nHeading\r\nA sentence. Another one.\r\n", ["Heading"], ["A sentence. Another one."]),
        ("b.txt", "\ufeffTitle\n\nPara one.\n\nPara two.\n", [], ["Para one.", "Para two."]),
        ("f.md", "# T\n\n```\ncode. not text.\n```\n\nReal text.\n", [], ["Real text."]),
    ],
)
def test_formats(tmp_path, name, text, headings, passages):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    [source] = load_sources(tmp_path)
    assert [s.heading for s in source.sections] == headings
    assert [source.passage_text(p) for p in source.passages] == passages
    raw = path.read_text(encoding="utf-8")
    for _kind, start, end in _all_spans(source):
        assert raw[start:end] == source.text[start:end]


def test_long_sentences_are_split_at_clause_breaks():
    body = "あ" * 300 + "、" + "い" * 300 + "。"
    source = parse_source("l.txt", "見出し\n" + body + "\n")
    sentences = source.passages[0].sentences
    assert len(sentences) == 2
    assert source.sentence_text(sentences[0]).endswith("、")
    assert all(s.end - s.start <= MAX_SENTENCE_CHARS for s in sentences)


def test_unreadable_and_missing_sources_raise_actionable_errors(tmp_path):
    with pytest.raises(SourceError, match="does not exist"):
        load_sources(tmp_path / "nope")
    with pytest.raises(SourceError, match=r"No \.txt or \.md files"):
        load_sources(tmp_path)
    (tmp_path / "bad.txt").write_bytes("日本語".encode("shift_jis"))
    with pytest.raises(SourceError, match="not UTF-8"):
        load_sources(tmp_path)
