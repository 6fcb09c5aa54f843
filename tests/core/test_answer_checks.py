"""The checks on model text, one table per check: what passes, what fails, what is stripped."""

from __future__ import annotations

import functools

import pytest

from index.answer_checks import (
    ArticleTerms,
    added_clause_problem,
    asked_relation_problem,
    attribution_problem,
    borrowed_problem,
    bound_problem,
    cause_problem,
    citation_problem,
    closed_fragment,
    condition_problem,
    counter_problem,
    denied_problem,
    denied_statement_problem,
    dropped_subject_problem,
    echo_problem,
    figure_context_problem,
    internal_id_problem,
    language_problem,
    missing_figure_problem,
    missing_name_problem,
    missing_place_problem,
    name_problem,
    names_in,
    negation_problem,
    number_problem,
    place_context_problem,
    range_problem,
    relation_problem,
    relative_clause_problem,
    scrub_quotations,
    slot_problem,
    speaker_answer_problem,
    strip_internal_ids,
    strip_prompt_talk,
    support_problem,
    swapped_figure_problem,
    swapped_name_problem,
    translation_problem,
    unasked_answer_problem,
    uncited_terms_problem,
    unfinished_problem,
    unknown_terms_problem,
)
from index.renderings import bundled

GPUS = "現在、このトレーニングセンターには15万台のH100、5万台のH200、3万台のGB200があり、第二のデータセンターが11万台のGB200を間もなくオンラインにする予定です。"  # noqa: E501
FUNDING = "報道によると、43億ドルのエクイティファイナンスを求めており、50億ドルのデットファイナンスと組み合わせて、Xというソーシャルメディアプラットフォームをカバーします。"  # noqa: E501
ROBOTS = 'マスクは、未来には人間の数の少なくとも5倍の人型ロボットが存在すると予測し、"もしかしたら10倍になるかもしれない"と述べました。'  # noqa: E501


@functools.cache
def _bundled_article() -> ArticleTerms:
    """The article as the answerer counts it: its sentences and their renderings (Musk, AI are common)."""
    return ArticleTerms([text for r in bundled().values() for text in (r.ja, r.en)])


GROK = "マスクはインタビューで、現在Grok 3.5を訓練中であり、「推論能力に重点を置いている」と明らかにしました。"
GROK_EN = 'In the interview, Musk revealed that Grok 3.5 is currently being trained and that it "focuses on reasoning ability".'  # noqa: E501


@pytest.mark.parametrize(
    ("text", "evidence", "bad"),
    [
        ("The center has 150,000 H100s, 50,000 H200s and 30,000 GB200s.", [GPUS], None),
        ("The center has 15,000 H100 GPUs, 5,000 H200 GPUs and 3,000 GB200.", [GPUS], "15,000"),
        ("About 110 thousand GB200s are coming.", [GPUS], None),
        ("11 million GB200s are coming.", [GPUS], "11 million"),
        ("$4.3 billion in equity and $5 billion in debt.", [FUNDING], None),
        ("$43 billion in equity financing and $50 billion in debt.", [FUNDING], "43 billion"),
        ("At least five times as many robots, maybe ten times.", [ROBOTS], None),
        ("少なくとも5倍、もしかしたら10倍です。", [ROBOTS], None),
        ("Bitcoin could reach 100 times its value.", [ROBOTS], "100"),
        ("One of the robots is a Tesla.", [ROBOTS], None),  # "one" as an article-like word
        ("It will be 1 of many.", [ROBOTS], "1"),
    ],
)
def test_numbers_must_be_in_the_cited_sentences(text: str, evidence: list[str], bad: str | None) -> None:
    problem = number_problem(text, evidence)
    if bad is None:
        assert problem is None
    else:
        assert problem is not None and repr(bad) in problem


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("He said Musk is training Grok 3.5 on H100s.", ["Musk", "Grok", "H100s"]),
        ("The capital of France is Paris.", ["France", "Paris"]),
        ("Suppliers said it would take months.", []),  # a capitalised word opening a sentence
        ("SpaceX and xAI.", ["SpaceX", "xAI"]),
        ("マスクはテスラのMega Packsを使いました。", ["Mega", "Packs", "マスク", "テスラ"]),
    ],
)
def test_names_found_in_text(text: str, names: list[str]) -> None:
    assert sorted(names_in(text)) == sorted(names)


@pytest.mark.parametrize(
    ("text", "evidence", "bad"),
    [
        ("Musk is training Grok 3.5, focused on reasoning.", [GROK], None),  # Musk via マスク
        ("Musk is training Grok 3.5, focused on reasoning.", [GROK, GROK_EN], None),
        ("Musk is training Grok 4 with OpenAI.", [GROK], "OpenAI"),
        # Elon is Musk's given name: a sentence naming マスク names him (fresh40's first trial).
        ("The robots might number 10 times the people, according to Elon.", [ROBOTS], None),
        ("The center has 150,000 H100s, said Elon.", [GPUS], "Elon"),
        ("The capital of France is Paris.", [GROK, GROK_EN], "France"),
        ("Musk predicted that Bitcoin will rise.", [ROBOTS], "Bitcoin"),
        ("マスクはニューラリンクについて話しました。", [ROBOTS], "ニューラリンク"),
        # Katakana spelled with or without its long-vowel marks is one name (the article writes both).
        ("来年にはデジタルスーパーインテリジェンスが来る。", ["デジタルスーパインテリジェンスに非常に近い。"], None),
        ("マスクはスーパーコンピューターを作った。", ["マスクはスーパーコンピュータを作った。"], None),
        (
            "デジタルスーパーマーケットが来る。",
            ["デジタルスーパインテリジェンスに非常に近い。"],
            "デジタルスーパーマーケット",
        ),
        ("The center has 150,000 H100s.", [GPUS], None),
        ("The center has 150,000 A100s.", [GPUS], "A100s"),
    ],
)
def test_names_must_be_in_the_cited_sentences_or_their_renderings(
    text: str, evidence: list[str], bad: str | None
) -> None:
    problem = name_problem(text, evidence)
    if bad is None:
        assert problem is None
    else:
        assert problem is not None and repr(bad) in problem


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("He left to build technology [S3, S4].", "He left to build technology."),
        ("He left (S2).", "He left."),
        ("火星を自給自足させる計画です。Passage 1のS1とS2を参照。", "火星を自給自足させる計画です。"),
        ("計画です【S2】。", "計画です。"),
        ("He left. See S3 and S4.", "He left."),
        ("計画です(Passage 1のS1)。", "計画です。"),
    ],
)
def test_internal_ids_are_stripped(text: str, shown: str) -> None:
    assert strip_internal_ids(text) == shown
    assert internal_id_problem(strip_internal_ids(text)) is None


@pytest.mark.parametrize("text", ["As S3 says, he left.", "Passage 2 explains that he left.", "P2 is the key."])
def test_ids_in_running_text_fail(text: str) -> None:
    assert internal_id_problem(strip_internal_ids(text)) is not None


@pytest.mark.parametrize(
    ("text", "finished"),
    [
        ("He slept in the data center.", True),
        ('He called it "a side mission."', True),
        ("He called it a side quest (a subtask).", True),
        ("データセンターで寝るほどでした。", True),
        ("「メインタスクに戻る」と述べました。」", True),
        ("Is it next year?", True),
        ("Musk was personally involved in the wiring work by being", False),
        ("He said that the economy would grow...", False),
        ("経済は数千倍になる……", False),
        ("推論能力に重点を置いている", False),
    ],
)
def test_an_answer_that_stops_mid_sentence_fails(text: str, finished: bool) -> None:
    assert (unfinished_problem(text) is None) == finished


@pytest.mark.parametrize(
    ("text", "lang", "closed"),
    [
        # A short phrase naming something is a whole answer (evals/fresh43): it gets its full stop.
        ("Tesla's Mega Packs", "en", "Tesla's Mega Packs."),
        ("Six months", "en", "Six months."),
        ("1-2%", "en", "1-2%."),
        ("レンタル", "ja", "レンタル。"),
        ("約30年以内", "ja", "約30年以内。"),
        # A clause cut short, or a phrase leading on, stays as it was and fails as unfinished.
        ("Musk was personally involved in the wiring work by being", "en", None),
        ("Musk said that the AI", "en", None),
        ("The economy of the", "en", None),
        ("He said that the economy would grow...", "en", None),
        ("マスクは発電機", "ja", None),
        ("推論能力に重点を置いている", "ja", None),
        ("発電機をレンタルし、アメリカの四分の一の移動式冷却装置", "ja", None),  # too long to be a phrase
        ("He slept in the data center.", "en", "He slept in the data center."),
    ],
)
def test_a_short_phrase_is_closed_and_a_clause_cut_short_is_not(text: str, lang: str, closed: str | None) -> None:
    assert closed_fragment(text, lang) == (closed or text)
    assert (unfinished_problem(closed_fragment(text, lang)) is None) == (closed is not None)


SAFETY_EN = (
    'Musk stressed that a "rigorous adherence to the truth" is the most important foundation for AI safety, and'
    " that making AI believe untruths is extremely dangerous."
)


@pytest.mark.parametrize(
    ("text", "added"),
    [
        ("Making AI believe untruths is extremely dangerous.", None),
        ("He stressed adherence to the truth as the foundation of AI safety, which he called most important.", None),
        ("Making AI believe untruths is extremely dangerous because it can lead to catastrophic consequences.",
         "it can lead to catastrophic consequences"),
        ("Truth matters for AI safety, but he said regulators should ban closed models.",
         "he said regulators should ban closed models"),
        # A cause of two content words is a claim; another clause of two is not judged.
        ("Making AI believe untruths is extremely dangerous due to the lack of regulation.", "the lack of regulation"),
        ("Making AI believe untruths is extremely dangerous because of untruths.", None),
        ("Making AI believe untruths is extremely dangerous, which worries regulators.", None),
    ],
)  # fmt: skip
def test_a_clause_the_cited_sentences_do_not_hold_fails(text: str, added: str | None) -> None:
    problem = added_clause_problem(text, [SAFETY_EN])
    assert (problem is None) if added is None else (problem is not None and added in problem)


CITED = "彼は政府の効率部門の仕事を「ビーチの掃除」に例え、迫り来るAIを「千フィートの高さの津波」と表現した。"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ('He said "I love\npizza more than rockets".', "He said I love\npizza more than rockets."),
        ("He called it 「ビーチの掃除」.", "He called it 「ビーチの掃除」."),
        ('It was "ビーチの掃除".', 'It was "ビーチの掃除".'),
        ("彼は「政府は「ビーチの掃除」だ」と言った。", "彼は政府は「ビーチの掃除」だと言った。"),
        ("He said ‘a superintelligent machine is near’.", "He said a superintelligent machine is near."),
        ("He said 'a superintelligent machine is near'.", "He said a superintelligent machine is near."),
        ("Musk's team and the students' work", "Musk's team and the students' work"),
        ("Musk’s view: 〝AIは危険だ〟", "Musk’s view: AIは危険だ"),
        ("＂捏造＂ and 《捏造》 and „made up“ and «made up» and ‹x›", "捏造 and 捏造 and made up and made up and x"),
        ("『ビーチの掃除』", "『ビーチの掃除』"),
        ("『ビーチを掃除』", "ビーチを掃除"),
        ('An unclosed "quote', "An unclosed quote"),
        ('Empty "" marks', "Empty  marks"),
    ],
)
def test_quotation_marks_stay_only_around_words_of_the_cited_sentences(text: str, shown: str) -> None:
    assert scrub_quotations(text, [CITED])[0] == shown


def test_a_quotation_from_elsewhere_in_the_article_loses_its_marks() -> None:
    # In the article, but not in the sentence cited: not what this citation shows.
    assert (
        scrub_quotations("He said 「千フィートの高さの津波」.", ["マスクは火星に行く。"])[0]
        == "He said 千フィートの高さの津波."
    )


@pytest.mark.parametrize(
    ("text", "lang", "ok"),
    [
        ("Musk is training Grok 3.5.", "en", True),
        ("マスクはGrok 3.5を訓練しています。", "en", False),
        ("マスクはGrok 3.5を訓練しています。", "ja", True),
        ("Musk is training Grok 3.5.", "ja", False),
        ("He called it 「ビーチの掃除」.", "en", False),  # unless the Japanese is a kept quotation
        # A short figure in kanji is Japanese without kana (evals/fresh44); a Chinese sentence is not.
        ("2008年", "ja", True),
        ("130日間。", "ja", True),
        ("马斯克在2008年完成了融资。", "ja", False),
        ("2008", "ja", False),
    ],
)
def test_answers_are_in_the_askers_language(text: str, lang: str, ok: bool) -> None:
    assert (language_problem(text, lang) is None) is ok


def test_a_kept_quotation_does_not_make_an_english_answer_japanese() -> None:
    assert language_problem("He called it 「ビーチの掃除」.", "en", quoted=["ビーチの掃除"]) is None


def test_citations_must_rank_near_the_best_passage() -> None:
    assert citation_problem([0.86, 0.84], 0.86) is None
    assert citation_problem([0.86, 0.80], 0.86) is not None


def test_support_decides_at_the_lexical_ends_and_asks_the_embedding_between() -> None:
    asked: list[bool] = []

    def embedding() -> float:
        asked.append(True)
        return 0.05

    assert support_problem(0.95, embedding, "en") is None and not asked
    assert support_problem(0.1, embedding, "en") is not None and not asked
    assert support_problem(0.5, embedding, "en") is None and asked
    assert support_problem(0.5, lambda: -0.05, "en") is not None
    assert support_problem(None, lambda: None, "en") is not None  # nothing to measure with: not shown


@pytest.mark.parametrize(
    ("translation", "problem"),
    [
        ("Musk revealed that Grok 3.5 is being trained, focusing on reasoning.", None),
        ("Musk says AI is harmless.", "answer"),  # the answer text given as a translation
        ("Musk revealed that Grok 3.5 is being trained.", "one translation"),  # the same for two sentences
        ("マスクはGrok 3.5を訓練中", "English"),
        ("Musk revealed that Grok 4 is being trained.", "number"),
        ("The mask revealed that Grok 3.5 is being trained by OpenAI.", "OpenAI"),
    ],
)
def test_model_translations(translation: str, problem: str | None) -> None:
    got = translation_problem(
        translation, GROK, answer="Musk says AI is harmless.", others=["Musk revealed that Grok 3.5 is being trained."]
    )
    if problem is None:
        assert got is None
    else:
        assert got is not None and problem in got


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        # A real 1.5B model's opening: the reader was shown no passage.
        ("The passage states that the AI-driven economy will grow.", "The AI-driven economy will grow."),
        ("The passage suggests that the economy could grow.", "The economy could grow."),
        ("According to the provided sentences, Musk slept there. The text says that he wired it.",
         "Musk slept there. He wired it."),
        ("本文によると、マスクはデータセンターで寝ていました。", "マスクはデータセンターで寝ていました。"),
        # The article is the reader's source too: naming it is no talk of the prompt.
        ("According to the article, Musk slept there.", "According to the article, Musk slept there."),
        ("He said the passage states that.", "He said the passage states that."),
    ],
)  # fmt: skip
def test_talk_of_the_prompt_is_stripped(text: str, shown: str) -> None:
    assert strip_prompt_talk(text) == shown


@pytest.mark.parametrize("text", ['Musk says "AI is harmless."', "No sentence end", "Two. Sentences!", "文です。次"])
def test_stripping_ids_never_loses_text_without_ids(text: str) -> None:
    assert strip_internal_ids(text) == text


@pytest.mark.parametrize(
    ("text", "evidence", "fails"),
    [
        # The real 1.5B model's reply, citing the sentence that he slept at the data center.
        ("No, Musk did not do hands-on work at the data center himself.", ["he was sleeping at the data center"], True),
        ("マスクは参加者でいたいと述べませんでした。", ["私は参加者でいたい。"], True),
        (
            "If it does not happen this year, it will next year.",
            ["今年起こらないなら、来年には確実に起こるでしょう。"],
            False,
        ),
        ("He slept at the data center.", ["he was sleeping at the data center"], False),
        ("Fixing government isn't that important next to AI.", ["それほど重要ではありません。"], False),
        # 間もなく ("soon") is no denial (evals/fresh68: the GPU sentence was cited beside the cooling one).
        ("No, the team did not rent the cooling.", ["11万台のGB200を間もなくオンラインにする予定です。"], True),
        # Nor are 少なくとも ("at least") and かもしれない ("may"), both in the robots sentences.
        ("No, robots will not outnumber humans.", ["少なくとも5倍の人型ロボット", "10倍になるかもしれない"], True),
    ],
)
def test_a_denial_is_shown_only_where_the_cited_sentences_deny_something(text, evidence, fails):
    assert (negation_problem(text, evidence) is not None) is fails


COOLING_EN = "They rented generators, rented a quarter of America's mobile cooling units, and used Mega Packs."


@pytest.mark.parametrize(
    ("text", "evidence", "fails"),
    [
        # A real 1.5B model's reply (evals/fresh68): the cited sentence's words, denied in their order.
        ("No, the team did not rent a quarter of America's mobile cooling.", [COOLING_EN], True),
        ("Yes, they rented a quarter of America's mobile cooling units.", [COOLING_EN], False),
        # The two words stand in two clauses of the sentence: "No, Mars will not stop developing." is right.
        ("No, Mars will not stop developing.", ["Even if the supply ships stop, Mars can continue to develop."], False),
        # A denial the sentence makes too.
        ("It is not that important.", ["Cleaning the beach is not that important."], False),
    ],
)  # fmt: skip
def test_a_denial_of_what_a_cited_clause_states_in_those_words_fails(text, evidence, fails):
    assert (denied_statement_problem(text, evidence, "en") is not None) is fails


COOLING_JA = "発電機をレンタルし、アメリカの四分の一の移動式冷却装置を借り、テスラのMega Packsを使用しました。"
MARS_JA = "地球からの補給船が停止しても、火星は引き続き発展し繁栄できる。"


@pytest.mark.parametrize(
    ("text", "evidence", "fails"),
    [
        # In Japanese the denial follows what it denies: the cooling reply, as a Japanese answer would put it.
        ("いいえ、チームはアメリカの四分の一の移動式冷却装置を借りていない。", [COOLING_JA], True),
        ("いいえ、移動式冷却装置は借りませんでした。", [COOLING_JA], True),
        ("はい、アメリカの四分の一の移動式冷却装置を借りました。", [COOLING_JA], False),
        ("いいえ、火星の発展は止まらない。", [MARS_JA], False),
        # しか…ない says "only"; a denial the sentence makes too stands.
        ("人類はエネルギーの1-2%しか利用していない。", ["1-2%のエネルギーしか利用しておらず"], False),
        ("ビーチの掃除はそれほど重要ではない。", ["それほど重要ではありません。"], False),
        # What is denied is 重要, no term: AIの津波 stand before it, but are not denied.
        ("AIの津波の前ではそれほど重要ではない。", ["それがAIの津波です。"], False),
    ],
)  # fmt: skip
def test_a_japanese_denial_of_what_a_cited_clause_states_fails(text, evidence, fails):
    assert (denied_statement_problem(text, evidence, "ja") is not None) is fails


ROCKETS_JA = "SpaceXの初期を振り返ると、三連敗の後、4回目のロケット発射が成功した。"


@pytest.mark.parametrize(
    ("text", "evidence", "fails"),
    [
        # A real 1.5B model's reply (evals/fresh68): 3 is the sentence's 三連敗, not a launch.
        ("3回目のロケット発射が成功した。", [ROCKETS_JA], True),
        ("三連敗の後、4回目で成功した。", [ROCKETS_JA], False),
        ("3連敗した。", [ROCKETS_JA], False),
        # One end of a range takes any counter; a counter-less number is left to the other checks.
        ("人型ロボットは人間の5倍になる。", ["人間の人口の5〜10倍に達する"], False),
        ("18ヶ月かかると言われた。", ["18〜24ヶ月かかると言った"], False),
        ("6か月で完成した。", ["それを6ヶ月に圧縮しました。"], False),  # ヶ, か: one counter
        ("15万台のH100がある。", ["15万個のH100がある"], True),
    ],
)  # fmt: skip
def test_a_japanese_figure_keeps_the_counter_its_cited_sentences_give_it(text, evidence, fails):
    assert (counter_problem(text, evidence, "ja") is not None) is fails


FIRST_PRINCIPLES = "マスクは第一原理思考を用いてAIトレーニングのハードウェアの課題を解決しました。"
COOLING = "彼らはメンフィスの廃墟となったElectrolux工場を借り、150メガワットの電力需要を満たすために発電機をレンタルし、アメリカの四分の一の移動式冷却装置を借り、トレーニング中の電力変動をスムーズにするためにテスラのMega Packsを使用しました。"  # noqa: E501
SLEPT = "マスクは「データセンターで寝ている」ほど、配線作業に個人的に関与しました。"


@pytest.mark.parametrize(
    ("question", "cited", "best", "fails"),
    [
        # The real 1.5B model cited the first-principles sentence; the best quote held 冷却 and データセンター.
        ("データセンターの冷却はどうしましたか?", [FIRST_PRINCIPLES], [COOLING, SLEPT], True),
        ("データセンターの冷却はどうしましたか?", [COOLING], [COOLING, SLEPT], False),
        # One rare word of the question missing from the cited sentences is not enough.
        ("冷却はどうしましたか?", [FIRST_PRINCIPLES], [COOLING, SLEPT], False),
    ],
)
def test_citations_holding_none_of_the_best_quotes_rare_question_words_fail(question, cited, best, fails):
    rare = {"冷却", "データセンター", "配線作業"}.__contains__
    assert (uncited_terms_problem(question, cited, best, rare, "ja") is not None) is fails


MARS_SUPPLIES = "マスクは、火星が自給自足できるように、約30年以内に火星に十分な物資を移転する計画を立てていると述べた。"
SPACEX_BULLET = "SpaceXの初期を振り返ると、三連敗の後、4回目のロケット発射が成功したのは「生死の一線」であり、2008年にはテスラの資金調達が破産前の最後の瞬間に完了した。"  # noqa: E501


@pytest.mark.parametrize(
    ("answer", "cited", "fails"),
    [
        # The real 1.5B model's reply (evals/fresh71): a bare year from a sentence that holds nothing of Mars.
        ("2008年。", [SPACEX_BULLET], True),
        ("約30年以内。", [MARS_SUPPLIES], False),
        # Saying more, the answer is held to two such words, as before.
        ("テスラの資金調達は2008年に完了した。", [SPACEX_BULLET], False),
    ],
)
def test_a_bare_answer_cites_a_sentence_holding_the_rare_question_word(answer, cited, fails):
    rare = {"火星"}.__contains__
    problem = uncited_terms_problem("火星に最初に人を送るのは何年?", cited, [MARS_SUPPLIES], rare, "ja", answer, cited)
    assert (problem is not None) is fails


UNTRUTH = "マスクは「真実への厳格なこだわり」がAIの安全性にとって最も重要な基盤であり、AIに不真実を信じ込ませることは非常に危険であると強調した;"  # noqa: E501
ECONOMY = "その程度は計り知れません......もし私たちが道を誤らず、AIが私たちや自分自身を滅ぼさなければ、最終的に私たちが見ることになるのは、現在の経済の10倍ではありません。"  # noqa: E501
NEAR = "彼は言いました:「私は、私たちはデジタルスーパインテリジェンスに非常に近づいていると思います。"
NEXT_YEAR = "今年起こらないなら、来年には確実に起こるでしょう。"
BULLET = "デジタルスーパーインテリジェンスが今年または来年に到来する可能性があると予測しており、人間よりも賢くなるだろうと強調しています。"  # noqa: E501


@pytest.mark.parametrize(
    ("question", "answer", "cited", "around", "fails"),
    [
        # The real 1.5B model's reply (evals/fresh25): the question's premise before the economy sentence.
        (
            "AIに不真実を信じ込ませるとどうなる?",
            "AIに不真実を信じ込ませると、最終的に私たちが見ることになるのは、現在の経済の10倍ではありません。",
            [ECONOMY],
            [ECONOMY],
            True,
        ),
        # Not speaking of it, the answer is held to two such words, as before.
        ("AIに不真実を信じ込ませるとどうなる?", "経済は10倍ではありません。", [ECONOMY], [ECONOMY], False),
        # The sentence before the cited one names what it speaks of, spelt スーパ (the question's スーパー).
        (
            "スーパーインテリジェンスはいつ?",
            "今年でなければ来年には確実にデジタルスーパーインテリジェンスが来ると述べました。",
            [NEXT_YEAR],
            [NEAR, NEXT_YEAR],
            False,
        ),
        (
            "スーパーインテリジェンスはいつ?",
            "デジタルスーパーインテリジェンスは来年です。",
            [NEXT_YEAR],
            [NEXT_YEAR],
            True,
        ),
    ],
)
def test_an_answer_speaking_of_a_rare_question_word_no_cited_passage_holds_fails(
    question, answer, cited, around, fails
):
    rare = {"不真実", "スーパーインテリジェンス"}.__contains__
    best = [UNTRUTH] if "不真実" in question else [BULLET]
    problem = uncited_terms_problem(question, cited, best, rare, "ja", answer, around)
    assert (problem is not None) is fails


ROBOTS_EN = "Humanoid robots in the future will far outnumber humanity; their number could be 5 times, or even 10 times, that of humanity;"  # noqa: E501
ECONOMY_EN = (
    "He further boldly predicted that the AI-driven economy will grow to thousands of times, even millions of"
    " times, its current size, and said that the share of human intelligence could shrink to less than 1%."
)
INVITED_EN = (
    "Recently, the American startup accelerator Y Combinator held its first AI Startup School in San Francisco,"
    " inviting many prominent figures of the AI industry, including Elon Musk and Sam Altman."
)


@pytest.mark.parametrize(
    ("text", "question", "evidence", "word"),
    [
        # The real 1.5B model's reply: "AI" is thirty words from "human" in the economy sentence.
        ("There will be more of AI than humans in the future.", "What will there be more of than humans in the future?",
         [ROBOTS_EN, ECONOMY_EN], "ai"),
        ("Humanoid robots.", "What will there be more of than humans in the future?", [ROBOTS_EN, ECONOMY_EN], None),
        ("Sam Altman was invited too.", "Who else was invited besides Musk?", [INVITED_EN], None),
        ("In San Francisco.", "Where did Y Combinator hold the event?", [INVITED_EN], None),
        # More than two words of its own: not a filled gap, left to the other checks.
        ("The AI-driven economy will outgrow humans.", "What will there be more of than humans in the future?",
         [ROBOTS_EN, ECONOMY_EN], None),
    ],
)  # fmt: skip
def test_the_word_that_fills_the_question_stands_near_the_question_words(text, question, evidence, word):
    got = slot_problem(text, question, evidence)
    assert (got is None) if word is None else (got is not None and repr(word) in got)


SPACEX_EN = (
    "Looking back on SpaceX's early days: after three failures in a row, the success of the fourth rocket launch was"
    ' "the line between life and death", and in 2008 Tesla\'s financing was completed at the last moment before'
    " bankruptcy."
)
SPACEX_JA = "SpaceXの初期を振り返ると、三連敗の後、4回目のロケット発射が成功したのは「生死の一線」であり、2008年にはテスラの資金調達が破産前の最後の瞬間に完了した。"  # noqa: E501
GPUS_EN = "The training center now has 150,000 H100s, 50,000 H200s and 30,000 GB200s."


@pytest.mark.parametrize(
    ("text", "evidence", "lang", "figure"),
    [
        # The real 1.5B model's reply: 2008 is the year of Tesla's financing, not of the launch.
        ("The first successful launch of SpaceX was the fourth rocket launch in 2008.", [SPACEX_EN], "en", "2008"),
        # A real 1.5B model's reply (evals/fresh60), shown: the "s" of "SpaceX's" and of "Tesla's" had
        # placed the 2008 of Tesla's clause.
        (
            "The fourth rocket launch described as the line between life and death was the success of SpaceX's"
            " fourth rocket launch in 2008.",
            [SPACEX_EN],
            "en",
            "2008",
        ),
        ("In 2008, Tesla's financing was completed just before bankruptcy.", [SPACEX_EN], "en", None),
        ("SpaceX's fourth rocket launch succeeded.", [SPACEX_EN], "en", None),
        ("SpaceXは2008年に4回目のロケット発射で成功しました。", [SPACEX_JA], "ja", "2008"),
        ("2008年、テスラの資金調達は破産前に完了しました。", [SPACEX_JA], "ja", None),
        # A bare list item states its figure of what its sentence is about.
        ("The training center has 50,000 H200s.", [GPUS_EN], "en", None),
        ("It was 2008.", [SPACEX_EN], "en", None),  # too few words to place the figure
    ],
)
def test_each_figure_is_said_of_what_its_clause_says_it_of(text, evidence, lang, figure):
    got = figure_context_problem(text, evidence, lang)
    assert (got is None) if figure is None else (got is not None and repr(figure) in got)


MARS_JA = "マスクは、火星が自給自足できるように、約30年以内に火星に十分な物資を移転する計画を立てていると述べた。"


@pytest.mark.parametrize(
    ("text", "question", "evidence", "lang", "figure"),
    [
        # The real 1.5B model's reply (evals/fresh71), citing the Mars sentence beside the bullet whose
        # 2008 is Tesla's: the question's 火星, which a cited sentence holds, is not in the 2008 clause.
        ("2008年。", "火星に最初に人を送るのは何年?", [SPACEX_JA, MARS_JA], "ja", "2008"),
        ("約30年以内。", "火星はいつ自立する?", [SPACEX_JA, MARS_JA], "ja", None),
        ("2008年。", "テスラが危なかったのはいつ?", [SPACEX_JA, MARS_JA], "ja", None),
        ("In 2008.", "When did SpaceX's fourth launch succeed?", [SPACEX_EN], "en", "2008"),
        ("In 2008.", "When was Tesla's financing completed?", [SPACEX_EN], "en", None),
        # No word of the question in the cited sentences ("wave" for the wall of water): nothing to place by.
        ("2008.", "When did the wave hit?", [SPACEX_EN], "en", None),
        # The real 1.5B model's reply (evals/fresh76): the 2008 clause holds 資金調達 and 完了, but they are
        # テスラの, where the question names SpaceX (スペースX, one synonym group with it).
        ("2008年", "スペースXの資金調達はいつ完了した?", [SPACEX_JA], "ja", "2008"),
        ("2008.", "When was SpaceX's financing completed?", [SPACEX_EN], "en", "2008"),
        # The 4 is SpaceX's launch, though its clause names no one: no other name owns the question's words.
        ("4回目。", "スペースXは何回目で成功した?", [SPACEX_JA], "ja", None),
    ],
)
def test_a_short_answer_s_figure_is_placed_by_the_question(text, question, evidence, lang, figure):
    got = figure_context_problem(text, evidence, lang, question)
    assert (got is None) if figure is None else (got is not None and repr(figure) in got)


FINANCING_EN = (
    "According to reports, it is seeking $4.3 billion in equity financing, combined with $5 billion in debt"
    " financing, to cover the social media platform X."
)


@pytest.mark.parametrize(
    ("text", "evidence", "swapped"),
    [
        # The real 1.5B model's reply (evals/fresh22): $5 billion is the debt financing.
        ("The debt financing is combined with $5 billion in equity financing.", [FINANCING_EN], "5 billion"),
        ("It seeks $4.3 billion in equity financing and $5 billion in debt.", [FINANCING_EN], None),
        ("The training center has 50,000 H100s.", [GPUS_EN], "50,000"),  # 50,000 are H200s
        ("The training center has 150,000 H100s and 50,000 H200s.", [GPUS_EN], None),
        # A multiple's "as many" is no thing counted.
        (
            "He expects at least five times as many humanoid robots as humans, maybe ten times as many.",
            ['Musk predicted at least 5 times as many humanoid robots as humans, saying "maybe 10 times".'],
            None,
        ),
        ("The debt financing is $5 billion.", [FINANCING_EN], None),  # nothing follows the figure
    ],
)
def test_a_figure_given_the_thing_another_figure_counts_fails(text, evidence, swapped):
    got = swapped_figure_problem(text, evidence, "en")
    assert (got is None) if swapped is None else (got is not None and repr(swapped) in got)


KARDASHEV_EN = "He believes that humanity currently uses only 1-2% of Earth's energy and is still far from being a Type 1 civilization."  # noqa: E501
KARDASHEV_JA = "彼は人類が現在地球の1-2%のエネルギーしか利用しておらず、1級文明からはまだ遠いと考えています。"


@pytest.mark.parametrize(
    ("text", "evidence", "lang", "said"),
    [
        # The real 1.5B model's reply: every word is in the sentence, which denies it.
        ("Musk places humanity on the Kardashev scale as a Type 1 civilization.", [KARDASHEV_EN], "en", "civilization"),
        ("Humanity is still far from a Type 1 civilization.", [KARDASHEV_EN], "en", None),
        ("Humanity has yet to become a Type 1 civilization.", [KARDASHEV_EN], "en", None),  # a denial in other words
        ("Humanity uses 1-2% of Earth's energy.", [KARDASHEV_EN], "en", None),  # "only" is no denial of it
        ("彼は人類が1級文明であると考えています。", [KARDASHEV_JA], "ja", "級文明"),
        ("人類は1級文明からまだ遠いです。", [KARDASHEV_JA], "ja", None),
        ("人類は地球のエネルギーの1-2%を利用しています。", [KARDASHEV_JA], "ja", None),  # しか…ず is "only"
        # A word the cited sentences both deny and state may be said.
        (
            "It will certainly happen next year.",
            ['"It won\'t happen this year, but it will certainly happen next year";'],
            "en",
            None,
        ),
        ("人間の知能の割合は1%未満に減少します。", ["人間の知能の割合は1%未満に減少するかもしれません。"], "ja", None),
    ],
)
def test_an_answer_does_not_assert_what_its_cited_sentences_deny(text, evidence, lang, said):
    got = denied_problem(text, evidence, lang)
    assert (got is None) if said is None else (got is not None and repr(said) in got)


@pytest.mark.parametrize(
    ("text", "missing", "evidence", "lang", "problem"),
    [
        # The real 1.5B reply: "remote work" is in the question, in no passage, yet the answer speaks of it.
        (
            "Musk thinks remote work is important for the future of AI and robotics.",
            ["remote"],
            ["Whatever I do, AI and robots are going to happen."],
            "en",
            "remote",
        ),
        (
            "マスクはメンフィスの工場の賃料は150メガワットのためにレンタルしました。",
            ["賃料"],
            ["工場を借りた。"],
            "ja",
            "賃料",
        ),
        # The word stands in a cited sentence or its rendering: the answer may use it.
        (
            "He likened it to cleaning a beach.",
            ["cleaning"],
            ["Fixing government is like cleaning a beach."],
            "en",
            None,
        ),
        # A missing word the answer does not use is no problem; inflections are the same word.
        ("He compared it to cleaning a beach.", ["metaphor"], ["It is like cleaning a beach."], "en", None),
        ("He used a metaphor: a beach.", ["metaphors"], ["It is like cleaning a beach."], "en", "metaphors"),
        ("He compared it to a beach.", [], ["It is like cleaning a beach."], "en", None),
    ],
)
def test_an_answer_speaking_of_a_question_word_no_cited_sentence_contains_fails(text, missing, evidence, lang, problem):
    got = echo_problem(text, missing, evidence, lang)
    assert got is None if problem is None else got is not None and repr(problem) in got


ARTICLE = [
    "マスクは、AIが経済規模を指数関数的に成長させると予測している。",
    "Musk predicts that AI will make the economy grow exponentially.",
    "マスクはデジタル超知能が迫っていると予測している。",
    "Musk predicts that digital superintelligence is close.",
    "彼はDCでの仕事を「面白いサブタスク」と表現した。",
    "He described his work in D.C. as an interesting subtask of government hardware development.",
    "SpaceXの初期を振り返ると、三連敗の後、4回目のロケット発射が成功した。",
    "Looking back on SpaceX's early days: after three failures, the fourth launch succeeded.",
]


@pytest.mark.parametrize(
    ("text", "cited", "lang", "fails"),
    [
        # A real 1.5B model's reply to "マスクの好きな映画は?", citing the economy sentence.
        ("マスクはAI超知能が迫っていると予測している。", ARTICLE[0:2], "ja", True),
        ("マスクはAIが経済を指数関数的に成長させると予測した。", ARTICLE[0:2], "ja", False),
        # Another passage's subtask and hardware, while citing the SpaceX sentence.
        ("SpaceX failed early because of its reliance on government subtask hardware.", ARTICLE[6:8], "en", True),
        # One word of another sentence is chance; words of no sentence are the support check's business.
        ("After three failures SpaceX's fourth launch succeeded, close to the end.", ARTICLE[6:8], "en", False),
        ("After three failures SpaceX's fourth launch finally triumphed gloriously.", ARTICLE[6:8], "en", False),
        # The question's own words are not borrowed.
        (
            "SpaceX did not depend on government hardware.",
            [*ARTICLE[6:8], "Did SpaceX need government hardware?"],
            "en",
            False,
        ),
    ],
)
def test_a_term_only_uncited_sentences_state_is_borrowed(text, cited, lang, fails):
    assert (borrowed_problem(text, cited, ArticleTerms(ARTICLE), lang) is not None) is fails


SUPPLIERS = (
    "When suppliers said it would take 18 to 24 months to complete a training supercluster of 100,000 H100 GPUs, "
    "Musk's team compressed that to 6 months."
)
GPUS = (
    "The training center now has 150,000 H100s, 50,000 H200s and 30,000 GB200s, and a second data center "
    "will soon bring 110,000 GB200s online."
)
ECONOMY = "The economy will reach thousands of times its current size, and human intelligence may shrink to under 1%."
STAR_ENERGY = (
    "The AI-driven economy he predicts will reach thousands of times, even millions of times, its current size;"
    " civilization may advance to Kardashev Type II (the level of a star's energy), and the share of human"
    " intelligence may shrink to less than 1%;"
)
SUPPLIERS_JA = (
    "サプライヤーが10万個のH100 GPUのトレーニングスーパークラスターを完成させるのに18〜24ヶ月かかると言ったとき、"
    "マスクのチームはそれを6ヶ月に圧縮しました。"
)


@pytest.mark.parametrize(
    ("answer", "question", "sentence", "lang", "fails"),
    [
        ("The suppliers said 6 months.", "How long did suppliers say it would take?", SUPPLIERS, "en", True),
        ("They said 18 to 24 months.", "How long did suppliers say it would take?", SUPPLIERS, "en", False),
        ("18 to 24 months; the team did it in 6.", "How long did suppliers say it would take?", SUPPLIERS, "en", False),
        ("It took them 6 months.", "How long did Musk's team take?", SUPPLIERS, "en", False),
        ("There are 150,000 H100s.", "How many H100s are in the training center?", GPUS, "en", False),
        ("There are 50,000 H100s.", "How many H100s are in the training center?", GPUS, "en", True),
        ("150,000 H100s, 50,000 H200s, 30,000 GB200s.", "What GPUs does the training center have?", GPUS, "en", False),
        # A figure in words ("thousands") said of what is asked, beside one said of something else.
        ("Thousands of times its size; humans under 1%.", "How big could the economy get?", ECONOMY, "en", False),
        ("サプライヤーは6ヶ月と言った。", "サプライヤーは何と言いましたか?", SUPPLIERS_JA, "ja", True),
        ("18〜24ヶ月です。", "サプライヤーは何と言いましたか?", SUPPLIERS_JA, "ja", False),
        # Nothing to tell by: no clause with a figure holds a word of the question.
        ("6 months.", "How long did it take?", SUPPLIERS, "en", False),
        # The real 1.5B reply: asked for a figure, the only clause with the asked word has none.
        ("The economy will grow to thousands of times its size; human intelligence may shrink to less than 1%.",
         "How much of the planet's energy does mankind use right now?", STAR_ENERGY, "en", True),
        # The question's own figure repeated is no answer: the real 1.5B reply kept the team's 6 months.
        ("Suppliers said the 100,000 H100 cluster would take 6 months.",
         "How long did suppliers say the 100,000 H100 cluster would take?", SUPPLIERS, "en", True),
        ("Suppliers said the 100,000 H100 cluster would take 18 to 24 months.",
         "How long did suppliers say the 100,000 H100 cluster would take?", SUPPLIERS, "en", False),
        # Not asked for a figure: a figure beside the asked words may be context.
        ("Civilization may reach Type II; human intelligence may shrink to less than 1%.",
         "What did Musk say about energy?", STAR_ENERGY, "en", False),
    ],
)  # fmt: skip
def test_a_figure_said_of_something_else_in_its_sentence_fails(answer, question, sentence, lang, fails):
    problem = attribution_problem(answer, question, [sentence], lang)
    assert (problem is not None) is fails, problem


@pytest.mark.parametrize(
    ("text", "evidence", "lang", "swapped"),
    [
        # The real 1.5B model's reply: the suppliers said it, Musk's team did it in 6 months.
        ("マスクは10万個のH100 GPUのトレーニングスーパークラスターを完成させるのに18〜24ヶ月かかると言いました。",
         [SUPPLIERS_JA], "ja", "マスク"),
        ("サプライヤーは10万個のH100 GPUのトレーニングスーパークラスターに18〜24ヶ月かかると言いました。",
         [SUPPLIERS_JA], "ja", None),
        # Another real reply (evals/fresh27): the two swapped in short clauses; the figures tie the first
        # to its cited clause, and the message names who said it there.
        ("マスクは18〜24ヶ月かかると言ったとき、サプライヤーが6ヶ月に圧縮しました。", [SUPPLIERS_JA], "ja",
         "サプライヤー"),
        ("サプライヤーは18〜24ヶ月かかると言ったが、マスクのチームは6ヶ月に圧縮した。", [SUPPLIERS_JA], "ja", None),
        ("Sam Altman held the first AI Startup School in San Francisco.", [INVITED_EN], "en", "Altman"),
        ("Y Combinator held its first AI Startup School in San Francisco.", [INVITED_EN], "en", None),
        # One name written two ways.
        ("His work in DC was an interesting subtask.", ['He described his work in D.C. as "an interesting subtask"'],
         "en", None),
    ],
)  # fmt: skip
def test_an_answer_does_not_say_a_clauses_words_of_someone_else(text, evidence, lang, swapped):
    got = swapped_name_problem(text, evidence, lang)
    assert (got is None) if swapped is None else (got is not None and repr(swapped) in got)


SHARE_EN = "He further predicted that the share of human intelligence could shrink to less than 1%."
SHARE_JA = "人間の知能の割合が1%未満に減少する可能性があると述べています。"
UNBOUNDED_JA = "未来の人型ロボットの数は人類を遥かに超え、その数は人類の5倍、さらには10倍になる可能性があります;"
AT_LEAST_JA = "マスクは、未来には人間の数の少なくとも5倍の人型ロボットが存在すると予測しました。"


@pytest.mark.parametrize(
    ("text", "evidence", "fails"),
    [
        # The real 1.5B model's reply: "less than 1%" became a floor.
        ("The human share of intelligence could get as small as 1%.", [SHARE_EN, SHARE_JA], True),
        ("The human share of intelligence could fall below 1%.", [SHARE_EN, SHARE_JA], False),
        ("人間の知能の割合は1%未満になるかもしれません。", [SHARE_JA], False),
        ("人間の知能の割合は1%になります。", [SHARE_JA], True),
        ("He expects five times as many robots as humans.", [AT_LEAST_JA], True),
        ("He expects at least five times as many robots as humans.", [AT_LEAST_JA], False),
        # Stated somewhere without a bound: any wording may use it.
        ("Robots could be five times as many.", [AT_LEAST_JA, UNBOUNDED_JA], False),
        ("Robots could be five times as many.", [UNBOUNDED_JA], False),  # 超え: robots exceed humanity
    ],
)  # fmt: skip
def test_a_number_keeps_the_bound_its_cited_sentences_give_it(text, evidence, fails):
    assert (bound_problem(text, evidence) is not None) is fails


ENERGY_REST = "現在地球の1-2%のエネルギーしか利用しておらず、1級文明からはまだ遠いと考えています。"
ENERGY_JA = "彼は人類が" + ENERGY_REST
ENERGY_EN = (
    "He believes that humanity currently uses only 1-2% of Earth's energy and is still far from being a Type 1 "
    "civilization."
)


@pytest.mark.parametrize(
    ("text", "evidence", "fails"),
    [
        # The real 1.5B model's reply: 約1% for 1-2%.
        ("マスクは地球のエネルギーを約1%のエネルギーしか利用しておらず", [ENERGY_JA, ENERGY_EN], True),
        ("Humanity uses about 2% of Earth's energy.", [ENERGY_JA, ENERGY_EN], True),
        ("Humanity uses only 1 to 2 percent of Earth's energy.", [ENERGY_JA, ENERGY_EN], False),
        ("人類は地球の1-2%のエネルギーを使っています。", [ENERGY_JA], False),
        # The same number with another unit is another figure: Type 1 is not the 1 of 1-2%.
        ("Humanity is still far from a Type 1 civilization.", [ENERGY_JA, ENERGY_EN], False),
        ("Suppliers said it would take 18 months.", [SUPPLIERS], True),
        ("Between 18 and 24 months, the suppliers said.", [SUPPLIERS], False),
        ("Musk's team did it in 6 months.", [SUPPLIERS], False),
        # Said as a range of its own (a real 1.5B model's reply, evals/fresh36): 18 is still one end of 18-24.
        ("Musk's team compressed the time from 18 to 6 months.", [SUPPLIERS], True),
        ("They cut it from 18-24 months to 6 months.", [SUPPLIERS], False),
        # 1% stated elsewhere with a bound (1%未満) is no plain 1%: 約1% still drops the range's other end
        # (a real 1.5B model's reply, evals/fresh50); the bounded 1% is said as it is stated.
        ("人類が活用できているのは約1%です。", [ENERGY_JA, "人間の知能の割合が1%未満に減少する"], True),
        ("人間の知能は1%未満になる。", [ENERGY_JA, "人間の知能の割合が1%未満に減少する"], False),
        ("Humanity uses about 1% of its energy.", [ENERGY_EN, "the share of human intelligence falls to 1%"], False),
    ],
)  # fmt: skip
def test_a_number_stated_only_as_one_end_of_a_range_keeps_the_other(text, evidence, fails):
    assert (range_problem(text, evidence) is not None) is fails


LIKES_JA = "最終的には「メインタスクに戻ることに決めた------技術を構築すること、それが私の好きなことだ」と述べた。"


@pytest.mark.parametrize(
    ("text", "evidence", "unknown"),
    [
        # The real 1.5B model's reply: 興味 (interest) is in no sentence of the article.
        ("マスクはAIのトレーニングに興味がある。", [LIKES_JA], "興味"),
        ("マスクは技術を構築することが好きだと述べました。", [LIKES_JA], None),
        # A word of another sentence of the article is the borrowed check's, not this one's.
        ("マスクはデータセンターで寝ていました。", [LIKES_JA], None),
        # Half the character pairs of a compound are the article's (廃墟となった…工場), and words of grammar.
        ("メンフィスの廃工場を借りました。", [LIKES_JA], None),
        ("補給が停止した場合も火星は発展できる。", [LIKES_JA], None),
        ("マスクはピザが好きです。", [LIKES_JA], "ピザ"),
        # A real 1.5B model's 電力機 for the article's 発電機 (evals/fresh36): 電力 is the article's, but a
        # compound is what its last pair says it is.
        ("電力需要を満たすために電力機をレンタルしました。", [LIKES_JA], "電力機"),
    ],
)
def test_a_japanese_word_no_sentence_of_the_article_states_fails(seeds_dir, text, evidence, unknown):
    article = ArticleTerms([line for path in seeds_dir.glob("*.txt") for line in path.read_text().splitlines()])
    got = unknown_terms_problem(text, evidence, article, "ja")
    assert (got is None) if unknown is None else (got is not None and repr(unknown) in got)


TESLA_2008_EN = (
    "Looking back on SpaceX's early days: after three failures in a row, the success of the fourth rocket launch "
    'was "the line between life and death", and in 2008 Tesla\'s financing was completed at the last moment before '
    "bankruptcy."
)


@pytest.mark.parametrize(
    ("text", "fails"),
    [
        # The real 1.5B model's reply: six words no sentence of the article holds, 43% of its words.
        ("In 2008, SpaceX's initial success in launching a rocket was followed by a period of uncertainty and "
         "financial difficulties, culminating in the company's bankruptcy.", True),
        # Paraphrase: three words the article does not use ("closed", "funding", "succeeded").
        ("SpaceX's fourth launch succeeded after three failures, and in 2008 Tesla closed its funding just before "
         "bankruptcy.", False),
        ("In 2008 Tesla's financing was completed at the last moment before bankruptcy.", False),
    ],
)  # fmt: skip
def test_an_english_answer_of_many_words_the_article_never_uses_fails(seeds_dir, text, fails):
    lines = [line for path in seeds_dir.glob("*.txt") for line in path.read_text().splitlines()]
    article = ArticleTerms([*lines, TESLA_2008_EN])
    got = unknown_terms_problem(text, [TESLA_2008_EN, "What happened in 2008?"], article, "en")
    assert (got is not None) is fails, got


SPEAKER_JA = (
    "マスクは「真実への厳格なこだわり」がAIの安全性にとって最も重要な基盤であり、"
    "AIに不真実を信じ込ませることは非常に危険であると強調した;"
)
ASK_SAFETY_JA = "AIの安全性で最も大事なことは?"
ASK_SAFETY_EN = "What matters most for AI safety?"
SPEAKER_EN = (
    'Musk stressed that "a rigorous commitment to the truth" is the most important foundation of AI safety, and '
    "that making AI believe untruths is extremely dangerous."
)


@pytest.mark.parametrize(
    ("text", "question", "evidence", "lang", "fails"),
    [
        # The real 1.5B model's reply: Musk stressed it; he is not what he stressed.
        ("AIの安全性にとって最も重要な基盤はマスクである。", ASK_SAFETY_JA, [SPEAKER_JA], "ja", True),
        ("AIの安全性にとって最も重要な基盤は真実への厳格なこだわりである。", ASK_SAFETY_JA, [SPEAKER_JA], "ja", False),
        ("The most important foundation of AI safety is Musk.", ASK_SAFETY_EN, [SPEAKER_EN], "en", True),
        ("The most important foundation of AI safety is a rigorous commitment to the truth.", ASK_SAFETY_EN,
         [SPEAKER_EN], "en", False),
        # Asked who: the speaker is the answer.
        ("真実へのこだわりが最も重要だと強調したのはマスクです。", "誰がそう強調しましたか?", [SPEAKER_JA], "ja",
         False),
        ("The one who stressed it is Musk.", "Who stressed the commitment to truth?", [SPEAKER_EN], "en", False),
    ],
)  # fmt: skip
def test_the_one_who_says_something_is_not_what_is_said(text, question, evidence, lang, fails):
    assert (speaker_answer_problem(text, question, evidence, lang) is not None) is fails


ARRIVAL_JA = (
    "マスクは、デジタル超知能が今年または来年に到来する可能性があり、それが人間よりも賢くなると予測しています。"
)
ENERGY_REST = "現在地球の1-2%のエネルギーしか利用しておらず、1級文明からはまだ遠いと考えています。"
ENERGY_JA = "彼は人類が" + ENERGY_REST
LAUNCH_REST = "三連敗の後、4回目のロケット発射が成功したのは「生死の一線」であり、2008年にはテスラの資金調達が完了。"
SUMMARY_JA = (
    "予言されるAI駆動の経済規模は現在の数千倍、さらには数百万倍に達し、文明はカルダーショフII型(恒星エネルギーレベル)へと"
    "進む可能性があり、人間の知能の割合は1%未満に減少するかもしれません;"
)


@pytest.mark.parametrize(
    ("text", "evidence", "fails"),
    [
        # The real 1.5B model's reply (evals/fresh14): without 「真実への厳格なこだわり」が, Musk is the foundation.
        ("マスクはAIの安全性にとって最も重要な基盤であり、AIに不真実を信じ込ませることは非常に危険であると強調した。",
         [SPEAKER_JA], True),
        # Cut at its end, or a parenthesis cut from its middle: what stays is still what was said.
        ("マスクは「真実への厳格なこだわり」がAIの安全性にとって最も重要な基盤であると強調した。", [SPEAKER_JA], False),
        ("予言されるAI駆動の経済規模は現在の数千倍、さらには数百万倍に達し、文明はカルダーショフII型へと進む可能性があり、"
         "人間の知能の割合は1%未満に減少するかもしれません。", [SUMMARY_JA], False),
        (SPEAKER_JA, [SPEAKER_JA], False),  # the whole sentence
        # The real 1.5B model's reply (evals/fresh25): Musk put where humanity (人類が) uses the energy.
        ("マスクは" + ENERGY_REST, [ENERGY_JA], True),
        # The subject kept, as the topic or after a new start; or no subject at all.
        ("人類は" + ENERGY_REST, [ENERGY_JA], False),
        ("マスクによると、人類が" + ENERGY_REST, [ENERGY_JA], False),
        ("1級文明からはまだ遠いと考えています。", [ENERGY_JA], False),
        # The real 1.5B model's reply (evals/fresh63): Tesla put where the sentence looks back on SpaceX.
        ("2008年のテスラは" + LAUNCH_REST, ["• SpaceXの初期を振り返ると、" + LAUNCH_REST], True),
        ("SpaceXは" + LAUNCH_REST, ["• SpaceXの初期を振り返ると、" + LAUNCH_REST], False),  # the same name
        ("初期には" + LAUNCH_REST, ["• SpaceXの初期を振り返ると、" + LAUNCH_REST], False),  # no name of its own
    ],
)  # fmt: skip
def test_a_copied_sentence_without_its_subject_fails(text, evidence, fails):
    assert (dropped_subject_problem(text, evidence, "ja") is not None) is fails
    assert dropped_subject_problem(text, evidence, "en") is None  # Japanese answers only


ECONOMY_JA = "マスクは、AIが経済規模を指数関数的に成長させると予測している。"
THOUSANDS_JA = "------「現在の経済の10倍ではなく、数千倍、さらには数百万倍になる」と。"
HUMAN_SHARE_JA = "ある時点で、人間の知性の合計はすべての知性の1%未満になります。"
HUMAN_SHARE_EN = "At some point, the sum of human intelligence will be less than 1% of all intelligence."
ASK_SHARE = "What share of all intelligence will human intelligence be?"


@pytest.mark.parametrize(
    ("text", "question", "cited", "rendered", "lang", "fails"),
    [
        # The real 1.5B model's reply: the multiple asked for is in its cited sentences, not in it.
        ("マスクはAIが経済規模を指数関数的に成長させると予測している。", "経済は現在の何倍になるとマスクは言った?",
         [ECONOMY_JA, THOUSANDS_JA], [], "ja", True),
        ("経済は現在の数千倍、さらには数百万倍になると言いました。", "経済は現在の何倍になるとマスクは言った?",
         [ECONOMY_JA, THOUSANDS_JA], [], "ja", False),
        ("Superintelligence will arrive this year or next.", ASK_SHARE,
         [HUMAN_SHARE_JA], [HUMAN_SHARE_EN], "en", True),
        ("Less than 1% of all intelligence.", ASK_SHARE,
         [HUMAN_SHARE_JA], [HUMAN_SHARE_EN], "en", False),
        # The real 1.5B model's reply (evals/fresh14): numbers, but not the time asked for.
        (SUMMARY_JA.rstrip(";") + "。", "超知能が来るのはいつ頃?", [SUMMARY_JA, ARRIVAL_JA], [], "ja", True),
        ("デジタル超知能は今年または来年に到来する可能性があります。", "超知能が来るのはいつ頃?",
         [SUMMARY_JA, ARRIVAL_JA], [], "ja", False),
        # Not asked for a figure in so many words (電力 names the power, the question asks for a thing);
        # nor a figure the cited sentences lack (the answer's "no" is then for other checks).
        ("テスラのMega Packsを使用しました。", "電力変動をならすのに使ったものは?",
         ["150メガワットの電力需要を満たすために発電機をレンタルし"], [], "ja", False),
        ("Musk predicted exponential growth.", "How many times bigger will the economy get?", [ECONOMY_JA],
         ["Musk predicts that AI will grow the size of the economy exponentially."], "en", False),
    ],
)  # fmt: skip
def test_an_answer_without_the_figure_its_question_asks_for_fails(text, question, cited, rendered, lang, fails):
    assert (missing_figure_problem(text, question, cited, rendered, lang) is not None) is fails


BEACH_JA = "もし千フィートの高さの津波に直面しているなら、ビーチを掃除することは本当にどれほど重要ですか?"
POWER_JA = "トレーニング中の電力変動をスムーズにするためにテスラのMega Packsを使用しました。"


@pytest.mark.parametrize(
    ("text", "question", "sentences", "lang", "fails"),
    [
        # The real 1.5B model's reply (evals/fresh15): the beach, for the power swings.
        ("マスクはAIの津波に直面しているなら、ビーチを掃除することは本当にどれほど重要ですか？それほど重要ではありません。",
         "電力の揺れをどう抑えた?", [BEACH_JA, POWER_JA], "ja", True),
        ("電力の揺れを抑えるために、テスラのMega Packsを使用しました。", "電力の揺れをどう抑えた?",
         [BEACH_JA, POWER_JA], "ja", False),
        ("テスラのMega Packsを使用しました。", "電力の揺れをどう抑えた?", [POWER_JA], "ja", False),  # short
        ("Musk used first-principles thinking to solve the hardware challenges of AI training.",
         "How did they keep the cluster cool?", ["They rented a quarter of America's mobile cooling units."], "en",
         True),
        ("Cleaning a beach.", "What did Musk compare fixing government to?",
         ["Fixing government is like cleaning a beach."], "en", False),  # short
        ("They rented a quarter of America's mobile cooling units.", "How did they keep the cluster cool?",
         ["They rented a quarter of America's mobile cooling units."], "en", False),
    ],
)  # fmt: skip
def test_an_answer_holding_none_of_the_question_s_words_its_quotes_hold_fails(text, question, sentences, lang, fails):
    assert (unasked_answer_problem(text, question, sentences, lang) is not None) is fails


GOVERNMENT_EN = "He described his government work in D.C. as an interesting subtask."
SI_EN = "Musk predicts that digital superintelligence could arrive this year or next year."


def test_words_most_sentences_hold_and_aspects_are_no_words_of_what_is_asked():
    """Asked "tell me about musks time in government", a real 1.5B model answered with superintelligence
    "thousands of times" over (evals/fresh17): "Musk" (in a third of the sentences) and "time" (an
    aspect, matched by "times") had passed it."""
    answer = "Musk predicted that the AI-driven economy will grow thousands of times, even millions of times."
    question = "tell me about musks time in government"
    common = {"musk"}.__contains__
    assert unasked_answer_problem(answer, question, [GOVERNMENT_EN, SI_EN], "en", common) is not None
    assert unasked_answer_problem(answer, question, [GOVERNMENT_EN, SI_EN], "en") is None  # "Musk" counted
    good = "Musk called his time in government, in D.C., an interesting subtask."
    assert unasked_answer_problem(good, question, [GOVERNMENT_EN, SI_EN], "en", common) is None


MEMPHIS_EN = "They leased an abandoned Electrolux factory in Memphis."
EVENT_EN = "Y Combinator held its first AI Startup School in San Francisco."


@pytest.mark.parametrize(
    ("text", "question", "rendered", "fails"),
    [
        # The real 1.5B model's reply (evals/fresh17), citing the event's sentence among others.
        ("The second data center will build the next data center.", "Which country will build the next data center?",
         [EVENT_EN, "A second data center will soon bring 110,000 GB200s online."], True),
        ("The data center is in Memphis.", "Where is the data center?", [MEMPHIS_EN], False),
        ("Memphis.", "Which city is the factory in?", [MEMPHIS_EN], False),  # the place, without "in"
        ("It was held in a large hall in Paris.", "Where was the event held?", [EVENT_EN], False),  # names a place
        # Where something came from asks a source; no place named in the quotes: nothing to ask for.
        ("From rented generators.", "Where did the electricity come from?", [MEMPHIS_EN], False),
        ("They rented generators.", "Where did they find the power?", ["They rented generators."], False),
        ("The answer is in the quotes.", "Where is the data center?", [MEMPHIS_EN], True),  # "in the quotes"
        ("ここはメンフィスです。", "データセンターはどこ?", [MEMPHIS_EN], False),  # Japanese: not checked
    ],
)  # fmt: skip
def test_asked_where_an_answer_names_a_place_its_quotes_name(text, question, rendered, fails):
    lang = "ja" if question.startswith("デ") else "en"
    assert (missing_place_problem(text, question, rendered, lang) is not None) is fails


GROK_EN = 'In the interview, Musk revealed that Grok 3.5 is currently being trained and that it "focuses on reasoning".'


@pytest.mark.parametrize(
    ("text", "question", "rendered", "fails"),
    [
        # The real 1.5B model's reply (evals/fresh28): no model named, a headquarters invented; "AI models"
        # and the event's "AI Startup School" name no model.
        ("Musk's team is training AI models at the company's headquarters.",
         "Which model is Musk's team training right now?", [EVENT_EN, GROK_EN], True),
        ("Musk's team is training Grok 3.5.", "Which model is Musk's team training right now?", [GROK_EN], False),
        ("Grok.", "What model is being trained?", [GROK_EN], False),
        # The question's own name is no answer; nor is a name asked of quotes that name nothing else.
        ("Musk's team trains it.", "Which model is Musk's team training?", ["Musk's team trains a model."], False),
        ("It focuses on reasoning.", "What is Grok 3.5 focused on?", [GROK_EN], False),  # not which one
    ],
)  # fmt: skip
def test_asked_which_one_an_answer_names_one_its_quotes_name(text, question, rendered, fails):
    assert (missing_name_problem(text, question, rendered, "en") is not None) is fails


HEADLINE_EN = "Musk 'After the Wild': I love AI more than DOGE"
DEFINED_EN = 'The "digital superintelligence" he defined is "an intelligence far smarter than humans at anything".'
LIKENED_EN = (
    'He compared the work of the government efficiency department to "cleaning a beach" and described the '
    'approaching AI as "a 1,000-foot-high tsunami".'
)
RETURNED_EN = (
    'He described his work in D.C. as "an interesting subtask", but said that in the end he "decided to go back '
    'to the main task — building technology, which is what I love to do".'
)
RETURNED_JA = (
    "彼はDCでの仕事を「面白いサブタスク」と表現したが、最終的には「メインタスクに戻ることに決めた------技術を構築すること、"
    "それが私の好きなことだ」と述べた。"
)


@pytest.mark.parametrize(
    ("text", "evidence", "lang", "fails"),
    [
        # The real 1.5B model's reply, citing the headline and the definition: neither compares anything.
        ("Musk compared his DOGE work to AI, which he considers to be far smarter than DOGE.",
         [HEADLINE_EN, DEFINED_EN], "en", True),
        # Citing the sentence that compares: the government work was likened to a beach, not to AI.
        ("Musk compared his DOGE work to AI.", [LIKENED_EN], "en", False),  # AI is what it describes as a tsunami
        ("He compared the government work to a tornado.", [LIKENED_EN], "en", True),
        ("He compared fixing government to cleaning a beach.", [LIKENED_EN], "en", False),
        ("He used the analogy of a tsunami for the coming AI.", [LIKENED_EN], "en", False),
        ("マスクは政府の仕事をビーチの掃除に例えました。", [CITED], "ja", False),
        ("マスクは政府の仕事をAIに例えました。", [HEADLINE_EN.replace("I love", "私は"), GROK], "ja", True),
        # Nothing compared: nothing to check. Nor are sizes compared with something an analogy.
        ("He loves AI more than DOGE.", [HEADLINE_EN], "en", False),
        ("The economy could be thousands of times bigger compared with today's.", [DEFINED_EN], "en", False),
        ("超知能は人間と比べてはるかに賢い知能です。", [GROK], "ja", False),
        # What someone went back to (evals/fresh19): the real 1.5B model's reply, and the sentence's own words.
        ("Musk decided to go back to DC after his experience there made him keenly aware of the noise.",
         [RETURNED_EN], "en", True),
        ("He decided to go back to the main task, building technology.", [RETURNED_EN], "en", False),
        ("マスクは最終的にDCに戻ることに決めました。", [RETURNED_JA], "ja", True),
        ("マスクは最終的にメインタスクに戻ることに決めました。", [RETURNED_JA], "ja", False),
    ],
)  # fmt: skip
def test_what_something_is_compared_or_gone_back_to_is_what_a_cited_sentence_says(text, evidence, lang, fails):
    got = relation_problem(text, evidence, lang)
    assert (got is not None) is fails, got
    assert relation_problem(text, [], lang) is None  # nothing to hold it to (sentences without renderings)


TRUTH_JA = (
    "マスクは「真実への厳格なこだわり」がAIの安全性にとって最も重要な基盤であり、"
    "AIに不真実を信じ込ませることは非常に危険であると強調した;"
)


@pytest.mark.parametrize(
    ("question", "evidence", "lang", "fails"),
    [
        # The real 1.5B model's citation (evals/fresh23): the truth sentence compares nothing.
        ("マスクはAIを何に例えた?", [TRUTH_JA], "ja", True),
        ("マスクはAIを何に例えた?", [TRUTH_JA, CITED], "ja", False),
        ("What did Musk liken the looming AI to?", [DEFINED_EN], "en", True),
        ("What metaphor did Musk use for AI?", [LIKENED_EN], "en", False),
        ("What did Musk go back to after DC?", [DEFINED_EN], "en", True),
        ("What did Musk go back to after DC?", [RETURNED_EN], "en", False),
        ("マスクは何を心配していた?", [GROK], "ja", True),
        # Sizes compared with today, or a duration with an estimate, are no analogy, and a question
        # asking no relation is not judged.
        ("How big will the economy be compared with today?", [DEFINED_EN], "en", False),
        ("How fast did Musk's team build the supercluster compared to the suppliers' estimate?", [DEFINED_EN], "en",
         False),
        ("What did Musk compare the government work with?", [DEFINED_EN], "en", True),
        ("What is Grok 3.5 focused on?", [DEFINED_EN], "en", False),
    ],
)  # fmt: skip
def test_a_question_asking_what_something_was_compared_to_needs_a_cited_sentence_that_compares(
    question, evidence, lang, fails
):
    got = asked_relation_problem(question, evidence, lang)
    assert (got is not None) is fails, got
    assert asked_relation_problem(question, [], lang) is None


TRUTH_EN = (
    'Musk stressed that "a rigorous commitment to the truth" is the most important foundation of AI safety, and '
    "that making an AI believe untrue things is extremely dangerous;"
)
ROBOTS_EN = (
    "Musk predicted that in the future there will be at least 5 times as many humanoid robots as humans, saying "
    '"it might even be 10 times".'
)
TERMINATOR_EN = (
    'He admitted that he had fallen behind in AI and robotics "out of worry about making the Terminator real", but '
    'in the end: "Whatever I do, this is going to happen.'
)
SUPPLIERS_EN = (
    "When suppliers said it would take 18 to 24 months to complete a training supercluster of 100,000 H100 GPUs, "
    "Musk's team compressed that to 6 months."
)
MARS_EN = (
    "Musk said he plans to move enough supplies to Mars within about 30 years so that Mars can be self-sufficient."
)


@pytest.mark.parametrize(
    ("text", "evidence", "fails"),
    [
        # The real 1.5B model's reply: each half is a cited sentence's, the link is its own.
        ("Musk believes that AI is dangerous because it could lead to the creation of humanoid robots that could "
         "outnumber humans.", [TRUTH_EN, ROBOTS_EN], True),
        # Both halves in one sentence that tells no cause ("… is the foundation …, and … is dangerous"): the
        # link is the answer's own. (Passed until evals/fresh41's suppliers reply, shown, made the same link.)
        ("Making an AI believe untrue things is dangerous because it undermines the truth AI safety rests on.",
         [TRUTH_EN, ROBOTS_EN], True),
        ("The suppliers needed 18 to 24 months because Musk's team compressed the time from 6 months to 18 to 24 "
         "months to complete the training supercluster.", [SUPPLIERS_EN], True),
        ("Musk plans to move supplies to Mars within about 30 years so that it can sustain itself.", [MARS_EN], False),
        ("He held back on AI and robotics because he worried about making the Terminator real.", [TERMINATOR_EN],
         False),
        ("He fell behind in robotics due to humanoid robots outnumbering humans.", [TERMINATOR_EN, ROBOTS_EN], True),
        # An effect in other words than its sentence's ("held back" for "fallen behind") cannot be placed.
        ("He held back because he feared making the Terminator real.", [TERMINATOR_EN], False),
        # No cause given: nothing to check.
        ("There will be at least five times as many humanoid robots as humans.", [ROBOTS_EN], False),
    ],
)  # fmt: skip
def test_a_cause_stands_with_its_effect_in_a_cited_sentence(text, evidence, fails):
    got = cause_problem(text, evidence, _bundled_article(), "en")
    assert (got is not None) is fails, got


WASHINGTON_EN = (
    'In the interview, Musk said that his experience in Washington, D.C. made him keenly aware that "the signal '
    'noise in politics is too terrible".'
)
SCHOOL_EN = (
    "Recently, the American startup accelerator Y Combinator held its first AI Startup School in San Francisco, "
    "inviting many prominent figures of the AI industry, including Elon Musk and OpenAI CEO Sam Altman."
)


@pytest.mark.parametrize(
    ("text", "question", "fails"),
    [
        # The real 1.5B model's replies (evals/talk.jsonl): D.C. is where his government work was.
        ("Musk was speaking at a conference in Washington, D.C. when he said all this.",
         "Where was Musk speaking when he said all this?", True),
        ("Musk was speaking at the AI superintelligence conference in Washington, D.C.",
         "What conference was Musk speaking at?", True),
        ("Musk spoke at the AI Startup School in San Francisco.", "What gathering did Musk speak at?", False),
        ("His time in Washington DC convinced him that the signal-to-noise in politics is terrible.",
         "What did Musk learn in Washington?", False),
        ("Musk spoke in Tokyo.", "Where did Musk speak?", False),  # a place no cited sentence names: not this check's
    ],
)  # fmt: skip
def test_a_place_is_said_of_what_its_cited_sentence_says_it_of(text, question, fails):
    got = place_context_problem(text, question, [WASHINGTON_EN, SCHOOL_EN], _bundled_article(), "en")
    assert (got is not None) is fails, got


DEFINED_SUPERINTELLIGENCE_EN = (
    "The “digital superintelligence” he defined is “an intelligence far smarter than humans at anything”."
)


@pytest.mark.parametrize(
    ("text", "fails"),
    [
        # The real 1.5B model's reply (evals/fresh22): AI is common to the article and places nothing.
        ("Musk's worry about the potential for AI to surpass human intelligence and the difficulty of making the "
         "Terminator real kept him out of robotics for a while.", True),
        ("He held back on AI and robots for fear of making the Terminator real.", False),
        ("He worried about making the Terminator real.", False),
        ("Digital superintelligence is far smarter than humans.", False),  # no worry said: nothing to check
    ],
)  # fmt: skip
def test_what_someone_worried_about_is_what_a_cited_sentence_says(text, fails):
    got = relation_problem(text, [TERMINATOR_EN, DEFINED_SUPERINTELLIGENCE_EN], "en", _bundled_article())
    assert (got is not None) is fails, got


@pytest.mark.parametrize(
    ("text", "fails"),
    [
        ("マスクはターミネーターを現実にすることを心配していました。", False),
        ("彼は「ターミネーターを現実にすること」を恐れていた。", False),
        ("マスクはAIが人間を超えることを心配していました。", True),
        ("マスクは超知能の到来を恐れていました。", True),
    ],
)
def test_what_someone_worried_about_is_what_a_cited_sentence_says_in_japanese(text, fails):
    article = _bundled_article()
    terminator = '彼は、"ターミネーターを現実にすることを心配して"AIとロボットの分野で遅れをとっていたことを認めました'
    got = relation_problem(text, [terminator], "ja", article)
    assert (got is not None) is fails, got


TERMINATOR_JA = (
    '彼は、"ターミネーターを現実にすることを心配して"AIとロボットの分野で遅れをとっていたことを認めましたが、最終的には"私が'
    '何をしようと、これは起こるだろう。観客か参加者かのどちらかだ。私は参加者でいたい。"と気づいたと語りました。'
)
ECONOMY_JA = (
    "マスクは、AIが経済規模を指数関数的に成長させると予測している。"
    "------「現在の経済の10倍ではなく、数千倍、さらには数百万倍になる」と。"
)
MEMPHIS_JA = (
    "彼らはメンフィスの廃墟となったElectrolux工場を借り、150メガワットの電力需要を満たすために発電機をレンタルし、アメリカの四分の一の"
    "移動式冷却装置を借り、トレーニング中の電力変動をスムーズにするためにテスラのMega Packsを使用しました。"
)
BEACH_JA = (
    "政府を修復することはビーチを掃除するようなものです------"
    "しかし同時に、千フィートの高さの水の壁がある、それがAIの津波です。"
)


@pytest.mark.parametrize(
    ("text", "fails"),
    [
        # The real 1.5B model's reply (evals/fresh20): the reason is another sentence's prediction.
        ("マスクはAIに遅れをとった理由は、AIが経済規模を指数関数的に成長させると予測している。", True),
        ("マスクがAIに遅れをとった理由は、ターミネーターを現実にすることを心配したからです。", False),
        ("経済規模が指数関数的に成長するため、マスクはロボットの分野で遅れをとった。", True),
        ("ターミネーターを現実にすることを心配したため、マスクはAIの分野で遅れをとった。", False),
        ("電力変動をスムーズにするためにテスラのMega Packsを使用しました。", False),
        # "ようなもので" is "a thing like …, and", not a cause.
        ("政府の修復はビーチの掃除のようなもので、AIの津波の前ではそれほど重要ではないからです。", False),
    ],
)
def test_a_japanese_cause_stands_with_its_effect_in_a_cited_sentence(text, fails):
    got = cause_problem(text, [TERMINATOR_JA, ECONOMY_JA, MEMPHIS_JA, BEACH_JA], _bundled_article(), "ja")
    assert (got is not None) is fails, got
    assert cause_problem(text, [], _bundled_article(), "ja") is None  # nothing to hold it to


SAFETY_JA = "マスクは「真実への厳格なこだわり」がAIの安全性にとって最も重要な基盤であり、AIに不真実を信じ込ませることは非常に危険であると強調した;"  # noqa: E501

LEFT_GOVERNMENT_JA = (
    "この億万長者は、政府の職を辞めた根本的な理由を説明しました:「政府を修復することはビーチを掃除するようなものです"
)


@pytest.mark.parametrize(
    ("text", "cited", "fails"),
    [
        # The real 1.5B model's reply (evals/fresh72), citing the AI-safety bullet alone: the article states
        # the effect in other words (政府の職を辞めた), and the bullet it draws the cause from tells no cause.
        ("マスクは政府の仕事から身を引いた本当の理由は、AIの安全性にとって最も重要な基盤であり、AIに不真実を信じ込ませることは"
         "非常に危険であると強調した。", [SAFETY_JA], True),
        # The same effect, its cause drawn from a sentence that tells one.
        ("マスクが政府の仕事から身を引いた理由は、政府の修復はAIの津波の前ではビーチの掃除のようなものだからです。",
         [LEFT_GOVERNMENT_JA], False),
        # A cause drawn from no cited sentence: left to the support checks.
        ("マスクが身を引いた理由は、火星への移住を急ぐためです。", [SAFETY_JA], False),
    ],
)  # fmt: skip
def test_a_cause_is_drawn_from_a_sentence_that_tells_one(text, cited, fails):
    got = cause_problem(text, cited, _bundled_article(), "ja")
    assert (got is not None) is fails, got


KARDASHEV_BULLET_JA = "文明はカルダーショフII型へと進む可能性があり、人間の知能の割合は1%未満に減少するかもしれません;"
SUPPLIES_EN = "Even if the supply ships from Earth stop, Mars can continue to develop and prosper."


@pytest.mark.parametrize(
    ("text", "lang", "fails"),
    [
        # The real 1.5B model's reply (evals/fresh69): the second consequence is the Kardashev bullet's.
        ("AIに嘘を信じさせると、AIの安全性が低下し、人間の知能の割合が1%未満に減少する可能性がある。", "ja", True),
        ("AIに不真実を信じ込ませると、人間の知能の割合が1%未満に減少する。", "ja", True),
        ("AIに不真実を信じ込ませると、非常に危険だとマスクは強調した。", "ja", False),
        ("報道によると、人間の知能の割合は1%未満に減少するかもしれません。", "ja", False),  # no condition
        ("If the supply ships from Earth stop, Mars can still develop and prosper.", "en", False),
        ("If the supply ships from Earth stop, human intelligence will fall below 1%.", "en", True),
    ],
)  # fmt: skip
def test_a_consequence_stands_with_its_condition_in_a_cited_sentence(text, lang, fails):
    evidence = (
        [SAFETY_JA, KARDASHEV_BULLET_JA] if lang == "ja" else [SUPPLIES_EN, "Human intelligence will be below 1%."]
    )
    got = condition_problem(text, evidence, _bundled_article(), lang)
    assert (got is not None) is fails, got


FAR_FROM_EN = (
    "He believes that humanity currently uses only 1-2% of Earth's energy and is still far from being a Type 1 "
    "civilization."
)
STELLAR_EN = (
    "The AI-driven economy he predicts will reach thousands of times, even millions of times, its current size; "
    "civilization may advance to Kardashev Type II (the level of a star's energy), and the share of human "
    "intelligence may shrink to less than 1%;"
)


@pytest.mark.parametrize(
    ("text", "fails"),
    [
        # The real 1.5B model's reply: the stellar level is Type II's, and "1%" is no Type 1 civilization.
        ("The level of civilization humanity is still far from is Type 1 civilization, which is the level of a "
         "star's energy.", True),
        ("Our descendants could reach a Kardashev Type II civilization, which is the level of a star's energy.",
         False),
        ("Humanity uses about 1-2% of Earth's energy today, which is still far from being a Type 1 civilization.",
         False),
        # No clause saying what a figure or a name is.
        ("Humanity is still far from a Type 1 civilization.", False),
    ],
)  # fmt: skip
def test_a_relative_clause_says_of_a_figure_what_its_sentence_says_of_it(text, fails):
    got = relative_clause_problem(text, [FAR_FROM_EN, STELLAR_EN], _bundled_article(), "en")
    assert (got is not None) is fails, got
    # The same when the sentence it is said of is not cited (the model's real citations: it read the
    # bullet in its prompt and cited eight others).
    got = relative_clause_problem(text, [FAR_FROM_EN], _bundled_article(), "en")
    assert (got is not None) is fails, got


MARS_JA = "マスクは、火星が自給自足できるように、約30年以内に火星に十分な物資を移転する計画を立てていると述べた。"
POWER_SWINGS_JA = "トレーニング中の電力変動をスムーズにするためにテスラのMega Packsを使用しました。"


@pytest.mark.parametrize(
    ("text", "sentence", "repeats"),
    [
        (MARS_JA, MARS_JA, True),  # evals/fresh41: given for 火星に最初に立つのは誰?
        ("Elon Musk plans to move enough supplies to Mars within about 30 years so that Mars can be self-sufficient.",
         MARS_EN, True),  # a word or two changed
        ("Musk plans to make Mars self-sufficient within 30 years.", MARS_EN, False),  # said in its own words
        ("テスラのMega Packsを使用しました。", POWER_SWINGS_JA, False),  # a part of it
    ],
)  # fmt: skip
def test_an_answer_repeating_a_cited_sentence_is_told(text, sentence, repeats):
    from index.answer_checks import repeats_sentence

    assert repeats_sentence(text, sentence) is repeats
