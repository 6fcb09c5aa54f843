"""Write a corpus of generated source documents for scale benchmarks (deterministic, nothing downloaded).

    python bench/generate_corpus.py OUT_DIR [--docs 200] [--paragraphs 5] [--seed 1]

Each document is Japanese text in the article's shape: a title line, headings, paragraphs of a few
sentences built from a fixed vocabulary, so passages differ and every one must be embedded.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

SUBJECTS = [
    "研究者",
    "技術者",
    "投資家",
    "政府",
    "企業",
    "学生",
    "市場",
    "ロボット",
    "電力網",
    "データセンター",
    "宇宙船",
    "工場",
    "大学",
    "病院",
    "都市",
    "農家",
]
VERBS = [
    "を発表しました",
    "を予測しています",
    "を計画しています",
    "に投資しました",
    "を批判しました",
    "を改善しました",
    "を検討しています",
    "を完成させました",
]
OBJECTS = [
    "新しいモデル",
    "電池の供給",
    "半導体の生産",
    "衛星の打ち上げ",
    "自動運転",
    "気候の対策",
    "教育の改革",
    "医療の研究",
    "交通の計画",
    "通信の整備",
    "水の管理",
    "食料の輸出",
]
PLACES = ["東京", "大阪", "ベルリン", "テキサス", "シンガポール", "ナイロビ", "サンパウロ", "ソウル", "トロント"]


def sentence(rng: random.Random) -> str:
    n = rng.randint(2, 900)
    return f"{rng.choice(PLACES)}の{rng.choice(SUBJECTS)}は{n}件の{rng.choice(OBJECTS)}{rng.choice(VERBS)}。"


def document(rng: random.Random, i: int, paragraphs: int) -> str:
    lines = [f"文書{i}:{rng.choice(PLACES)}における{rng.choice(OBJECTS)}の報告"]
    for p in range(paragraphs):
        if p % 3 == 0:
            lines.append(f"{rng.choice(OBJECTS)}について")
        lines.append("".join(sentence(rng) for _ in range(rng.randint(1, 3))))
    return "\n".join(lines) + "\n"


def generate(out: Path, docs: int, paragraphs: int = 5, seed: int = 1) -> list[Path]:
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(docs):
        path = out / f"gen_{i:04d}.txt"
        path.write_text(document(rng, i, paragraphs), encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--paragraphs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(f"wrote {len(generate(args.out, args.docs, args.paragraphs, args.seed))} documents to {args.out}")
