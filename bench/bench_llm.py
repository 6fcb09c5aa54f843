"""Overhead the LLM path adds around the model call, with a fake server that answers instantly.

Run: python bench/bench_llm.py [--runs 50] [--data-dir DIR]
Everything measured here except the fake server's own work is speechbot's: retrieval for the prompt,
prompt building, the OpenAI SDK and HTTP round trip on loopback, parsing, rendering and verifying
quotes. Target: median under 50 ms.

It also times the checks on model answers (index/answer_checks.py, run by LLMAnswerer._check_answer)
over our own faithful and unfaithful answers (evals/answer_support.jsonl), each replayed by the fake
server citing its sentences. Target: median at most 20 ms per answer.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from index.answerability import WordsOf, question_terms
from index.embedding import query_vector
from index.engine import SpeechIndex, open_index
from index.llm.answerer import reviewed_renderings
from index.question import language_of
from index.settings import Settings
from speechbot.testing.fake_openai import FakeOpenAI, sentences_in
from speechbot.testing.fake_openai import chat as chat_reply

ROOT = Path(__file__).resolve().parents[1]

SUPPORT_SET = ROOT / "evals" / "answer_support.jsonl"

QUESTIONS = [
    "Why did Musk leave his government job?",
    "マスクはなぜ政府の仕事を辞めたのですか？",
    "How many humanoid robots does Musk expect?",
    "AIの安全性にとって最も重要なことは何ですか？",
]


def median_ms(samples: list[float]) -> str:
    ordered = sorted(samples)
    p90 = ordered[int(0.9 * (len(ordered) - 1))]
    return f"median {statistics.median(samples) * 1000:6.2f} ms   p90 {p90 * 1000:6.2f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--data-dir", type=Path, default=None)
    args = parser.parse_args()
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="bench-llm-"))
    base = {"SPEECHBOT_DATA_DIR": str(data_dir), "SPEECHBOT_SOURCES_DIR": str(ROOT / "seeds")}
    open_index(Settings.from_env(base))

    with FakeOpenAI() as fake:
        index = SpeechIndex(Settings.from_env({**base, "OPENAI_API_KEY": "bench", "OPENAI_BASE_URL": fake.url}))
        rendering = reviewed_renderings(index.settings)

        def _read(sentence: str, lang: str) -> str:
            return sentence if lang == "ja" else (rendering(sentence) or sentence)

        def faithful(request):
            # The sentence holding the most words of the question (its English rendering for English
            # askers), restated: an answer on what was asked passes the checks, whose cost is measured.
            user = request["messages"][-1]["content"]
            question = user.split("Question: ", 1)[1].split("\n", 1)[0]
            lang = language_of(question)
            terms = [t for t in question_terms(question, lang) if len(t) > 1]
            sentences = sentences_in(request)
            held = {s: sum(WordsOf(_read(t, lang), lang).holds(w) for w in terms) for s, t in sentences.items()}
            sid = max(held, key=lambda s: held[s]) if held else "S1"  # the first of those holding the most
            first = sentences[sid]
            english = "in English" in request["messages"][0]["content"]
            text = (rendering(first) or first) if english else first
            # A bullet item ends on ";" or ":": an answer ends its sentence (the checks require it).
            text = text.rstrip(";:；： ")
            if text[-1:] not in '.!?。！？」"':
                text += "." if english else "。"
            return chat_reply({"answer": text, "citations": [sid]})

        fake.script(faithful)
        cache = index.llm.cache
        index.llm.cache = None
        view = index.view()
        for q in QUESTIONS:  # warm-up: first SDK call, imports, connection pool
            index.ask(q)

        plain, full, llm_only, model_call = [], [], [], []
        chat = index.llm.chat
        real_complete, real_yes = chat.complete, chat.yes_probability
        in_model = [0.0]  # seconds in model calls (the yes/no question and the answer) since the last reset

        def timed_complete(messages, deadline, max_tokens=None):
            t = time.perf_counter()
            try:
                return real_complete(messages, deadline, max_tokens)
            finally:
                in_model[0] += time.perf_counter() - t

        def timed_yes(messages, deadline):
            t = time.perf_counter()
            try:
                return real_yes(messages, deadline)
            finally:
                in_model[0] += time.perf_counter() - t

        chat.complete = timed_complete  # type: ignore[method-assign]
        chat.yes_probability = timed_yes  # type: ignore[method-assign]
        for n in range(args.runs):
            q = QUESTIONS[n % len(QUESTIONS)]
            t = time.perf_counter()
            extractive = index.ask(q, use_llm=False)
            plain.append(time.perf_counter() - t)
            t = time.perf_counter()
            answer = index.ask(q)
            full.append(time.perf_counter() - t)
            assert answer.mode == "llm", answer.fallback_reason
            text = " ".join(q.split())
            vec = query_vector(index.model, text)
            in_model[0] = 0.0
            t = time.perf_counter()
            index.llm.answer(view=view, question=text, lang=language_of(text), query=vec, extractive=extractive)
            llm_only.append(time.perf_counter() - t)
            model_call.append(in_model[0])

        index.llm.cache = cache
        index.ask(QUESTIONS[0])
        hits = []
        for _ in range(args.runs):
            t = time.perf_counter()
            index.ask(QUESTIONS[0])
            hits.append(time.perf_counter() - t)

        checks, embedded = time_checks(index, fake, args.runs)

    added = [f - p for f, p in zip(full, plain, strict=True)]
    around = [a - m for a, m in zip(llm_only, model_call, strict=True)]
    print(f"runs: {args.runs} per figure, fake server answering instantly, index {view.version}")
    print(f"ask, extractive only               {median_ms(plain)}")
    print(f"ask, with the LLM path             {median_ms(full)}")
    print(f"  added by the LLM path            {median_ms(added)}   (target < 50 ms)")
    print(f"llm.answer alone                   {median_ms(llm_only)}")
    print(f"  of which the HTTP calls (SDK)    {median_ms(model_call)}   (the yes/no question and the answer)")
    print(f"  retrieval, prompt, parse, render {median_ms(around)}")
    print(f"ask, answered from the cache       {median_ms(hits)}")
    print(
        f"checks on a model answer           {median_ms(checks)}   (target <= 20 ms; {len(checks)} checks, "
        f"{embedded} of them embedding the answer)"
    )


def time_checks(index: SpeechIndex, fake: FakeOpenAI, runs: int) -> tuple[list[float], int]:
    """Seconds spent in the checks per answer, over the support set replayed `runs` times in all."""
    rows = [json.loads(line) for line in SUPPORT_SET.read_text(encoding="utf-8").splitlines()]
    llm = index.llm
    real_check, real_embedding = llm._check_answer, llm._embedding_support
    samples: list[float] = []
    embedded = [0]

    def timed_check(*a, **kw):
        t = time.perf_counter()
        try:
            return real_check(*a, **kw)
        finally:
            samples.append(time.perf_counter() - t)

    def counted_embedding(*a, **kw):
        embedded[0] += 1
        return real_embedding(*a, **kw)

    llm._check_answer = timed_check  # type: ignore[method-assign]
    llm._embedding_support = counted_embedding  # type: ignore[method-assign]
    try:
        for n in range(max(runs, len(rows))):
            row = rows[n % len(rows)]

            def respond(request, row=row):
                sents = sentences_in(request)
                ids = [next((s for s, t in sents.items() if f in t), "S1") for f in row["cites"]]
                return chat_reply({"answer": row["answer"], "citations": ids})

            fake.script(respond)
            index.ask(row["question"])
    finally:
        llm._check_answer, llm._embedding_support = real_check, real_embedding  # type: ignore[method-assign]
    return samples, embedded[0]


if __name__ == "__main__":
    main()
