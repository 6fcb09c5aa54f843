"""Per-question time in the interactive `speechbot ask` session against a cold `speechbot ask` per question.

Drives the real process through a pseudo-terminal; prints the session's own per-question figures
(the `[N ms]` it shows) and the wall time of one cold process per question. Uses the data folder of
the environment (SPEECHBOT_DATA_DIR), building the index first if needed.
"""

from __future__ import annotations

import os
import pty
import re
import select
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = [
    "What did Musk say about robots?",
    "and how many will there be?",
    "What is the plan for Mars?",
    "それで、いつまでに？",
    "How fast did xAI build its training cluster?",
    "マスクはAIの安全性について何と言いましたか？",
    "What advice did he give to founders?",
    "and what about physics?",
]
ROUNDS = 3


def session_times() -> list[float]:
    master, slave = pty.openpty()
    env = {**os.environ, "TERM": "dumb", "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "speechbot", "ask"], stdin=slave, stdout=slave, stderr=slave, env=env
    )
    os.close(slave)
    screen = b""

    def until(pattern: bytes) -> bytes:
        nonlocal screen
        while pattern not in screen:
            if select.select([master], [], [], 60)[0]:
                screen += os.read(master, 65536)
            else:
                raise RuntimeError(f"no {pattern!r}")
        shown, _, screen = screen.partition(pattern)
        return shown

    until(b"? ")
    times = []
    for _ in range(ROUNDS):
        for q in QUESTIONS:
            os.write(master, (q + "\n").encode())
            shown = until(b"? ").decode()
            times.append(float(re.findall(r"\[(\d+) ms", shown)[-1]))
    os.write(master, b"exit\n")
    proc.wait(30)
    os.close(master)
    return times


def cold_times() -> list[float]:
    out = []
    for q in QUESTIONS[:4]:
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "speechbot", "ask", q], capture_output=True, check=True, cwd=ROOT)
        out.append((time.perf_counter() - started) * 1000)
    return out


def main() -> None:
    subprocess.run([sys.executable, "-m", "speechbot", "index", "build"], capture_output=True, check=True, cwd=ROOT)
    warm = session_times()
    first = warm[0]
    cold = cold_times()
    print(
        f"session: {len(warm)} questions, per question median {statistics.median(warm):.0f} ms, "
        f"p90 {sorted(warm)[int(len(warm) * 0.9) - 1]:.0f} ms, first {first:.0f} ms"
    )
    print(f"cold `speechbot ask`: {len(cold)} runs, median {statistics.median(cold):.0f} ms")


if __name__ == "__main__":
    main()
