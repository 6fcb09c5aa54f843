"""Scale benchmark: question latency embedded vs Chroma server, for the article and a generated corpus.

    python bench/bench_scale.py [--docs 1000] [--rounds 3]

Prints build time (cold: every text embedded; server: vectors from the cache, so it is Chroma's
write cost) and p50/p95 question latency for each store, to show how cost grows with the corpus.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from generate_corpus import generate

from speechbot.testing.chroma_server import ChromaServer, free_port

ROOT = Path(__file__).resolve().parent.parent


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def measure(index, questions: list[str], rounds: int) -> tuple[float, float, float, float]:
    """Whole-question p50/p95, and the retrieval part alone (the query embedding taken out) p50/p95."""
    from index.embedding import query_vector

    for q in questions[:3]:
        index.ask(q, use_llm=False)
    vectors = [query_vector(index.model, q) for q in questions]
    times, retrieval = [], []
    for _ in range(rounds):
        for q, v in zip(questions, vectors, strict=True):
            t = time.perf_counter()
            index.ask(q, use_llm=False)
            times.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            index.retrieve(index.view(), v)
            retrieval.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), pct(times, 95), statistics.median(retrieval), pct(retrieval, 95)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    questions = [
        json.loads(line)["question"]
        for line in Path(ROOT / "evals" / "questions.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]

    from index.embedding import embedder
    from index.engine import SpeechIndex
    from index.settings import Settings

    tmp = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    corpus = tmp / "corpus"
    generate(corpus, args.docs)
    shutil.copytree(ROOT / "seeds", corpus, dirs_exist_ok=True)
    server = ChromaServer(tmp / "server", free_port())
    server.start()
    try:
        for label, sources in (("article", ROOT / "seeds"), (f"{args.docs} docs + article", corpus)):
            base = {
                "SPEECHBOT_DATA_DIR": str(tmp / "data"),
                "SPEECHBOT_SOURCES_DIR": str(sources),
                "SPEECHBOT_EMBED_THREADS": "2",
            }
            embedded = Settings.from_env(base, dotenv=False)
            model = embedder(embedded)
            rows = []
            for store, settings in (
                ("embedded", embedded),
                (
                    "server",
                    Settings.from_env(
                        {**base, "CHROMA_HOST": "127.0.0.1", "CHROMA_PORT": str(server.port)}, dotenv=False
                    ),
                ),
            ):
                index = SpeechIndex(settings, model=model)
                t = time.perf_counter()
                report = index.refresh()
                build = time.perf_counter() - t
                p50, p95, r50, r95 = measure(index, questions, args.rounds)
                status = index.status()
                rows.append(
                    f"  {store:8s} build {build:7.1f} s ({report.embedded} embedded)  "
                    f"ask p50 {p50:6.1f} ms  p95 {p95:6.1f} ms  retrieval p50 {r50:5.1f} ms  p95 {r95:5.1f} ms"
                )
            print(f"{label}: {status.passages} passages, {status.sentences} sentences")
            print("\n".join(rows), flush=True)
    finally:
        server.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
