"""One chat-completions endpoint (OpenAI or compatible), called with a deadline and retries."""

from __future__ import annotations

import email.utils
import logging
import math
import re
import threading
import time
from typing import TYPE_CHECKING, Any, cast

from index.errors import SpeechbotError
from index.llm.grounding import (
    MalformedReply,
)
from index.messages import message
from index.settings import Settings
from index.threads import ignore_interrupts, threads_ignore_interrupts

if TYPE_CHECKING:
    from openai.types.chat import ChatCompletion, ChatCompletionMessageParam

log = logging.getLogger(__name__)

# Retries after 429/5xx happen only while the time budget lasts; this caps them besides.
MAX_ATTEMPTS = 3
SERVER_ERROR_PAUSE_S = 0.25


class ModelUnavailable(SpeechbotError):
    """The model gave no usable reply in time; the message completes "The language model ..."."""

    def __init__(self, problem: str, hint: str = "") -> None:
        super().__init__(problem)
        self.hint = hint  # what the operator can do, appended after the notice


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
        """The reply's text (JSON asked for); raises ModelUnavailable with a one-line reason, MalformedReply
        when cut off."""
        choice = self._request(messages, deadline, max_tokens, {"response_format": {"type": "json_object"}})
        if getattr(choice, "finish_reason", None) == "length":
            raise MalformedReply("cut off at max_tokens")
        return _content(choice)

    def yes_probability(self, messages: list[dict[str, str]], deadline: float) -> float | None:
        """How likely the model's one-word reply is YES rather than NO, from the first token's log
        probabilities (the reply itself when the server sends none); None when it is neither."""
        choice = self._request(messages, deadline, 1, {"logprobs": True, "top_logprobs": 5})
        return yes_probability(choice)

    def _request(
        self, messages: list[dict[str, str]], deadline: float, max_tokens: int | None, extra: dict[str, Any]
    ) -> Any:
        """The reply's first choice, with retries while the deadline allows; ModelUnavailable otherwise."""
        openai = self._openai
        for attempt in range(1, MAX_ATTEMPTS + 1):
            remaining = deadline - time.monotonic()
            if remaining <= 0.05:
                break
            try:
                return self._call_once(messages, remaining, max_tokens, extra)
            except openai.RateLimitError as exc:
                wait = retry_after(exc.response)
                left = deadline - time.monotonic()
                if attempt < MAX_ATTEMPTS and wait is not None and wait + 0.5 < left:
                    log.info("model rate-limited; retrying after %.1f s", wait)
                    time.sleep(wait)
                    continue
                hint = (
                    message("model.rate_limited.wait", wait=wait) if wait is not None else message("model.rate_limited")
                )
                raise ModelUnavailable(hint) from exc
            except openai.InternalServerError as exc:
                if attempt < MAX_ATTEMPTS and deadline - time.monotonic() > SERVER_ERROR_PAUSE_S + 1.0:
                    time.sleep(SERVER_ERROR_PAUSE_S)
                    continue
                raise ModelUnavailable(message("model.server_failed", status=exc.status_code)) from exc
            except openai.APITimeoutError as exc:
                raise ModelUnavailable(message("model.timeout", seconds=self.timeout_s)) from exc
            except openai.APIConnectionError as exc:
                raise ModelUnavailable(
                    message("model.unreachable", url=self.base_url), message("model.hint.base_url")
                ) from exc
            except (openai.AuthenticationError, openai.PermissionDeniedError) as exc:
                raise ModelUnavailable(
                    message("model.rejected_key", status=exc.status_code), message("model.hint.key")
                ) from exc
            except openai.NotFoundError as exc:
                raise ModelUnavailable(
                    message("model.no_model", model=self.model), message("model.hint.model")
                ) from exc
            except openai.APIStatusError as exc:
                raise ModelUnavailable(message("model.refused", status=exc.status_code)) from exc
            except openai.OpenAIError as exc:
                raise ModelUnavailable(message("model.unreadable", error=type(exc).__name__)) from exc
        raise ModelUnavailable(message("model.timeout", seconds=self.timeout_s))

    def _call_once(
        self, messages: list[dict[str, str]], remaining: float, max_tokens: int | None, extra: dict[str, Any]
    ) -> Any:
        # httpx's timeout bounds each read, not the whole exchange; a thread waited on with the
        # remaining budget bounds it all, even against a server that trickles bytes.
        box: dict[str, Any] = {}
        done = threading.Event()

        def call() -> None:
            ignore_interrupts()  # a Ctrl-C is the waiting thread's to take (index/threads.py)
            try:
                box["reply"] = self._client.chat.completions.create(
                    model=self.model,
                    messages=cast("list[ChatCompletionMessageParam]", messages),
                    temperature=0,
                    timeout=remaining,
                    max_tokens=max_tokens if max_tokens else self._openai.omit,
                    **extra,
                )
            except BaseException as exc:  # handed to the waiting thread
                box["error"] = exc
            finally:
                done.set()

        with threads_ignore_interrupts():  # blocked from its birth, not from its first statement on
            threading.Thread(target=call, name="speechbot-llm", daemon=True).start()
        if not done.wait(remaining):
            raise ModelUnavailable(message("model.timeout", seconds=self.timeout_s))
        if "error" in box:
            raise box["error"]
        reply: ChatCompletion = box["reply"]
        choices = getattr(reply, "choices", None)
        if not choices or not isinstance(choices, list):
            raise ModelUnavailable(message("model.empty"))
        return choices[0]


def _content(choice: Any) -> str:
    content: str | None = choice.message.content if choice.message else None
    if not content or not content.strip():
        raise ModelUnavailable(message("model.empty"))
    return content


def yes_probability(choice: Any) -> float | None:
    """P(YES) / (P(YES) + P(NO)) over the first token's top log probabilities ("YES", "Yes", " yes" …
    pooled); without them, 1 or 0 from the reply's first word; None when the reply is neither."""
    pooled = {"YES": 0.0, "NO": 0.0}
    tokens = getattr(getattr(choice, "logprobs", None), "content", None) or []
    alternatives = (getattr(tokens[0], "top_logprobs", None) or []) if tokens else []
    for alternative in alternatives:
        word = str(getattr(alternative, "token", "")).strip().upper()
        if word in pooled:
            pooled[word] += math.exp(float(getattr(alternative, "logprob", -math.inf)))
    if pooled["YES"] + pooled["NO"] > 0:
        return pooled["YES"] / (pooled["YES"] + pooled["NO"])
    text = (choice.message.content if choice.message else None) or ""
    first = re.match(r"\W*(\w+)", text)
    word = first.group(1).upper() if first else ""
    return {"YES": 1.0, "NO": 0.0}.get(word)


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
