"""Refresh benchmark: refresh times (article; 200 generated documents), switch-to-first-answer time,
questions answered during refreshes (in the answering process and in a child process, against idle),
and a 1 MiB one-line source.

    python bench/bench_refresh.py [--docs 200] [--rounds 5] [--part all|answering|huge]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import threading
import time
from pathlib import Path

from generate_corpus import generate

ROOT = Path(__file__).resolve().parent.parent


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
            build_refresh(settings, model, index.client, index.store, force=True)
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


QUESTIONS = (
    "How many H100 GPUs are in the training center now?",
    "What is Grok 3.5 focusing on?",
    "火星の計画は?",
    "Why did Musk leave his government job?",
)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[int(0.95 * (len(ordered) - 1))]


def latencies_while(index, work, *, rate: float) -> list[float]:
    """Answer times (ms) of questions sent at `rate` a second, open loop, for as long as `work` runs."""
    from concurrent.futures import ThreadPoolExecutor

    def timed(q: str) -> float:
        t = time.perf_counter()
        index.ask(q)
        return (time.perf_counter() - t) * 1000

    with ThreadPoolExecutor(max_workers=8) as pool:
        job = pool.submit(work)
        futures, started = [], time.perf_counter()
        while not job.done():
            futures.append(pool.submit(timed, QUESTIONS[len(futures) % len(QUESTIONS)]))
            time.sleep(max(0.0, started + len(futures) / rate - time.perf_counter()))
        job.result()
        return [f.result() for f in futures]


def answering_during_refreshes(tmp: Path, *, rounds: int, rate: float) -> None:
    """Answer p95 while idle, during a refresh in the answering process, and during one in a child.

    Each refresh adds a new document of 12 paragraphs (so it embeds, as a real /sources add does);
    the idle window is as long as the previous refresh took. Medians over `rounds` runs of each.
    """
    from index.build import refresh as build_refresh
    from index.embedding import embedder
    from index.engine import SpeechIndex
    from index.settings import Settings

    sources = tmp / "answering-sources"
    shutil.copytree(ROOT / "seeds", sources)
    settings = Settings.from_env(
        {"SPEECHBOT_DATA_DIR": str(tmp / "answering-data"), "SPEECHBOT_SOURCES_DIR": str(sources)}, dotenv=False
    )
    model = embedder(settings)
    index = SpeechIndex(settings, model=model)
    index.refresh()
    for q in QUESTIONS:
        index.ask(q)  # warm
    figures: dict[str, list[float]] = {"idle": [], "in-process": [], "child": []}
    counts: dict[str, int] = {"idle": 0, "in-process": 0, "child": 0}
    serial = 0

    def new_document() -> None:
        nonlocal serial
        serial += 1
        paragraphs = [
            f"Round {serial} note {i}: the team measured {serial * 37 + i} widgets in hall {i}, "
            f"and the report number {serial}-{i} says the robots were painted colour {i * serial}."
            for i in range(12)
        ]
        (sources / f"bench-{serial}.md").write_text(f"# Bench {serial}\n\n" + "\n\n".join(paragraphs) + "\n")

    for _ in range(rounds):
        took: dict[str, float] = {}
        for mode in ("in-process", "child"):
            new_document()

            def work(mode: str = mode, took: dict[str, float] = took) -> None:
                t = time.perf_counter()
                if mode == "child":
                    index.refresh(who="bench", isolated=True)
                else:
                    build_refresh(settings, model, index.client, index.store, who="bench")
                took[mode] = time.perf_counter() - t

            lat = latencies_while(index, work, rate=rate)
            figures[mode].append(p95(lat))
            counts[mode] += len(lat)
        idle_s = max(took.values())
        lat = latencies_while(index, lambda s=idle_s: time.sleep(s), rate=rate)
        figures["idle"].append(p95(lat))
        counts["idle"] += len(lat)
        print(
            "  round: idle p95 {:.0f} ms, in-process {:.0f} ms ({:.1f} s refresh), child {:.0f} ms ({:.1f} s)".format(
                figures["idle"][-1], figures["in-process"][-1], took["in-process"], figures["child"][-1], took["child"]
            ),
            flush=True,
        )
    idle = statistics.median(figures["idle"])
    print(
        f"answers at {rate:g}/s, p95 median of {rounds} rounds: idle {idle:.0f} ms ({counts['idle']} questions); "
        f"during a refresh in the answering process {statistics.median(figures['in-process']):.0f} ms "
        f"({statistics.median(figures['in-process']) / idle:.2f}x, {counts['in-process']} questions); "
        f"during a refresh in a child process {statistics.median(figures['child']):.0f} ms "
        f"({statistics.median(figures['child']) / idle:.2f}x, {counts['child']} questions)"
    )


def huge_one_line_source(tmp: Path, *, rounds: int) -> None:
    """Refresh time after adding a source of 1 MiB in one line (the hostile trial's huge.md)."""
    from index.embedding import embedder
    from index.engine import SpeechIndex
    from index.settings import Settings
    from index.source_folder import MAX_SOURCE_BYTES, add_source

    model = None
    times = []
    for r in range(rounds):
        sources = tmp / f"huge-sources-{r}"
        shutil.copytree(ROOT / "seeds", sources)
        settings = Settings.from_env(
            {"SPEECHBOT_DATA_DIR": str(tmp / f"huge-data-{r}"), "SPEECHBOT_SOURCES_DIR": str(sources)}, dotenv=False
        )
        model = model or embedder(settings)
        index = SpeechIndex(settings, model=model)
        index.refresh()
        sentence = f"マスクはAIとロボットについて{r}回目の講演で語り、火星への移住計画を詳しく説明した。".encode()
        data = (sentence * (MAX_SOURCE_BYTES // len(sentence) + 1))[:MAX_SOURCE_BYTES]
        data = data[: len(data.decode("utf-8", "ignore").encode())]  # whole characters
        add_source(sources, "huge.md", data)
        t = time.perf_counter()
        report = index.refresh()
        times.append(time.perf_counter() - t)
        print(f"  1 MiB one-line source: refresh {times[-1]:.1f} s, {report.embedded} texts embedded", flush=True)
    print(f"1 MiB one-line source ({len(data):,} bytes): refresh median {statistics.median(times):.1f} s over {rounds}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--rate", type=float, default=10.0, help="questions a second while measuring answering")
    parser.add_argument("--part", choices=("all", "answering", "huge"), default="all")
    args = parser.parse_args()
    if args.part != "all":
        tmp = Path(tempfile.mkdtemp(prefix="bench-refresh-"))
        try:
            if args.part == "answering":
                answering_during_refreshes(tmp, rounds=args.rounds, rate=args.rate)
            else:
                huge_one_line_source(tmp, rounds=args.rounds)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return

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
            index,
            lambda mark: build_refresh(settings, model, index.client, index.store, force=True, before_switch=mark),
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

    answering_during_refreshes(tmp, rounds=args.rounds, rate=args.rate)
    huge_one_line_source(tmp, rounds=min(args.rounds, 3))

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
