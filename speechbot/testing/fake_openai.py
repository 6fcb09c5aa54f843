"""A fake OpenAI-compatible server on 127.0.0.1 (chat completions, embeddings), scripted per test."""

from __future__ import annotations

import asyncio
import hashlib
import itertools
import json
import math
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from aiohttp import web

# A reply that "never comes" still ends by itself, so no test can hang on it.
HANG_CAP_S = 30.0


@dataclass
class Reply:
    status: int = 200
    body: Any = None  # dict -> JSON; str -> sent as is
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


def chat(content: str | None, **kw: Any) -> Reply:
    """A chat completion whose message content is `content` (a dict is JSON-encoded)."""
    if isinstance(content, dict):
        content = json.dumps(content, ensure_ascii=False)
    return Reply(
        body={
            "id": "chatcmpl-fake",
            "object": "chat.completion",
            "created": 0,
            "model": "fake",
            "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": content}}],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
        },
        **kw,
    )


# A YES, as the 1.5B model gave most answerable questions: above the answerer's MODEL_SAYS_YES (0.35),
# MODEL_REFUSAL_DOUBTED (0.5) and MODEL_ANSWER_DOUBTED (0.6), so an answer failing a check falls back to
# the quotes and a later "not in the sources" is doubted. Tests of a believed refusal script a NO.
DEFAULT_P_YES = 0.7


def judgement(p_yes: float | None, *, content: str | None = None, **kw: Any) -> Reply:
    """A reply to a yes/no question (a request asking for logprobs): the first token's top log
    probabilities give YES `p_yes` and NO the rest; None sends no logprobs, only `content`."""
    token = content if content is not None else ("YES" if (p_yes or 0) >= 0.5 else "NO")
    reply = chat(token, **kw)
    choice = reply.body["choices"][0]
    choice["finish_reason"] = "length"  # one token asked for, one sent
    if p_yes is not None:
        top = [
            {"token": word, "logprob": math.log(max(p, 1e-9)), "bytes": None}
            for word, p in (("YES", p_yes), ("NO", 1 - p_yes))
        ]
        choice["logprobs"] = {"content": [{**top[0 if p_yes >= 0.5 else 1], "top_logprobs": top}]}
    return reply


def error(status: int, message: str = "error", headers: dict[str, str] | None = None) -> Reply:
    return Reply(status, {"error": {"message": message, "type": "fake", "code": None}}, headers or {})


def hang(seconds: float = HANG_CAP_S) -> Reply:
    return Reply(delay=min(seconds, HANG_CAP_S), body={"error": {"message": "too late"}}, status=504)


def sentences_in(request: dict[str, Any]) -> dict[str, str]:
    """The numbered sentences (S1: ...) the answerer sent in its prompt."""
    text = "\n".join(m.get("content", "") for m in request.get("messages", []))
    return dict(re.findall(r"^(S\d+): (.*)$", text, re.M))


def points_in(request: dict[str, Any]) -> dict[str, str]:
    text = "\n".join(m.get("content", "") for m in request.get("messages", []) if m["role"] == "user")
    return dict(re.findall(r"^(P\d+): (.*)$", text, re.M))


def english_stand_in(sid: str) -> str:
    """A model "translation" that passes the checks: English, no number or name, one per sentence."""
    return "the speaker's words, rendered in english, part " + "".join(chr(97 + int(d)) for d in sid[1:])


def cite(*needles: str, answer: str, translate: bool = True, extra: list[str] | None = None) -> Callable[[dict], Reply]:
    """A responder citing the sentences that contain each needle, with a translation for each."""

    def respond(request: dict[str, Any]) -> Reply:
        sents = sentences_in(request)
        ids = [next(sid for sid, t in sents.items() if needle in t) for needle in needles]
        body: dict[str, Any] = {"answer": answer, "citations": ids + (extra or [])}
        if translate:
            body["translations"] = {sid: english_stand_in(sid) for sid in ids}
        return chat(body)

    return respond


def verdict(kind: str, explanation: str, *needles: str, extra: list[str] | None = None) -> Callable[[dict], Reply]:
    """A responder to a claim check: `kind`, citing the sentences that contain each needle."""

    def respond(request: dict[str, Any]) -> Reply:
        sents = sentences_in(request)
        ids = [next(sid for sid, t in sents.items() if needle in t) for needle in needles]
        return chat({"verdict": kind, "explanation": explanation, "citations": ids + (extra or [])})

    return respond


def texts_in(request: dict[str, Any]) -> dict[str, str]:
    """The numbered texts (T1: ...) a rendering request asks to translate."""
    text = "\n".join(m.get("content", "") for m in request.get("messages", []) if m["role"] == "user")
    return dict(re.findall(r"^(T\d+): (.*)$", text, re.M))


def render(translate: Callable[[str], str | None]) -> Callable[[dict], Reply]:
    """A responder to rendering requests: `translate(japanese)` gives each text's English (None: left out)."""

    def respond(request: dict[str, Any]) -> Reply:
        out = {tid: en for tid, ja in texts_in(request).items() if (en := translate(ja)) is not None}
        return chat({"translations": out})

    return respond


def fake_embedding(text: str, dim: int) -> list[float]:
    vec = np.zeros(dim, dtype=np.float64)
    for a, b in itertools.pairwise(text):
        h = int.from_bytes(hashlib.blake2b((a + b).encode(), digest_size=4).digest(), "little")
        vec[h % dim] += 1.0
    vec[0] += 0.01
    return (vec / np.linalg.norm(vec)).tolist()


def embedding_dimension(model: str) -> int:
    m = re.search(r"(\d+)$", model)
    return int(m.group(1)) if m else 64


class FakeOpenAI:
    """Start with `with FakeOpenAI() as srv:`; script chat replies with `srv.script(...)`.

    Each scripted item is a Reply or a callable(request_json) -> Reply; they are used in order and
    the last one repeats.
    """

    def __init__(self) -> None:
        self.chat_requests: list[dict[str, Any]] = []
        # Yes/no questions (requests asking for logprobs) have their own script so that a test scripting
        # answers need not know whether the answerer asked one first. The default, DEFAULT_P_YES, is a
        # plain YES.
        self.judge_requests: list[dict[str, Any]] = []
        self._judge_script: list[Reply | Callable[[dict], Reply]] = []
        self.embedding_requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self._script: list[Reply | Callable[[dict], Reply]] = [error(500, "no script")]
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="fake-openai", daemon=True)
        self._runner: web.AppRunner | None = None
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def script(self, *replies: Reply | Callable[[dict], Reply]) -> None:
        """Script the replies to chat requests (used in order, the last repeating); yes/no questions
        go back to the default YES."""
        self._script = list(replies)
        self.chat_requests.clear()
        self.judge()

    def judge(self, *replies: Reply | Callable[[dict], Reply]) -> None:
        """Script the replies to yes/no questions (used in order, the last repeating)."""
        self._judge_script = list(replies) or [judgement(DEFAULT_P_YES)]
        self.judge_requests.clear()

    def __enter__(self) -> FakeOpenAI:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(10)
        return self

    def __exit__(self, *exc: object) -> None:
        asyncio.run_coroutine_threadsafe(self._stop(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)

    async def _start(self) -> None:
        app = web.Application()
        app.router.add_post("/v1/chat/completions", self._chat)
        app.router.add_post("/v1/embeddings", self._embeddings)
        self._runner = web.AppRunner(app, shutdown_timeout=0.5, access_log=None)  # its thread outlives pytest capture
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]

    async def _stop(self) -> None:
        await self._runner.cleanup()  # type: ignore[union-attr]
        # Handlers still sleeping on a hang() reply end now, quietly.
        tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def _chat(self, request: web.Request) -> web.StreamResponse:
        body = await request.json()
        self.headers.append(dict(request.headers))
        if body.get("logprobs"):
            self.judge_requests.append(body)
            item = self._judge_script[min(len(self.judge_requests) - 1, len(self._judge_script) - 1)]
        else:
            self.chat_requests.append(body)
            item = self._script[min(len(self.chat_requests) - 1, len(self._script) - 1)]
        reply = item(body) if callable(item) else item
        if reply.delay:
            await asyncio.sleep(reply.delay)
        return _respond(reply)

    async def _embeddings(self, request: web.Request) -> web.StreamResponse:
        body = await request.json()
        self.embedding_requests.append(body)
        inputs = body["input"] if isinstance(body["input"], list) else [body["input"]]
        dim = embedding_dimension(body["model"])
        data = [{"object": "embedding", "index": i, "embedding": fake_embedding(t, dim)} for i, t in enumerate(inputs)]
        return web.json_response(
            {"object": "list", "data": data, "model": body["model"], "usage": {"prompt_tokens": 1, "total_tokens": 1}}
        )


def _respond(reply: Reply) -> web.StreamResponse:
    if isinstance(reply.body, str):
        return web.Response(status=reply.status, text=reply.body, headers=reply.headers, content_type="text/plain")
    return web.json_response(reply.body, status=reply.status, headers=reply.headers)
