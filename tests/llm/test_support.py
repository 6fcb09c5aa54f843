"""The support measure on our own faithful and unfaithful answers (evals/answer_support.jsonl).

Each row is an answer a model might give, the sentences it cites (by a fragment of each) and whether
it says what those sentences say. The checks must refuse every unfaithful row and show nearly every
faithful one; the separation figures quoted in index/answer_checks.py are printed here (-s).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index.answer_checks import (
    ArticleTerms,
    added_clause_problem,
    attribution_problem,
    borrowed_problem,
    cause_problem,
    counter_problem,
    denied_problem,
    denied_statement_problem,
    echo_problem,
    figure_context_problem,
    lexical_support,
    off_question_problem,
    place_context_problem,
    quote_verb_problem,
    range_problem,
    relation_problem,
    relative_clause_problem,
    reversed_problem,
    slot_problem,
    speaker_answer_problem,
    support_problem,
    swapped_figure_problem,
    swapped_name_problem,
    unknown_terms_problem,
)
from index.engine import MODEL_MAY_REFUSE, SpeechIndex
from index.llm.answerer import LLMAnswerer, reviewed_renderings
from index.settings import Settings
from tests.llm.conftest import SEEDS

ROWS = [
    json.loads(line)
    for line in (Path(__file__).resolve().parents[2] / "evals" / "answer_support.jsonl").read_text().splitlines()
]


@pytest.fixture(scope="module")
def scored(data_dir: Path) -> list[dict]:
    settings = Settings.from_env({"SPEECHBOT_DATA_DIR": str(data_dir), "SPEECHBOT_SOURCES_DIR": str(SEEDS)})
    index = SpeechIndex(settings)
    view = index.view()
    rendering = reviewed_renderings(settings)
    texts = [view.sentence_text(row) for row in range(len(view.sentences))]
    article = ArticleTerms([*texts, *(r for r in map(rendering, texts) if r)])
    out = []
    for item in ROWS:
        rows = [r for r, t in enumerate(texts) if any(fragment in t for fragment in item["cites"])]
        assert rows, item["cites"]
        cited = [texts[r] for r in rows]
        evidence = cited if item["lang"] == "ja" else [e for e in map(rendering, cited) if e]
        lexical = lexical_support(item["answer"], evidence, item["lang"])
        embedding = LLMAnswerer._embedding_support(index, view, rows, item["answer"])
        problem = support_problem(lexical, lambda e=embedding: e, item["lang"])
        rendered = [e for e in map(rendering, cited) if e]
        borrowed = borrowed_problem(item["answer"], [*cited, *rendered, item["question"]], article, item["lang"])
        draft = index.draft_many([(item["question"], None)])[0]
        missing = draft.missing if draft.gap >= MODEL_MAY_REFUSE else ()
        echoed = echo_problem(item["answer"], missing, [*cited, *rendered], item["lang"])
        own = cited if item["lang"] == "ja" else rendered
        attributed = attribution_problem(item["answer"], item["question"], own, item["lang"])
        added = added_clause_problem(item["answer"], rendered) if item["lang"] == "en" else None
        off = off_question_problem(item["answer"], item["question"], own, item["lang"])
        denied = denied_problem(item["answer"], own, item["lang"])
        denied = denied or reversed_problem(item["answer"], item["question"], own, item["lang"])
        denied = denied or denied_statement_problem(item["answer"], own, item["lang"])
        placed = figure_context_problem(item["answer"], own, item["lang"]) or counter_problem(
            item["answer"], own, item["lang"]
        )
        filled = slot_problem(item["answer"], item["question"], own) if item["lang"] == "en" else None
        swapped = swapped_name_problem(item["answer"], own, item["lang"])
        ranged = range_problem(item["answer"], [*cited, *rendered])
        unknown = unknown_terms_problem(item["answer"], [*cited, *rendered, item["question"]], article, item["lang"])
        problem = problem or echoed or borrowed or attributed or added or off or denied or placed or filled or swapped
        spoken = speaker_answer_problem(item["answer"], item["question"], own, item["lang"])
        spoken = spoken or quote_verb_problem(item["answer"], cited, item["lang"])
        compared = relation_problem(item["answer"], own, item["lang"], article)
        compared = compared or swapped_figure_problem(item["answer"], own, item["lang"])
        compared = compared or place_context_problem(item["answer"], item["question"], own, article, item["lang"])
        caused = cause_problem(item["answer"], own, article, item["lang"])
        relative = relative_clause_problem(item["answer"], own, article, item["lang"])
        problem = problem or ranged or unknown or spoken or compared or caused or relative
        out.append({**item, "lexical": lexical, "embedding": embedding, "problem": problem})
    return out


def test_the_set_has_both_kinds_in_both_languages() -> None:
    kinds = {(r["label"], r["lang"]) for r in ROWS}
    assert kinds == {("faithful", "en"), ("faithful", "ja"), ("unfaithful", "en"), ("unfaithful", "ja")}
    assert len(ROWS) >= 60


# Answers no check catches, listed, not hidden: if a check starts catching one, this test fails and the
# list shrinks. (A real 1.5B model's "tornado" analogy was the last: "analogy", a word of its question
# that the passages lack and no cited sentence contains, now fails it.)
KNOWN_MISSES: list[str] = []


def test_every_unfaithful_answer_is_refused(scored: list[dict]) -> None:
    passed = [r["answer"] for r in scored if r["label"] == "unfaithful" and r["problem"] is None]
    assert passed == KNOWN_MISSES


# Faithful answers a check fails (they fall back to the quotes), listed by name: 3 of 44. "loves to do"
# and its Japanese twin (好きだ) are below the support floor; "hosted" echoes a word of its question that
# the sentences put as "held" (開催), the echo check's price for catching "remote work", "metaphor" and
# "analogy" answers.
KNOWN_FALSE_ALARMS = [
    "Y Combinator hosted its first AI Startup School in San Francisco and invited Elon Musk and Sam Altman.",
    "Building technology is what he loves to do.",
    "マスクは技術を構築することが好きだと述べました。",
]


def test_faithful_answers_are_shown(scored: list[dict]) -> None:
    refused = [r["answer"] for r in scored if r["label"] == "faithful" and r["problem"] is not None]
    assert refused == KNOWN_FALSE_ALARMS
    for lang in ("en", "ja"):
        for measure in ("lexical", "embedding"):
            f = [r[measure] for r in scored if r["label"] == "faithful" and r["lang"] == lang]
            u = [r[measure] for r in scored if r["label"] == "unfaithful" and r["lang"] == lang]
            print(f"{lang} {measure:9s} faithful min {min(f):+.3f}  unfaithful max {max(u):+.3f}")
