"""Issue 9's failures of a small real model, replayed by the fake server, as a user sees them in `--json`.

Each wrong answer is refused or falls back to the extractive quotes with a one-line notice and
`check_failed`; an off-topic question never reaches the model; nothing is cached that failed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from index.llm.grounding import answer_max_tokens
from index.messages import message
from speechbot.testing.fake_openai import FakeOpenAI, chat
from tests.llm.conftest import llm_env
from tests.llm.replays import NOTICE, REPLAYS, judger, replayer


def ask_all(data_dir: Path, fake: FakeOpenAI, questions: list[str], *flags: str) -> list[dict[str, Any]]:
    """`speechbot ask --json -` with one question per line on stdin: one JSON object per question."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "SPEECHBOT_"))}
    # A generous budget: these tests are about what is shown, not about timeouts on a busy machine.
    env.update(llm_env(data_dir, fake.url, SPEECHBOT_LLM_TIMEOUT_S="30"))
    proc = subprocess.run(
        [sys.executable, "-m", "speechbot", "ask", "--json", *flags, "-"],
        input="\n".join(questions) + "\n",
        env=env,
        cwd=data_dir.parent,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    return [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def replayed(data_dir: Path, fake: FakeOpenAI) -> tuple[list[dict], list[dict], list[dict]]:
    questions = [r.question for r in REPLAYS]
    fake.script(replayer())
    fake.judge(judger())
    # A cache of its own, so nothing from other tests (or from a first run) is served.
    for path in data_dir.glob("llm_answers.sqlite*"):
        path.unlink()
    shown = ask_all(data_dir, fake, questions)
    requests = list(fake.chat_requests)
    offline = ask_all(data_dir, fake, questions, "--no-llm")
    return shown, offline, requests


def asked(requests: list[dict], question: str) -> int:
    return sum(f"Question: {question}\n" in r["messages"][-1]["content"] for r in requests)


@pytest.mark.parametrize("n", range(len(REPLAYS)), ids=[r.question[:40] for r in REPLAYS])
def test_each_replayed_failure_is_refused_or_falls_back(replayed, n: int) -> None:
    shown, offline, requests = replayed
    replay, out, extractive = REPLAYS[n], shown[n], offline[n]
    assert out["question"] == replay.question
    outcome = replay.outcome
    if outcome == "refused_or_check_failed":
        # In-domain questions the article does not answer: the offline gate may refuse them first.
        outcome = "refused" if extractive["status"] == "not_found" else "check_failed"
    if outcome == "refused":
        assert (out["status"], out["answer"], out["quotes"]) == ("not_found", None, [])
        assert "check_failed" not in out
        assert asked(requests, replay.question) == 0  # refused without calling the model
    elif outcome == "doubted":
        # The model doubted the quotes answer and its answer failed a check: refused, closest passages shown.
        assert (out["status"], out["mode"], out["answer"], out["quotes"]) == ("not_found", "llm", None, [])
        assert out["reason"] == message("answer.model_doubted", extractive["language"])
        assert out["check_failed"].startswith(replay.reason)
        assert out["related"] == extractive["quotes"]
        assert asked(requests, replay.question) == 1
    elif outcome == "check_failed":
        # The extractive answer: for English, its line built from the bundled renderings; never the model's.
        assert (out["status"], out["mode"], out["answer"]) == ("answered", "extractive", extractive["answer"])
        assert out["answer"] != replay.answer
        assert out["check_failed"].startswith(replay.reason)
        assert out["fallback_reason"] == NOTICE.format(out["check_failed"])
        assert "\n" not in out["fallback_reason"]
        assert out["quotes"] == extractive["quotes"]  # the extractive answer, not the model's citations
        assert asked(requests, replay.question) == 1
    else:
        assert (out["status"], out["mode"], out["answer"]) == ("answered", "llm", replay.shown)
        assert "check_failed" not in out and "fallback_reason" not in out


def test_replies_are_bounded_to_the_answer_format(replayed) -> None:
    _, _, requests = replayed
    assert requests
    for request in requests:
        lang = "ja" if "in Japanese" in request["messages"][0]["content"] else "en"
        assert request["max_tokens"] == answer_max_tokens(lang)


def test_a_failed_or_uncited_reply_is_never_cached(data_dir: Path, fake: FakeOpenAI) -> None:
    h100 = next(r for r in REPLAYS if r.question.startswith("How many H100"))
    for path in data_dir.glob("llm_answers.sqlite*"):
        path.unlink()
    fake.script(replayer([h100]))
    first, second = ask_all(data_dir, fake, [h100.question, h100.question])
    assert first["check_failed"] == second["check_failed"]
    assert len(fake.chat_requests) == 2  # the failed reply was not served from the cache
    question = "What did Musk say about robots?"
    fake.script(chat({"answer": "Robots will outnumber people.", "citations": ["S404", "S405"]}))
    first, second = ask_all(data_dir, fake, [question, question])
    # Every word of the question is in its passages: the extractive answer stands, with the reason.
    assert (first["status"], first["mode"], second["mode"]) == ("answered", "extractive", "extractive")
    assert first["check_failed"] == second["check_failed"] == message("check.no_valid_citation")
    assert len(fake.chat_requests) == 2  # all citations invalid: asked again, never cached
