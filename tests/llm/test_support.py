"""The support measure on our own faithful and unfaithful answers (evals/answer_support.jsonl).

Each row is an answer a model might give, the sentences it cites (by a fragment of each) and whether
it says what those sentences say. The checks must refuse every unfaithful row and show nearly every
faithful one; the separation figures quoted in index/answer_checks.py are printed here (-s).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index.answer_checks import lexical_support
from index.engine import MODEL_MAY_REFUSE, SpeechIndex
from index.llm.answerer import LLMAnswerer, reviewed_renderings
from index.llm.client import ChatModel
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
    # The checks never call the model: a key and a loopback address only let the client be built.
    model = Settings.from_env({"OPENAI_API_KEY": "unused", "OPENAI_BASE_URL": "http://127.0.0.1:9/v1"})
    answerer = LLMAnswerer(settings, chat=ChatModel(model), renderings=rendering)
    out = []
    for item in ROWS:
        rows = [r for r, t in enumerate(texts) if any(fragment in t for fragment in item["cites"])]
        assert rows, item["cites"]
        cited = [texts[r] for r in rows]
        evidence = cited if item["lang"] == "ja" else [e for e in map(rendering, cited) if e]
        lexical = lexical_support(item["answer"], evidence, item["lang"])
        embedding = LLMAnswerer._embedding_support(index, view, rows, item["answer"])
        # As the answerer holds a model's answer (index/llm/answerer.py's answer): the question's words its
        # passages lack count only where the model may refuse; the best quote and all found are retrieval's.
        draft = index.draft_many([(item["question"], None)])[0]
        missing = draft.missing if draft.gap >= MODEL_MAY_REFUSE else ()
        quotes = draft.extractive.quotes
        best = quotes[0].sentence_ids if quotes else ()
        found = tuple(sid for q in quotes for sid in q.sentence_ids)
        checked = answerer.check_cited(
            index, view, rows, item["answer"], item["lang"], item["question"], missing, best, found
        )
        out.append({**item, "lexical": lexical, "embedding": embedding, "problem": checked.problem})
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


# Faithful answers a check fails (they fall back to the quotes), listed by name: 9 of 62, through the
# answerer's own list of checks (LLMAnswerer.check_cited). Each is a check's price:
# - "hosted" echoes a word of its question that the sentences put as "held" (開催), the echo check's
#   price for catching "remote work", "metaphor" and "analogy" answers;
# - the Electrolux, 報じられて and "robotics" answers hold none of their question's words that the quotes
#   hold (build, 報道, robots), the price of unasked_answer_problem: an answer about something else;
# - "loves to do" and its Japanese twin (好きだ) are below the support floor;
# - "No, Mars will not stop developing" (and いいえ…止まらない) denies in its question's words what the
#   sentences put as "continues to develop": the negation check cannot tell it from fresh68's "No, the
#   team did not rent a quarter of America's mobile cooling", which contradicted its sentence;
# - …非常に危険だとマスクは強調した: the clause of its sentence that says 非常に危険 names AI, not マスク
#   (he is named in the clause before), and swapped_name_problem reads clause by clause.
KNOWN_FALSE_ALARMS = [
    "Y Combinator hosted its first AI Startup School in San Francisco and invited Elon Musk and Sam Altman.",
    "They rented an abandoned Electrolux factory in Memphis, rented generators for 150 megawatts"
    " and used Tesla Mega Packs.",
    "43億ドルのエクイティファイナンスと50億ドルのデットファイナンスを組み合わせると報じられています。",
    "Building technology is what he loves to do.",
    "マスクは技術を構築することが好きだと述べました。",
    "He held back on AI and robotics because he worried about making the Terminator real.",
    "No, Mars will not stop developing: even if the supply ships from Earth stop,"
    " it can continue to develop and prosper.",
    "いいえ、火星の発展は止まらない。補給船が停止しても、火星は引き続き発展し繁栄できる。",
    "AIに不真実を信じ込ませると、非常に危険だとマスクは強調した。",
]


def test_faithful_answers_are_shown(scored: list[dict]) -> None:
    refused = [r["answer"] for r in scored if r["label"] == "faithful" and r["problem"] is not None]
    assert refused == KNOWN_FALSE_ALARMS
    for lang in ("en", "ja"):
        for measure in ("lexical", "embedding"):
            f = [r[measure] for r in scored if r["label"] == "faithful" and r["lang"] == lang]
            u = [r[measure] for r in scored if r["label"] == "unfaithful" and r["lang"] == lang]
            print(f"{lang} {measure:9s} faithful min {min(f):+.3f}  unfaithful max {max(u):+.3f}")
