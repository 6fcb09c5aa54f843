"""Questions that reach the bot together are answered together: one embedding batch, one search.

A single worker drains a queue. A question that arrives while the worker is idle starts at once (no
collection window, so a lone question waits for nothing); questions that arrive while a batch is
being computed form the next batch. Measured with bench/bench_discord.py: see README.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from index.engine import Draft, SpeechIndex
from index.results import Answer

log = logging.getLogger(__name__)
MAX_BATCH = 32


@dataclass
class _Pending:
    question: str
    context: str | None
    future: asyncio.Future[Draft] = field(repr=False)


class AskBatcher:
    """`await batcher.ask(question)` is `index.ask(question)`, computed in a batch with its neighbours."""

    def __init__(self, index: Callable[[], SpeechIndex], *, max_batch: int = MAX_BATCH) -> None:
        self._index = index  # a getter: the bot opens its index only in setup_hook
        self.max_batch = max_batch
        self._pending: list[_Pending] = []
        self._worker: asyncio.Task[None] | None = None
        # For the benchmark and tests: how questions were grouped, and how long each batch took.
        self.batch_sizes: list[int] = []
        self.batch_seconds: list[float] = []

    async def ask(self, question: str, *, context: str | None = None) -> Answer:
        loop = asyncio.get_running_loop()
        item = _Pending(question, context, loop.create_future())
        self._pending.append(item)
        if self._worker is None or self._worker.done():
            self._worker = loop.create_task(self._run(), name="speechbot-ask-batcher")
        draft = await item.future
        index = self._index()
        if index.llm is None:
            return draft.extractive
        # Model calls take seconds: each runs on its own, never holding up the next batch.
        return await asyncio.to_thread(index.complete, draft)

    async def close(self) -> None:
        if self._worker is not None:
            self._worker.cancel()
            await asyncio.gather(self._worker, return_exceptions=True)
            self._worker = None
        for item in self._pending:
            item.future.cancel()
        self._pending.clear()

    async def _run(self) -> None:
        # Ends when the queue is empty (between its last check and its end nothing else can run, so a
        # question is never left behind); the next question starts a new worker.
        while self._pending:
            batch, self._pending = self._pending[: self.max_batch], self._pending[self.max_batch :]
            await self._answer(batch)

    async def _answer(self, batch: list[_Pending]) -> None:
        self.batch_sizes.append(len(batch))
        index = self._index()
        started = time.perf_counter()
        try:
            # Blocking work (embedding, Chroma, SQLite) stays off the event loop.
            drafts = await asyncio.to_thread(index.draft_many, [(p.question, p.context) for p in batch])
        except Exception as exc:  # the whole batch failed (index unavailable, ...): each asker hears why
            for p in batch:
                if not p.future.done():
                    p.future.set_exception(exc)
            return
        finally:
            self.batch_seconds.append(time.perf_counter() - started)
        for p, draft in zip(batch, drafts, strict=True):
            if p.future.done():  # the asker gave up (cancelled)
                continue
            if isinstance(draft, Exception):
                p.future.set_exception(draft)
            else:
                p.future.set_result(draft)
