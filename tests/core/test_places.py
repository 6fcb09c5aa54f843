"""Questions asking where: the sentences naming a place rank higher (index/places.py)."""

from __future__ import annotations

import pytest

from index.places import named_place_asked, names_place, place_asked


@pytest.mark.parametrize(
    ("question", "lang", "asked"),
    [
        ("Where is the GPU cluster?", "en", True),
        ("In which city did xAI build its data center?", "en", True),
        ("Where did Musk say he slept?", "en", True),
        ("From which launch site did the rocket fly?", "en", True),
        ("Which launch did the rocket succeed on?", "en", False),
        ("How many GPUs does the cluster have?", "en", False),
        ("訓練クラスターはどこにありますか?", "ja", True),
        ("データセンターの場所は?", "ja", True),
        ("第二データセンターは何州にある?", "ja", True),
        ("訓練クラスターには何台のGPUがありますか?", "ja", False),
    ],
)
def test_a_question_asking_where_is_told_from_others(question, lang, asked):
    assert place_asked(question, lang) is asked


@pytest.mark.parametrize(
    ("question", "lang", "asked"),
    [
        ("Which city will the second data center be in?", "en", True),
        ("In which country are the robots built?", "en", True),
        ("What state is Memphis in?", "en", True),
        ("YC's AI school took place in which US city?", "en", True),  # a qualified place (evals/fresh57)
        ("In which other cities is xAI building data centers?", "en", False),  # more than the article names
        ("Where is the data center?", "en", False),  # "in the data center" would answer it
        ("Which model is being trained?", "en", False),
        ("第二のデータセンターはどの都市にできますか?", "ja", True),
        ("人型ロボットを一番多く作るのはどこの国?", "ja", True),
        ("イベントは何市で開かれた?", "ja", True),
        ("何台のGPUがありますか?", "ja", False),
        ("データセンターの場所は?", "ja", False),
    ],
)
def test_a_question_asking_which_city_or_country_is_told_from_one_asking_where(question, lang, asked):
    assert named_place_asked(question, lang) is asked


@pytest.mark.parametrize(
    ("sentence", "named"),
    [
        ("They leased an abandoned Electrolux factory in Memphis, rented generators.", True),
        ("Y Combinator held its first AI Startup School in San Francisco.", True),
        ("He described his work in D.C. as an interesting subtask.", True),
        ("In the interview, Musk said the economy would grow.", False),  # a sentence's first word
        ("He admitted that he had fallen behind in AI and robotics.", False),  # a field, not a place
        ("Musk plans to move enough supplies within 30 years.", False),
    ],
)
def test_a_sentence_naming_a_place_is_told_from_others(sentence, named):
    assert names_place(sentence) is named


def test_a_question_asking_where_quotes_the_sentence_that_names_the_place(speech_index):
    """Without the answer's kind, the H100s land on the sentences counting them and on the cluster's build
    time; the factory in Memphis, where they stand, is in another passage of the same section."""
    answer = speech_index.ask("Where are the H100s installed?", use_llm=False)
    assert answer.status == "answered"
    assert any("メンフィス" in quote.text for quote in answer.quotes)
    # The same subject asked for a count is not pulled towards places.
    count = speech_index.ask("How many H100s are installed?", use_llm=False)
    assert "メンフィス" not in count.quotes[0].text
