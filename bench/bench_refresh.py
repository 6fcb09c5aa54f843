"""Refresh benchmark: refresh times (article; 200 generated documents), switch-to-first-answer time,
and questions answered during refreshes.

    python bench/bench_refresh.py [--docs 200] [--rounds 5]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate_corpus import generate  # noqa: E402


def switch_to_first_answer(index, refresh) -> tuple[float, int, int]:
    """Milliseconds from the pointer switch to the first answer from the new build, questions, failures."""
    switched: dict[str, object] = {}
    seen, stop = threading.Event(), threading.Event()
    counts = [0, 0]

    def reader() -> None:
        while not stop.is_set():
            try:
                if "at" in switched and index.view().build == switched["build"] and not seen.is_set():
                    switched["first"] = time.perf_counter()
                    seen.set()
                index.ask("How many H100 GPUs are in the training center now?")
                counts[0] += 1
            except Exception:
                counts[1] += 1

    def mark(build: str) -> None:
        switched["build"] = build
        switched["at"] = time.perf_counter()

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    try:
        refresh(mark)
        seen.wait(10)
    finally:
        stop.set()
        thread.join()
    return (switched["first"] - switched["at"]) * 1000, counts[0], counts[1]


def under_load(index, build_refresh, settings, model, *, rate: int) -> tuple[int, int, list[float], float]:
    """Refresh ten times while questions arrive at `rate` per second whatever the latency."""
    from concurrent.futures import ThreadPoolExecutor

    def timed(q: str) -> float:
        t = time.perf_counter()
        index.ask(q)
        return (time.perf_counter() - t) * 1000

    def refreshes() -> float:
        t = time.perf_counter()
        for _ in range(10):
            build_refresh(settings, model, index.client, force=True)
        return time.perf_counter() - t

    with ThreadPoolExecutor(max_workers=8) as pool:
        job = pool.submit(refreshes)
        futures, started = [], time.perf_counter()
        while not job.done():
            futures.append(pool.submit(timed, "How many H100 GPUs are in the training center now?"))
            time.sleep(max(0.0, started + len(futures) / rate - time.perf_counter()))
        latencies, failures = [], 0
        for f in futures:
            try:
                latencies.append(f.result())
            except Exception:
                failures += 1
    return len(futures), failures, latencies, job.result()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    from index.build import refresh as build_refresh
    from index.embedding import embedder
    from index.engine import SpeechIndex
    from index.settings import Settings

    tmp = Path(tempfile.mkdtemp(prefix="bench-refresh-"))
    article = tmp / "article"
    shutil.copytree(ROOT / "seeds", article)
    settings = Settings.from_env(
        {"SPEECHBOT_DATA_DIR": str(tmp / "data"), "SPEECHBOT_SOURCES_DIR": str(article)}, dotenv=False
    )
    model = embedder(settings)
    index = SpeechIndex(settings, model=model)

    t = time.perf_counter()
    first = index.refresh()
    cold = time.perf_counter() - t
    forced = []
    for _ in range(args.rounds):
        t = time.perf_counter()
        index.refresh(force=True)
        forced.append(time.perf_counter() - t)
    print(
        f"article: cold refresh {cold:.2f} s ({first.embedded} texts embedded); "
        f"forced refresh from cache median {statistics.median(forced):.2f} s over {args.rounds}"
    )

    # Switch to first answer from the new build, with a reader asking continuously.
    runs = [
        switch_to_first_answer(
            index, lambda mark: build_refresh(settings, model, index.client, force=True, before_switch=mark)
        )
        for _ in range(args.rounds)
    ]
    gaps = [gap for gap, _, _ in runs]
    answered, failed = sum(r[1] for r in runs), sum(r[2] for r in runs)
    print(
        f"switch -> first answer from the new build: median {statistics.median(gaps):.1f} ms, "
        f"max {max(gaps):.1f} ms; {answered} questions answered during {args.rounds} refreshes, {failed} failed"
    )

    # Ten refreshes in a row under an open-loop load of 25 questions a second.
    questions, failures, latencies, refresh_s = under_load(index, build_refresh, settings, model, rate=25)
    lat = sorted(latencies)
    print(
        f"10 forced refreshes in {refresh_s:.1f} s under 25 questions/s: {questions} questions, {failures} failed; "
        f"answer p50 {statistics.median(lat):.0f} ms, p95 {lat[int(0.95 * (len(lat) - 1))]:.0f} ms"
    )

    corpus = tmp / "corpus"
    generate(corpus, args.docs)
    shutil.copytree(ROOT / "seeds", corpus, dirs_exist_ok=True)
    big = SpeechIndex(settings.with_(sources_dir=corpus, data_dir=tmp / "data-big"), model=model)
    t = time.perf_counter()
    report = big.refresh()
    cold_big = time.perf_counter() - t
    t = time.perf_counter()
    big.refresh()
    unchanged = time.perf_counter() - t
    t = time.perf_counter()
    big.refresh(force=True)
    forced_big = time.perf_counter() - t
    status = big.status()
    print(
        f"{args.docs} generated documents + the article: {status.passages} passages, {status.sentences} sentences; "
        f"cold refresh {cold_big:.1f} s ({report.embedded} texts embedded), unchanged {unchanged * 1000:.0f} ms, "
        f"forced from cache {forced_big:.1f} s"
    )
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
