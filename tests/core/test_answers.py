"""Answers from the real article index: verbatim quotes, their shape, refusals, key points."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest

from index.errors import VerbatimError
from index.evaluate import evaluate, load_eval
from index.messages import message
from index.question import BadQuestion, clean_question, language_of
from index.results import MAX_QUOTE_CHARS, Quote, verify_quote

EVALS = Path(__file__).resolve().parents[2] / "evals" / "questions.jsonl"
QUESTIONS = [json.loads(line) for line in EVALS.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("item", QUESTIONS, ids=[q["id"] for q in QUESTIONS])
def test_every_quote_is_a_verbatim_span_of_one_passage(speech_index, article_text, item):
    answer = speech_index.ask(item["question"])
    view = speech_index.view()
    assert len(answer.quotes) <= 3
    for quote in answer.quotes:
        assert article_text[quote.start : quote.end] == quote.text
        assert len(quote.text) <= MAX_QUOTE_CHARS
        # 1-3 consecutive sentences of one passage, and the citation matches that passage; a fourth only
        # as the answer to a question the third asks ("…本当にどれほど重要ですか?" / "それほど重要ではありません。").
        passage = view.passages[quote.sentence_ids[0].split("/")[0]]
        assert passage.start <= quote.start < quote.end <= passage.end
        assert (quote.paragraph, quote.section) == (passage.paragraph, passage.section)
        rows = [view.sentences[r].id for r in passage.sentence_rows]
        if len(quote.sentence_ids) == 4:
            third = next(r for r in passage.sentence_rows if view.sentences[r].id == quote.sentence_ids[2])
            assert view.sentence_text(third).rstrip().endswith(("?", "？"))
        else:
            assert 1 <= len(quote.sentence_ids) <= 3
        first = rows.index(quote.sentence_ids[0])
        assert rows[first : first + len(quote.sentence_ids)] == list(quote.sentence_ids)
    if answer.status == "answered":
        scores = [q.score for q in answer.quotes]
        assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize(
    "question",
    [
        "What is the capital of France?",
        "How do I bake sourdough bread?",
        "東京の人口は何人ですか?",
        "How many legs does a spider have?",
        "Who painted the Mona Lisa?",
    ],
)
def test_unrelated_questions_are_refused_with_a_reason(speech_index, question):
    answer = speech_index.ask(question)
    assert answer.status == "not_found"
    assert answer.quotes == () and answer.answer is None
    assert answer.reason and "\n" not in answer.reason
    assert answer.to_dict()["quotes"] == []


def test_json_contract(speech_index):
    d = speech_index.ask("How many H100 GPUs are in the training center now?").to_dict()
    assert {"question", "status", "answer", "mode", "index_version", "quotes"} <= set(d)
    assert d["mode"] == "extractive" and d["status"] == "answered"
    assert set(d["quotes"][0]) >= {"text", "source", "section", "paragraph", "start", "end"}
    assert d["quotes"][0]["source"] == "000_7e1d518b4a2c8e90.txt"
    assert "15万台のH100" in d["quotes"][0]["text"]


def test_a_source_that_no_longer_matches_its_offsets_raises(speech_index, monkeypatch):
    """A non-verbatim quote is a bug: it raises instead of reaching a user."""
    view = speech_index.view()
    name = next(iter(view.texts))
    monkeypatch.setitem(view.texts, name, "X" + view.texts[name])
    with pytest.raises(VerbatimError):
        speech_index.ask("How many H100 GPUs are in the training center now?")


def test_verify_quote_rejects_anything_but_an_exact_span(article_text):
    start = article_text.index("メンフィス")
    good = Quote("メンフィス", "a.txt", None, 1, start, start + 5)
    assert verify_quote(good, article_text) is good
    for bad in (
        dataclasses.replace(good, text="メンフィス "),
        dataclasses.replace(good, start=start + 1),
        dataclasses.replace(good, text="", end=start),
        dataclasses.replace(good, end=len(article_text) + 9),
    ):
        with pytest.raises(VerbatimError):
            verify_quote(bad, article_text)


@pytest.mark.parametrize("question", ["", "   ", "\u200b\u200b", "\x00\x07", "?!?!"])
def test_empty_questions_are_rejected(speech_index, question):
    with pytest.raises(BadQuestion, match="empty"):
        speech_index.ask(question)


def test_question_cleaning_and_language():
    assert clean_question("  What\u200b about\tMars?\n") == "What about Mars?"
    with pytest.raises(BadQuestion, match="characters long"):
        clean_question("why " * 600)
    assert language_of("火星の計画は?") == "ja" and language_of("Mars plan?") == "en"


@pytest.mark.parametrize(
    ("question", "lang"),
    [
        # An English sentence quoting the article's Japanese is English (evals/fresh42).
        ("What does the word 'サブタスク' refer to in the article?", "en"),
        ("How much is 43億ドル in dollars?", "en"),
        # Kana particles, or Japanese words without English ones around them, are Japanese.
        ("Grok 3.5ってどこに力を入れてるの?", "ja"),
        ("マスク 火星 補給 何年", "ja"),
        ("Mega Packs 用途", "ja"),
    ],
)
def test_the_language_of_a_question_mixing_scripts(question, lang):
    assert language_of(question) == lang


def test_an_english_question_quoting_a_japanese_word_is_answered_in_english_with_it(speech_index):
    """It was read as Japanese and refused: its English words (word, refer) are not the article's."""
    answer = speech_index.ask("What does the word 'サブタスク' refer to in the article?", use_llm=False)
    assert answer.status == "answered" and answer.language == "en"
    assert "サブタスク" in answer.quotes[0].text and answer.quotes[0].translation


def test_follow_up_uses_the_previous_question(speech_index):
    alone = speech_index.ask("What about its power supply?")
    follow = speech_index.ask("What about its power supply?", context="How did they build the GPU cluster in Memphis?")
    assert follow.status == "answered"
    assert any("メガワット" in q.text or "Mega Packs" in q.text for q in follow.quotes)
    assert follow.quotes != alone.quotes


def test_keypoints_start_with_the_articles_summary_list(speech_index, article_text):
    points = speech_index.keypoints()
    bullets = [p for p in speech_index.view().reading_order if p.ptype == "bullet"]
    assert [p.quotes[0].paragraph for p in points.points[: len(bullets)]] == [b.paragraph for b in bullets]
    headings = [s.heading for s in speech_index.view().sections]
    assert [p.text for p in points.points[len(bullets) :]] == [
        h
        for h in headings
        if any(
            speech_index.view().passages[pid].ptype != "bullet"
            for s in speech_index.view().sections
            if s.heading == h
            for pid in s.passage_ids
        )
    ]
    for p in points.points:
        for q in p.quotes:
            assert article_text[q.start : q.end] == q.text
    # A related article's headline, filed under the section it sits in, never speaks for it.
    assert not any("DOGE" in q.text for p in points.points for q in p.quotes)


@pytest.mark.parametrize("question", ["Does Musk love AI more than DOGE?", "マスクはDOGEとAIのどちらが好きですか?"])
def test_a_related_articles_headline_answers_what_only_it_names(speech_index, question):
    """DOGE is named only in the page's related-article headline (twice): it is quoted, once."""
    answer = speech_index.ask(question, use_llm=False)
    assert answer.status == "answered", answer.reason
    headlines = [q for q in answer.quotes if "DOGEよりもAIが大好き" in q.text]
    assert len(headlines) == 1


def test_the_model_sees_a_related_headline_only_when_retrieval_quoted_one(speech_index):
    from index.llm.answerer import _quotes_related

    view = speech_index.view()
    assert _quotes_related(view, speech_index.ask("Does Musk love AI more than DOGE?", use_llm=False).quotes)
    assert not _quotes_related(view, speech_index.ask("Why did Musk leave his government job?", use_llm=False).quotes)


@pytest.mark.parametrize("question", ["What does Musk love?", "寿司の作り方を教えて", "What did Musk say about AI?"])
def test_a_related_articles_headline_is_left_out_of_other_questions(speech_index, question):
    """Short and on the article's subjects, it is close by meaning to any question (it answered
    寿司の作り方を教えて): only a question naming what no other passage names may get it."""
    answer = speech_index.ask(question, use_llm=False)
    assert not any("DOGE" in q.text for q in (*answer.quotes, *answer.related))


def test_keypoints_for_a_section_and_for_a_free_topic(speech_index):
    section = speech_index.keypoints("ハードウェア")
    assert section.points and {q.section for p in section.points for q in p.quotes} == {
        "ハードウェアコンペティション:ゼロから十万GPUへのエンジニアリングの奇跡"
    }
    free = speech_index.keypoints("his plans for Mars")
    assert free.points and any("火星" in q.text for p in free.points for q in p.quotes)
    none = speech_index.keypoints("recipes for pasta sauce")
    assert none.points == () and none.reason


HELDOUT = EVALS.with_name("heldout.jsonl")


@pytest.mark.parametrize("path", [EVALS, HELDOUT], ids=["tuning", "heldout"])
def test_refusals_and_evidence_on_the_projects_own_sets(speech_index, path):
    """Per language: off-topic all refused, most in-domain unanswerable ones refused, answerable ones
    rarely refused and their evidence in a quote, every quote verbatim (figures in README)."""
    view = speech_index.view()
    report = evaluate(load_eval(path), speech_index.ask, lambda s: view.texts[s])
    for lang, score in report.by_lang.items():
        assert score.off_topic_refused == score.off_topic, (lang, score.not_refused)
        assert score.any_hit / score.answerable >= 0.9, (lang, score.missed)
        # Two deliberately reworded English questions of the tuning set are refused (5%), and one
        # Japanese one (3%).
        assert len(score.refused_wrong) / score.answerable <= 0.06, (lang, score.refused_wrong)
    # Issue 9 asks for 60%: 65% on the tuning and held-out sets (README, "Refusals").
    in_domain = sum(s.in_domain for s in report.by_lang.values())
    assert sum(s.in_domain_refused for s in report.by_lang.values()) / in_domain >= 0.6
    assert report.verbatim == report.quotes > 0


@pytest.mark.parametrize(
    ("question", "missing"),
    [("What did Musk say about Neuralink?", "neuralink"), ("マスクの趣味は何ですか?", "趣味")],
)
def test_a_question_on_something_the_article_never_mentions_is_refused_with_related_passages(
    speech_index, article_text, question, missing
):
    answer = speech_index.ask(question)
    assert answer.status == "not_found" and answer.quotes == ()
    assert missing in answer.reason.casefold()
    assert 1 <= len(answer.related) <= 3
    for quote in answer.related:
        assert article_text[quote.start : quote.end] == quote.text
    assert answer.to_dict()["related"][0]["text"] == answer.related[0].text


@pytest.mark.parametrize(
    ("question", "lang", "terms"),
    [
        ("What did Musk say about Tesla's robotaxi plans?", "en", ["tesla", "robotaxi"]),
        ("What did Musk say about SpaceX's early struggles?", "en", ["spacex"]),  # an aspect, not a thing
        ("テスラの資金面の苦労についてどう話しましたか?", "ja", ["テスラ", "資金面"]),
        ("What is his view on nuclear power?", "en", ["nuclear", "power"]),
        ("What does Musk think of OpenAI?", "en", ["openai"]),
        ("マスクは火星の大気について何と言った?", "ja", ["マスク", "火星", "大気"]),
        ("マスクはChatGPTをどう評価していますか?", "ja", ["マスク", "chatgpt"]),
        ("What fictional machine did Musk worry about creating?", "en", []),  # not asking what was said
        # Mentioning or discussing something asks the same (evals/fresh21); "mentioned in" does not.
        ("Did Musk mention Tesla's robotaxi?", "en", ["tesla", "robotaxi"]),
        ("Did he say anything about Starlink?", "en", ["starlink"]),
        ("Did Musk discuss his children?", "en", ["children"]),
        ("Which social media platform is mentioned in the funding report?", "en", []),
        ("How many GPUs are there?", "en", []),
        # Which of two things he likes more asks his words on both (evals/fresh61); a choice of states does not.
        ("Does Musk prefer crypto or AI?", "en", ["crypto", "ai"]),
        ("Which does Musk love more, Dogecoin or AI?", "en", ["dogecoin", "ai"]),
        ("Does Musk like AI more than DOGE?", "en", ["ai", "doge"]),
        ("マスクは暗号資産とAIのどちらが好き?", "ja", ["マスク", "暗号資産", "ai"]),
        ("Is Grok 3.5 already released or still training?", "en", []),
    ],
)
def test_the_topic_of_a_question_asking_what_was_said_about_it(question, lang, terms):
    from index.answerability import topic_terms

    assert topic_terms(question, lang) == terms


@pytest.mark.parametrize(
    ("question", "terms"),
    [
        ("Did Musk get a medal in Washington?", ["medal"]),  # evals/fresh64
        ("Is xAI planning an IPO?", ["ipo"]),
        ("Did xAI rent a nuclear reactor for Memphis?", ["nuclear", "reactor"]),
        ("Did Musk announce a new phone?", ["phon"]),
        ("Did Musk sleep at the data center?", []),  # nothing indefinite
        ("Did Musk admit to any hesitation about AI?", []),  # "any": his Terminator worry (evals/fresh51)
        # A kind of statement or an assessment, which the article may give in its own words.
        ("Did Musk use an analogy for the AI wave?", []),
        ("Is there a public launch date for Grok 3.5?", []),
        ("Did the team hit a milestone in Memphis?", []),
    ],
)
def test_what_a_yes_no_question_asks_whether_the_article_tells_of(question, terms):
    from index.answerability import indefinite_object

    assert indefinite_object(question, "en") == terms


@pytest.mark.parametrize(
    ("question", "absent"),
    [
        ("What did Musk say about Tesla's robotaxi plans?", "robotaxi"),
        ("What is Musk's view on nuclear power?", "nuclear"),
        ("マスクは火星の大気について何と言った?", "大気"),
        ("Did Musk mention Tesla's robotaxi?", "robotaxi"),
        # Hearsay checked with "Did he?" asks the claim (evals/fresh64).
        ("Someone in chat claimed Musk got a medal in Washington. Did he?", "medal"),
    ],
)
def test_asked_what_was_said_about_something_the_article_never_names_it_refuses(speech_index, question, absent):
    """Tesla, power, 火星 are in the article and most of the question's weight is held: the one word
    of the topic that the article never uses is what decides it, and only that word is named."""
    answer = speech_index.ask(question, use_llm=False)
    assert answer.status == "not_found" and answer.related
    assert absent in answer.reason
    assert "plans" not in answer.reason  # in the article ("plans to move supplies"), though not in the best passages


def test_a_complaint_is_an_aspect_the_article_tells_in_its_own_words(speech_index):
    """Musk's complaint about politics is 信号ノイズがひどすぎる; the word "complaint" is nowhere in the
    article, and the question was refused for lacking it (evals/fresh67)."""
    answer = speech_index.ask("What was Musk's complaint about the noise in politics?", use_llm=False)
    assert answer.status == "answered", answer.reason
    assert "信号ノイズがひどすぎる" in answer.quotes[0].text


def test_a_topic_word_the_article_uses_elsewhere_is_not_refused(speech_index):
    """ "rockets" is not in the passages retrieval ranks best for this question, but the article has it."""
    assert speech_index.ask("What did he say about rockets?", use_llm=False).status == "answered"


def test_a_passage_holding_the_missing_words_joins_the_candidates(speech_index, monkeypatch):
    """The vectors put the rocket passage ninth on one machine and in the first eight on another: where
    the best passages lack most of the question's words and one or two passages hold each, those join
    the candidates (three here, so that the vectors alone surely miss it)."""
    monkeypatch.setattr("index.engine.CANDIDATE_PASSAGES", 3)
    answer = speech_index.ask("What did Musk say about rockets?", use_llm=False)
    assert answer.status == "answered" and "ロケット" in answer.quotes[0].text
    monkeypatch.setattr("index.engine.LEXICAL_CANDIDATE_DF", 0)
    assert speech_index.ask("What did Musk say about rockets?", use_llm=False).status == "not_found"


@pytest.mark.parametrize(
    ("question", "lang", "terms", "subject"),
    [
        ("What is the climate in Memphis?", "en", ["climat"], ["memphis"]),
        ("Who is the mayor of Memphis?", "en", ["mayor"], ["memphis"]),
        ("What is Mars's atmosphere like?", "en", ["atmospher"], ["mar"]),
        ("サンフランシスコの気温はどれくらいですか?", "ja", ["気温"], ["サンフランシスコ"]),
        ("火星の首都はどこになる?", "ja", ["首都"], ["火星"]),  # what is to come (evals/fresh67)
        ("アルトマンの講演のテーマは何だった?", "ja", ["テーマ"], ["アルトマン"]),  # a plain past (evals/fresh51)
        ("What's the time frame for superintelligence?", "en", None, None),  # a time frame is a time (fresh68)
        ("What is the name of the factory?", "en", None, None),  # the article states a name, not the word
        ("What is the size of the cluster?", "en", None, None),  # a measure: index/figures.py's step
        ("データセンターの電力需要は?", "ja", ["電力需要"], ["データセンター"]),
        ("スーパークラスターの構築期間は?", "ja", None, None),  # ends in a framing word (期間)
        ("スペースXのロケットは何回目で成功しましたか?", "ja", None, None),  # a verb follows: not an attribute
        ("What is xAI's new model good at?", "en", None, None),  # not "X of Y"
        # "afraid of" asks what he feared; "of that made him …" is a clause, not a subject (evals/fresh11).
        ("What was Musk afraid of that made him slow on robots?", "en", None, None),
        ("What is Musk proud of in the Memphis build?", "en", None, None),
        ("破産の危機はいつ?", "ja", None, None),  # a crisis is an aspect: the article tells of it otherwise
        ("火星の嵐は何ですか?", "ja", ["嵐"], ["火星"]),  # a noun of one kanji
        ("犬の平均体重は?", "ja", ["平均体重"], ["犬"]),  # a subject of one kanji (evals/fresh41)
        ("何の平均体重は?", "ja", ["平均体重"], []),  # a question word is no subject
        ("ロケットの数は?", "ja", None, None),  # a framing word of one kanji
        ("多惑星種になることの意義は?", "ja", None, None),  # significance, an aspect (evals/fresh12)
        # A countermeasure is an aspect: the article tells what was done, not the word (evals/fresh46).
        ("トレーニング中の電力変動への対策は?", "ja", None, None),
        ("What was the solution to the power swings?", "en", None, None),
        ("火星の都市の人口目標は?", "ja", ["人口"], ["火星", "都市"]),  # a target population asks a population
        ("サプライヤーの見積もりは?", "ja", None, None),  # an estimate is a figure, here 18〜24ヶ月 (evals/fresh21)
        ("What was the suppliers' estimate?", "en", None, None),
        ("クラスタに使われたGPUの型番は?", "ja", None, None),  # a model's name: H100 (evals/fresh56)
        # One word of the subject's asked before a verb (evals/fresh22); a framing word asks its sort.
        ("What brand of generators did they rent?", "en", ["brand"], ["generator"]),
        ("What kind of descendants does Musk talk about?", "en", None, None),
        ("What is heading toward us, in Musk's picture, while we clean the beach?", "en", None, None),  # clauses
        # A verb in -ing, not an attribute (evals/fresh29); with an article it is a noun.
        ("What was littering the beach in Musk's analogy?", "en", None, None),
        ("What was the spending on the Memphis build?", "en", ["spend"], ["memphis", "build"]),
        # A clause with a verb of its own ("Musk has" in mind), and "the deal with X", ask no attribute
        # (evals/fresh62: both were refused as "The article does not give …").
        ("Who are the 'descendants' Musk has in mind?", "en", None, None),
        ("What's the deal with X in the funding news?", "en", None, None),
        # An amount of a noun a clause describes (evals/fresh64); a noun alone so described is often a
        # category the article instantiates (都市 for サンフランシスコ, 製品 for Mega Packs): no attribute.
        ("Grok 3.5の学習に使ったトークン数は?", "ja", ["トークン"], ["grok", "3.5", "学習", "使"]),
        ("YCが初めてAIの学校を開いた都市は", "ja", None, None),
        # The の of のめり込んだ is no particle: an attribute starts on a noun (evals/fresh66).
        ("マスクが現場の作業にのめり込んだ様子は?", "ja", None, None),
        ("メンフィスで使われたテスラ製品は?", "ja", None, None),
    ],
)
def test_the_attribute_a_question_asks_of_something(question, lang, terms, subject):
    from index.answerability import attribute_asked

    found = attribute_asked(question, lang)
    assert (found and list(found.terms), found and list(found.subject)) == (terms, subject)


@pytest.mark.parametrize(
    ("question", "what"),
    [
        ("What is the climate in Memphis?", "the climate in Memphis"),  # "climate": nowhere in the article
        ("火星の人口は?", "火星の人口"),  # 人口 (of robots) and 火星, never in one passage
        # ... nor with an aspect (evals/fresh20): 人口目標 met 人口 by meaning and was answered.
        ("火星の都市の人口目標は?", "火星の都市の人口目標"),
        # What was said about one (evals/fresh17): "models" (of AI) and OpenAI, never in one passage.
        ("What did Musk say about OpenAI's models?", "OpenAI's models"),
        ("OpenAIのモデルについて何と言った?", "OpenAIのモデル"),
        # A count of things a subject has (evals/fresh19): GPUs and OpenAI, never in one passage.
        ("How many GPUs does OpenAI have?", "OpenAI's GPUs"),
        ("OpenAIのGPUは何台?", "OpenAIのGPU"),
        # One word of the subject's before a verb (evals/fresh22): the article names no generator's brand.
        ("What brand of generators did they rent?", "the brand of generators"),
        ("xAIが訓練に使ったトークン数は?", "xAIが訓練に使ったトークン数"),  # tokens: nowhere in the article
        # A count asked of a subject in several words, whose passage (第二のデータセンター) holds none of the
        # things counted; another passage holds データセンター and 冷却装置 (evals/fresh64; a real 1.5B
        # model answered 第二のデータセンターの冷却装置は11万台GB200台です).
        ("第二のデータセンターの冷却装置は何台?", "第二のデータセンターの冷却装置"),
        ("How many cooling units does the second data center have?", "the second data center's cooling units"),
    ],
)
def test_asked_a_property_of_something_the_article_never_states_it_refuses(speech_index, question, what):
    answer = speech_index.ask(question, use_llm=False)
    assert answer.status == "not_found" and answer.related
    assert what in answer.reason


@pytest.mark.parametrize(
    "question",
    [
        "What did Musk say about SpaceX's early launches?",
        "What did Musk say about the size of the economy?",
        "What's the debt portion of the financing?",  # "portion" frames it, as "share" does (evals/fresh17)
        # "part of" and "emphasis" frame them too (evals/fresh34): both were refused for lacking them.
        "How much debt financing is part of the deal?",
        "What is the emphasis of the Grok 3.5 training?",
        # Counted where the subject is named, though "chips" is no word of the article (evals/fresh6).
        "How many H200 chips does the training center have?",
        "トレーニングセンターのH100は何台?",
        "How many GB200s does the second data center have?",
        "第二のデータセンターのGB200は何台?",
        "サプライヤーの見積もりは?",  # the suppliers quoted 18 to 24 months (evals/fresh21)
        "What model of GPU fills the training center?",  # H100, H200 and GB200 are models
        "Which version of Grok is being trained?",
    ],
)
def test_a_property_said_or_asked_of_something_the_article_states_is_answered(speech_index, question):
    answer = speech_index.ask(question, use_llm=False)
    assert answer.status == "answered", answer.reason


@pytest.mark.parametrize(
    "question",
    [
        "Who is the CEO of OpenAI?",
        "What is the population of humanoid robots?",
        "What is the focus of Grok 3.5?",
        "What was Musk afraid of that made him slow on robots?",  # no attribute: what he feared
        "What was littering the beach in Musk's analogy?",  # a verb: syringes, feces and garbage
    ],
)
def test_a_property_the_article_states_with_its_subject_is_answered(speech_index, question):
    """ "CEO" and OpenAI, "population" and robots, "focus" and Grok 3.5 share a passage."""
    assert speech_index.ask(question, use_llm=False).status == "answered"


@pytest.mark.parametrize(
    ("question", "names"),
    [
        ("Is Grok 4 better than Grok 3.5?", ["Grok 4"]),
        ("How many H300 chips are there?", ["H300"]),
        ("What about Grok 3?", ["Grok 3"]),  # not Grok 3.5
        ("What is Grok 3.5 focusing on?", []),
        ("How many GB200s will come online?", []),
        ("Is humanity a Type 1 civilization?", []),  # "Type" is in the renderings only: II型, written otherwise
        ("What did he call his 130 days in office?", []),  # not a name
        ("What happened in 2008?", []),
    ],
)
def test_numbered_names_the_article_never_writes(article_text, question, names):
    import unicodedata

    from index.answerability import numbered_names

    assert numbered_names(question, unicodedata.normalize("NFKC", article_text).casefold()) == names


@pytest.mark.parametrize(
    ("question", "names"),
    [
        ("Why did Musk start Neuralink?", ["Neuralink"]),
        ("Is Grok 3.5 better than GPT-4?", ["GPT-4"]),
        ("NeuralinkについてGrokは何と言いましたか?", ["Neuralink"]),  # Japanese: no sentence-initial capital
        ("What did he say? And Neuralink?", ["Neuralink"]),
        # Known, written otherwise: spaces ("Mega Packs"), an initialism ("Y Combinator"), a link line.
        ("How many Megapacks did they use?", []),
        ("What did Musk tell the YC audience?", []),
        ("Why did Musk leave DOGE?", []),
        # A qualifier of a known name; the first word of a sentence; camel case (xAI is "Musk's team").
        ("How many Nvidia H100 GPUs are in the cluster?", []),
        ("Tell me about the data center.", []),
        ("Where did xAI build its cluster?", []),
        # A name fills whole words: "Wars" is no part of "toward" (nor "war" of "software").
        ("Summarize the plot of Star Wars.", ["Wars"]),
        ("Is Musk at war with the Software Guild?", ["Guild"]),
        ("What did Musk learn in DC?", []),
        # A name right after a Japanese particle (evals/fresh55: Grok 3.5とClaudeの違い was answered).
        ("Grok 3.5とClaudeの違いは?", ["Claude"]),
    ],
)
def test_names_the_sources_never_write(article_text, question, names):
    from index.answerability import KnownNames, absent_names

    # The article with words its English renderings write (the engine adds every rendering).
    known = KnownNames(
        article_text + " Elon Musk, Y Combinator, Mega Packs, H100 GPUs, a star's energy, toward, software"
    )
    assert absent_names(question, known) == names


def test_a_question_naming_something_the_sources_never_write_is_refused(speech_index, monkeypatch):
    """Musk, Grok 3.5 and "better" are in the article; GPT-4 is not: no step before this one refused it."""
    answer = speech_index.ask("Is Grok 3.5 better than GPT-4?", use_llm=False)
    assert answer.status == "not_found" and "GPT-4" in answer.reason and answer.related
    monkeypatch.setattr("index.engine.absent_names", lambda text, known: [])
    assert speech_index.ask("Is Grok 3.5 better than GPT-4?", use_llm=False).status == "answered"


@pytest.mark.parametrize(
    ("question", "status"),
    [
        ("How long was Musk's talk?", "not_found"),  # evals/fresh36: the suppliers' 18 to 24 months
        ("How long did the event last?", "not_found"),
        ("講演はどのくらいの長さだった?", "not_found"),
        # A measure of something the question names.
        ("How long was Musk's government stint?", "answered"),
        ("How long did Musk's team take to build the cluster?", "answered"),
    ],
)
def test_a_measure_of_the_talk_itself_is_refused(speech_index, question, status):
    answer = speech_index.ask(question, use_llm=False)
    assert answer.status == status, answer.reason


def test_a_one_word_question_on_something_nothing_writes_is_refused(speech_index):
    """ "Optimus?" lacks its only word, yet was answered: put "something" in its place and the question
    loses all it asks, so its score on the renderings (of humanoid robots) drops, as a paraphrase's does.
    Nothing in the sources or their renderings writes it: the drop says nothing (evals/fresh37)."""
    answer = speech_index.ask("Optimus?", use_llm=False)
    assert answer.status == "not_found" and "Optimus" in answer.reason and answer.related
    assert speech_index.ask("Robots?", use_llm=False).status == "answered"  # the renderings' word


def test_a_question_naming_a_numbered_thing_the_article_never_names_is_refused(speech_index):
    """ "Grok" and "4" are both in the article (Grok 3.5, the 4th launch); Grok 4 is not."""
    answer = speech_index.ask("What did Musk say about Grok 4?", use_llm=False)
    assert answer.status == "not_found" and "Grok 4" in answer.reason and answer.related
    assert speech_index.ask("What did Musk say about Grok 3.5?", use_llm=False).status == "answered"


@pytest.mark.parametrize(
    ("question", "years"),
    [
        ("What will the AI economy look like in 2030?", ["2030"]),
        ("2030年のAI経済はどうなる?", ["2030年"]),
        ("How many robots will exist in 2026 and 2040?", ["2026", "2040"]),
        ("What happened to Tesla in 2008?", []),  # the article's own year
        ("How many GPUs are there, 150,000 or 2030?", ["2030"]),
        ("Is it 1.2030 or 12030?", []),  # not years
    ],
)
def test_years_the_article_never_writes(article_text, question, years):
    import unicodedata

    from index.answerability import absent_years

    assert absent_years(question, unicodedata.normalize("NFKC", article_text).casefold()) == years


def test_a_question_about_a_year_the_article_never_writes_is_refused(speech_index, monkeypatch):
    """ "AI" and "economy" are the article's; 2030 is not: without the year step the economy passage
    answered it."""
    answer = speech_index.ask("What will the AI economy look like in 2030?", use_llm=False)
    assert answer.status == "not_found" and "2030" in answer.reason and answer.related
    assert speech_index.ask("What happened with Tesla's funding in 2008?", use_llm=False).status == "answered"
    monkeypatch.setattr("index.engine.absent_years", lambda text, source: [])
    assert speech_index.ask("What will the AI economy look like in 2030?", use_llm=False).status == "answered"


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Give me the headline of the article", "title"),
        ("What's the headline?", "title"),
        ("What is the title of this story?", "title"),
        ("この記事の見出しは?", "title"),
        ("記事のタイトルを教えて", "title"),
        ("What is this article about?", "gist"),
        ("what was the talk about", "gist"),
        ("What was the event about?", "gist"),  # the talk's words are THE_TALK's, one list
        ("Summarize the article.", "gist"),
        ("tl;dr", "gist"),
        ("この記事は何について?", "gist"),
        ("講演の要点は?", "gist"),
        # About what the article reports, not the article itself.
        ("What does the article say about Mars?", None),
        ("What title did Musk hold in government?", None),
        ("What was the headline figure for the debt?", None),
        ("Summarize what Musk said about robots", None),
        ("マスクは記事で何と言った?", None),
        ("講演は何時に始まった?", None),  # a time of the talk, not what it was about
        ("この記事はどんな内容?", "gist"),
    ],
)
def test_questions_about_the_document_itself(question, kind):
    from index.question import asks_about_document

    assert asks_about_document(question) == kind


def test_the_headline_and_the_gist_are_answered_from_the_document_itself(speech_index, article_text):
    """The title is the article's own line, not a passage: retrieval refused "headline" (no passage holds
    the word) and answered "what is this article about?" with a passage on debt financing."""
    from index.sources import parse_source

    title = parse_source("a.txt", article_text).title
    for question in ("What's the headline?", "この記事の見出しは?"):
        answer = speech_index.ask(question, use_llm=False)
        assert answer.status == "answered" and [q.text for q in answer.quotes] == [title]
        quote = answer.quotes[0]
        assert article_text[quote.start : quote.end] == title
        assert quote.line == article_text[: quote.start].count("\n") + 1
    english = speech_index.ask("What's the headline?", use_llm=False)
    assert english.quotes[0].translation_source == "bundled" and english.quotes[0].translation in english.answer
    gist = speech_index.ask("What is this article about?", use_llm=False)
    first_paragraph = article_text.index("最近、アメリカのスタートアップ")
    assert gist.quotes[0].text == title and gist.quotes[1].start == first_paragraph
    assert all(article_text[q.start : q.end] == q.text and q.translation for q in gist.quotes)
    assert len(gist.quotes) == 3


@pytest.mark.parametrize(
    ("question", "asked", "said"),
    [
        # Later than the article's second data center, fourth launch, first AI Startup School.
        ("Which chips will the third data center use?", "third data center", "second data center"),
        ("What happened on SpaceX's 5th launch?", "5th launch", "fourth rocket launch"),
        ("Will there be a second AI Startup School?", "second AI Startup School", "first AI Startup School"),
        ("第三のデータセンターはいつ稼働する?", "第三のデータセンター", "第二のデータセンター"),
        ("5回目のロケット発射は?", "5回目のロケット発射", "4回目のロケット発射"),
        ("3つ目のデータセンターには何が入る?", "3つ目のデータセンター", "第二のデータセンター"),
        ("2回目のAIスタートアップスクールはいつ?", "2回目のAIスタートアップスクール", "初のAIスタートアップスクール"),
        # The next one: later than a past one; the second data center, still to come, is the next one.
        ("When is SpaceX's next launch?", "next launch", "fourth rocket launch"),
        ("Where will the next AI Startup School be held?", "next AI Startup School", "first AI Startup School"),
        ("How many GB200s will the next data center bring online?", None, None),
        ("What will Musk do next?", None, None),
        # The article's own, an earlier one (three failures came before the fourth), a thing it never
        # counts, no thing at all; センター and スタート share only two characters.
        ("When will the second data center go online?", None, None),
        ("What happened on SpaceX's second launch?", None, None),
        ("Who was the second speaker?", None, None),
        ("What happened the 3rd time SpaceX launched?", None, None),
        ("3番目の工場は?", None, None),
        ("2つ目のデータセンターには何が入る?", None, None),
    ],
)
def test_a_later_one_of_a_thing_than_the_article_tells_of(article_text, question, asked, said):
    from index.ordinals import LaterOrdinal, later_ordinal
    from index.renderings import bundled

    english = [r.en for r in bundled().values()]
    expected = LaterOrdinal(asked, said) if asked is not None and said is not None else None
    assert later_ordinal(question, [article_text, *english]) == expected


def test_a_question_about_a_later_one_than_the_article_tells_of_is_refused(speech_index):
    """Every word of "the third data center" is in the passage on the second, which answered it."""
    answer = speech_index.ask("Which chips will the third data center use?", use_llm=False)
    assert answer.status == "not_found" and answer.related
    assert answer.reason == message("answer.later_ordinal", "en", asked="third data center", said="second data center")
    assert speech_index.ask("Which chips will the second data center use?", use_llm=False).status == "answered"


@pytest.mark.parametrize(
    ("question", "words"),
    [
        ("When was SpaceX founded?", ["founded"]),
        ("Who started the Y Combinator accelerator?", ["started"]),  # a founding (evals/fresh28)
        ("Who co-founded Tesla?", ["co-founded"]),
        ("Who are the founders of xAI?", ["founders"]),
        ("When was the company established?", ["established"]),
        ("Where was Musk born? Is he married?", ["born", "married"]),
        ("スペースXはいつ設立されましたか?", ["設立"]),
        ("マスクはいつ結婚した?", ["結婚"]),
        # Schooling (evals/fresh34), not the school the article tells of.
        ("Where did Musk go to college?", ["college"]),
        ("マスクが通った大学は?", ["大学"]),
        ("Who spoke at the AI Startup School?", []),
        # An audience, a plan, "find", and a word the article has (生死の一線: life and death).
        ("What advice did Musk give to startup founders?", []),
        ("What does Musk want to establish on Mars?", []),
        ("AIから新しい産業は生まれる?", []),  # to arise, not to be born
        ("マスクはどこで生まれた?", ["どこで生まれ"]),
        ("What did the suppliers find?", []),
        ("Did Musk talk about death?", []),
    ],
)
def test_a_founding_birth_or_marriage_the_article_never_tells_of(speech_index, question, words):
    from index.answerability import unreported_history

    passages = speech_index._lexicon(speech_index.view()).passages
    assert unreported_history(question, passages) == words


def test_a_question_on_a_founding_is_refused(speech_index, monkeypatch):
    """ "SpaceX" held, "founded" not: one missing word of two was too little for the lexical step, and
    the 2008 of SpaceX's early launches answered the time asked (evals/fresh6)."""
    answer = speech_index.ask("When was SpaceX founded?", use_llm=False)
    assert answer.status == "not_found" and answer.related
    assert answer.reason == message("answer.unreported_history", "en", terms="founded")
    monkeypatch.setattr("index.engine.unreported_history", lambda text, passages: [])
    assert speech_index.ask("When was SpaceX founded?", use_llm=False).status == "answered"


@pytest.mark.parametrize(
    ("question", "verb"),
    [
        ("Who paid for the generators?", "paid for"),
        ("Which company supplied the generators?", "supplied"),  # the suppliers quote a schedule elsewhere
        ("Who funded SpaceX's fourth launch?", "funded"),
        ("Who replaced Musk at DOGE?", "replaced"),
        ("発電機は誰が提供した?", "提供"),
        ("テスラの破産を救ったのは誰?", "救った"),
        ("Who arranged the equity financing?", "arranged"),
        ("Which investors backed the debt financing?", "backed"),
        ("Who is lending the $5 billion?", "lending"),  # a verb in -ing asks the same (evals/fresh64)
        ("Who manufactured the mobile cooling units?", "manufactured"),  # evals/fresh40
        ("Which bank is providing the debt?", "providing"),
        ("Which social media platform is mentioned in the funding report?", None),  # a noun in -ing
        ("Who went back to the main quest?", None),  # "back", not "backed": no deal
        # Said in other words, or not about a deal: the article tells who held the event, and a launch
        # that succeeded is no one's deal.
        ("Who hosted the AI Startup School?", None),
        ("Who runs OpenAI, according to the article?", None),
        ("Which SpaceX launch finally succeeded?", None),
        ("How much did they pay for the generators?", None),  # not who: the figure step's question
        ("Who are the suppliers that quoted 18 to 24 months?", None),  # no deal asked
    ],
)
def test_who_made_a_deal_that_no_passage_tells_of(speech_index, question, verb):
    from index.answerability import unreported_counterparty

    passages = speech_index._lexicon(speech_index.view()).passages
    assert unreported_counterparty(question, passages) == verb


def test_a_question_on_who_paid_is_refused(speech_index, monkeypatch):
    """ "generators" held, "paid" not: the one missing word passed the lexical step, and the sentence on
    renting them, naming Electrolux and Tesla, was quoted as the answer."""
    answer = speech_index.ask("Who paid for the generators?", use_llm=False)
    assert answer.status == "not_found" and answer.related
    assert answer.reason == message("answer.unreported_counterparty", "en", verb="paid for")
    monkeypatch.setattr("index.engine.unreported_counterparty", lambda text, passages: None)
    assert speech_index.ask("Who paid for the generators?", use_llm=False).status == "answered"


@pytest.mark.parametrize(
    ("question", "org"),
    [
        ("Who runs Y Combinator, per the piece?", "Y Combinator"),  # named beside OpenAI's CEO (evals/fresh65)
        ("Who led Tesla's 2008 funding round?", "Tesla's 2008 funding round"),  # evals/fresh61
        ("Who leads the xAI engineering team?", "xAI engineering team"),
        # The article puts a title beside OpenAI: "OpenAI CEO Sam Altman".
        ("Who runs OpenAI, according to the article?", None),
        ("Who is the CEO of OpenAI?", None),
        ("Who did Musk invite?", None),  # not who runs something
        # In Japanese too; another spelling (オープンエーアイ) is left to the name steps.
        ("Y CombinatorのCEOは誰?", "Y Combinator"),
        ("テスラを率いているのは誰?", "テスラ"),
        ("OpenAIのCEOは誰?", None),
        ("オープンエーアイのCEOは誰?", None),
    ],
)
def test_who_runs_something_the_article_gives_no_head_of(speech_index, question, org):
    from index.answerability import unreported_leader

    lexicon = speech_index._lexicon(speech_index.view())
    assert unreported_leader(question, (lexicon.source, *lexicon.sentence_en)) == org
    answer = speech_index.ask(question, use_llm=False)
    assert (answer.status == "not_found") == (org is not None), answer.reason
    if org is not None and question.isascii():
        assert answer.reason == message("answer.attribute_absent", "en", what=f"the head of {org}")
    elif org is not None:
        assert answer.reason == message("answer.attribute_absent", "ja", what=f"{org}のトップ")


@pytest.mark.parametrize(
    ("question", "role"),
    [
        ("Which investors are joining the equity round?", "investors"),
        ("Which Y Combinator partner interviewed Musk?", "partner"),
        ("Who is xAI's lead investor?", "investor"),
        ("講演に参加した投資家は誰?", "投資家"),
        ("どの投資家が出資した?", "投資家"),
        ("Which lenders are behind the $5 billion in debt?", "lenders"),
        ("デットファイナンスの貸し手は誰?", "貸し手"),
        # "engineering" (the heading's エンジニアリングの奇跡) names a field, not people (evals/fresh33, fresh41).
        ("Which engineers did Musk praise by name?", "engineers"),
        ("Which engineers slept at the data center alongside Musk?", "engineers"),
        # Not a role asked who: what someone of it asked; and roles the article puts in other words
        # ("Which OpenAI executive was invited?" is answered by its CEO) are not looked at.
        ("What did the interviewer ask first?", None),
        ("Which OpenAI executive was also invited?", None),
        ("Who hosted the AI Startup School?", None),
    ],
)
def test_who_of_a_role_no_passage_names(speech_index, question, role):
    from index.answerability import unreported_role

    passages = speech_index._lexicon(speech_index.view()).passages
    assert unreported_role(question, passages) == role


def test_a_question_on_who_of_an_unnamed_role_is_refused(speech_index, monkeypatch):
    """ "equity round" held, "investors" not: the one missing word passed the lexical step, and the
    financing sentence was quoted as the answer (evals/fresh29)."""
    question = "Which investors are joining the equity round?"
    answer = speech_index.ask(question, use_llm=False)
    assert answer.status == "not_found" and answer.related
    assert answer.reason == message("answer.unreported_role", "en", role="investors")
    monkeypatch.setattr("index.engine.unreported_role", lambda text, passages: None)
    assert speech_index.ask(question, use_llm=False).status == "answered"


def test_a_question_typed_without_its_question_mark_is_embedded_with_it(speech_index):
    """Lower case and no mark, as people type in a chat: the off-topic one was answered with quotes."""
    from index.question import as_asked

    assert as_asked("what is the speed of light") == "what is the speed of light?"
    assert as_asked("Tell me about the beach") == "Tell me about the beach"  # not a question form
    assert as_asked("is it close.") == "is it close."
    assert as_asked("マスクは何と言った") == "マスクは何と言った"
    assert speech_index.ask("what is the speed of light", use_llm=False).status == "not_found"
    answer = speech_index.ask("where did the electricity for the computers come from", use_llm=False)
    assert answer.status == "answered" and answer.question == "where did the electricity for the computers come from"


@pytest.mark.parametrize(
    ("question", "status"),
    [
        # No word of their own, or only a sum: each was answered with quotes by embedding scores alone.
        ("What can you do?", "not_found"),
        ("こんにちは", "not_found"),
        ("What is 2+2?", "not_found"),
        ("1+1は?", "not_found"),
        ("what's 15% of 80", "not_found"),  # evals/fresh19
        ("80の15%は?", "not_found"),
        # Asking about the talk needs no other word; a year is a word of its own.
        ("What was the talk about?", "answered"),
        ("What was said?", "answered"),
        ("何について話した?", "answered"),
        ("What happened in 2008?", "answered"),
    ],
)
def test_a_question_without_a_word_of_its_own_is_about_the_talk_or_nothing(speech_index, question, status):
    answer = speech_index.ask(question, use_llm=False)
    assert answer.status == status, answer.reason
    if status == "not_found":
        assert answer.related == () and answer.reason == message("answer.not_found", language_of(question))


@pytest.mark.parametrize(
    ("question", "status"),
    [
        ("How can I get a ticket to Memphis?", "not_found"),
        ("How to rent a generator?", "not_found"),
        ("メンフィスに行くにはどうすればいいですか?", "not_found"),
        ("寿司の作り方を教えて", "not_found"),  # once 教えて framed no term, its one word left it answered
        ("マスクの発電機の使い方は?", "answered"),  # about Musk
        ("How do I become a participant rather than a spectator, according to Musk?", "answered"),
        ("How did Musk's team build the cluster so quickly?", "answered"),  # not a request for instructions
        # About the asker's own things (evals/fresh21), unless about the talk.
        ("Can you help me with my math homework?", "not_found"),
        ("私の宿題を手伝ってくれる?", "not_found"),
        ("In my own words: what did Musk compare fixing government to?", "answered"),
    ],
)
def test_a_request_for_instructions_is_not_a_question_about_the_talk(speech_index, question, status):
    answer = speech_index.ask(question, use_llm=False)
    assert answer.status == status
    if status == "not_found":
        assert answer.related == ()  # off-topic: no closest passages


@pytest.mark.parametrize(
    ("question", "status"),
    [
        ("How do rockets work?", "not_found"),  # evals/general: answered with the launches' passage
        ("What is the history of the Electrolux company?", "not_found"),
        ("How does the Kardashev scale work?", "not_found"),
        ("ロケットの仕組みは?", "not_found"),
        ("テスラの歴史を教えて", "not_found"),
        # What Musk or the article said of it is about the talk.
        ("What did Musk say about the history of SpaceX?", "answered"),
        ("How did Musk say the Kardashev scale works?", "answered"),
        ("How did Musk's team build the cluster so quickly?", "answered"),
    ],
)
def test_a_request_for_general_knowledge_is_not_a_question_about_the_talk(speech_index, question, status):
    answer = speech_index.ask(question, use_llm=False)
    assert answer.status == status, answer.reason
    if status == "not_found":
        assert answer.reason == message("answer.general_knowledge", language_of(question))


@pytest.mark.parametrize(
    ("question", "status"),
    [
        ("Convert 100 dollars to yen", "not_found"),  # evals/fresh38: answered with the financing passage
        ("100ドルを円に換算して", "not_found"),
        ("Can you calculate 15% of 150,000?", "not_found"),
        ("Please translate 'hello' into German", "not_found"),
        ("Recommend a good laptop for programming", "not_found"),  # evals/fresh39
        # On the talk: what Musk said, in the reader's words.
        ("Translate Musk's tsunami quote", "answered"),
        ("How did Musk's team calculate the power they needed?", "answered"),  # not a task set to the bot
    ],
)
def test_a_task_set_to_the_bot_is_not_a_question_about_the_talk(speech_index, question, status):
    answer = speech_index.ask(question, use_llm=False)
    assert answer.status == status, answer.reason
    if status == "not_found":
        assert answer.reason == message("answer.task", language_of(question))


@pytest.mark.parametrize(
    ("question", "lang", "who"),
    [
        ("What did Sam Altman say about AI?", "en", "Sam Altman"),
        ("What does the team tell investors?", "en", "the team"),
        ("アルトマンは講演で何を話しましたか?", "ja", "アルトマン"),
        # What someone predicted, believes or announced is their words too.
        ("What did Sam Altman predict for startups?", "en", "Sam Altman"),
        ("What does the team believe?", "en", "the team"),
        ("アルトマンは何を予測した?", "ja", "アルトマン"),
        # What was said, by its kind (evals/fresh32).
        ("What points did Sam Altman make on stage?", "en", "Sam Altman"),
        ("What advice did the suppliers give?", "en", "the suppliers"),
        ("What point did the beach analogy prove?", "en", None),  # not what someone made or gave
        ("How many GPUs did they rent?", "en", None),
        ("What did Musk compare the government to?", "en", None),  # not what someone said
        # A reply or a reaction is words too (evals/fresh41).
        ("How did Sam Altman respond to Musk's predictions?", "en", "Sam Altman"),
        ("What was Sam Altman's reaction?", "en", "Sam Altman"),
        ("サム・アルトマンはマスクの予測にどう反応した?", "ja", "サム・アルトマン"),
        ("How did Musk's team shorten the schedule?", "en", None),
        # A stance taken is words too (evals/fresh43).
        ("Did Sam Altman agree with Musk's timeline?", "en", "Sam Altman"),
        ("サム・アルトマンはマスクの予測に反対した?", "ja", "サム・アルトマン"),
        ("Did the team finish in six months?", "en", None),
        # The topic put first is not who spoke (evals/fresh58).
        ("ロボットについて、サム・アルトマンは何と言った?", "ja", "サム・アルトマン"),
        ("火星に関しては、マスクは何を予測した?", "ja", "マスク"),
    ],
)
def test_whom_a_question_asks_the_words_of(question, lang, who):
    from index.answerability import speaker

    assert speaker(question, lang) == who


@pytest.mark.parametrize(
    ("question", "status"),
    [
        ("What did Sam Altman tell the students?", "not_found"),  # named among the guests, never quoted
        ("What points did Sam Altman make on stage?", "not_found"),
        ("How did Sam Altman respond to Musk's predictions?", "not_found"),
        ("Did Sam Altman agree with Musk's timeline?", "not_found"),
        ("Does Musk agree that robots will outnumber people?", "answered"),  # his words are reported
        # Someone the article never mentions: it cannot report their words (evals/fresh44).
        ("What did the Memphis mayor say?", "not_found"),
        ("メンフィスの住民はデータセンターにどう反応した?", "not_found"),
        ("Y Combinatorは何と言いましたか?", "not_found"),
        ("What did the suppliers say about the timeline?", "answered"),  # "suppliers said it would take …"
    ],
)
def test_asked_what_someone_said_whom_the_article_only_mentions_it_refuses(speech_index, question, status):
    answer = speech_index.ask(question, use_llm=False)
    assert answer.status == status
    if status == "not_found":
        who = next(w for w in ("Sam Altman", "Y Combinator", "mayor", "住民") if w in question)
        assert who in answer.reason and answer.related


@pytest.mark.parametrize(
    ("who", "lang", "unused"),
    [
        ("the Memphis mayor", "en", ["mayor"]),
        ("メンフィスの住民", "ja", ["住民"]),
        ("Sam Altman", "en", []),  # mentioned (not quoted: another step's refusal)
        # Words before は holding a topic as well: a topic's word may be a paraphrase (比喩 for 例え).
        ("ビーチの比喩についてマスク", "ja", []),
    ],
)
def test_a_speaker_the_article_never_mentions(speech_index, who, lang, unused):
    from index.answerability import unmentioned

    assert unmentioned(who, lang, speech_index._lexicon(speech_index.view()).passages) == unused


@pytest.mark.parametrize(
    ("question", "lang", "person"),
    [
        ("What did Musk say about Sam Altman?", "en", ("Sam Altman", "Altman")),
        ("マスクはサム・アルトマンについて何と言いましたか?", "ja", ("サム・アルトマン", "アルトマン")),
        ("What did Musk say about GB200s?", "en", None),  # a thing, not a person
        ("What did Sam Altman say about AI?", "en", None),  # the speaker step's question
    ],
)
def test_the_person_a_question_asks_what_was_said_about(question, lang, person):
    from index.answerability import person_topic

    assert person_topic(question, lang) == person


@pytest.mark.parametrize(
    ("question", "lang", "thing"),
    [
        ("What is Musk's opinion of OpenAI?", "en", "OpenAI"),
        ("What does Musk think of OpenAI's ChatGPT?", "en", "OpenAI"),
        ("マスクはメンフィスについてどう思う?", "ja", "メンフィス"),
        ("What does Musk think about AI regulation?", "en", None),  # AI is no name
        ("マスクは政府の仕事をどう評価した?", "ja", None),
        ("What did Musk say about Memphis?", "en", None),  # what he told of it, not an opinion
        # A liking is an opinion; "like" after no subject is not a verb of one.
        ("Does Musk like Y Combinator?", "en", "Y Combinator"),
        ("マスクはメンフィスが好き?", "ja", "メンフィス"),
        ("Did Musk like working in government?", "en", None),
        ("What is a startup school like?", "en", None),
    ],
)
def test_the_thing_a_question_asks_an_opinion_of(question, lang, thing):
    from index.answerability import opinion_topic

    assert opinion_topic(question, lang) == thing


@pytest.mark.parametrize(
    ("question", "status"),
    [
        # Sam Altman is named among the guests, in a sentence reporting no one's words (evals/fresh11).
        ("What did Musk say about Sam Altman?", "not_found"),
        ("マスクはサム・アルトマンについて何と言いましたか?", "not_found"),
        # How he described him asks the same (evals/fresh38); how he described a thing may be answered.
        ("How did Musk describe Sam Altman?", "not_found"),
        ("マスクはサム・アルトマンをどう評した?", "not_found"),
        ("How did Musk describe the signal-to-noise in politics?", "answered"),
        # イーロン・マスク is named once so, and as マスク in every sentence reporting his words.
        ("What did the article say about Elon Musk?", "answered"),
        ("What did Musk say about GB200s?", "answered"),
        # An opinion of a thing named only where the article tells what happened (evals/fresh8, fresh23);
        # not of one named where it reports his words (Washington).
        ("What is Musk's opinion of OpenAI?", "not_found"),
        ("マスクはメンフィスについてどう思う?", "not_found"),
        ("How did he feel about his months in Washington?", "answered"),
    ],
)
def test_asked_what_was_said_about_a_person_the_article_only_names_it_refuses(speech_index, question, status):
    answer = speech_index.ask(question, use_llm=False)
    assert answer.status == status, answer.reason
    if status == "not_found":
        assert "only" in answer.reason or "だけ" in answer.reason
        assert answer.related


@pytest.mark.parametrize(
    ("question", "evidence"),
    [
        # Words of liking frame the question ("likes … best"); the article: "what I love" (evals/fresh12).
        ("What does Musk say he likes doing best?", "技術を構築すること、それが私の好きなことだ"),
        ("多惑星種になることの意義は?", "意識を星間に拡張するための重要なステップ"),
        # "regardless of" is a function word; "creating" means the rendering's "making", a word too
        # common to be a question's term but still one a passage holds (evals/fresh15).
        ("What did Musk conclude would happen regardless of his actions?", "私が何をしようと"),
        ("What movie robot did Musk worry about creating?", "ターミネーター"),
        # Words for the talk itself frame a question, as "talk" and "event" do (evals/talk.jsonl).
        ("At which event did Musk appear?", "AIスタートアップスクール"),
        ("Who else was a guest speaker alongside Musk?", "サム・アルトマン"),
        ("Which organisation put on the event Musk appeared at?", "Y Combinator"),
        # A stage, class or tier of something is its sort, as its level or type is (evals/fresh37).
        ("Which stage of civilization is humanity still far from?", "1級文明"),
        # A passive verb, not an attribute of the cluster (evals/fresh39).
        ("What are Mega Packs used for in the cluster?", "電力変動をスムーズに"),
    ],
)
def test_framing_words_the_article_does_not_use_do_not_refuse(speech_index, question, evidence):
    answer = speech_index.ask(question, use_llm=False)
    assert answer.status == "answered", answer.reason
    assert any(evidence in q.text for q in answer.quotes)


def test_a_paraphrase_with_words_the_article_lacks_is_still_answered(speech_index):
    """ "quit" is not in the article ("left his government post"), yet the question is answerable."""
    answer = speech_index.ask("Why did Musk quit working for the government?")
    assert answer.status == "answered"


def test_a_question_lacking_half_its_words_is_not_taken_for_off_topic(speech_index):
    """ "live" is nowhere in the article ("multiplanetary species", "lifespan"), and the question sits a
    little closer to general-knowledge sentences than to any passage: about half its words missing is
    not enough to call it off-topic (OFF_TOPIC_UNSUPPORTED)."""
    answer = speech_index.ask("Why should humans live on other planets?", use_llm=False)
    assert answer.status == "answered"
    assert any("多惑星種" in quote.text for quote in answer.quotes)


def test_question_terms_and_their_evidence():
    from index.answerability import PassageTerms, question_terms

    assert question_terms("What did Musk say about Bitcoin's price?", "en") == ["musk", "bitcoin", "pric"]
    # 辞め is a listed word (index/data/synonyms.txt) and one term; an unlisted one keeps its kanji (食べ: 食).
    assert question_terms("マスクの辞めた理由は何ですか?", "ja") == ["マスク", "辞め"]
    assert question_terms("マスクの食べた物は何ですか?", "ja") == ["マスク", "食"]
    terms = PassageTerms({"p1": "マスクはビーチを掃除する", "p2": "テスラ"}, {"p1": "Musk cleans the beach"})
    evidence = terms.evidence(["musk", "bitcoin"], ["p1"], "en")
    assert evidence.missing == ("bitcoin",) and evidence.unsupported > 0.5
    assert terms.evidence(["musk", "beach"], ["p1"], "en").unsupported == 0.0
    # Without an English rendering, an English question's words cannot be checked: no evidence either way.
    assert terms.evidence(["tesla"], ["p2"], "en").abstained
    # An aspect word held ("plan") supports nothing beside a word that is not (evals/fresh15's 月面基地の計画は?).
    plans = PassageTerms({"p1": "火星に物資を移転する計画"}, {})
    assert plans.evidence(["月面基地", "計画"], ["p1"], "ja").unsupported == 1.0
    assert plans.evidence(["計画"], ["p1"], "ja").unsupported == 0.0


def test_a_question_on_a_plan_for_something_the_article_never_names_is_refused(speech_index):
    answer = speech_index.ask("月面基地の計画は?", use_llm=False)
    assert answer.status == "not_found" and answer.related
    assert "月面基地" in answer.reason


def test_words_that_only_ask_for_a_measure_or_hedge_are_not_terms():
    from index.answerability import question_terms

    # "How long" wants a duration the article states as "130 days"; "long" itself is not what is asked.
    assert question_terms("How long was Musk's term in government?", "en") == ["musk", "term", "government"]
    assert question_terms("How tall is the tsunami?", "en") == ["tsunami"]
    assert question_terms("When did Tesla almost go broke?", "en") == ["tesla", "brok"]  # stemmed
    # An age is a subject, and "long" outside "how long" is a word like any other.
    assert question_terms("How old is Musk?", "en") == ["old", "musk"]
    assert "long" in question_terms("Which goal did he set for the long run?", "en")
    # The counter after 何 belongs to the question word (evals/fresh43: "日続" was a missing term); a
    # length of time (何年間, 何時間) stays one: the article states none in hours.
    assert question_terms("DC勤務、何日続いたっけ", "ja") == ["dc", "勤務"]
    assert question_terms("ロケットは何回目で成功した?", "ja") == ["ロケット", "成功"]
    assert question_terms("何人規模のチーム?", "ja") == ["規模", "チーム"]
    assert question_terms("火星の一日は何時間ですか?", "ja") == ["火星", "一日", "時間"]
    # 挙げた only says it was mentioned, の件 "the matter of" (evals/fresh41, fresh43): like "mention", "thing".
    assert question_terms("AIを安全にするためにマスクが挙げた土台は?", "ja") == ["ai", "安全", "マスク", "土台"]
    assert question_terms("ターミネーターの件って何の話?", "ja") == ["ターミネーター"]
    # Honorifics, contractions and "explain like I'm five" say how to ask, not what (evals/fresh45).
    assert question_terms("マスク氏がお好きなことは何だとおっしゃっていましたか。", "ja") == ["マスク"]
    # 本当に, 実際, 一体 stress the question as "really" and "actually" do (evals/fresh50).
    assert question_terms("マスクにとって本当にやりたいことって何?", "ja") == ["マスク"]
    assert question_terms("実際、一体何台のGPUがある?", "ja") == ["gpu"]
    # 行った is "went", like "go" (evals/fresh52); 額, 数, 量 ending a compound ask the amount of the rest
    # (借入額: 借入, which meets the article's デットファイナンス; evals/fresh49).
    assert question_terms("DCに行ってみて、政界の何がダメ?", "ja") == ["dc", "政界", "ダメ"]
    assert question_terms("X社の借入額と従業員数は?", "ja") == ["x", "社", "借入", "従業員"]
    assert question_terms("総額は?", "ja") == ["総額"]
    # 台数 as 数 (納車台数: 納車); how a request is put (もう一回教えて, 簡単にまとめて; evals/fresh55) and a
    # condition (前提条件, as "condition") frame it.
    assert question_terms("テスラの四半期の納車台数をまとめて", "ja") == ["テスラ", "四半期", "納車"]
    assert question_terms("経済がどこまで膨らむって話、もう一回教えて", "ja") == ["経済", "膨ら"]
    assert question_terms("政府の仕事をやめた理由を簡単にまとめて", "ja") == ["政府", "仕事"]
    assert question_terms("AIで経済が爆発的に伸びる前提条件って?", "ja") == ["ai", "経済", "爆発的", "伸び"]
    # 大事 frames as 重要 does, 最も as "most", 場合 ("in case") as a condition (evals/fresh53).
    assert question_terms("AIの安全のため最も大事な土台", "ja") == ["ai", "安全", "土台"]
    assert question_terms("補給船が途絶えた場合の火星", "ja") == ["補給船", "途絶", "火星"]
    assert question_terms("Explain like I'm five: what is Grok 3.5 focused on?", "en") == ["grok", "3.5", "focus"]
    assert question_terms("I’m curious: what did Musk say about Mars?", "en") == ["curious", "musk", "mar"]
    # Contractions typed without the apostrophe, as in a chat (evals/fresh53: "whats" held "what").
    assert question_terms("whats the name of musks first startup", "en") == ["musk", "first", "startup"]
    assert question_terms("hows grok doing, didnt he say", "en") == ["grok"]
    # A negated auxiliary, with either apostrophe (evals/fresh56).
    assert question_terms("What didn't Musk build, and what didn’t he?", "en") == ["musk", "build"]
    # A chat's greeting and thanks, and the bot addressed (evals/fresh55).
    assert question_terms("hey bot, what's the timeline for superintelligence? thx", "en") == [
        "timelin",
        "superintelligenc",
    ]


def test_words_for_the_day_frame_what_is_asked_like_now(speech_index):
    """ "today" held half the weight of "What's the weather like today?" (the renderings say "today's
    economy"), and it was answered with quotes; like "now", it only says when."""
    from index.answerability import question_terms

    assert question_terms("What's the weather like today?", "en") == ["weather"]
    assert question_terms("What will happen tomorrow, or happened yesterday?", "en") == []
    # 今日 too (evals/fresh21: 今日は何曜日? was answered, the article saying 今日の経済).
    assert question_terms("今日は何曜日?", "ja") == ["曜日"]
    assert speech_index.ask("今日は何曜日?", use_llm=False).status == "not_found"
    assert speech_index.ask("What's the weather like today?", use_llm=False).status == "not_found"
    answer = speech_index.ask("How big will the economy be compared with today's?", use_llm=False)
    assert answer.status == "answered" and any("数千倍" in q.text for q in answer.quotes)
    # "at the moment" as "now" (evals/fresh19: refused for "moment", which no sentence holds).
    assert question_terms("What is Musk training at the moment, or nowadays?", "en") == ["musk", "train"]
    answer = speech_index.ask("What is Musk training at the moment?", use_llm=False)
    assert answer.status == "answered" and any("Grok 3.5" in q.text for q in answer.quotes)
    # "The new Grok version" is Grok 3.5 (evals/fresh20: refused for "new" and "version", which no
    # rendering holds).
    assert question_terms("What is the new Grok version emphasizing?", "en") == ["grok", "emphasiz"]
    answer = speech_index.ask("What is the new Grok version emphasizing?", use_llm=False)
    assert answer.status == "answered" and any("推論能力" in q.text for q in answer.quotes)


def test_words_for_conditions_comparatives_and_structure_frame_what_is_asked(speech_index):
    """The article states a condition with "if", a size as "thousands of times" and a structure by its
    parts, never the words."""
    from index.answerability import question_terms

    question = "What conditions did Musk attach to his prediction of a much larger economy?"  # evals/fresh13
    assert question_terms(question, "en") == ["musk", "attach", "prediction", "economy"]
    assert question_terms("Under what caveat is the economy going to be bigger?", "en") == ["economy"]
    # Words for an opinion frame what was said, like "view"; hedges like "almost" (evals/fresh15).
    assert question_terms("What was his verdict on the beach?", "en") == ["beach"]
    assert question_terms("Who will our descendants mostly be?", "en") == ["descendant"]
    assert speech_index.ask(question, use_llm=False).status == "answered"
    # "structured" asks for the parts, which the article names (evals/fresh14).
    answer = speech_index.ask("How is the financing structured?", use_llm=False)
    assert answer.status == "answered", answer.reason
    assert any("43億ドルのエクイティファイナンス" in q.text for q in answer.quotes)


@pytest.mark.parametrize(
    ("question", "evidence"),
    [
        ("What was Musk's verdict on his months in government?", "面白いサイドミッション"),
        ("What is heading toward us, in Musk's picture, while we clean the beach?", "千フィートの高さ"),
    ],
)
def test_questions_once_misread_as_asking_a_property_are_answered(speech_index, question, evidence):
    """Both were refused as asking "the Musk's verdict …" and "the heading toward us, in Musk's picture …"
    (evals/fresh15)."""
    answer = speech_index.ask(question, use_llm=False)
    assert answer.status == "answered", answer.reason
    assert any(evidence in q.text for q in answer.quotes)


def test_words_of_liking_frame_what_is_asked():
    """In "his favourite food" the food is what is asked: the article's "what I love" holds the liking only."""
    from index.answerability import question_terms

    assert question_terms("What is Musk's favourite food?", "en") == ["musk", "food"]
    assert question_terms("What does he enjoy doing most?", "en") == []
    assert question_terms("マスクの好きな食べ物は何ですか?", "ja") == ["マスク", "食"]
    assert question_terms("マスクの大好きな映画は?", "ja") == ["マスク", "映画"]


@pytest.mark.parametrize("question", ["What does Musk love doing most?", "What does Musk love?"])
def test_words_of_liking_rank_the_passage_that_holds_one(speech_index, question):
    """No terms, but they rank: asked what Musk loves doing, "…building technology, which is what I
    love to do" is quoted first (it ranked fourth by meaning alone: evals/fresh16)."""
    answer = speech_index.ask(question, use_llm=False)
    assert answer.status == "answered", answer.reason
    assert "技術を構築すること、それが私の好きなことだ" in answer.quotes[0].text
    # Still no evidence of anything: a favourite food the article never names stays refused.
    assert speech_index.ask("What is Musk's favourite food?", use_llm=False).status == "not_found"


def test_a_noun_of_one_kanji_before_a_particle_is_a_term(speech_index):
    """波を, 水の are words; 何を, 人は, 時に mostly are not."""
    from index.answerability import question_terms

    assert question_terms("マスクはAIの波を何にたとえましたか?", "ja") == ["マスク", "ai", "波"]
    assert question_terms("人は何を時に考えますか", "ja") == []
    answer = speech_index.ask("AIの波を何にたとえた?", use_llm=False)
    assert any("津波" in q.text for q in answer.quotes)


def test_a_kanji_term_is_shown_with_its_okurigana_and_a_letter_as_itself():
    from index.answerability import question_terms, surface_words

    question = "テスラXの食べ物は?"
    assert surface_words(question, question_terms(question, "ja"), "ja") == ["テスラ", "x", "食べ"]
    # A listed word (index/data/synonyms.txt) is one: スペースX.
    question = "スペースXの食べ物は?"
    assert surface_words(question, question_terms(question, "ja"), "ja") == ["スペースx", "食べ"]
    assert surface_words("火星の嵐は?", ["嵐"], "ja") == ["嵐"]  # a noun of one kanji, before its particle
    # より ("than") is a particle too (evals/fresh73 showed 車よ); a bound kanji before it is no term.
    assert surface_words("車より安い?", ["車"], "ja") == ["車"]
    assert question_terms("今より増えた?", "ja") == ["増"]


def test_a_refusal_never_says_the_article_lacks_a_word_it_uses(speech_index, article_text):
    """記事には…についての記述はありません is said only of words that are nowhere in the article; a word
    that is elsewhere in it, though not in the passages matching the question best, is named as such."""
    import unicodedata

    from index.messages import message

    japanese = [q["question"] for q in QUESTIONS if q["lang"] == "ja"] + ["マスクの資金調達の額は?"]
    text = unicodedata.normalize("NFKC", article_text).casefold()
    absent_form, closest_form = (
        re.escape(message(key, "ja", terms="\0")).replace("\0", "(.+)")
        for key in ("answer.not_answered", "answer.not_in_closest")
    )
    seen = set()
    for answer in speech_index.ask_many([(q, None) for q in japanese], use_llm=False):
        for form in (absent_form, closest_form):
            m = re.fullmatch(form, answer.reason or "")
            if m:
                seen.add(form)
                for word in m.group(1).split("、"):
                    assert (unicodedata.normalize("NFKC", word).casefold() in text) == (form == closest_form), word
    assert seen == {absent_form, closest_form}


def test_a_refusal_names_the_question_s_words_in_its_own_letter_case(speech_index):
    answer = speech_index.ask("マスクはNFTについてどう思いますか?", use_llm=False)
    assert answer.status == "not_found" and "NFT" in answer.reason


def test_a_term_inside_a_compound_of_the_passage_is_held():
    from index.answerability import PassageTerms

    terms = PassageTerms({"p1": "多惑星種"}, {"p1": "becoming a multiplanetary species"})
    assert terms.found("p1", "planet", "en") == 1.0
    assert terms.found("p1", "plan", "en") == 0.0  # too short to stand for a word inside another


@pytest.mark.parametrize(
    ("question", "status"),
    [
        ("マスクは暗号資産とAIのどちらが好き?", "not_found"),  # the article never names crypto
        ("Does Musk prefer crypto or AI?", "not_found"),
        ("マスクはDOGEとAIのどちらが好き?", "answered"),  # DOGEよりもAIが大好き
        ("Does Musk prefer DOGE or AI?", "answered"),
    ],
)
def test_which_of_two_things_musk_likes_more_is_answered_only_when_the_article_names_both(
    speech_index, question, status
):
    answer = speech_index.ask(question, use_llm=False)
    assert answer.status == status, answer.reason
    assert status == "not_found" or "DOGEよりもAIが大好き" in answer.quotes[0].text


@pytest.mark.parametrize(
    ("question", "status"),
    [
        # Both named, but together only in a bullet on his early days, which likes neither (evals/fresh70).
        ("マスクって結局テスラとSpaceXどっちが好きなの?", "not_found"),
        ("Does Musk prefer Tesla or SpaceX?", "not_found"),
        ("Which does Musk like more, Mars or Earth?", "not_found"),
        # Together in a passage that tells of a choice: 参加者でいたい, メインタスクに戻ることに決めた.
        ("Does Musk prefer being a participant or a spectator?", "answered"),
        ("マスクは観客と参加者のどちらが好き?", "answered"),
        ("Does Musk prefer the main quest or the side quest?", "answered"),
    ],
)
def test_a_preference_between_two_things_the_article_names_needs_a_passage_weighing_them(
    speech_index, question, status
):
    answer = speech_index.ask(question, use_llm=False)
    assert answer.status == status, answer.reason
    if status == "not_found":
        assert "SpaceX" in answer.reason or "Mars" in answer.reason, answer.reason
        assert answer.related  # the closest passages are still shown


@pytest.mark.parametrize(
    ("a", "b", "one"),
    [
        ("goverment", "government", True),  # a letter left out
        ("governmment", "government", True),  # one added
        ("govarnment", "government", True),  # one changed
        ("reciev", "receiv", True),  # two swapped
        ("emission", "mission", False),  # the first letter is not a typo's
        ("govrnmnt", "government", False),  # two letters out
        ("government", "government", False),  # the same word
    ],
)
def test_one_edit_is_a_typo_after_the_first_letter(a, b, one):
    from index.answerability import one_edit

    assert one_edit(a, b) is one and one_edit(b, a) is one


def test_a_long_word_misspelt_by_one_letter_is_the_passage_word_a_short_one_is_not():
    from index.answerability import PassageTerms, english_terms

    terms = PassageTerms({"p1": "テキスト"}, {"p1": "the government and its power"})
    assert terms.found("p1", english_terms("goverment")[0], "en") == 1.0
    assert terms.found("p1", english_terms("tower")[0], "en") == 0.0  # too short: another word
    assert terms.found("p1", english_terms("goverment")[0], "en", literal=True) == 0.0


def test_a_misspelt_question_is_answered(speech_index):
    """A Discord question's typo ("goverment") was refused: "The article says nothing about goverment"
    (evals/fresh61)."""
    answer = speech_index.ask("what did musk say about the goverment being a side quest", use_llm=False)
    assert answer.status == "answered", answer.reason
    assert any(w in answer.quotes[0].text for w in ("サイドミッション", "サブタスク", "サブクエスト"))


@pytest.mark.parametrize(
    ("term", "passage_word", "same"),
    [
        ("robot", "robotic", True),
        ("bankrupt", "bankruptcy", True),
        ("humanity", "human", True),
        ("cluster", "supercluster", True),
        ("robotaxi", "robot", False),  # another thing, not another form
        ("france", "francisco", False),
        ("found", "foundation", False),
        ("found", "profound", False),
        ("bill", "billionaire", False),
    ],
)
def test_only_another_form_of_a_word_counts_as_the_word(term, passage_word, same):
    from index.answerability import PassageTerms, english_terms

    terms = PassageTerms({"p1": "テキスト"}, {"p1": f"the {passage_word} today"})
    assert terms.found("p1", english_terms(term)[0], "en") == (1.0 if same else 0.0)


@pytest.mark.parametrize(
    ("question", "lang", "why"),
    [
        ("Why did Musk hold back on AI and robotics?", "en", True),
        ("What made Musk slow to move into robots?", "en", True),
        ("What was the reason behind the Memphis choice?", "en", True),
        ("マスクがAI開発に加わることにした理由は?", "ja", True),
        ("なんでマスクは政府を辞めたの?", "ja", True),
        ("What did Musk make in Memphis?", "en", False),
        ("マスクは何を作った?", "ja", False),
    ],
)
def test_a_question_asking_why(question, lang, why):
    from index.question import cause_asked

    assert cause_asked(question, lang) is why


@pytest.mark.parametrize(
    ("question", "evidence"),
    [
        # The event's introduction (AI, robots' industry, Musk) was quoted first, the reason second.
        ("Why did Musk hold back on AI and robotics?", "ターミネーターを現実にすることを心配して"),
        # The reason was in no quote (evals/fresh28).
        ("マスクがAI開発に加わることにした理由は?", "観客か参加者か"),
    ],
)
def test_asked_why_a_sentence_telling_a_cause_ranks_higher(speech_index, question, evidence):
    answer = speech_index.ask(question, use_llm=False)
    assert answer.status == "answered"
    assert evidence in answer.quotes[0].text


@pytest.mark.parametrize(
    ("question", "figure"),
    [
        ("How many robots will there be?", True),
        ("How much does Grok cost?", True),
        ("When will it happen?", True),
        ("What year did Tesla nearly go bankrupt?", True),
        ("テスラの株価はいくらですか?", True),
        ("従業員は何人ですか?", True),
        ("次の打ち上げはいつですか?", True),
        ("テスラの新車の値段は?", True),
        ("What is Tesla's current stock price?", True),
        # A measure asked by its name (evals/fresh44: a real 1.5B model invented "100,000 kilometers per hour").
        ("What speed will the Mars ships travel at?", True),
        ("火星へ向かう船の速度は?", True),
        ("So when did it happen?", True),
        ("Did Musk say when Grok 3.5 ships?", True),  # a time asked inside the question
        ("Where and when was the talk?", True),
        # "When" inside a clause tells when, it does not ask (evals/fresh61: a model's "99" was taken for
        # an invented date, and the question refused).
        ("How close to going under was Tesla when its 2008 money came through?", False),
        ("What did Musk do when the rocket failed?", False),
        ("Why did Musk leave his government job?", False),
        ("What did Musk compare the AI wave to?", False),
        ("マスクの好きな映画は何ですか?", False),
    ],
)
def test_a_question_asking_for_a_figure_is_told_from_one_asking_for_words(question, figure):
    from index.question import asks_for_figure

    assert asks_for_figure(question) is figure


@pytest.mark.parametrize(
    ("question", "status"),
    [
        # The article names Memphis and San Francisco only as where something happened.
        ("What state is Memphis in?", "not_found"),
        ("Where is San Francisco?", "not_found"),
        ("Where in Memphis is the factory?", "not_found"),
        # Asked where something is or was that the article places.
        ("Where was the AI Startup School held?", "answered"),
        ("Where is the data center?", "answered"),
        ("Which city did they rent the factory in?", "answered"),
    ],
)
def test_asked_where_a_place_is_the_article_names_only_in_passing(speech_index, monkeypatch, question, status):
    answer = speech_index.ask(question, use_llm=False)
    assert answer.status == status, answer.reason
    if status == "not_found":
        assert "the location of" in answer.reason and answer.related
        # It is this step that refuses them.
        monkeypatch.setattr(type(speech_index), "_place_refusals", lambda *args: {})
        assert speech_index.ask(question, use_llm=False).status == "answered"


@pytest.mark.parametrize(
    ("question", "what"),
    [
        # The passages about them name no place (evals/fresh21, fresh14): the Memphis passage holds
        # "data center" but not "second", and no passage naming a place holds "humanoid robots".
        ("Which city will the second data center be in?", "second data center"),
        ("Which country will build the most humanoid robots?", "humanoid robots"),
        ("第二のデータセンターはどの都市にできますか?", "第二のデータセンター"),
        # Where one of several things is (an ordinal tells it apart): the first one's place is not its
        # place (evals/fresh21, fresh24, fresh26).
        ("Where will the second data center be built?", "second data center"),
        ("第二データセンターはどこにある?", "第二データセンター"),
        ("Where will the first Mars city be built?", "Mars"),
        # A kind of place in two words (evals/fresh32): "launch" asks for the place, "fourth rocket" is
        # what is placed, and the passage on it names none.
        ("From which launch site did SpaceX's fourth rocket fly?", '"SpaceX\'s fourth rocket"'),
    ],
)
def test_asked_which_city_something_is_in_when_its_passages_name_no_place_it_refuses(
    speech_index, monkeypatch, question, what
):
    answer = speech_index.ask(question, use_llm=False)
    assert answer.status == "not_found" and answer.related
    assert what in answer.reason
    monkeypatch.setattr(type(speech_index), "_place_refusals", lambda *args: {})
    assert speech_index.ask(question, use_llm=False).status == "answered"


@pytest.mark.parametrize(
    "question",
    [
        "In which city did xAI build its data center?",  # the Memphis passage holds "data center"
        "Which city hosted Y Combinator's first AI Startup School?",
        "工場はどの都市にありますか?",
        "マスクはどの都市で講演した?",  # 都市 asks for the place: the article writes サンフランシスコ
        "Where was the first AI Startup School held?",  # an ordinal, in the sentence naming the place
        "Where is the data center?",  # no ordinal: the Memphis passage places the one it tells of
    ],
)
def test_asked_which_city_something_is_in_that_the_article_places_it_answers(speech_index, question):
    answer = speech_index.ask(question, use_llm=False)
    assert answer.status == "answered", answer.reason


def test_the_sentence_holding_the_question_s_own_words_is_quoted_from_its_passage(speech_index):
    """気づいた is in the sentence ending the quotation "…I want to be a participant"; the robots sentence
    opening that passage matches the question better by meaning alone (evals/fresh22)."""
    answer = speech_index.ask("マスクは結局何に気づいたと語った?", use_llm=False)
    assert answer.status == "answered"
    assert "私が何をしようと、これは起こるだろう" in answer.quotes[0].text


def test_an_english_question_finds_its_passage_through_the_english_renderings(speech_index, monkeypatch):
    """子孫 (descendants) is in a passage that the Japanese embeddings do not rank among the eight best
    for this question; its English rendering says "descendants" (evals/fresh15, fresh18 reworded)."""
    import index.engine as engine

    answer = speech_index.ask("What sort of descendants does Musk mention?", use_llm=False)
    assert answer.status == "answered", answer.reason
    assert "子孫" in answer.quotes[0].text
    monkeypatch.setattr(engine, "ENGLISH_CANDIDATES", 0)
    monkeypatch.setattr(engine, "ENGLISH_WEIGHT", 0.0)
    assert speech_index.ask("What sort of descendants does Musk mention?", use_llm=False).status == "not_found"


def test_a_passage_s_english_score_is_its_best_rendered_sentence_s_and_needs_every_sentence_rendered():
    from types import SimpleNamespace

    import numpy as np

    from index.engine import EnglishRows

    unit = np.eye(3, dtype=np.float32)
    passages = {
        "a": SimpleNamespace(sentence_rows=(0, 1)),
        "b": SimpleNamespace(sentence_rows=(2,)),
        "c": SimpleNamespace(sentence_rows=(3, 4)),  # sentence 4 has no rendering
    }
    sentence_en = ["one", "two", "three", "four", ""]
    table = {"one": unit[0], "two": unit[1], "three": unit[2], "four": unit[0]}
    rows = EnglishRows.of(SimpleNamespace(passages=passages), sentence_en, lambda texts: table)
    scores = rows.scores(np.array([0.2, 0.9, 0.1], dtype=np.float32))
    assert scores.keys() == {"a", "b"}
    assert scores["a"] == pytest.approx(0.9) and scores["b"] == pytest.approx(0.1)
    empty = EnglishRows.of(SimpleNamespace(passages=passages), [""] * 5, lambda texts: {})
    assert empty.scores(np.ones(3, dtype=np.float32)) == {}


def test_a_japanese_word_for_appearing_on_stage_frames_the_question(speech_index):
    """登壇 is the talk itself, as 講演 is: the article says the school invited Musk, never 登壇."""
    answer = speech_index.ask("マスクが登壇したイベントは?", use_llm=False)
    assert answer.status == "answered", answer.reason


def test_a_yes_or_no_question_stating_a_figure_the_passages_give_none_of_is_refused(speech_index):
    """The article gives no population of Mars: quotes on the Mars plan do not answer whether Musk said
    a million people would live there (evals/fresh54). A figure it states otherwise is shown: the reader
    sees 15万台, not 15,000."""
    for question in ("Did Musk say the Mars colony will have a million people?", "マスクは火星に100万人住むと言った?"):
        answer = speech_index.ask(question, use_llm=False)
        assert answer.status == "not_found" and answer.related, question
    answer = speech_index.ask("Did Musk say there are 15,000 H100s?", use_llm=False)
    assert answer.status == "answered" and any("15万台のH100" in q.text for q in answer.quotes)


def test_a_reader_s_compound_or_acronym_for_the_article_s_words_is_answered(speech_index):
    """ "civilisation-scale" is the renderings' civilization and scale, SNS a word (index/data/synonyms.txt)
    for the social media platform: the first was refused for lacking its compound, the second for naming
    what the sources never write (evals/fresh55)."""
    from index.answerability import PassageTerms, stem

    terms = PassageTerms({"p1": "文明"}, {"p1": "civilization on the Kardashev scale"})
    assert terms.found("p1", stem("civilization-scale"), "en") == 1.0
    assert terms.found("p1", stem("civilization-wide"), "en") == 0.0
    for question in ("What's the civilisation-scale idea in the talk?", "XのSNSと資金調達の関係をざっくり"):
        assert speech_index.ask(question, use_llm=False).status == "answered", question


@pytest.mark.parametrize(
    ("question", "lang", "asked"),
    [
        (
            "Someone on Reddit claims Musk slept at the data center - can you confirm?",
            "en",
            "Does the article say that Musk slept at the data center?",
        ),
        ("I heard that Musk hates robots. Is that true?", "en", "Does the article say that Musk hates robots?"),
        ("my friend says musk quit DOGE for AI", "en", "Does the article say that musk quit DOGE for AI?"),
        ("someone said they rented generators, right?", "en", "Does the article say that they rented generators?"),
        ("I heard Musk is right", "en", "Does the article say that Musk is right?"),  # no check asked
        # "Did he?" checks the claim before it (evals/fresh64).
        ("Someone in chat claimed Musk got a medal. Did he?", "en", "Does the article say that Musk got a medal?"),
        ("What did someone say about Musk?", "en", "What did someone say about Musk?"),
        ("I heard Musk speak. What did he say about Mars?", "en", "I heard Musk speak. What did he say about Mars?"),
        ("ネットでマスクが火星に移住したって言われてるけど本当?", "ja", "マスクが火星に移住したというのは本当?"),
        ("マスクはAIが嫌いだと聞いたけど、ほんと?", "ja", "マスクはAIが嫌いだというのは本当?"),
        ("マスクは何と聞いた?", "ja", "マスクは何と聞いた?"),
    ],
)
def test_hearsay_is_asked_as_the_claim_it_reports(question, lang, asked):
    from index.question import hearsay_claim

    assert hearsay_claim(question, lang) == asked


@pytest.mark.parametrize(
    ("question", "phrases"),
    [
        ("Did Musk call it a 'side quest'?", ["side quest"]),
        ("What's Musk's take on 'AI safety'? Musk's view", ["AI safety"]),
        ('He said "signal noise" and “main quest”', ["signal noise", "main quest"]),
        ("「サブタスク」や『津波』とは?", ["サブタスク", "津波"]),
        ("Musk's team's cluster", []),
    ],
)
def test_the_phrases_a_question_quotes(question, phrases):
    from index.question import quoted_phrases

    assert quoted_phrases(question) == phrases


def test_hearsay_is_checked_as_its_claim_and_a_quotation_the_article_never_uses_is_refused(speech_index):
    """Where a claim was heard (Reddit, a friend) is no subject of the question: the claim is checked
    (evals/fresh58 refused a true one for "Twitter"). A quoted phrase whose words the article never uses is
    what it does not say, however close the rest is."""
    answer = speech_index.ask(
        "My friend says Musk described the government job as a 'fun side mission'. Is that true?", use_llm=False
    )
    assert answer.status == "answered" and any("面白いサイドミッション" in q.text for q in answer.quotes)
    answer = speech_index.ask("I read on Reddit that Musk called the Memphis site 'a total disaster', is that right?")
    assert answer.status == "not_found" and "disaster" in answer.reason and answer.related
    answer = speech_index.ask("Did Musk describe his government work as 'a colossal waste of time'?", use_llm=False)
    assert answer.status == "not_found" and "colossal" in answer.reason and answer.related


def test_a_property_of_something_nothing_in_the_article_names_is_refused(speech_index):
    """Who or what the question asks about is nowhere in the article, nor in its best passages by
    meaning: whatever the property, nothing tells of it (the CEO of xAI and Starship's next launch were
    answered with quotes on Musk's team and on SpaceX). A company written in katakana (オープンエーアイ for
    OpenAI, index/data/synonyms.txt) is named."""
    answer = speech_index.ask("What was the moderator's last question?", use_llm=False)
    assert answer.status == "not_found" and "the moderator's last question" in answer.reason and answer.related
    answer = speech_index.ask("スターシップの打ち上げ費用は?", use_llm=False)
    assert answer.status == "not_found" and "スターシップ" in answer.reason and answer.related
    answer = speech_index.ask("オープンエーアイのCEOは誰?", use_llm=False)
    assert answer.status == "answered" and any("サム・アルトマン" in q.text for q in answer.quotes)


def test_an_adjective_in_y_is_held_where_its_noun_is():
    from index.answerability import PassageTerms, stem

    terms = PassageTerms({"p1": "政治"}, {"p1": "the signal noise in politics is far too high"})
    assert terms.found("p1", stem("noisy"), "en") == 1.0
    assert terms.found("p1", stem("signals"), "en") == 1.0
    assert terms.found("p1", stem("army"), "en") == 0.0  # no noun of it there: "arm" is not read into it


def test_a_quoted_adjective_whose_noun_the_article_uses_is_no_absent_quotation(speech_index):
    """'noisy' quotes the article's signal noise in the asker's words: the quotation is the article's
    (evals/fresh59 refused "Did Musk really call politics 'too noisy'?"); 'a circus' is not."""
    answer = speech_index.ask("Did he call politics 'too noisy'?", use_llm=False)
    assert answer.status == "answered" and any("信号ノイズ" in q.text for q in answer.quotes)
    answer = speech_index.ask("Did he call politics 'a circus'?", use_llm=False)
    assert answer.status == "not_found" and "circus" in answer.reason


def test_a_japanese_quotation_the_article_never_writes_is_refused(speech_index):
    """分かれ道 splits into 分 and 道, each somewhere in the article: the phrase itself is in no passage
    (evals/fresh62 answered it with quotes). A phrase the article writes is answered; one with a word of
    the article's is the asker's paraphrase ('面白い副業' for 面白いサイドミッション)."""
    answer = speech_index.ask("「分かれ道」って何のこと?", use_llm=False)
    assert answer.status == "not_found" and "分かれ道" in answer.reason and answer.related
    answer = speech_index.ask("「生死の一線」って何のこと?", use_llm=False)
    assert answer.status == "answered" and "生死の一線" in answer.quotes[0].text
    assert speech_index.ask("「面白い副業」って何のこと?", use_llm=False).status == "answered"


def test_a_japanese_title_asked_is_the_role_the_article_writes(speech_index):
    """肩書き asks what the article writes as a role (OpenAIのCEO), never the word (evals/fresh59)."""
    answer = speech_index.ask("アルトマンの肩書きって?", use_llm=False)
    assert answer.status == "answered" and any("OpenAIのCEO" in q.text for q in answer.quotes)
