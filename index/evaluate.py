"""Score answers against an evaluation file: evidence in quotes, ranks, refusals, verbatim quotes."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from index.messages import message
from index.results import Answer


@dataclass(frozen=True)
class EvalItem:
    id: str
    lang: str
    question: str
    evidence: tuple[str, ...]
    answerable: bool
    # For unanswerable items: "off_topic" (nothing to do with the article) or "in_domain" (on the
    # article's subjects, but the article does not answer it).
    kind: str = "off_topic"


@dataclass
class LangScore:
    answerable: int = 0
    top1: int = 0
    any_hit: int = 0
    reciprocal_rank: float = 0.0
    unanswerable: int = 0
    refused_ok: int = 0
    off_topic: int = 0
    off_topic_refused: int = 0
    in_domain: int = 0
    in_domain_refused: int = 0
    refused_wrong: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    not_refused: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        n = max(self.answerable, 1)
        return {
            "answerable": self.answerable,
            "evidence_top1": round(self.top1 / n, 3),
            "evidence_any": round(self.any_hit / n, 3),
            "mrr": round(self.reciprocal_rank / n, 3),
            "unanswerable": self.unanswerable,
            "unanswerable_refused": self.refused_ok,
            "off_topic": self.off_topic,
            "off_topic_refused": self.off_topic_refused,
            "in_domain": self.in_domain,
            "in_domain_refused": self.in_domain_refused,
            "answerable_refused": self.refused_wrong,
            "missed": self.missed,
            "not_refused": self.not_refused,
        }


@dataclass
class EvalReport:
    by_lang: dict[str, LangScore]
    quotes: int
    verbatim: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "languages": {lang: s.to_dict() for lang, s in sorted(self.by_lang.items())},
            "quotes": self.quotes,
            "verbatim": self.verbatim,
            "verbatim_share": round(self.verbatim / self.quotes, 4) if self.quotes else 1.0,
        }

    def lines(self) -> list[str]:
        out = []
        for lang, s in sorted(self.by_lang.items()):
            d = s.to_dict()
            out.append(
                f"[{lang}] answerable {s.answerable}: "
                f"evidence top-1 {s.top1}/{s.answerable} ({d['evidence_top1']:.0%}), "
                f"any {s.any_hit}/{s.answerable} ({d['evidence_any']:.0%}), MRR {d['mrr']:.3f}; "
                f"refused: off-topic {s.off_topic_refused}/{s.off_topic}, "
                f"in-domain unanswerable {s.in_domain_refused}/{s.in_domain}; answerable refused {len(s.refused_wrong)}"
                + (f" {s.refused_wrong}" if s.refused_wrong else "")
            )
            if s.missed:
                out.append(f"[{lang}] evidence missed: {', '.join(s.missed)}")
            if s.not_refused:
                out.append(f"[{lang}] unanswerable but answered: {', '.join(s.not_refused)}")
        share = self.verbatim / self.quotes if self.quotes else 1.0
        out.append(f"verbatim quotes {self.verbatim}/{self.quotes} ({share:.1%})")
        return out


def load_eval(path: Path) -> list[EvalItem]:
    items = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
            items.append(
                EvalItem(
                    str(d["id"]),
                    d.get("lang", "en"),
                    d["question"],
                    tuple(d.get("evidence", ())),
                    bool(d.get("answerable", True)),
                    d.get("kind", "off_topic"),
                )
            )
        except (ValueError, KeyError) as exc:
            raise ValueError(message("eval.bad_line", file=path.name, n=n, error=exc)) from exc
    return items


def evaluate(items: Iterable[EvalItem], ask: Callable[[str], Answer], texts: Callable[[str], str]) -> EvalReport:
    """`ask` answers a question; `texts(source)` gives a source's text to check quotes against."""
    by_lang: dict[str, LangScore] = defaultdict(LangScore)
    quotes = verbatim = 0
    for item in items:
        answer = ask(item.question)
        score = by_lang[item.lang]
        for q in answer.quotes:
            quotes += 1
            verbatim += texts(q.source)[q.start : q.end] == q.text and bool(q.text.strip())
        if item.answerable:
            score.answerable += 1
            if answer.status == "not_found":
                score.refused_wrong.append(item.id)
                continue
            ranks = [i for i, q in enumerate(answer.quotes, 1) if any(e in q.text for e in item.evidence)]
            if ranks:
                score.any_hit += 1
                score.top1 += ranks[0] == 1
                score.reciprocal_rank += 1 / ranks[0]
            else:
                score.missed.append(item.id)
        else:
            score.unanswerable += 1
            refused = answer.status == "not_found"
            if item.kind == "in_domain":
                score.in_domain += 1
                score.in_domain_refused += refused
            else:
                score.off_topic += 1
                score.off_topic_refused += refused
            if refused:
                score.refused_ok += 1
            else:
                score.not_refused.append(item.id)
    return EvalReport(dict(by_lang), quotes, verbatim)
