"""Benchmark: 100 /ask interactions at once through the fake gateway; acknowledgement and answer times.

Run: python bench/bench_discord.py [--n 100] [--data-dir DIR]
Every interaction must be acknowledged (deferred) within 3 s, as Discord requires.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot import create_bot  # noqa: E402
from index.engine import open_index  # noqa: E402
from index.settings import Settings  # noqa: E402
from tests.bot.fake_discord import USER_ID, FakeDiscord  # noqa: E402

QUESTIONS = [
    "Why did Musk leave his government job?",
    "What did Musk say about AI?",
    "What did Musk say about Mars?",
    "マスクはロボットについて何と言いましたか？",
    "What advice did Musk give to founders?",
]
ACK_LIMIT_S = 3.0


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


async def bench(n: int, data_dir: Path) -> int:
    settings = Settings.from_env(
        {"SPEECHBOT_DATA_DIR": str(data_dir), "SPEECHBOT_SOURCES_DIR": str(ROOT / "seeds")}, dotenv=False
    ).with_(discord_token="bench.token", ask_cooldown_s=0.001)
    index = await asyncio.to_thread(open_index, settings)
    async with FakeDiscord(lifetime=600) as fake:
        with fake.pointed_at():
            bot = create_bot(settings, index=index)
            stop = asyncio.Event()
            served = await fake.serve_bot(bot, settings, stop=stop)
            started = time.perf_counter()
            # One question from each of n people (one person would hit the per-user cooldown).
            ids = [
                await fake.slash("ask", user_id=USER_ID + 1 + i, question=QUESTIONS[i % len(QUESTIONS)])
                for i in range(n)
            ]
            injected = time.perf_counter() - started
            await fake.wait_for(lambda: all(fake.posts_for(i, "followup") for i in ids), timeout=300)
            total = time.perf_counter() - started
            stop.set()
            await served
    assert all(fake.posts_for(i, "callback")[0].payload["type"] == 5 for i in ids), "an interaction was not deferred"
    acks = [fake.posts_for(i, "callback")[0].at - fake.interactions[i] for i in ids]
    answers = [fake.posts_for(i, "followup")[0].at - fake.interactions[i] for i in ids]
    slow = sum(a >= ACK_LIMIT_S for a in acks)
    print(f"{n} /ask interactions sent at once (injected in {injected:.2f} s), all answered in {total:.2f} s")
    print(
        f"time to first acknowledgement: max {max(acks) * 1000:.0f} ms, p50 {pct(acks, 50) * 1000:.0f} ms, "
        f"p95 {pct(acks, 95) * 1000:.0f} ms; {slow} over {ACK_LIMIT_S:.0f} s"
    )
    print(
        f"time to answer: p50 {pct(answers, 50) * 1000:.0f} ms, p95 {pct(answers, 95) * 1000:.0f} ms, "
        f"max {max(answers) * 1000:.0f} ms, mean {statistics.mean(answers) * 1000:.0f} ms"
    )
    return 1 if slow else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100)
    parser.add_argument("--data-dir", type=Path, help="an index data folder to reuse (default: a fresh temporary one)")
    args = parser.parse_args()
    if args.data_dir:
        return asyncio.run(bench(args.n, args.data_dir))
    with tempfile.TemporaryDirectory(prefix="speechbot-bench-") as tmp:
        return asyncio.run(bench(args.n, Path(tmp)))


if __name__ == "__main__":
    sys.exit(main())
