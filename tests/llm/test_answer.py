"""SpeechIndex.ask with a model configured: what the user gets for each kind of model reply."""

from __future__ import annotations

import random
import re
import socket
import time

import pytest

from index.engine import MODEL_MAY_REFUSE
from index.llm.answerer import MODEL_SAYS_YES
from index.llm.cache import AnswerCache
from index.messages import message
from index.question import language_of
from index.renderings import bundled, text_key
from index.results import Answer, verify_quote
from speechbot.testing.fake_openai import (
    FakeOpenAI,
    chat,
    cite,
    error,
    hang,
    judgement,
    points_in,
    sentences_in,
)
from tests.llm.conftest import TIMEOUT_S

EN = "Why did Musk leave his government job?"
JA = "マスクはなぜ政府の仕事を辞めたのですか？"
# Two consecutive sentences of ¶2 and the first of ¶11, as they appear in the article.
S_130 = "マスクはインタビューで、最近終了した130日間の政府特別雇用者としての任期を「面白いサイドミッション」と率直に評価したが、その重要性は今後のAI革命の前では霞んでいると述べた。"  # noqa: E501
S_BEACH = "彼は政府の効率部門の仕事を「ビーチの掃除」に例え、迫り来るAIを「千フィートの高さの津波」と表現した。"
S_FIX = "この億万長者は、政府の職を辞めた根本的な理由を説明しました:「政府を修復することはビーチを掃除するようなものです------ビーチはとても汚れていて、注射器、糞便、ゴミがあります。"  # noqa: E501


def bundled_en(text: str) -> str:
    return bundled()[text_key(text)].en


def assert_verbatim(answer: Answer, index) -> None:
    """Every quote is an exact span of its source; every quoted span in the answer text is too."""
    texts = index.view().texts
    for q in answer.quotes:
        verify_quote(q, texts[q.source])
    for m in re.finditer(r"「([^」]*)」|“([^”]*)”|\"([^\"]*)\"|『([^』]*)』", answer.answer or ""):
        inner = next(g for g in m.groups() if g is not None)
        assert any(inner in t for t in texts.values()), inner


def assert_retrieval_quotes_shown(answer: Answer, index, question: str) -> None:
    """Every quote retrieval finds offline is shown with the model's too: no evidence is lost to a model."""
    shown = [q.text for q in answer.quotes]
    for offline in index.ask(question, use_llm=False).quotes:
        assert any(offline.text in text for text in shown), offline.text


def test_english_question_gets_english_answer_japanese_quotes_and_labelled_translations(
    make_index, fake: FakeOpenAI
) -> None:
    index = make_index()
    fake.script(
        cite(
            "130日間",
            "ビーチの掃除",
            "政府を修復すること",
            answer="He saw government work as a side quest; AI matters more.",
        )
    )
    answer = index.ask(EN)
    assert (answer.mode, answer.status, answer.language, answer.fallback_reason) == ("llm", "answered", "en", None)
    assert answer.answer == "He saw government work as a side quest; AI matters more."
    # Consecutive cited sentences of one paragraph become one quote, in the article's words; the
    # quotes retrieval found that they leave out follow.
    assert [q.text for q in answer.quotes[:2]] == [S_130 + S_BEACH, S_FIX]
    assert [q.paragraph for q in answer.quotes[:2]] == [2, 11]
    assert len(answer.quotes) == 3
    assert_retrieval_quotes_shown(answer, index, EN)
    # Bundled renderings win over the model's "[EN] ..." text, and are reported as bundled.
    assert answer.quotes[0].translation == f"{bundled_en(S_130)} {bundled_en(S_BEACH)}"
    assert answer.quotes[1].to_dict()["translation"] == bundled_en(S_FIX)
    assert {q.translation_source for q in answer.quotes} == {"bundled"}
    assert_verbatim(answer, index)
    request = fake.chat_requests[0]
    assert request["model"] == "fake-model"
    assert request["response_format"] == {"type": "json_object"}
    assert "in English" in request["messages"][0]["content"]
    # Every sentence shown has a rendering: the model sees it and is asked for no translation.
    assert f"    English: {bundled_en(S_FIX)}" in request["messages"][1]["content"]
    assert '"translations"' not in request["messages"][0]["content"]
    assert fake.headers[0]["Authorization"] == "Bearer test"


def test_japanese_question_gets_japanese_answer_and_no_translations(make_index, fake: FakeOpenAI) -> None:
    index = make_index()
    said = "彼は政府の仕事を「ビーチの掃除」に例え、AIを「千フィートの高さの津波」と表現しました。"
    fake.script(cite("ビーチの掃除」に例え", answer=said))
    answer = index.ask(JA)
    assert (answer.mode, answer.status, answer.language) == ("llm", "answered", "ja")
    assert answer.answer == said
    # The cited sentence first (shown whole in the quote retrieval found around it), then the other
    # quotes retrieval found, which the model left out, in their order.
    found = [q.text for q in index.ask(JA, use_llm=False).quotes]
    assert S_BEACH not in found[0]
    around = next(t for t in found if S_BEACH in t)
    assert [q.text for q in answer.quotes] == [around, *[t for t in found if t != around]]
    assert answer.quotes[0].translation is None  # the model sent one; Japanese askers read the original
    assert "translation" not in answer.to_dict()["quotes"][0]
    assert "in Japanese" in fake.chat_requests[0]["messages"][0]["content"]


def test_quotation_not_in_the_article_is_never_shown_as_a_quote(make_index, fake: FakeOpenAI) -> None:
    index = make_index()
    # "cleaning a beach" is a translation, not the article's words: it loses its marks.
    invented = 'He compared the government work to "cleaning a beach", calling it 「ビーチの掃除」.'
    fake.script(cite("ビーチの掃除", answer=invented))
    answer = index.ask(EN)
    assert answer.mode == "llm"
    assert answer.answer == "He compared the government work to cleaning a beach, calling it 「ビーチの掃除」."
    # The cited sentence (or the quote retrieval found around it) first; the others found follow.
    assert S_BEACH in answer.quotes[0].text
    assert_retrieval_quotes_shown(answer, index, EN)
    assert_verbatim(answer, index)


def test_japanese_quotation_marks_stay_only_around_the_cited_words(make_index, fake: FakeOpenAI) -> None:
    index = make_index()
    # 「政府の仕事は掃除だ」: the cited sentence's words, but not words it says (a word no sentence of the
    # article has, like 退屈, would fail the answer: test_answer_checks).
    fake.script(cite("ビーチの掃除", answer="彼は「政府の仕事は掃除だ」と言い、仕事を「ビーチの掃除」に例えました。"))
    answer = index.ask(JA)
    assert answer.mode == "llm", answer.check_failed
    assert answer.answer == "彼は政府の仕事は掃除だと言い、仕事を「ビーチの掃除」に例えました。"
    assert_verbatim(answer, index)


def test_unknown_ids_are_dropped(make_index, fake: FakeOpenAI) -> None:
    index = make_index()
    fake.script(cite("政府を修復すること", answer="Cleaning a beach.", extra=["S999", "S0", "P1", "banana"]))
    answer = index.ask(EN)
    assert answer.mode == "llm"
    # The one valid citation, S_FIX, is also the best quote retrieval found: the others found follow.
    assert [q.text for q in answer.quotes] == [q.text for q in index.ask(EN, use_llm=False).quotes]
    assert answer.quotes[0].text == S_FIX


@pytest.mark.parametrize(
    "reply",
    [
        {"answer": "He left to focus on AI.", "citations": ["S999", "S1000"]},
        {"answer": "He left to focus on AI.", "citations": []},
        {"answer": "He left to focus on AI."},
        {"answer": "", "citations": []},
    ],
    ids=["only-unknown-ids", "no-citations", "citations-missing", "model-says-not-covered"],
)
def test_answer_without_valid_citation_is_not_found(make_index, fake: FakeOpenAI, reply: dict) -> None:
    index = make_index()
    fake.script(chat(reply))
    fake.judge(judgement(0.45))  # it leaned to NO: its refusal is believed (MODEL_REFUSAL_DOUBTED)
    assert index.draft_many([(EN, None)])[0].gap >= MODEL_MAY_REFUSE  # "leave", "job": words the passages lack
    answer = index.ask(EN)
    assert (answer.status, answer.mode, answer.answer, answer.quotes) == ("not_found", "llm", None, ())
    assert answer.reason == message("answer.model_not_answered", "en")
    assert answer.related  # the closest passages, so that a wrong refusal still helps


# Every word of it is in the passages about the training center.
COVERED = "How many H100 GPUs are in the training center now?"


@pytest.mark.parametrize(
    ("reply", "problem"),
    [
        ({"answer": "", "citations": [], "not_in_sources": True}, "check.refused_covered"),
        ({"answer": "There are many.", "citations": ["S999"]}, "check.no_valid_citation"),
    ],
    ids=["says-not-in-sources", "only-unknown-ids"],
)
def test_a_model_refusing_a_question_its_passages_fully_hold_is_overruled_by_the_extractive_answer(
    make_index, fake: FakeOpenAI, reply: dict, problem: str
) -> None:
    """A 1.5B model said "not in the sources" for questions the article plainly answers; where the best
    passages hold every word of the question its refusal is not believed."""
    index = make_index()
    assert index.draft_many([(COVERED, None)])[0].gap < MODEL_MAY_REFUSE
    fake.script(chat(reply))
    answer = index.ask(COVERED)
    offline = index.ask(COVERED, use_llm=False)
    assert (answer.status, answer.mode) == ("answered", "extractive")
    assert (answer.answer, answer.quotes) == (offline.answer, offline.quotes)
    assert any("15万台のH100" in q.text for q in answer.quotes)
    assert answer.check_failed == message(problem)
    assert message(problem) in (answer.fallback_reason or "")


@pytest.mark.parametrize(
    ("reply", "notice"),
    [
        (chat("Musk left government because AI is the main quest."), "not the cited JSON"),
        (chat(""), "sent an empty reply"),
        (chat(None), "sent an empty reply"),
        (chat({"answer": "", "citations": ["S1"]}), "not the cited JSON"),
        (error(500, "boom"), "server failed (HTTP 500)"),
        (error(503, "overloaded"), "server failed (HTTP 503)"),
        (error(401, "Incorrect API key provided"), "rejected the API key (HTTP 401)"),
        (error(404, "model not found"), "has no model 'fake-model' (HTTP 404)"),
        (error(429, "slow down", {"Retry-After": "30"}), "rate-limited (HTTP 429); the server asked to wait 30 s"),
        (error(429, "slow down"), "rate-limited (HTTP 429)"),
    ],
    ids=["prose", "empty", "null", "citations-no-text", "500", "503", "401", "404", "429-too-long", "429-no-header"],
)
def test_failures_fall_back_to_the_extractive_answer_with_a_notice(
    make_index, fake: FakeOpenAI, reply, notice: str
) -> None:
    index = make_index()
    fake.script(reply)
    started = time.monotonic()
    answer = index.ask(EN)
    elapsed = time.monotonic() - started
    assert answer == _extractive_with(index.ask(EN, use_llm=False), answer.fallback_reason)
    assert notice in answer.fallback_reason
    assert answer.fallback_reason.endswith(("instead.", "Check OPENAI_API_KEY.", "Check OPENAI_MODEL."))
    assert "\n" not in answer.fallback_reason
    assert elapsed < TIMEOUT_S + 1


def _extractive_with(extractive: Answer, reason: str | None) -> Answer:
    from dataclasses import replace

    return replace(extractive, fallback_reason=reason)


def test_server_errors_are_retried_within_the_budget(make_index, fake: FakeOpenAI) -> None:
    index = make_index()
    fake.script(error(502), cite("政府を修復すること", answer="Beach cleaning."))
    answer = index.ask(EN)
    assert answer.mode == "llm"
    assert len(fake.chat_requests) == 2


def test_429_retry_after_is_respected_within_the_budget(make_index, fake: FakeOpenAI) -> None:
    index = make_index()
    fake.script(error(429, "slow down", {"Retry-After": "1"}), cite("政府を修復すること", answer="Beach cleaning."))
    started = time.monotonic()
    answer = index.ask(EN)
    elapsed = time.monotonic() - started
    assert answer.mode == "llm"
    assert len(fake.chat_requests) == 2
    assert 1.0 <= elapsed < TIMEOUT_S + 1


def test_a_reply_that_never_comes_falls_back_in_time(make_index, fake: FakeOpenAI) -> None:
    index = make_index()
    fake.script(hang())
    started = time.monotonic()
    answer = index.ask(EN)
    elapsed = time.monotonic() - started
    assert answer.mode == "extractive"
    assert (
        answer.fallback_reason
        == f"The language model did not answer within {TIMEOUT_S:g} s; showing the best-matching quotes instead."
    )
    assert answer.quotes  # the extractive quotes are still shown
    assert TIMEOUT_S - 0.2 <= elapsed < TIMEOUT_S + 1


def test_connection_refused_falls_back_at_once(make_index) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again before the request: nothing listens there
    index = make_index(base_url=f"http://127.0.0.1:{port}/v1")
    started = time.monotonic()
    answer = index.ask(EN)
    assert time.monotonic() - started < 1.5
    assert answer.mode == "extractive"
    assert answer.fallback_reason.startswith(
        f"The language model server at http://127.0.0.1:{port}/v1 could not be reached"
    )


def test_repeated_question_is_answered_from_the_cache(make_index, fake: FakeOpenAI) -> None:
    index = make_index()
    fake.script(cite("政府を修復すること", answer="Beach cleaning."), error(500))
    first = index.ask(EN)
    # Spacing differences are the same question (same retrieval, same prompt).
    second = index.ask("  Why did Musk leave  his government job? ")
    assert len(fake.chat_requests) == 1
    assert second.mode == "llm" and second.quotes == first.quotes and second.answer == first.answer
    # A fallback is not cached: the next identical question asks the model again.
    fake.script(error(500))
    assert index.ask("What did Musk say about robots?").mode == "extractive"
    fake.script(
        cite("人型ロボットの数が人間を大きく上回り", answer="Humanoid robots may far exceed the number of humans.")
    )
    assert index.ask("What did Musk say about robots?").mode == "llm"


def test_cache_empties_when_the_index_version_changes(tmp_path) -> None:
    cache = AnswerCache(tmp_path)
    cache.put("v1", "m", "k", {"answer": "a", "citations": ["S1"], "translations": {}})
    assert cache.get("v1", "k") is not None
    assert cache.get("v2", "k") is None
    assert cache.count() == 0
    cache.close()
    # Another process that only ever saw v2 also drops v1's rows.
    cache = AnswerCache(tmp_path)
    cache.put("v1", "m", "k", {"answer": "a", "citations": ["S1"], "translations": {}})
    other = AnswerCache(tmp_path)
    assert other.get("v2", "k") is None and other.count() == 0
    cache.close()
    other.close()


def test_no_model_reply_can_put_a_non_verbatim_quote_in_the_output(make_index, fake: FakeOpenAI) -> None:
    """Adversarial replies: random (partly bogus) ids, invented quotations, odd types."""
    rng = random.Random(4)
    bogus = [
        '"Musk hates AI"',
        "「存在しない引用」",
        "“made up”",
        "『捏造』",
        '"ビーチの掃除"',
        "「千フィートの高さの津波」",
    ]

    def respond(request: dict):
        ids = [*sentences_in(request), "S0", "S99", "X", "1", "S1 ", 7]
        cited = rng.sample(ids, rng.randint(0, 6))
        words = " ".join(rng.choice(bogus) for _ in range(3))
        return chat(
            {
                "answer": f"He said {words}.",
                "citations": cited,
                "translations": {str(c): "fake translation" for c in cited},
            }
        )

    index = make_index(cache=False)
    fake.script(respond)
    questions = [EN, JA, "What did Musk say about robots?", "AIの安全性について何と言った？", "SpaceX"]
    for n in range(30):
        answer = index.ask(questions[n % len(questions)])
        # Most of these replies fail a check (and fall back to the extractive quotes): either way,
        # nothing shown is non-verbatim.
        assert answer.mode == "llm" or answer.check_failed or answer.fallback_reason
        assert len(answer.quotes) <= 3
        assert all(len(q.text) <= 400 for q in answer.quotes)
        if answer.mode == "llm":
            assert_verbatim(answer, index)
        else:  # the fallback's answer line is built from the bundled renderings: only quotes are the article's
            texts = index.view().texts
            for q in answer.quotes:
                verify_quote(q, texts[q.source])


def test_damaged_cache_row_is_a_miss_not_a_crash(make_index, fake: FakeOpenAI) -> None:
    index = make_index()
    fake.script(cite("政府を修復すること", answer="Beach cleaning."))
    index.ask(EN)
    db = index.llm.cache._db
    db.execute("""UPDATE replies SET payload = '{"answer": 5, "citations": "S1"}'""")
    db.commit()
    answer = index.ask(EN)
    assert answer.mode == "llm" and answer.answer == "Beach cleaning."
    assert len(fake.chat_requests) == 2


def test_model_saying_not_in_sources_is_a_refusal_showing_the_closest_passages(make_index, fake: FakeOpenAI) -> None:
    index = make_index(SPEECHBOT_LLM_TIMEOUT_S="30")  # about what is shown, not timeouts
    fake.script(lambda request: chat({"answer": "He left.", "citations": ["S1"], "not_in_sources": True}))
    fake.judge(judgement(0.45))  # it leaned to NO: its refusal is believed
    extractive = index.ask(EN, use_llm=False)
    answer = index.ask(EN)
    assert (answer.status, answer.mode, answer.answer, answer.quotes) == ("not_found", "llm", None, ())
    assert answer.related == extractive.quotes


def test_a_model_saying_the_closest_quotes_hold_no_answer_refuses_before_any_answer_is_written(
    make_index, fake: FakeOpenAI
) -> None:
    """Asked to answer, a 1.5B model almost never says the article is silent; asked only whether the
    closest quotes contain the answer, it often says no, and that is believed for a question whose
    passages lack some of its words. The model never gets to write the answer."""
    index = make_index()
    assert index.draft_many([(EN, None)])[0].gap >= MODEL_MAY_REFUSE
    fake.script(cite("政府を修復すること", answer="He left to build technology."))
    fake.judge(judgement(0.3))
    extractive = index.ask(EN, use_llm=False)
    answer = index.ask(EN)
    assert (answer.status, answer.mode, answer.answer, answer.quotes) == ("not_found", "llm", None, ())
    assert answer.reason == message("answer.model_not_answered", "en")
    assert answer.related == extractive.quotes  # the closest passages, so a wrong refusal still helps
    assert fake.chat_requests == []
    # What the model was asked: the quotes' reviewed English renderings for an English question, then
    # the question, one token back with its log probabilities.
    (request,) = fake.judge_requests
    user = request["messages"][-1]["content"]
    for n, quote in enumerate(extractive.quotes, 1):
        assert f"{n}. {' '.join(quote.translation.split())}" in user
    assert user.index(f"Question: {EN}") > user.index(f"{len(extractive.quotes)}. ")  # the question last
    assert (request["max_tokens"], request["logprobs"]) == (1, True)
    # The verdict is cached with the build: asked again, the model is not.
    assert index.ask(EN).status == "not_found" and len(fake.judge_requests) == 1


def test_a_yes_no_question_whose_passages_hold_all_its_words_is_not_judged(make_index, fake: FakeOpenAI) -> None:
    """Asked whether the text contains the answer to "Has humanity reached Type I yet?", a 1.5B model said
    NO (P(YES) 0.28) beside "still far from a Type 1 civilization": the answer is no, and it took that for
    the verdict (evals/fresh75). Such a question, whose best passages hold every word, is not judged; the
    model's answer is checked as any other. With a word its passages lack, the judge is still asked."""
    index = make_index()
    question = "Has humanity reached Type I yet?"
    assert index.draft_many([(question, None)])[0].gap < MODEL_MAY_REFUSE
    fake.script(cite("1級文明からはまだ遠い", answer="No. Humanity is still far from a Type 1 civilization."))
    fake.judge(judgement(0.28))
    answer = index.ask(question)
    assert (answer.status, answer.mode) == ("answered", "llm"), answer.reason
    assert "1級文明からはまだ遠い" in answer.quotes[0].text
    assert fake.judge_requests == []
    unheld = "Has humanity already attained Type I?"  # "attained" is in no passage
    assert index.draft_many([(unheld, None)])[0].gap >= MODEL_MAY_REFUSE
    assert index.ask(unheld).status == "not_found" and len(fake.judge_requests) == 1


def test_a_japanese_question_is_judged_on_the_japanese_quotes(make_index, fake: FakeOpenAI) -> None:
    index = make_index()
    question = "マスクが政府を去った理由は?"  # "去った" is in no passage: a judgement is asked
    assert index.draft_many([(question, None)])[0].gap >= MODEL_MAY_REFUSE
    extractive = index.ask(question, use_llm=False)
    fake.script(cite(extractive.quotes[0].text[:12], answer="マスクはそう述べた。"))
    assert index.ask(question).mode == "llm"
    (request,) = fake.judge_requests
    user = request["messages"][-1]["content"]
    assert all(f"{n}. {' '.join(q.text.split())}" in user for n, q in enumerate(extractive.quotes, 1))
    assert "English" not in user and question in user


@pytest.mark.parametrize(
    "reply",
    [judgement(0.8), judgement(None, content="YES"), judgement(None, content="Maybe."), error(500), error(400)],
    ids=["yes", "yes-without-logprobs", "neither", "server-error", "logprobs-refused"],
)
def test_no_clear_no_from_the_model_lets_the_answer_through(make_index, fake: FakeOpenAI, reply) -> None:
    """Only a NO refuses: a YES, a reply that is neither, or a failed call is no verdict, and the model
    then words the answer as before."""
    index = make_index()
    fake.script(cite("政府を修復すること", answer="He likened fixing government to cleaning a beach."))
    fake.judge(reply)
    answer = index.ask(EN)
    assert (answer.status, answer.mode) == ("answered", "llm")
    assert answer.answer == "He likened fixing government to cleaning a beach."
    assert fake.judge_requests


def test_a_no_without_logprobs_is_read_from_the_reply(make_index, fake: FakeOpenAI) -> None:
    index = make_index()
    fake.script(cite("政府を修復すること", answer="He left."))
    fake.judge(judgement(None, content="NO"))
    assert index.ask(EN).status == "not_found" and fake.chat_requests == []


@pytest.mark.parametrize(("p_yes", "status"), [(0.3, "not_found"), (0.42, "not_found"), (0.47, "answered")])
def test_a_yes_leaning_no_by_a_little_is_not_a_refusal(make_index, fake: FakeOpenAI, p_yes: float, status: str):
    """Of 130 answerable questions the 1.5B model put P(YES) at 0.32 and 0.38 for two, 0.45 and above for
    the rest; of 38 in-domain unanswerable ones the offline gate lets through, 13 under 0.45: under
    MODEL_SAYS_YES (0.45) the question is refused unasked, above it answered."""
    index = make_index()
    fake.script(cite("政府を修復すること", answer="He left because fixing government is like cleaning a beach."))
    fake.judge(judgement(p_yes))
    answer = index.ask(EN)
    assert answer.status == status
    assert (fake.chat_requests == []) == (status == "not_found")


@pytest.mark.parametrize(
    ("p_yes", "status"),
    [(0.9, "answered"), (0.6, "answered"), (0.45, "not_found")],
    ids=["said-yes-plainly", "leaned-to-yes", "leaned-to-no"],
)
@pytest.mark.parametrize(
    "reply",
    [{"answer": "", "citations": [], "not_in_sources": True}, {"answer": "He left.", "citations": ["S404"]}],
    ids=["not-in-sources", "no-valid-citation"],
)
def test_a_refusal_after_a_plain_yes_is_not_believed(make_index, fake: FakeOpenAI, p_yes: float, status: str, reply):
    """A 1.5B model that had leaned to YES (P 0.68 to 0.90) on "do these quotes contain the answer?" then
    said "not in the sources" for answerable questions; after a YES the extractive answer stands."""
    index = make_index()
    fake.script(chat(reply))
    fake.judge(judgement(p_yes))
    answer = index.ask(EN)
    assert answer.status == status
    if status == "answered":
        offline = index.ask(EN, use_llm=False)
        assert (answer.mode, answer.quotes) == ("extractive", offline.quotes)
        expected = "check.refused_judged" if reply.get("not_in_sources") else "check.no_valid_citation"
        assert answer.check_failed == message(expected)
    else:
        assert answer.reason == message("answer.model_not_answered", "en") and answer.related


@pytest.mark.parametrize("p_yes", [0.01, 0.4])
def test_the_judgement_is_asked_where_the_passages_hold_every_word_too(make_index, fake: FakeOpenAI, p_yes) -> None:
    """Its NO is rarely wrong there as well (P(YES) 0.41 at the lowest for 150 answerable questions; see
    MODEL_SAYS_YES): under the threshold the question is refused without the answer call."""
    index = make_index()
    assert index.draft_many([(COVERED, None)])[0].gap < MODEL_MAY_REFUSE
    fake.script(cite("15万台のH100", answer="The training center now has 150,000 H100s."))
    fake.judge(judgement(p_yes))
    answer = index.ask(COVERED)
    assert len(fake.judge_requests) == 1
    if p_yes < MODEL_SAYS_YES:
        assert answer.status == "not_found" and answer.related
        assert answer.reason == message("answer.model_not_answered", "en")
    else:
        assert (answer.status, answer.mode, answer.check_failed) == ("answered", "llm", None)
        assert answer.answer == "The training center now has 150,000 H100s."


def test_off_topic_question_is_refused_without_asking_the_model(make_index, fake: FakeOpenAI) -> None:
    index = make_index()
    fake.script(chat({"answer": "The capital of France is Paris.", "citations": ["S1"]}))
    answer = index.ask("What is the capital of France?")
    assert (answer.status, answer.answer, answer.quotes) == ("not_found", None, ())
    assert fake.chat_requests == []


def test_keypoints_that_fail_a_check_keep_the_articles_wording(make_index, fake: FakeOpenAI) -> None:
    index = make_index(SPEECHBOT_LLM_TIMEOUT_S="30")  # about what is shown, not timeouts
    extractive = index.keypoints(use_llm=False)

    def respond(request: dict):
        points = points_in(request)
        tag = {pid: "".join(chr(97 + int(d)) for d in pid[1:]) for pid in points}  # no digits: no numbers
        worded = [{"id": pid, "text": f"this passage makes its point, part {tag[pid]}"} for pid in points]
        worded[0]["text"] = "It says there are 15,000 GPUs."  # a number its quote does not state
        worded[1]["text"] = "この点は日本語のままです。"  # Japanese for an English reader
        worded[2]["text"] = 'He said "AI is harmless"\nand left.'  # an invented quotation across lines
        return chat({"points": worded})

    fake.script(respond)
    points = index.keypoints()
    assert points.mode == "llm"
    assert [p.text for p in points.points[:2]] == [p.text for p in extractive.points[:2]]
    assert points.points[2].text == "He said AI is harmless and left."
    assert points.points[3].text.startswith("this passage makes its point")
    assert points.fallback_reason.startswith(f"2 of {len(points.points)} key points are in the article's own wording")
    assert fake.chat_requests[0]["max_tokens"] > 0


@pytest.mark.parametrize(
    ("p_yes", "status", "mode"),
    [(0.47, "not_found", "llm"), (0.55, "answered", "extractive")],
    ids=["doubted", "leaned-to-yes"],
)
def test_an_answer_that_fails_a_check_after_the_model_doubted_the_passages_is_a_refusal(
    make_index, fake: FakeOpenAI, p_yes: float, status: str, mode: str
) -> None:
    """Asked whether the quotes answer, the model gave YES a probability under MODEL_ANSWER_DOUBTED,
    then wrote an answer that fails a check: the question is refused with the closest passages, as a
    1.5B model's "Did Musk say he regrets leaving government?" and its answer speaking of regrets no
    sentence states (it gave 0.534 and 0.588 in two runs). Leaning to YES, the same answer falls back to
    the quotes."""
    index = make_index()
    question = "Did Musk say he regrets leaving government?"
    assert index.draft_many([(question, None)])[0].gap >= MODEL_MAY_REFUSE
    fake.script(cite("政府の職を辞めた", answer="Yes, Musk said he regrets leaving government."))
    fake.judge(judgement(p_yes))
    extractive = index.ask(question, use_llm=False)
    answer = index.ask(question)
    assert (answer.status, answer.mode) == (status, mode)
    assert answer.check_failed.startswith("the answer speaks of 'regrets'")
    if status == "not_found":
        assert answer.reason == message("answer.model_doubted", "en")
        assert (answer.answer, answer.quotes, answer.related) == (None, (), extractive.quotes)
    else:
        assert answer.quotes == extractive.quotes and "regrets" not in (answer.answer or "")


def test_an_answer_denying_what_its_sentence_states_is_not_shown(make_index, fake: FakeOpenAI) -> None:
    """The reply a real 1.5B model gave: every word is in the cited sentence, the meaning is reversed."""
    index = make_index()
    question = "Did Musk do hands-on work at the data center himself?"
    fake.script(
        cite("データセンターで寝ている", answer="No, Musk did not do hands-on work at the data center himself.")
    )
    answer = index.ask(question)
    assert (answer.status, answer.mode) == ("answered", "extractive")
    assert answer.check_failed == "it denies something its cited sentences do not deny"
    assert "did not" not in (answer.answer or "")


def test_an_answer_built_from_sentences_it_does_not_cite_is_not_shown(make_index, fake: FakeOpenAI) -> None:
    """The reply a real 1.5B model gave to a question the article does not answer (Musk's favourite film,
    which the offline gate now refuses before any model; asked here of a question that reaches it): true
    elsewhere in the article (超知能 is another sentence's), not in the sentence it cites, no answer."""
    index = make_index()
    fake.script(cite("AIが経済規模を指数関数的に成長させる", answer="マスクはAI超知能が迫っていると予測している。"))
    answer = index.ask("AIは映画産業をどう変えますか?")
    assert answer.mode == "extractive" and "超知能" not in (answer.answer or "")
    assert answer.check_failed == "the answer says '超知能', which only sentences it does not cite state"


def test_the_model_is_told_which_words_of_the_question_no_sentence_contains(make_index, fake: FakeOpenAI) -> None:
    index = make_index()
    fake.script(chat({"answer": "", "citations": [], "not_in_sources": True}))
    fake.judge(judgement(0.45))  # it leaned to NO: its refusal is believed
    answer = index.ask("AIは映画産業をどう変えますか?")
    prompt = fake.chat_requests[0]["messages"][1]["content"]
    assert "none of the sentences contains: 映画産業." in prompt
    assert (answer.status, answer.mode) == ("not_found", "llm") and answer.related


def test_no_word_is_called_missing_when_the_passages_hold_them_all(make_index, fake: FakeOpenAI) -> None:
    index = make_index()
    fake.script(cite("推論能力に重点", answer="Grok 3.5は推論能力に重点を置いています。"))
    assert index.ask("Grok 3.5は何に重点を置いていますか?").mode == "llm"
    assert "none of the sentences contains" not in fake.chat_requests[0]["messages"][1]["content"]


def test_a_word_some_sentence_of_the_prompt_contains_is_not_called_missing() -> None:
    from index.llm.grounding import Grounding, absent_words

    grounding = Grounding({}, "S1: 彼は政府の職を辞めた。\n    English: He left his government post.", (), ())
    assert absent_words(["leave", "job"], grounding, "en") == ["job"]
    assert absent_words(["職", "映画"], grounding, "ja") == ["映画"]


@pytest.mark.parametrize(
    ("question", "invented"),
    [
        # Figures the retrieval gate cannot check (a count of satellites; a time, which the passage on
        # Mars states of its supplies: 約30年以内): a price, a head count or a time that no best passage
        # states is refused before any model is asked (tests/core/test_figures.py).
        ("How many satellites has SpaceX launched?", "SpaceX has launched about 7,000 satellites."),
        ("When will humans land on Mars?", "Humans will land on Mars in 2029."),
        # A real 1.5B model's reply (evals/fresh44): a measure asked by its name, a figure no sentence gives.
        (
            "What speed will the Mars ships travel at?",
            "The Mars ships will travel at speeds of up to 100,000 kilometers per hour according to the passage.",
        ),
    ],
)
def test_a_figure_the_model_invents_for_a_question_the_passages_partly_miss_is_a_refusal(
    make_index, fake: FakeOpenAI, question: str, invented: str
) -> None:
    """As a 1.5B model did for "How much does a Tesla Model 3 cost?": asked for a figure, given passages
    lacking some of the question's words, it wrote a figure no cited sentence states."""
    index = make_index()
    fake.script(cite("マスク", answer=invented))  # a sentence about Musk, whatever the passages are
    answer = index.ask(question)
    assert (answer.status, answer.mode) == ("not_found", "llm")
    assert answer.reason == message("answer.model_invented_figure", language_of(question))
    assert answer.check_failed.startswith("the number") and answer.related and not answer.quotes


def test_a_year_the_model_gives_for_a_time_the_quotes_state_relative_to_now_is_a_misreading(
    make_index, fake: FakeOpenAI
) -> None:
    """evals/fresh29: a real 1.5B model wrote "possibly in 2023 or 2024" for 来年, citing the sentence that
    Musk made a prediction (not the time). The year is in no cited sentence, but the best quote states the
    time (next year): the reader gets the quotes, not a refusal."""
    index = make_index()
    fake.script(cite("到来時期について", answer="Musk expects superintelligence possibly in 2023 or 2024."))
    answer = index.ask("If superintelligence doesn't arrive this year, when does Musk expect it?")
    assert (answer.status, answer.mode) == ("answered", "extractive")
    assert answer.check_failed.startswith("the number '2023'")
    assert any("来年" in quote.text for quote in answer.quotes)


@pytest.mark.parametrize(
    ("question", "invented"),
    [
        # "Which Y Combinator partner …" is refused offline now (no passage names a partner).
        ("Who from Y Combinator interviewed Musk?", "Garry Tan interviewed Musk."),
        # "Who is the CEO of xAI?" is refused offline now (nothing in the article names xAI).
        # "Who runs the Memphis supercluster …?" is refused offline now (no sentence names its head).
        ("Who oversees the Memphis supercluster day to day?", "Linda Yaccarino oversees the Memphis supercluster."),
        ("火星のコロニーを率いるのは誰?", "火星のコロニーを率いるのはジョン・スミスです。"),
        ("Where will the humanoid robots be manufactured?", "They will be manufactured in Austin, Texas."),
        # evals/fresh23: the offline gate lets this through (its passages hold Musk and Washington).
        ("Which cabinet members did Musk work with in Washington?", "He worked with Marco Rubio and Doug Burgum."),
        # evals/fresh29: "what" of a kind known by name asks for a name; a real 1.5B model answered NVIDIA.
        ("What GPU brand did the team pick for the training cluster?", "The team picked NVIDIA GPUs."),
    ],
)
def test_a_name_the_model_invents_for_a_who_question_the_passages_partly_miss_is_a_refusal(
    make_index, fake: FakeOpenAI, question: str, invented: str
) -> None:
    """As for a figure: asked who or where, given passages lacking some of the question's words, the model
    named only people or places the article never mentions. Whoever or wherever, the article does not say."""
    index = make_index()
    fake.script(cite("マスク", answer=invented))
    answer = index.ask(question)
    assert (answer.status, answer.mode) == ("not_found", "llm")
    assert answer.reason == message("answer.model_invented_name", language_of(question))
    assert answer.check_failed.startswith("the name") and answer.related and not answer.quotes


@pytest.mark.parametrize(
    ("question", "stated", "misread"),
    [
        (
            "What share of America's mobile cooling capacity did the team rent?",
            "四分の一",
            "The team rented 15% of America's mobile cooling units.",
        ),
        ("By how much could the economy outgrow today's?", "数百万倍", "It could become 100,000,000 times larger."),
        # A count of a thing (evals/fresh15): 10万個のH100 in the quotes, today's 15万台 in the model's answer.
        (
            "How many H100s did the original supercluster plan call for?",
            "10万個のH100",
            "The original supercluster plan called for 150,000 H100s.",
        ),
    ],
)
def test_a_share_or_multiple_the_quotes_state_but_the_model_misread_falls_back_to_the_quotes(
    make_index, fake: FakeOpenAI, question: str, stated: str, misread: str
) -> None:
    """As the 1.5B model did: asked for a share, it wrote "15%" where the article says 四分の一 (a
    quarter); asked for a multiple, "100,000,000" for 数千倍、さらには数百万倍. The figure is in the
    quotes, so the reader gets them, not a refusal."""
    index = make_index()
    fake.script(cite(stated, answer=misread))
    answer = index.ask(question)
    assert (answer.status, answer.mode) == ("answered", "extractive")
    assert answer.check_failed.startswith("the number") and any(stated in q.text for q in answer.quotes)


@pytest.mark.parametrize(
    ("question", "needle", "invented", "failed"),
    [
        # Not a question asking for a figure: the invented number only fails the model's wording.
        ("Why did Musk leave his government job?", "政府の職を辞めた", "He left after 200 days to build technology.",
         "the number"),
        # Every word of the question is in the passages: the figure may be there, the model erred.
        ("How many H100 GPUs are in the training center now?", "15万台のH100", "There are 15,000 H100 GPUs.",
         "the number"),
        # Not a question asking who: the invented name only fails the model's wording.
        ("Why did Musk leave his government job?", "政府の職を辞めた", "Steve Davis told him to build technology.",
         "the name"),
        # Asked who, but the name is one the article mentions (in a sentence the model did not cite).
        ("Who will lead the Mars colony?", "火星が", "Sam Altman will lead the Mars colony.", "the name"),
        # One name the article mentions beside an invented one: the model erred, the quotes may answer.
        ("Who will lead the Mars colony?", "火星が", "Sam Altman and Steve Davis will lead it.", "the name"),
    ],
)  # fmt: skip
def test_an_invented_figure_or_name_otherwise_falls_back_to_the_quotes(
    make_index, fake: FakeOpenAI, question: str, needle: str, invented: str, failed: str
) -> None:
    index = make_index()
    fake.script(cite(needle, answer=invented))
    answer = index.ask(question)
    assert (answer.status, answer.mode) == ("answered", "extractive")
    assert answer.check_failed.startswith(failed) and answer.quotes


def test_a_question_about_the_document_itself_is_answered_from_it_without_the_model(
    make_index, fake: FakeOpenAI
) -> None:
    """The headline is the article's own first line: nothing for a model to word or judge."""
    index = make_index()
    answer = index.ask("What's the headline?")
    assert (answer.status, answer.mode) == ("answered", "extractive")
    assert answer.quotes[0].text.startswith("マスクが予言するAIの波") and answer.quotes[0].translation
    # (Not `== []`: a request left over from the test before may reach this server.)
    asked = [m["content"] for r in (*fake.chat_requests, *fake.judge_requests) for m in r["messages"]]
    assert not any("headline" in text for text in asked)
