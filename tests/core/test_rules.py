"""Rules written once: the quote rule and the content hash."""

from __future__ import annotations

import hashlib
import re

import pytest

from index.hashing import content_hash
from index.results import MAX_QUOTE_CHARS, MAX_QUOTE_SENTENCES, quote_fits


def test_the_quote_rule():
    assert quote_fits(1, MAX_QUOTE_CHARS) and quote_fits(MAX_QUOTE_SENTENCES, 10)
    assert not quote_fits(0, 10)
    assert not quote_fits(MAX_QUOTE_SENTENCES + 1, 10)
    assert not quote_fits(1, MAX_QUOTE_CHARS + 1)


def _fits(quote) -> bool:
    """The quote rule, where one sentence more may answer the question a quote would otherwise end on."""
    n = len(quote.sentence_ids)
    if n == MAX_QUOTE_SENTENCES + 1 and re.search(r"[?？][」\"]*\S", quote.text):
        n -= 1
    return quote_fits(n, quote.end - quote.start)


def test_quotes_the_engine_shows_keep_the_rule(speech_index):
    for question in (
        "What is Grok 3.5 focusing on?",
        "火星の計画は?",
        "Why did Musk leave his government job?",
        "What was on the beach in Musk's analogy?",
    ):
        for quote in speech_index.ask(question, use_llm=False).quotes:
            assert _fits(quote), quote
    for point in speech_index.keypoints(use_llm=False).points:
        for quote in point.quotes:
            assert _fits(quote)


@pytest.mark.parametrize(
    "question",
    [
        "Does Musk think cleaning the beach matters much when a tsunami is coming?",
        "How important is cleaning the beach when a wall of water is coming?",
        "ビーチを掃除することはどれほど重要ですか?",
    ],
)
def test_a_quote_does_not_stop_on_a_question_the_article_answers_next(speech_index, question):
    quotes = speech_index.ask(question, use_llm=False).quotes
    asking = [q for q in quotes if "本当にどれほど重要ですか?" in q.text]
    assert asking, [q.text for q in quotes]
    assert all(q.text.endswith("それほど重要ではありません。」") for q in asking)


def test_what_was_on_the_beach_quotes_the_sentence_that_says_it(speech_index):
    """Its quote holds the sentence naming the beach's syringes (since sentences weigh their share of
    the question's words at 0.3 it starts there and stops before the passage's question, which the
    test above holds to its answer)."""
    quotes = speech_index.ask("What was on the beach in Musk's analogy?", use_llm=False).quotes
    assert any("注射器、糞便、ゴミ" in q.text for q in quotes), [q.text for q in quotes]


@pytest.mark.parametrize(
    "question",
    ["Is Musk a spectator in the AI revolution?", "Why did Musk decide to take part in AI?"],
)
def test_a_quote_does_not_stop_inside_a_quotation_the_passage_closes_soon_after(speech_index, question):
    quotes = speech_index.ask(question, use_llm=False).quotes
    opened = [q for q in quotes if '"私が何をしようと' in q.text]
    assert opened, [q.text for q in quotes]
    # The quotation runs on for two sentences; each quote opening it goes on to its close.
    assert all(q.text.count('"') % 2 == 0 and '私は参加者でいたい。"' in q.text for q in opened)


def test_content_hash_is_sha256_of_utf8():
    assert content_hash("マスク") == hashlib.sha256("マスク".encode()).hexdigest()
