"""Core benchmark: warm `ask` latency next to its floor, cold CLI time, build times, peak RSS.

    python bench/bench_core.py [QUESTIONS.jsonl] [--rounds N]

The floor is what no design can beat in this process: the query embedding plus an exact numpy dot
product over the same passage vectors. Figures are medians/percentiles over all rounds.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("questions", nargs="?", default=str(ROOT / "evals" / "questions.jsonl"))
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    questions = [
        json.loads(line)["question"]
        for line in Path(args.questions).read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]

    import numpy as np

    from index.build import refresh
    from index.embedding import embedder, query_vector
    from index.engine import SpeechIndex
    from index.settings import Settings
    from index.store.factory import chroma_client, version_store

    data = Path(tempfile.mkdtemp(prefix="bench-core-"))
    settings = Settings.from_env({"SPEECHBOT_DATA_DIR": str(data), "SPEECHBOT_SOURCES_DIR": str(ROOT / "seeds")})
    model = embedder(settings)
    client = chroma_client(settings)
    store = version_store(settings, client)

    t = time.perf_counter()
    first = refresh(settings, model, client, store)
    cold_build = time.perf_counter() - t
    unchanged = []
    for _ in range(args.rounds):
        t = time.perf_counter()
        r = refresh(settings, model, client, store)
        unchanged.append(time.perf_counter() - t)
        assert r.embedded == 0
    forced = []
    for _ in range(3):
        t = time.perf_counter()
        r = refresh(settings, model, client, store, force=True)
        forced.append(time.perf_counter() - t)
        assert r.embedded == 0, "a forced rebuild must take every vector from the cache"

    index = SpeechIndex(settings, model=model, client=client)
    view = index.view()
    # The floor searches the same passage vectors exactly, in memory.
    matrix = np.asarray(view.collection.get(include=["embeddings"])["embeddings"], dtype=np.float32)
    for q in questions[:3]:
        index.ask(q, use_llm=False)  # warm-up

    ask_ms, floor_ms = [], []
    for _ in range(args.rounds):
        for q in questions:
            t = time.perf_counter()
            index.ask(q, use_llm=False)
            ask_ms.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            v = query_vector(model, q)
            scores = matrix @ v
            np.argpartition(-scores, min(8, len(scores) - 1))[:8]
            floor_ms.append((time.perf_counter() - t) * 1000)

    env = dict(os.environ, SPEECHBOT_DATA_DIR=str(data), SPEECHBOT_SOURCES_DIR=str(ROOT / "seeds"))
    env.pop("OPENAI_API_KEY", None)
    cli_s, rss_mb = [], []
    probe = (
        "import resource, subprocess, sys, time;"
        "t = time.perf_counter();"
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL);"
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    for _ in range(3):
        out = subprocess.run(
            [sys.executable, "-c", probe, "speechbot", "ask", "--json", questions[0]],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        cli_s.append(float(out[0]))
        rss_mb.append(int(out[1]) / 1024)

    p50_ask, p50_floor = statistics.median(ask_ms), statistics.median(floor_ms)
    print(f"questions {len(questions)} x {args.rounds} rounds; index {first.version}, {first.embedded} texts")
    print(f"warm ask      p50 {p50_ask:.1f} ms  p95 {pct(ask_ms, 95):.1f} ms")
    print(f"floor         p50 {p50_floor:.1f} ms  p95 {pct(floor_ms, 95):.1f} ms  (query embedding + numpy dot)")
    print(f"ask / floor   {p50_ask / p50_floor:.2f}x at p50")
    print(f"build cold    {cold_build:.2f} s ({first.embedded} texts embedded)")
    print(f"build again   median {statistics.median(unchanged) * 1000:.0f} ms, sources unchanged, 0 embedded")
    print(f"forced copy   median {statistics.median(forced):.2f} s, every vector from the cache, 0 embedded")
    print(f"cold CLI ask  median {statistics.median(cli_s):.2f} s (process start to exit, index built)")
    print(f"peak RSS      median {statistics.median(rss_mb):.0f} MB for `speechbot ask`")
    resource.getrusage(resource.RUSAGE_SELF)


if __name__ == "__main__":
    main()
