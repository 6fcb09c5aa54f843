"""Sources added later: a refresh with a model renders their new sentences once, checked; answers use them.

Everything runs through the CLI as a user would, against the scripted OpenAI server on loopback.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from index.renderings import STORE_FILE, bundled, text_key
from speechbot.testing.fake_openai import FakeOpenAI, chat, error, hang, render, sentences_in
from tests.llm.conftest import SEEDS, llm_env

TITLE = "テスラ工場の新計画"
ROBOTS = "マスクは、新しい工場でOptimusロボットを年間2万台生産すると述べた。"
COST = "工場の建設費は12億ドルになる見込みだ。"
ENGLISH = {
    TITLE: "Tesla's new factory plan",
    ROBOTS: "Musk said the new factory will produce 20,000 Optimus robots a year.",
    # 12億ドル is $1.2 billion: a model that writes $12 billion must not be believed.
    COST: "The factory is expected to cost $12 billion to build.",
}
COST_RIGHT = "The factory is expected to cost $1.2 billion to build."
ARTICLE = "000_7e1d518b4a2c8e90.txt"


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Sources: the article plus a new document no bundled rendering knows; an index built without a model."""
    root = tmp_path_factory.mktemp("new-sources")
    sources, data = root / "sources", root / "data"
    sources.mkdir()
    shutil.copy(SEEDS / ARTICLE, sources / ARTICLE)
    (sources / "001_factory.txt").write_text(f"{TITLE}\n{ROBOTS}\n{COST}\n", encoding="utf-8")
    proc = speechbot(["index", "build"], data, sources, model_url=None)
    assert proc.returncode == 0, proc.stderr
    return sources, data


def speechbot(
    args: list[str], data: Path, sources: Path, *, model_url: str | None, **extra: str
) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "SPEECHBOT_"))}
    if model_url:
        # A generous answer timeout: these tests are about renderings, not about a slow model.
        env.update(llm_env(data, model_url, **{"SPEECHBOT_LLM_TIMEOUT_S": "30", **extra}))
    env.update(SPEECHBOT_DATA_DIR=str(data), SPEECHBOT_SOURCES_DIR=str(sources))
    return subprocess.run(
        [sys.executable, "-m", "speechbot", *args],
        env=env,
        cwd=data.parent,
        capture_output=True,
        text=True,
        timeout=120,
    )


def stored(data: Path) -> dict[str, dict[str, Any]]:
    path = data / STORE_FILE
    if not path.exists():
        return {}
    return {row["ja"]: row for row in map(json.loads, path.read_text(encoding="utf-8").splitlines())}


def fresh(data: Path) -> None:
    (data / STORE_FILE).unlink(missing_ok=True)
    for name in os.listdir(data):
        if name.startswith("llm_answers.sqlite"):
            (data / name).unlink()


def test_a_refresh_renders_new_sentences_once_and_stores_only_checked_ones(folders, fake: FakeOpenAI) -> None:
    sources, data = folders
    fresh(data)
    fake.script(render(ENGLISH.get))
    proc = speechbot(["index", "build", "--json"], data, sources, model_url=fake.url)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["rendered"] == 2
    assert "1 sentences have no English rendering" in report["rendering_note"]
    # One batched call, for the new texts only: the bundled article is never sent.
    [request] = fake.chat_requests
    sent = set(json.dumps(request, ensure_ascii=False).split("\\n"))
    assert any(ROBOTS in line for line in sent) and not any("Y Combinator" in line for line in sent)
    rows = stored(data)
    assert {ja: (r["en"], r["source"]) for ja, r in rows.items()} == {
        TITLE: (ENGLISH[TITLE], "model"),
        ROBOTS: (ENGLISH[ROBOTS], "model"),
    }  # the $12 billion rendering of 12億ドル was refused
    # A second refresh asks only for what is still missing.
    fake.script(render(lambda ja: COST_RIGHT if ja == COST else "should not be asked"))
    proc = speechbot(["index", "build", "--json"], data, sources, model_url=fake.url)
    assert json.loads(proc.stdout)["rendered"] == 1
    [request] = fake.chat_requests
    assert list(texts_of(request).values()) == [COST]
    assert stored(data)[COST]["en"] == COST_RIGHT


def texts_of(request: dict[str, Any]) -> dict[str, str]:
    from speechbot.testing.fake_openai import texts_in

    return texts_in(request)


@pytest.mark.parametrize(
    ("reply", "why"),
    [(error(401), "rejected the API key"), (hang(), "the 4 s allowed for renderings ran out")],
    ids=["401", "timeout"],
)
def test_a_model_failure_never_fails_or_blocks_the_refresh(folders, fake: FakeOpenAI, reply, why: str) -> None:
    sources, data = folders
    fresh(data)
    fake.script(reply)
    started = time.monotonic()
    proc = speechbot(["index", "build", "--json"], data, sources, model_url=fake.url, SPEECHBOT_RENDER_BUDGET_S="4")
    elapsed = time.monotonic() - started
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["rendered"] == 0 and "3 sentences have no English rendering" in report["rendering_note"]
    assert why in report["rendering_note"] and "a later refresh tries again" in report["rendering_note"]
    assert len(fake.chat_requests) <= 1  # the first failure ends the pass
    assert elapsed < 4 + 40  # the rendering budget plus the CLI's start-up on a loaded machine
    assert stored(data) == {}


def lock_is_free(data: Path) -> bool:
    with (data / "refresh.lock").open("a") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        fcntl.flock(fh, fcntl.LOCK_UN)
        return True


def test_the_refresh_lock_is_free_while_the_model_renders(folders, fake: FakeOpenAI) -> None:
    """A slow model must not keep moderators from refreshing: renderings are asked for after the build."""
    sources, data = folders
    fresh(data)
    seen: list[bool] = []

    def respond(request: dict[str, Any]):
        seen.append(lock_is_free(data))
        return render(ENGLISH.get)(request)

    fake.script(respond)
    proc = speechbot(["index", "build", "--force", "--json"], data, sources, model_url=fake.url)
    assert proc.returncode == 0, proc.stderr
    assert seen == [True] and json.loads(proc.stdout)["rendered"] == 2


def test_without_a_model_an_english_answer_says_its_quote_has_no_translation(folders) -> None:
    sources, data = folders
    fresh(data)
    proc = speechbot(
        ["ask", "--json", "How much will the new Tesla factory cost to build?"], data, sources, model_url=None
    )
    assert proc.returncode == 0, proc.stderr
    answer = json.loads(proc.stdout)
    assert answer["status"] == "answered"
    new = [q for q in answer["quotes"] if q["source"] == "001_factory.txt"]
    assert new and all("translation" not in q for q in new)
    assert new[0]["title"] == TITLE and new[0]["line"] in (2, 3)
    assert "no English translation yet" in answer["answer"]
    # Quotes of the bundled article keep their renderings beside it.
    assert all(q["translation_source"] == "bundled" for q in answer["quotes"] if q["source"] == ARTICLE)


def test_with_a_model_bundled_renderings_win_and_model_translations_fill_only_gaps(folders, fake: FakeOpenAI) -> None:
    sources, data = folders
    fresh(data)

    def respond(request: dict[str, Any]):
        sents = sentences_in(request)
        # Citations must be among the passages retrieval ranks well (the answer checks), so only the
        # cost sentence is cited; the other sentences are still offered, the article's with renderings.
        cited = [sid for sid, text in sents.items() if text == COST]
        translations = {sid: f"Model text for {sid}" for sid in sents}
        for sid in cited:
            if sents[sid] == COST:
                translations[sid] = COST_RIGHT
        return chat(
            {
                "answer": "The factory is expected to cost $1.2 billion.",
                "citations": cited,
                "translations": translations,
            }
        )

    fake.script(respond)
    proc = speechbot(
        ["ask", "--json", "How much will the new Tesla factory cost to build?"], data, sources, model_url=fake.url
    )
    assert proc.returncode == 0, proc.stderr
    answer = json.loads(proc.stdout)
    assert answer["mode"] == "llm", (answer.get("check_failed"), answer.get("fallback_reason"))
    by_text = {q["text"]: q for q in answer["quotes"]}
    assert by_text[COST]["translation"] == COST_RIGHT and by_text[COST]["translation_source"] == "model"
    for q in answer["quotes"]:
        if q["source"] == ARTICLE:
            assert q["translation_source"] == "bundled"
            assert q["translation"] == " ".join(bundled()[text_key(s)].en for s in split_known(q["text"]))
    # The model was asked to translate only the sentences that have no rendering.
    system = fake.chat_requests[0]["messages"][0]["content"]
    sents = sentences_in(fake.chat_requests[0])
    asked = {sid for sid, text in sents.items() if text in (COST, ROBOTS)}
    assert '"translations"' in system
    line = next(x for x in system.splitlines() if x.startswith("- translations:"))
    assert {w.strip(",") for w in line.split() if w.strip(",").startswith("S")} == asked


def split_known(text: str) -> list[str]:
    """The bundled sentences a quote of the article is made of, in order."""
    out, rest = [], text
    known = sorted((r.ja for r in bundled().values()), key=len, reverse=True)
    while rest:
        head = next(k for k in known if rest.startswith(k))
        out.append(head)
        rest = rest[len(head) :].lstrip()
    return out


H100 = "現在、このトレーニングセンターには15万台のH100、5万台のH200、3万台のGB200があり、第二のデータセンターが11万台のGB200を間もなくオンラインにする予定です。"  # noqa: E501
GROK = "マスクはインタビューで、現在Grok 3.5を訓練中であり、「推論能力に重点を置いている」と明らかにしました。"


def test_model_translations_are_shown_only_when_they_pass_the_checks(make_index) -> None:
    """The failures of the trial: 15,000 for 15万, one text for two sentences, the answer reused, Japanese."""
    from index.llm.grounding import ModelAnswer, build_grounding, usable_translations

    index = make_index()
    view = index.view()
    passages = [p for p in view.reading_order if any(t in view.passage_text(p) for t in (H100, GROK))]
    grounding = build_grounding(view, [(p, 1.0) for p in passages])
    sid = {view.sentence_text(r.passage.sentence_rows[r.index]): s for s, r in grounding.refs.items()}
    h100, grok = sid[H100], sid[GROK]
    good = bundled()[text_key(H100)].en

    def usable(translations: dict[str, str], answer: str = "An answer.") -> dict[str, str]:
        return usable_translations(view, grounding, ModelAnswer(answer, (h100, grok), translations))

    assert usable({h100: good}) == {h100: good}
    assert usable({h100: good.replace("150,000", "15,000")}) == {}
    assert usable({h100: "Grok 3.5 is being trained.", grok: "Grok 3.5 is being trained."}) == {}
    assert usable({grok: "Musk is training Grok 3.5."}, answer="Musk is training Grok 3.5.") == {}
    assert usable({grok: "マスクはGrok 3.5を訓練中。"}) == {}
    assert usable({grok: "In the interview, the mask said Grok 3.5 is in training."}) == {}
    assert usable({grok: "Musk said Grok 3.5 is in training, focused on reasoning."}) == {
        grok: "Musk said Grok 3.5 is in training, focused on reasoning."
    }
