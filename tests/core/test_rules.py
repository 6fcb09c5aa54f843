"""Rules written once: the quote rule and the content hash."""

from __future__ import annotations

import hashlib

from index.hashing import content_hash
from index.results import MAX_QUOTE_CHARS, MAX_QUOTE_SENTENCES, quote_fits


def test_the_quote_rule():
    assert quote_fits(1, MAX_QUOTE_CHARS) and quote_fits(MAX_QUOTE_SENTENCES, 10)
    assert not quote_fits(0, 10)
    assert not quote_fits(MAX_QUOTE_SENTENCES + 1, 10)
    assert not quote_fits(1, MAX_QUOTE_CHARS + 1)


def test_quotes_the_engine_shows_keep_the_rule(speech_index):
    for question in ("What is Grok 3.5 focusing on?", "火星の計画は?", "Why did Musk leave his government job?"):
        for quote in speech_index.ask(question, use_llm=False).quotes:
            assert quote_fits(len(quote.sentence_ids), quote.end - quote.start), quote
    for point in speech_index.keypoints(use_llm=False).points:
        for quote in point.quotes:
            assert quote_fits(len(quote.sentence_ids), quote.end - quote.start)


def test_content_hash_is_sha256_of_utf8():
    assert content_hash("マスク") == hashlib.sha256("マスク".encode()).hexdigest()
