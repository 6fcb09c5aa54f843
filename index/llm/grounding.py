"""The grounding protocol: numbered sentences in, cited ids out, quotes rendered by code and verified.

The model never supplies quote text. It sees the retrieved passages split into sentences numbered
S1..Sn and replies with JSON naming the ids it relies on; the quotes users see are cut from the
source by `VersionView.quote`, so they are verbatim by construction. Anything the model itself puts
in quotation marks is kept only if it is an exact span of the sentences it cites; everything else the
model writes is checked by index/answer_checks.py before anyone reads it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from index.answer_checks import scrub_quotations, strip_controls, strip_internal_ids, strip_prompt_talk
from index.answerability import WordsOf
from index.bilingual import localize_quote
from index.renderings import RenderingStore, rendering_problem
from index.results import MAX_QUOTES, KeyPoint, Quote, quote_fits
from index.store.records import PassageRecord
from index.version import VersionView

# Bumped whenever the prompt or the reply format changes, so cached replies are not reused.
PROMPT_VERSION = "3"
CONTEXT_PASSAGES = 5
MAX_CITATIONS = 8
MAX_ANSWER_CHARS = 1500
MAX_TRANSLATION_CHARS = 1200

LANGUAGE_NAMES = {"en": "English", "ja": "Japanese"}
# Reply budgets (tokens), sized to the format so a reply with many citations cannot run on until the
# timeout: an answer of one to three sentences plus the citation list, one translation per cited
# sentence (English askers), one short sentence per key point.
ANSWER_TOKENS = {"en": 200, "ja": 300}
TRANSLATION_TOKENS = 110
KEYPOINT_TOKENS = {"en": 70, "ja": 110}
KEYPOINT_OVERHEAD_TOKENS = 40


def answer_max_tokens(lang: str) -> int:
    return ANSWER_TOKENS[lang] + (TRANSLATION_TOKENS * MAX_CITATIONS if lang == "en" else 0)


def keypoints_max_tokens(points: int, lang: str) -> int:
    per_point = KEYPOINT_TOKENS[lang] + (TRANSLATION_TOKENS if lang == "en" else 0)
    return KEYPOINT_OVERHEAD_TOKENS + per_point * points


class MalformedReply(ValueError):
    """The model's reply is not the JSON object the protocol asks for."""


@dataclass(frozen=True, slots=True)
class SentenceRef:
    passage: PassageRecord
    index: int  # position of the sentence within its passage
    score: float


@dataclass(frozen=True, slots=True)
class Grounding:
    """What the model is shown: numbered sentences, and how each id maps back to the index."""

    refs: dict[str, SentenceRef]
    text: str
    passage_ids: tuple[str, ...]
    # For English questions: the ids of sentences with no English rendering, the only ones the model
    # is asked to translate (rendered ones are shown to it with their rendering instead).
    untranslated: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ModelAnswer:
    answer: str
    citations: tuple[str, ...]
    translations: dict[str, str]
    not_in_sources: bool = False  # the model says the sentences do not answer the question


def build_grounding(
    view: VersionView,
    passages: Iterable[tuple[PassageRecord, float]],
    renderings: RenderingStore | None = None,
) -> Grounding:
    """Numbered sentences; with `renderings` (English questions) each is followed by its English rendering."""
    refs: dict[str, SentenceRef] = {}
    blocks: list[str] = []
    pids: list[str] = []
    untranslated: list[str] = []
    for n, (passage, score) in enumerate(passages, 1):
        if not passage.sentence_rows:
            continue
        pids.append(passage.id)
        lines = [f"Passage {n}" + (f" (section: {passage.section})" if passage.section else "")]
        for i, row in enumerate(passage.sentence_rows):
            sid = f"S{len(refs) + 1}"
            refs[sid] = SentenceRef(passage, i, score)
            text = view.sentence_text(row)
            lines.append(f"{sid}: {text}")
            if renderings is not None:
                found = renderings.lookup(text)
                if found is None:
                    untranslated.append(sid)
                else:
                    lines.append(f"    English: {found[0]}")
        blocks.append("\n".join(lines))
    return Grounding(refs, "\n\n".join(blocks), tuple(pids), tuple(untranslated))


def absent_words(words: Sequence[str], grounding: Grounding, lang: str) -> list[str]:
    """Those of the question's `words` that no sentence (or English line) of the prompt contains."""
    prompt = WordsOf(grounding.text, lang)
    return [word for word in words if not prompt.holds(word)]


def answer_messages(
    question: str, lang: str, grounding: Grounding, context: str | None = None, absent: Sequence[str] = ()
) -> list[dict[str, str]]:
    """The chat messages asking for an answer. `absent`: words of the question no sentence contains
    (absent_words); the model is told, so that it can see the sentences do not answer a question about them."""
    language = LANGUAGE_NAMES[lang]
    # Only sentences without an English rendering need the model's translation: a shorter reply.
    need = grounding.untranslated if lang == "en" else ()
    translations = (
        f'  "translations": {{"{need[0]}": "<faithful English translation of sentence {need[0]}>", ...}}\n'
        if need
        else ""
    )
    system = (
        "You answer questions about one Japanese news article, using only the numbered sentences "
        "given to you. Reply with a single JSON object and nothing else:\n"
        "{\n"
        f'  "answer": "<one to three short sentences in {language}>",\n'
        '  "citations": ["S1", ...],\n' + translations + '  "not_in_sources": false\n'
        "}\n"
        "Rules:\n"
        f"- Write the answer in {language}, using only facts stated in the sentences you cite.\n"
        "- citations: the ids of the sentences that support the answer, most important first, "
        f"at most {MAX_CITATIONS}.\n"
        '- If the sentences do not answer the question, reply {"answer": "", "citations": [], '
        '"not_in_sources": true}. Never answer from your own knowledge.\n'
        "- Every number and name in the answer must be written in the sentences you cite; keep their "
        "units (15万 is 150,000; 43億ドル is $4.3 billion).\n"
        "- Never put quotation marks around words in the answer unless they are copied character for "
        "character from a sentence; the reader is shown the cited sentences themselves.\n"
        "- Do not write sentence ids inside the answer text.\n"
        + (
            "- Sentences followed by an English line are already translated: take numbers and names from it.\n"
            if lang == "en"
            else ""
        )
        + (
            "- translations: a faithful English translation of each cited sentence among "
            + ", ".join(need)
            + " (no other ids), keeping every number exact.\n"
            if need
            else ""
        )
    )
    earlier = f"Earlier question in this conversation: {context}\n" if context else ""
    missing = (
        f"Words of the question that none of the sentences contains: {', '.join(absent)}. The sentences may "
        "say the same in other words; if they say nothing about it, reply not_in_sources.\n"
        if absent
        else ""
    )
    user = f"{earlier}Question: {question}\n{missing}\nSentences:\n{grounding.text}"
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


def parse_json_object(content: str | None) -> dict[str, Any]:
    """The JSON object in a reply, tolerating code fences and a sentence of prose around it."""
    text = (content or "").strip()
    if not text:
        raise MalformedReply("empty")
    fenced = re.search(r"```(?:json)?\s*(.*?)```", text, re.S)
    if fenced:
        text = fenced.group(1).strip()
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        first, last = text.find("{"), text.rfind("}")
        if first < 0 or last <= first:
            raise MalformedReply("not JSON") from None
        try:
            value = json.loads(text[first : last + 1])
        except json.JSONDecodeError:
            raise MalformedReply("not JSON") from None
    if not isinstance(value, dict):
        raise MalformedReply("not a JSON object")
    return value


def _sid(value: Any) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return f"S{value}"
    if isinstance(value, str):
        m = re.fullmatch(r"\s*\[?\s*[Ss]?(\d+)\s*\]?\s*", value)
        return f"S{m.group(1)}" if m else value.strip()
    return None


def parse_answer(content: str | None) -> ModelAnswer:
    obj = parse_json_object(content)
    answer = obj.get("answer", "")
    citations = obj.get("citations", [])
    translations = obj.get("translations") or {}
    if answer is None:
        answer = ""
    if not isinstance(answer, str) or not isinstance(citations, list) or not isinstance(translations, dict):
        raise MalformedReply("fields of the wrong type")
    cited = tuple(dict.fromkeys(s for s in map(_sid, citations) if s))
    # Control sequences mean nothing to a reader, and their parameters are not numbers to check.
    trans = {
        sid: strip_controls(v).strip()[:MAX_TRANSLATION_CHARS]
        for k, v in translations.items()
        if (sid := _sid(k)) and isinstance(v, str) and strip_controls(v).strip()
    }
    refused = obj.get("not_in_sources") is True
    return ModelAnswer(strip_controls(answer).strip()[:MAX_ANSWER_CHARS], cited, trans, refused)


def render_quotes(
    view: VersionView,
    grounding: Grounding,
    reply: ModelAnswer,
    lang: str,
    renderings: RenderingStore | None = None,
) -> tuple[Quote, ...]:
    """Verified quotes for the reply's valid citations: consecutive sentences of one passage merge.

    For English questions each quote carries its English rendering: the bundled or stored one where
    it exists (always), the model's translation of a sentence only where none does and it passes
    `usable_translations`.
    """
    valid = [sid for sid in reply.citations if sid in grounding.refs][:MAX_CITATIONS]
    by_passage: dict[str, list[tuple[int, str]]] = {}
    for sid in valid:
        ref = grounding.refs[sid]
        by_passage.setdefault(ref.passage.id, []).append((ref.index, sid))
    rank = {sid: i for i, sid in enumerate(valid)}
    runs: list[tuple[int, PassageRecord, float, list[str], int, int]] = []
    for items in by_passage.values():
        items.sort()
        passage = grounding.refs[items[0][1]].passage
        score = grounding.refs[items[0][1]].score
        run = [items[0]]
        for idx, sid in items[1:]:
            if idx == run[-1][0] + 1 and quote_fits(len(run) + 1, _span(view, passage, run[0][0], idx)):
                run.append((idx, sid))
            else:
                runs.append(_run(passage, score, run, rank))
                run = [(idx, sid)]
        runs.append(_run(passage, score, run, rank))
    runs.sort(key=lambda r: r[0])
    model_text = usable_translations(view, grounding, reply) if lang == "en" else {}
    quotes = []
    for _, passage, score, sids, first, last in runs[:MAX_QUOTES]:
        quote = view.quote(passage, first, last, score=score)
        if lang == "en":
            # A translation is attached only when every sentence of the quote has one: a partial
            # translation labelled as the quote's would misstate what the speaker said.

            def fallback(i: int, _text: str, sids: list[str] = sids) -> str | None:
                return model_text.get(sids[i])

            quote = localize_quote(
                quote, view, renderings if renderings is not None else RenderingStore(None), fallback=fallback
            )
        quotes.append(quote)
    return tuple(quotes)


def with_retrieval_quotes(quotes: tuple[Quote, ...], found: Sequence[Quote]) -> tuple[Quote, ...]:
    """The model's quotes, then each quote retrieval found for the question (in its order) that they
    leave out, so that a reader never sees less evidence with a model than without one.

    A small model often cites a weaker sentence than retrieval found ("What did Musk compare government
    reform to?" answered citing the sentence before the beach comparison; 人類が使っているエネルギーの割合は?
    citing the summary bullet and not the 1-2% sentence). A cited quote inside a found one gives way to
    it (the same sentences and those around them; two inside it become one); a found quote whose
    sentences are all cited adds nothing. One only partly cited is shown whole after the model's, its
    shared sentence twice: the model's quote holds what the answer cites, the found one what retrieval
    found. The answer's checks are on the cited sentences alone.
    """
    shown = list(quotes)
    for best in found:
        wanted = set(best.sentence_ids)
        if wanted <= {s for q in shown for s in q.sentence_ids}:
            continue
        inside = [i for i, q in enumerate(shown) if set(q.sentence_ids) <= wanted]
        if inside:
            shown = [best if i == inside[0] else q for i, q in enumerate(shown) if i == inside[0] or i not in inside]
        else:
            shown.append(best)
    return tuple(shown)


def usable_translations(view: VersionView, grounding: Grounding, reply: ModelAnswer) -> dict[str, str]:
    """The model's translations that may be shown: English, numbers exact, not the answer text again,
    and not one text given for two different sentences."""
    seen: dict[str, int] = {}
    for text in reply.translations.values():
        seen[text.casefold()] = seen.get(text.casefold(), 0) + 1
    out: dict[str, str] = {}
    for sid, text in reply.translations.items():
        ref = grounding.refs.get(sid)
        if ref is None or seen[text.casefold()] > 1 or text.casefold() == reply.answer.strip().casefold():
            continue
        if rendering_problem(view.sentence_text(ref.passage.sentence_rows[ref.index]), text) is None:
            out[sid] = text
    return out


def _run(
    passage: PassageRecord, score: float, run: list[tuple[int, str]], rank: Mapping[str, int]
) -> tuple[int, PassageRecord, float, list[str], int, int]:
    sids = [sid for _, sid in run]
    return (min(rank[s] for s in sids), passage, score, sids, run[0][0], run[-1][0])


def _span(view: VersionView, passage: PassageRecord, first: int, last: int) -> int:
    rows = passage.sentence_rows
    return view.sentences[rows[last]].end - view.sentences[rows[first]].start


def clean_answer_text(text: str, cited: Iterable[str]) -> str:
    """Model text as shown: no internal ids nor talk of the prompt, quotation marks only around words of
    the cited sentences, white space folded (after the quotation check, so a quotation broken across
    lines is still seen)."""
    text = strip_prompt_talk(strip_internal_ids(text))
    return " ".join(scrub_quotations(text, cited)[0].split()) if text else text


# -- key points ----------------------------------------------------------------------------------
def keypoint_messages(points: tuple[KeyPoint, ...], lang: str) -> list[dict[str, str]]:
    language = LANGUAGE_NAMES[lang]
    lines: list[str] = []
    need: list[str] = []  # items whose quote has no English rendering yet
    for i, p in enumerate(points, 1):
        quote = p.quotes[0] if p.quotes else None
        lines.append(f"P{i}: {quote.text if quote else p.text}")
        if lang == "en" and quote is not None:
            if quote.translation:
                lines.append(f"    English: {quote.translation}")
            else:
                need.append(f"P{i}")
    translation = ', "translation": "<faithful English translation of the quoted text>"' if need else ""
    system = (
        "You summarise key points of one Japanese news article. Each numbered item below is a quote "
        f"from it. For each item, write the point it makes as one short sentence in {language}, "
        "stating only what the quote says. Reply with a single JSON object and nothing else:\n"
        f'{{"points": [{{"id": "P1", "text": "<the point in {language}>"{translation}}}, ...]}}\n'
        "Never put quotation marks around words unless they are copied exactly from the quote."
        + (
            "\nItems followed by an English line are already translated: take numbers and names from it."
            if lang == "en"
            else ""
        )
        + (f"\nGive a translation only for {', '.join(need)}, keeping every number exact." if need else "")
    )
    return [{"role": "system", "content": system}, {"role": "user", "content": "\n".join(lines)}]


def parse_keypoints(content: str | None) -> dict[int, tuple[str, str | None]]:
    """Point number -> (text, translation) from the model's reply."""
    obj = parse_json_object(content)
    items = obj.get("points")
    if not isinstance(items, list):
        raise MalformedReply("no points list")
    out: dict[int, tuple[str, str | None]] = {}
    for item in items:
        if not isinstance(item, dict):
            continue
        m = re.fullmatch(r"\s*[Pp]?(\d+)\s*", str(item.get("id", "")))
        text = item.get("text")
        if not m or not isinstance(text, str) or not text.strip():
            continue
        trans = item.get("translation")
        trans = trans.strip()[:MAX_TRANSLATION_CHARS] if isinstance(trans, str) and trans.strip() else None
        out[int(m.group(1))] = (text.strip()[:MAX_ANSWER_CHARS], trans)
    if not out:
        raise MalformedReply("no usable points")
    return out


# -- does the text answer the question? ------------------------------------------------------------
# A narrow yes/no question, asked before the model words an answer, for questions whose best passages
# lack some of their words. Asked to answer from five passages, a 1.5B model almost never says the
# article is silent; asked only whether the three closest quotes contain the answer, it often does.
# Measured with Qwen2.5-1.5B-Instruct (Q4_K_M) on 114 questions of our own sets (none from dev; see
# answerer.MODEL_SAYS_YES): this wording (the text in the question's language, the question after the
# text) left the fewest answerable questions below the threshold. Asking "does the text state the
# answer" with the question first and the sentences in both languages put 12 of 80 answerable
# questions below 0.4 (this wording: 1), though it also caught 20 of 34 unanswerable ones (this: 17).
JUDGE_SYSTEM = "You check whether a text contains the answer to a question. Answer with one word: YES or NO."


def judge_messages(question: str, lang: str, quotes: Sequence[Quote]) -> list[dict[str, str]]:
    """Ask whether `quotes` (the extractive answer's) contain the answer; in English, their reviewed
    English renderings stand in for the Japanese where they exist."""
    lines = []
    for n, quote in enumerate(quotes, 1):
        text = quote.translation if lang == "en" and quote.translation else quote.text
        lines.append(f"{n}. {' '.join(text.split())}")
    user = (
        "Text:\n" + "\n".join(lines) + f"\n\nQuestion: {' '.join(question.split())}\n\n"
        "Does the text contain the answer to this question? Answer YES or NO."
    )
    return [{"role": "system", "content": JUDGE_SYSTEM}, {"role": "user", "content": user}]


# -- renderings of new sentences -------------------------------------------------------------------
def rendering_messages(texts: list[str]) -> list[dict[str, str]]:
    """Ask for faithful English renderings of numbered Japanese sentences (T1..Tn)."""
    system = (
        "You translate sentences of one Japanese news article into plain, faithful English, one "
        "rendering per sentence, adding nothing. Keep every number exact and convert Japanese units of "
        "count correctly (15万 is 150,000; 43億ドル is $4.3 billion; 5〜10倍 is 5 to 10 times); keep units, "
        "names and who said what; マスク is Musk. Reply with a single JSON object and nothing else:\n"
        '{"translations": {"T1": "<English rendering of T1>", ...}} with one entry for every id.'
    )
    user = "\n".join(f"T{i}: {text}" for i, text in enumerate(texts, 1))
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


def parse_renderings(content: str | None) -> dict[int, str]:
    """Sentence number -> the model's rendering, from a reply to `rendering_messages`."""
    obj = parse_json_object(content)
    items = obj.get("translations")
    if not isinstance(items, dict):
        raise MalformedReply("no translations object")
    out: dict[int, str] = {}
    for key, value in items.items():
        m = re.fullmatch(r"\s*[Tt]?(\d+)\s*", str(key))
        if m and isinstance(value, str) and value.strip():
            out[int(m.group(1))] = " ".join(value.split())[:MAX_TRANSLATION_CHARS]
    return out
