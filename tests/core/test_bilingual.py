"""What an English reader gets offline: renderings on every quote, an English answer line, English headings."""

from __future__ import annotations

import json
import re

import pytest

from index.bilingual import localize_answer
from index.embedding import query_vector
from index.engine import SpeechIndex
from index.renderings import RenderingStore, bundled, export_rows, import_rows, source_texts, text_key
from index.results import Answer
from index.settings import Settings
from index.sources import load_sources

ARTICLE = "000_7e1d518b4a2c8e90.txt"
# Our own questions (not the evaluation set's), one per part of the talk.
ENGLISH = [
    "What did Musk compare his government work to?",
    "How many GB200 chips will the second data center bring online?",
    "How long does Musk think it will take to make Mars self-sufficient?",
    "What did the suppliers say about building the supercluster?",
    "What share of Earth's energy does humanity use?",
]


@pytest.mark.parametrize("question", ENGLISH)
def test_every_quote_of_an_english_answer_carries_its_bundled_rendering(speech_index, question: str) -> None:
    answer = speech_index.ask(question)
    assert answer.status == "answered" and answer.mode == "extractive"
    view = speech_index.view()
    for q in answer.quotes:
        sentences = view.quote_sentences(q)
        assert q.translation == " ".join(bundled()[text_key(s)].en for s in sentences)
        assert q.translation_source == "bundled"
        assert q.section_translation == bundled()[text_key(q.section)].en  # type: ignore[arg-type]
    # The answer line is the renderings, labelled as translated from the article, nothing else.
    assert answer.answer == "From the article (translated): " + " … ".join(q.translation for q in answer.quotes)  # type: ignore[misc]


def test_citations_name_the_title_and_the_line_in_the_file(speech_index, article_text) -> None:
    answer = speech_index.ask("How many H100 GPUs are in the training center now?")
    lines = article_text.split("\n")
    for q in answer.quotes:
        assert q.title == lines[1]  # the first heading line, not the disclaimer above it nor the file name
        assert article_text.count("\n", 0, q.start) + 1 == q.line and q.text in lines[q.line - 1]
        assert q.citation("en") == f"{q.title} — {q.section_translation}, line {q.line}"
        assert q.citation("ja") == f"{q.title} — {q.section}、{q.line}行目"
        # source/start/end stay in JSON for programs.
        d = q.to_dict()
        assert (d["source"], d["start"], d["end"], d["line"]) == (ARTICLE, q.start, q.end, q.line)


def test_a_japanese_question_keeps_the_original_only(speech_index) -> None:
    answer = speech_index.ask("マスクはなぜ政府の仕事を辞めたのですか？")
    assert answer.status == "answered" and answer.answer is None
    assert all(q.translation is None and q.section_translation is None for q in answer.quotes)
    assert all(q.title and q.line for q in answer.quotes)
    assert all("translation" not in q for q in answer.to_dict()["quotes"])


def test_a_refusal_has_no_answer_line(speech_index) -> None:
    answer = speech_index.ask("What is the best recipe for banana bread?")
    assert answer.status == "not_found" and answer.answer is None


@pytest.mark.parametrize(
    ("topic", "heading_start"),
    [
        ("The hardware competition", "ハードウェアコンペティション"),
        ("hardware", "ハードウェアコンペティション"),
        ("robot armies", "多重未来のビジョン"),
        ("main quest", "政府の仕事はただの"),
        ("HARDWARE COMPETITION", "ハードウェアコンペティション"),
    ],
)
def test_english_topics_match_sections_by_their_english_headings(speech_index, topic: str, heading_start: str) -> None:
    points = speech_index.keypoints(topic, use_llm=False)
    section = next(s for s in speech_index.view().sections if s.heading.startswith(heading_start))
    assert [p.quotes[0].sentence_ids[0].split("/")[0] for p in points.points] == list(section.passage_ids)
    assert all(q.translation and q.translation_source == "bundled" for p in points.points for q in p.quotes)


def test_an_english_topic_matches_whole_words_only(speech_index) -> None:
    """'ai' is inside "main quest" but is not that section: it falls through to free-text retrieval."""
    points = speech_index.keypoints("ai", use_llm=False)
    main_quest = next(s for s in speech_index.view().sections if s.heading.startswith("政府の仕事はただの"))
    ids = {p.quotes[0].sentence_ids[0].split("/")[0] for p in points.points}
    assert ids != set(main_quest.passage_ids)


def test_key_points_carry_renderings_for_english_readers_only(speech_index) -> None:
    english = speech_index.keypoints(use_llm=False, lang="en")
    japanese = speech_index.keypoints(use_llm=False, lang="ja")
    assert [p.text for p in english.points] == [p.text for p in japanese.points]
    assert all(q.translation and q.section_translation for p in english.points for q in p.quotes)
    assert not any(q.translation for p in japanese.points for q in p.quotes)
    assert speech_index.section_headings("en")[4].startswith("The hardware competition")


# -- a sentence the bundled renderings do not know -------------------------------------------------------
CHANGED = "現在、このトレーニングセンターには15万台のH100、5万台のH200、3万台のGB200があり、第二のデータセンターが11万台のGB200を間もなくオンラインにする予定です。"  # noqa: E501


@pytest.fixture
def edited_index(tmp_path, hash_model, article_text):
    """The article with one character of one sentence changed (15万 → 16万), indexed with a fast model."""
    sources = tmp_path / "sources"
    sources.mkdir()
    assert CHANGED in article_text
    (sources / ARTICLE).write_text(article_text.replace(CHANGED, CHANGED.replace("15万", "16万")), encoding="utf-8")
    settings = Settings.from_env(
        {"SPEECHBOT_DATA_DIR": str(tmp_path / "data"), "SPEECHBOT_SOURCES_DIR": str(sources)}, dotenv=False
    )
    index = SpeechIndex(settings, model=hash_model)
    index.ensure_current()
    return index


def test_a_changed_sentence_shows_no_stale_rendering_and_the_answer_says_so(edited_index) -> None:
    edited = CHANGED.replace("15万", "16万")
    # The fast test model only finds Japanese text by its characters: retrieve with the sentence,
    # then localise the answer as `ask` does for an English question.
    view = edited_index.view()
    quotes = edited_index.retrieve(view, query_vector(edited_index.model, edited))
    extractive = Answer("How many H100s are there?", "answered", tuple(quotes), view.version, language="en")
    answer = localize_answer(extractive, view, edited_index.renderings)
    quote = next(q for q in answer.quotes if edited in q.text)
    assert quote.translation is None and quote.translation_source is None
    assert "translation" not in quote.to_dict()
    assert "has no English translation yet" in answer.answer or "have no English translation yet" in answer.answer
    assert "150,000" not in answer.answer and "160,000" not in answer.answer  # nothing invented


def test_export_then_import_a_correction(tmp_path) -> None:
    texts = source_texts(load_sources(SEEDS_DIR))
    store = RenderingStore(tmp_path)
    rows = export_rows(store, texts)
    assert len(rows) == 55 and all(r["source"] == "bundled" and r["en"] for r in rows)
    assert [r["sha256"] for r in rows] == [text_key(t) for t in texts]
    target = rows[10]
    lines = [json.dumps(r, ensure_ascii=False) for r in rows]
    lines[10] = json.dumps({**target, "en": "A corrected rendering."}, ensure_ascii=False)
    lines.append(json.dumps({"sha256": text_key("もう存在しない文。"), "en": "Stale."}))
    lines.append(json.dumps({"sha256": target["sha256"], "ja": "別の文。", "en": "Mismatch."}, ensure_ascii=False))
    report = import_rows(store, lines, texts)
    assert (report.stored, report.unchanged) == (1, 54)
    assert len(report.rejected) == 2 and "line 56" in report.rejected[0] and "matches no sentence" in report.rejected[0]
    assert "line 57" in report.rejected[1]
    assert store.lookup(target["ja"]) == ("A corrected rendering.", "bundled")  # reviewed by a person
    assert RenderingStore(tmp_path).get(target["ja"]).origin == "imported"  # type: ignore[union-attr]
    assert store.lookup("もう存在しない文。") is None
    assert any(r["source"] == "imported" for r in export_rows(store, texts))


SEEDS_DIR = Settings.from_env({}, dotenv=False).sources_dir


def test_the_cli_exports_and_imports(tmp_path) -> None:
    from tests.core.test_cli import run

    data = tmp_path / "data"
    out = tmp_path / "renderings.jsonl"
    p = run(["renderings", "export", str(out)], data)
    assert p.returncode == 0, p.stderr
    assert "wrote 55 rows" in p.stdout and "0 without an English rendering" in p.stdout
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    rows[3]["en"] = "Corrected by a reviewer."
    rows.append({"sha256": "0" * 64, "en": "Orphan."})
    fixed = tmp_path / "fixed.jsonl"
    fixed.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    p = run(["renderings", "import", str(fixed)], data)
    assert p.returncode == 1  # one line was not stored: the operator must see it
    assert p.stdout.startswith(f"1 renderings imported, {len(rows) - 2} unchanged, 1 not stored.")
    assert re.search(rf"not stored: line {len(rows)}: 0{{16}}… matches no sentence", p.stderr)
    p = run(["renderings", "export", "-"], data)
    back = [json.loads(line) for line in p.stdout.splitlines()]
    assert (back[3]["en"], back[3]["source"]) == ("Corrected by a reviewer.", "imported")
