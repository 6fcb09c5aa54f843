"""Two bot processes, one per shard, sharing one data folder: a /refresh in one is seen by the other's answers.

Parametrised by an environment dict so the same test can run against a Chroma server (CHROMA_HOST, ...).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from index.engine import SpeechIndex
from index.settings import Settings
from speechbot.testing.fake_discord import GUILD_ID, OTHER_GUILD_ID, FakeDiscord, shard_of
from tests.bot.conftest import ARTICLE

TOKEN = "MTIz.fake-token-for-two-processes.abc"
ROOT = Path(__file__).resolve().parents[2]
# The real `python -m bot` entry point, with discord.py pointed at the fake Discord first.
LAUNCH = (
    "import os, sys, yarl, discord.http, discord.gateway\n"
    "discord.http.Route.BASE = os.environ['FAKE_DISCORD_API']\n"
    "discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(os.environ['FAKE_DISCORD_GATEWAY'])\n"
    "from bot import run\n"
    "sys.exit(run())\n"
)
NOTES = b"# Field notes\n\nThe robots in the warehouse were painted bright orange by the night crew.\n"


def footer_version(payload: dict) -> str:
    return payload["embeds"][0]["footer"]["text"].split()[1]


async def ask(fake: FakeDiscord, guild_id: int, question: str) -> dict:
    iid = await fake.slash("ask", guild_id=guild_id, question=question)
    await fake.wait_for(lambda: bool(fake.posts_for(iid, "followup")), timeout=60)
    return fake.posts_for(iid, "followup")[0].payload


@pytest.mark.parametrize("store", ["embedded-chroma", "chroma-server"])
async def test_refresh_in_one_process_is_seen_by_the_other(tmp_path, speech_index, store, request):
    store_env = {}
    if store == "chroma-server":
        server = request.getfixturevalue("chroma_server")
        store_env = {"CHROMA_HOST": "127.0.0.1", "CHROMA_PORT": str(server.port)}
    sources, data = tmp_path / "sources", tmp_path / "data"
    sources.mkdir()
    shutil.copy(ARTICLE, sources)
    base_env = {"SPEECHBOT_DATA_DIR": str(data), "SPEECHBOT_SOURCES_DIR": str(sources), **store_env}
    # Built once up front, as a deployment would (`speechbot index build`), so neither process races to build.
    SpeechIndex(Settings.from_env(base_env, dotenv=False), model=speech_index.model).ensure_current()
    assert shard_of(GUILD_ID, 2) != shard_of(OTHER_GUILD_ID, 2)

    async with FakeDiscord(lifetime=150, guild_ids=(GUILD_ID, OTHER_GUILD_ID)) as fake:
        inherited = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "SPEECHBOT_", "CHROMA_"))}
        procs = {}
        for shard in (0, 1):
            env = {
                **inherited,
                **base_env,
                "DISCORD_TOKEN": TOKEN,
                "SHARD_COUNT": "2",
                "SHARD_IDS": str(shard),
                "SPEECHBOT_ASK_COOLDOWN_S": "0.001",
                "FAKE_DISCORD_API": fake.rest_base,
                "FAKE_DISCORD_GATEWAY": fake.gateway_url,
            }
            procs[shard] = subprocess.Popen(
                [sys.executable, "-c", LAUNCH],
                cwd=tmp_path,  # no .env from the checkout
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=open(tmp_path / f"bot{shard}.log", "wb"),  # noqa: SIM115
            )
        try:
            exited = lambda: [s for s, p in procs.items() if p.poll() is not None]  # noqa: E731
            for _ in range(900):  # up to 90 s: both load the embedding model first; a crash ends the wait at once
                if len(fake.identifies) == 2 or exited():
                    break
                await asyncio.sleep(0.1)
            assert not exited(), [(tmp_path / f"bot{s}.log").read_text(errors="replace") for s in exited()]
            assert sorted(i["shard"] for i in fake.identifies) == [[0, 2], [1, 2]]
            refresher, answerer = GUILD_ID, OTHER_GUILD_ID  # on different shards, so different processes

            before = await ask(fake, answerer, "What did Musk say about Mars?")
            old = footer_version(before)
            (sources / "notes.md").write_bytes(NOTES)

            iid = await fake.slash("refresh", guild_id=refresher)
            await fake.wait_for(lambda: bool(fake.posts_for(iid, "followup")), timeout=60)
            report = fake.posts_for(iid, "followup")[0].payload["embeds"][0]
            assert report["title"] == "Index refreshed" and f"was {old}" in report["description"]
            new = report["description"].split()[1]
            assert new != old

            after = await ask(fake, answerer, "What colour were the warehouse robots painted?")
            assert footer_version(after) == new
            quotes = [f["value"] for f in after["embeds"][0]["fields"]]
            assert any("painted bright orange" in q and "Field notes" in q for q in quotes)  # cited by its title
        finally:
            for proc in procs.values():
                if proc.poll() is None:
                    proc.send_signal(signal.SIGTERM)
            codes = [await asyncio.to_thread(proc.wait, 30) for proc in procs.values()]
    logs = {shard: (tmp_path / f"bot{shard}.log").read_text(errors="replace") for shard in procs}
    assert codes == [0, 0], logs
    assert all(TOKEN not in text for text in logs.values())
