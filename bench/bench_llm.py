"""Overhead the LLM path adds around the model call, with a fake server that answers instantly.

Run: python bench/bench_llm.py [--runs 50] [--data-dir DIR]
Everything measured here except the fake server's own work is speechbot's: retrieval for the prompt,
prompt building, the OpenAI SDK and HTTP round trip on loopback, parsing, rendering and verifying
quotes. Target: median under 50 ms.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from index.embedding import query_vector  # noqa: E402
from index.engine import SpeechIndex, language_of, open_index  # noqa: E402
from index.settings import Settings  # noqa: E402
from tests.llm.fake_openai import FakeOpenAI, cite  # noqa: E402

QUESTIONS = [
    "Why did Musk leave his government job?",
    "マスクはなぜ政府の仕事を辞めたのですか？",
    "How many humanoid robots does Musk expect?",
    "AIの安全性にとって最も重要なことは何ですか？",
]


def median_ms(samples: list[float]) -> str:
    ordered = sorted(samples)
    p90 = ordered[int(0.9 * (len(ordered) - 1))]
    return f"median {statistics.median(samples) * 1000:6.2f} ms   p90 {p90 * 1000:6.2f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--data-dir", type=Path, default=None)
    args = parser.parse_args()
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="bench-llm-"))
    base = {"SPEECHBOT_DATA_DIR": str(data_dir), "SPEECHBOT_SOURCES_DIR": str(ROOT / "seeds")}
    open_index(Settings.from_env(base))

    with FakeOpenAI() as fake:
        fake.script(cite("マスク", answer="Musk said AI matters more than government work."))
        index = SpeechIndex(Settings.from_env({**base, "OPENAI_API_KEY": "bench", "OPENAI_BASE_URL": fake.url}))
        cache = index.llm.cache
        index.llm.cache = None
        view = index.view()
        for q in QUESTIONS:  # warm-up: first SDK call, imports, connection pool
            index.ask(q)

        plain, full, llm_only, model_call = [], [], [], []
        chat = index.llm.chat
        real_complete = chat.complete

        def timed_complete(messages, deadline):
            t = time.perf_counter()
            try:
                return real_complete(messages, deadline)
            finally:
                model_call.append(time.perf_counter() - t)

        chat.complete = timed_complete  # type: ignore[method-assign]
        for n in range(args.runs):
            q = QUESTIONS[n % len(QUESTIONS)]
            t = time.perf_counter()
            extractive = index.ask(q, use_llm=False)
            plain.append(time.perf_counter() - t)
            t = time.perf_counter()
            answer = index.ask(q)
            full.append(time.perf_counter() - t)
            assert answer.mode == "llm", answer.fallback_reason
            text = " ".join(q.split())
            vec = query_vector(index.model, text)
            t = time.perf_counter()
            index.llm.answer(
                index=index, view=view, question=text, lang=language_of(text), query=vec, extractive=extractive
            )
            llm_only.append(time.perf_counter() - t)

        index.llm.cache = cache
        index.ask(QUESTIONS[0])
        hits = []
        for _ in range(args.runs):
            t = time.perf_counter()
            index.ask(QUESTIONS[0])
            hits.append(time.perf_counter() - t)

    added = [f - p for f, p in zip(full, plain, strict=True)]
    around = [a - m for a, m in zip(llm_only, model_call[-len(llm_only) :], strict=True)]
    print(f"runs: {args.runs} per figure, fake server answering instantly, index {view.version}")
    print(f"ask, extractive only               {median_ms(plain)}")
    print(f"ask, with the LLM path             {median_ms(full)}")
    print(f"  added by the LLM path            {median_ms(added)}   (target < 50 ms)")
    print(f"llm.answer alone                   {median_ms(llm_only)}")
    print(f"  of which the HTTP call (SDK)     {median_ms(model_call[-len(llm_only) :])}")
    print(f"  retrieval, prompt, parse, render {median_ms(around)}")
    print(f"ask, answered from the cache       {median_ms(hits)}")


if __name__ == "__main__":
    main()
