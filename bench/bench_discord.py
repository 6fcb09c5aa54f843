"""Benchmark: /ask through the fake gateway — 100 at once (acknowledgement and answer times) and alone.

Run: python bench/bench_discord.py [--n 100] [--runs 3] [--lone 15] [--data-dir DIR]
Every interaction must be acknowledged (deferred) within 3 s, as Discord requires. Two question
mixes: "repeated" (5 questions asked by 20 people each, the mix of the first version's figures) and
"distinct" (n different questions, none the same: the worst case for batching). Figures are medians
over the runs; the load average the machine was under is printed with them.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bot import create_bot
from bot.settings import BotSettings
from index.engine import open_index
from speechbot.testing.fake_discord import USER_ID, FakeDiscord

ROOT = Path(__file__).resolve().parents[1]


QUESTIONS = [
    "Why did Musk leave his government job?",
    "What did Musk say about AI?",
    "What did Musk say about Mars?",
    "マスクはロボットについて何と言いましたか？",
    "What advice did Musk give to founders?",
]
# Distinct questions: every template with every subject (the benchmark's own, not an evaluation set).
TEMPLATES = [
    "What did Musk say about {}?",
    "How does Musk see {}?",
    "Did Musk talk about {} in the speech?",
    "マスクは{}について何と言いましたか？",
    "{}に関するマスクの考えは？",
]
SUBJECTS = [
    "Mars", "robots", "Grok", "xAI", "GPUs", "Tesla", "SpaceX", "Starship", "government", "DOGE",
    "founders", "physics", "truth", "superintelligence", "humanoid robots", "Optimus", "Neuralink",
    "electricity", "data centers", "the future",
]  # fmt: skip
ACK_LIMIT_S = 3.0


def distinct_questions(n: int) -> list[str]:
    pool = [t.format(s) for s in SUBJECTS for t in TEMPLATES]
    if n > len(pool):
        raise SystemExit(f"--n is at most {len(pool)} for the distinct mix")
    return pool[:n]


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


async def burst(fake: FakeDiscord, bot: object, questions: list[str], first_user: int) -> dict[str, float]:
    before = len(getattr(getattr(bot, "answers", None), "batch_sizes", []))
    started = time.perf_counter()
    # One question from each of n people (one person would hit the per-user cooldown).
    ids = [await fake.slash("ask", user_id=first_user + i, question=q) for i, q in enumerate(questions)]
    injected = time.perf_counter() - started
    await fake.wait_for(lambda: all(fake.posts_for(i, "followup") for i in ids), timeout=300)
    assert all(fake.posts_for(i, "callback")[0].payload["type"] == 5 for i in ids), "an interaction was not deferred"
    acks = [fake.posts_for(i, "callback")[0].at - fake.interactions[i] for i in ids]
    answers = [fake.posts_for(i, "followup")[0].at - fake.interactions[i] for i in ids]
    sizes = getattr(getattr(bot, "answers", None), "batch_sizes", [])[before:]
    seconds = getattr(getattr(bot, "answers", None), "batch_seconds", [])[before:]
    return {
        "injected": injected,
        "ack_max": max(acks),
        "ack_p95": pct(acks, 95),
        "answer_p50": pct(answers, 50),
        "answer_p95": pct(answers, 95),
        "answer_max": max(answers),
        "batches": len(sizes) or float("nan"),
        "batch_compute": sum(seconds) if seconds else float("nan"),
        "late_acks": sum(a >= ACK_LIMIT_S for a in acks),
    }


async def lone(fake: FakeDiscord, questions: list[str], first_user: int) -> list[float]:
    """One /ask at a time, each answered before the next is sent."""
    times = []
    for i, q in enumerate(questions):
        iid = await fake.slash("ask", user_id=first_user + i, question=q)
        await fake.wait_for(lambda iid=iid: bool(fake.posts_for(iid, "followup")), timeout=60)
        times.append(fake.posts_for(iid, "followup")[0].at - fake.interactions[iid])
    return times


async def bench(n: int, runs: int, n_lone: int, data_dir: Path, max_batch: int | None) -> int:
    settings = BotSettings.from_env(
        {
            "SPEECHBOT_DATA_DIR": str(data_dir),
            "SPEECHBOT_SOURCES_DIR": str(ROOT / "seeds"),
            "DISCORD_TOKEN": "bench.token",
            "SPEECHBOT_ASK_COOLDOWN_S": "0.001",
        },
        dotenv=False,
    )
    index = await asyncio.to_thread(open_index, settings)
    mixes = {"repeated": [QUESTIONS[i % len(QUESTIONS)] for i in range(n)], "distinct": distinct_questions(n)}
    results: dict[str, list[dict[str, float]]] = {name: [] for name in mixes}
    lone_times: list[float] = []
    loads = []
    user = USER_ID + 1
    async with FakeDiscord(lifetime=3600) as fake:
        with fake.pointed_at():
            bot = create_bot(settings, index=index)
            if max_batch is not None:
                bot.answers.max_batch = max_batch
            stop = asyncio.Event()
            served = await fake.serve_bot(bot, settings, stop=stop)
            await lone(fake, QUESTIONS[:2], user)  # warm-up: first answers load the Chroma collection
            user += 2
            for _ in range(runs):
                for name, questions in mixes.items():
                    loads.append(os.getloadavg()[0])
                    results[name].append(await burst(fake, bot, questions, user))
                    user += n
                    await asyncio.sleep(0.5)
                lone_times += await lone(fake, distinct_questions(n_lone), user)
                user += n_lone
            stop.set()
            await served
    batch = getattr(getattr(bot, "answers", None), "max_batch", "no batching")
    print(
        f"{n} /ask at once, {runs} runs each, medians; max batch {batch}; "
        f"1-min load average {min(loads):.1f}-{max(loads):.1f} on {os.cpu_count()} cores"
    )
    slow = 0
    for name, rows in results.items():
        med = {k: statistics.median(r[k] for r in rows) for k in rows[0]}
        slow += int(sum(r["late_acks"] for r in rows))
        print(
            f"  {name:8}: first ack max {med['ack_max'] * 1000:.0f} ms (p95 {med['ack_p95'] * 1000:.0f} ms); "
            f"answer p50 {med['answer_p50'] * 1000:.0f} ms, p95 {med['answer_p95'] * 1000:.0f} ms, "
            f"max {med['answer_max'] * 1000:.0f} ms; {med['batches']:.0f} batches "
            f"computed in {med['batch_compute'] * 1000:.0f} ms; "
            f"injected in {med['injected'] * 1000:.0f} ms"
        )
        per_run = ", ".join(f"{r['answer_p95'] * 1000:.0f}" for r in rows)
        print(f"            answer p95 per run: {per_run} ms")
    print(
        f"lone /ask (one at a time, {len(lone_times)} questions): p50 {pct(lone_times, 50) * 1000:.0f} ms, "
        f"p95 {pct(lone_times, 95) * 1000:.0f} ms"
    )
    if slow:
        print(f"{slow} interactions were acknowledged after {ACK_LIMIT_S:.0f} s")
    return 1 if slow else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--lone", type=int, default=15, help="lone /ask per run")
    parser.add_argument("--max-batch", type=int, help="questions per batch (default: bot/batcher.py's MAX_BATCH)")
    parser.add_argument("--data-dir", type=Path, help="an index data folder to reuse (default: a fresh temporary one)")
    args = parser.parse_args()
    if args.data_dir:
        return asyncio.run(bench(args.n, args.runs, args.lone, args.data_dir, args.max_batch))
    with tempfile.TemporaryDirectory(prefix="speechbot-bench-") as tmp:
        return asyncio.run(bench(args.n, args.runs, args.lone, Path(tmp), args.max_batch))


if __name__ == "__main__":
    sys.exit(main())
