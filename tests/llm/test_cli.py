"""What the user sees from `speechbot ask --json` / `speechbot keypoints --json` with a model configured."""

from __future__ import annotations

import pytest

from index.renderings import bundled, text_key
from speechbot.testing.fake_openai import FakeOpenAI, chat, cite, error, hang, judgement, points_in
from tests.llm.conftest import TIMEOUT_S

EN = "Why did Musk leave his government job?"
S_FIX = "この億万長者は、政府の職を辞めた根本的な理由を説明しました:「政府を修復することはビーチを掃除するようなものです------ビーチはとても汚れていて、注射器、糞便、ゴミがあります。"  # noqa: E501


def test_english_answer_with_japanese_quote_and_translation(cli, fake: FakeOpenAI) -> None:
    fake.script(cite("政府を修復すること", answer='He compared fixing government to "cleaning a beach".'))
    out, _ = cli("ask", "--json", EN)
    assert out["mode"] == "llm" and out["status"] == "answered" and out["language"] == "en"
    assert out["answer"] == "He compared fixing government to cleaning a beach."
    assert out["quotes"][0] == (
        {
            "text": S_FIX,
            "source": "000_7e1d518b4a2c8e90.txt",
            "section": "政府の仕事はただの「サブクエスト」: 「メインクエスト」に戻る",
            "paragraph": 11,
            "start": 1415,
            "end": 1505,
            # The bundled rendering, never the model's "[EN] ..." text for a sentence that has one.
            "translation": bundled()[text_key(S_FIX)].en,
            "translation_source": "bundled",
            "title": "マスクが予言するAIの波:スーパーインテリジェンスが間もなく到来、人間の知能は1%にも満たない",
            "line": 15,
            "section_translation": 'Government work was just a "sub-quest": back to the "main quest"',
        }
    )
    # The quotes retrieval found follow the cited one, as offline: a model never shows less evidence.
    offline, _ = cli("ask", "--json", "--no-llm", EN)
    assert out["quotes"][1:] == [q for q in offline["quotes"] if q["text"] != S_FIX]
    assert "fallback_reason" not in out


def test_japanese_answer(cli, fake: FakeOpenAI) -> None:
    fake.script(cite("政府を修復すること", answer="政府の修復は汚れたビーチの掃除のようなものだからです。"))
    out, _ = cli("ask", "--json", "マスクはなぜ政府の仕事を辞めたのですか？")
    assert (out["mode"], out["language"], out["answer"]) == (
        "llm",
        "ja",
        "政府の修復は汚れたビーチの掃除のようなものだからです。",
    )
    # The cited sentence first; the quotes retrieval found follow it, as the model left them out.
    offline, _ = cli("ask", "--json", "--no-llm", "マスクはなぜ政府の仕事を辞めたのですか？")
    assert out["quotes"] == [out["quotes"][0], *[q for q in offline["quotes"] if q["text"] != S_FIX]]
    assert out["quotes"][0]["text"] == S_FIX and len(out["quotes"]) > 1
    assert all("translation" not in q for q in out["quotes"])


def test_no_valid_citation_is_a_refusal(cli, fake: FakeOpenAI) -> None:
    fake.script(chat({"answer": "He left because he was bored.", "citations": ["S404"]}))
    fake.judge(judgement(0.45))  # it leaned to NO: a reply citing nothing valid is its refusal
    out, _ = cli("ask", "--json", EN)
    assert (out["status"], out["mode"], out["answer"], out["quotes"]) == ("not_found", "llm", None, [])
    assert out["reason"] == "The language model found no answer to this in the closest passages."
    assert out["related"]


def test_a_model_saying_the_quotes_hold_no_answer_is_a_refusal(cli, fake: FakeOpenAI) -> None:
    fake.script(cite("政府を修復すること", answer="He left to build technology."))
    fake.judge(judgement(0.2))
    out, _ = cli("ask", "--json", EN)
    assert (out["status"], out["mode"], out["answer"], out["quotes"]) == ("not_found", "llm", None, [])
    assert out["reason"] == "The language model found no answer to this in the closest passages."
    assert any(S_FIX in q["text"] for q in out["related"]) and fake.chat_requests == []


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        (
            chat("Musk left government because AI is the main quest."),
            "The language model's reply was not the cited JSON speechbot asks for; showing the best-matching quotes instead.",  # noqa: E501
        ),
        (error(500), "The language model server failed (HTTP 500); showing the best-matching quotes instead."),
        (
            error(401, "Incorrect API key"),
            "The language model server rejected the API key (HTTP 401); showing the best-matching quotes instead. Check OPENAI_API_KEY.",  # noqa: E501
        ),
        (
            error(429, "slow down", {"Retry-After": "20"}),
            "The language model is rate-limited (HTTP 429); the server asked to wait 20 s; showing the best-matching quotes instead.",  # noqa: E501
        ),
        (
            hang(),
            f"The language model did not answer within {TIMEOUT_S:g} s; showing the best-matching quotes instead.",
        ),
    ],
    ids=["prose", "500", "401", "429", "timeout"],
)
def test_failures_show_the_extractive_answer_and_one_line_notice(cli, fake: FakeOpenAI, reply, reason: str) -> None:
    fake.script(reply)
    out, elapsed = cli("ask", "--json", EN)
    assert out["mode"] == "extractive" and out["status"] == "answered"
    assert out["fallback_reason"] == reason
    # The extractive answer an English reader gets: bundled renderings, and a line built from them.
    assert out["quotes"] and all(q["translation_source"] == "bundled" for q in out["quotes"])
    assert out["answer"].startswith("From the article (translated): " + out["quotes"][0]["translation"])
    assert elapsed < TIMEOUT_S + 1 + 6  # the budget plus the CLI's own start-up


def test_no_llm_flag_never_calls_the_model(cli, fake: FakeOpenAI) -> None:
    fake.script(error(500))
    out, _ = cli("ask", "--json", "--no-llm", EN)
    assert out["mode"] == "extractive" and "fallback_reason" not in out
    assert fake.chat_requests == []


def test_keypoints_worded_by_the_model_keep_their_verified_quotes(cli, fake: FakeOpenAI) -> None:
    def respond(request: dict):
        ids = list(points_in(request))
        return chat(
            {
                "points": [
                    {
                        "id": pid,
                        "text": f"this passage makes its point, part {_tag(pid)}",
                        "translation": _stand_in(pid),
                    }
                    for pid in ids
                ]
            }
        )

    fake.script(respond)
    out, _ = cli("keypoints", "--json")
    extractive, _ = cli("keypoints", "--json", "--no-llm")
    assert out["mode"] == "llm"
    assert [p["text"] for p in out["points"]] == [
        f"this passage makes its point, part {_tag(f'P{n}')}" for n in range(1, len(out["points"]) + 1)
    ]
    # Same quotes as the article's own key points, with the same bundled renderings: every quote of
    # the bundled article has one, so the model's translation is never used, nor asked for.
    assert [p["quotes"] for p in out["points"]] == [p["quotes"] for p in extractive["points"]]
    assert all(q["translation_source"] == "bundled" for p in out["points"] for q in p["quotes"])
    assert "translation" not in fake.chat_requests[0]["messages"][0]["content"].split("Reply with")[1]


def _tag(pid: str) -> str:
    return "".join(chr(97 + int(d)) for d in pid[1:])


def _stand_in(pid: str) -> str:
    return f"the words of the article, rendered in english, part {_tag(pid)}"


def test_keypoints_fall_back_on_failure(cli, fake: FakeOpenAI) -> None:
    fake.script(error(503))
    out, _ = cli("keypoints", "--json")
    assert out["mode"] == "extractive"
    assert (
        out["fallback_reason"]
        == "The language model server failed (HTTP 503); showing the article's own wording instead."
    )
    assert out["points"]


def test_text_mode_prints_the_fallback_notice_once(data_dir, fake: FakeOpenAI) -> None:
    import os
    import subprocess
    import sys

    from tests.llm.conftest import CACHE_FILE, llm_env

    for suffix in ("", "-wal", "-shm"):
        (data_dir / (CACHE_FILE + suffix)).unlink(missing_ok=True)  # no cached reply to answer from
    fake.script(error(500))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "SPEECHBOT_"))}
    env.update(llm_env(data_dir, fake.url))
    proc = subprocess.run(
        [sys.executable, "-m", "speechbot", "ask", EN],
        env=env,
        cwd=data_dir.parent,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    notice = "The language model server failed (HTTP 500)"
    assert notice in proc.stdout
    assert (proc.stdout + proc.stderr).count(notice) == 1
