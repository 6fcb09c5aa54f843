"""Model output is untrusted: in the CLI's text mode nothing it writes can drive the terminal (issue 11 item 7)."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

from index.llm.cache import CACHE_FILE
from speechbot.testing.fake_openai import FakeOpenAI, chat, sentences_in
from tests.llm.conftest import llm_env

# A faithful answer wrapped in what a hostile model could send a terminal: clear screen, a window
# title, an OSC-8 hyperlink, a right-to-left override, an 8-bit CSI and a bell.
HOSTILE = (
    "\x1b[2J\x1b[H\x1b]0;owned\x07He compared \x1b]8;;https://evil.example\x1b\\fixing\x1b]8;;\x1b\\ "
    "the government to \u202ecleaning\u202c a beach.\x9b31m\x07"
)


def hostile_reply(request: dict[str, Any]) -> Any:
    sid = next(sid for sid, text in sentences_in(request).items() if "ビーチを掃除する" in text)
    return chat({"answer": HOSTILE, "citations": [sid], "translations": {sid: f"\x1b[31mred\x1b[0m {HOSTILE}"}})


def test_model_text_reaches_the_terminal_inert(data_dir, fake: FakeOpenAI) -> None:
    fake.script(hostile_reply)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "SPEECHBOT_"))}
    # A generous budget: this test is about what is shown, not about a slow model.
    env.update(llm_env(data_dir, fake.url, SPEECHBOT_LLM_TIMEOUT_S="60"))
    for suffix in ("", "-wal", "-shm"):
        (data_dir / (CACHE_FILE + suffix)).unlink(missing_ok=True)
    p = subprocess.run(
        [sys.executable, "-m", "speechbot", "ask", "Why did Musk leave government?"],
        env=env,
        cwd=data_dir.parent,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert p.returncode == 0, p.stderr
    assert "[llm, index" in p.stdout  # the model's answer was shown, not a fallback
    assert "He compared fixing the government to cleaning a beach." in p.stdout
    assert not any(ch in p.stdout for ch in "\x1b\x07\x9b\u202e\u202c"), repr(p.stdout)
