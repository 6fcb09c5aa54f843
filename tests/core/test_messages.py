"""The message catalogue: every sentence people read comes from it, in English and Japanese alike."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from index.messages import CATALOGUES, message
from index.messages.en import EN
from index.messages.ja import JA
from index.question import language_of

ROOT = Path(__file__).resolve().parents[2]
# Where sentences are shown to people: the Discord front end, the command line, and the core's answers.
# In index/, the model's prompts (llm/grounding.py, *_messages functions) are not shown to people.
NOT_SHOWN = {"grounding.py", "cache.py"}
SHOWN_BY = [
    *sorted((ROOT / "bot").rglob("*.py")),
    *sorted((ROOT / "speechbot").glob("*.py")),
    *sorted(p for p in (ROOT / "index").rglob("*.py") if p.name not in NOT_SHOWN and "messages" not in p.parts),
]


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_japanese_has_no_key_english_lacks_and_the_same_placeholders():
    assert set(JA) <= set(EN)
    assert {k: placeholders(v) for k, v in JA.items()} == {k: placeholders(EN[k]) for k in JA}


def test_what_a_japanese_reader_sees_in_discord_is_japanese():
    for key in EN:
        english_only = "translat" in key  # about English renderings: shown to English readers only
        if not english_only and (
            key.startswith(("label.", "command.", "answer.")) or key in ("discord.feedback.thanks", "question.empty")
        ):
            assert key in JA, f"{key} has no Japanese"


def test_a_missing_language_falls_back_to_english():
    assert message("refresh.someone", "ja") == EN["refresh.someone"]
    assert message("label.quote", "fr", n=2) == "Quote 2"


@pytest.mark.parametrize(
    ("text", "locale", "lang"),
    [
        ("Why did he leave?", None, "en"),
        ("火星の計画は?", None, "ja"),
        ("Grok 3.5は何に重点を?", "en-US", "ja"),
        ("", "ja", "ja"),
        ("", "en-GB", "en"),
        ("123?", "ja", "ja"),
        ("Mars?", "ja", "en"),
        ("", None, "en"),
    ],
)
def test_one_function_decides_the_readers_language(text, locale, lang):
    assert language_of(text, locale=locale) == lang


def _keys_used(tree: ast.AST) -> list[str]:
    """Catalogue keys named by literal in calls: message("k"), text("k"), describe("k"), label(lang, "k")."""
    keys = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        args = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
        first_is_key = bool(node.args) and isinstance(node.args[0], ast.Constant)
        if name in ("message", "text", "describe") and args and first_is_key:
            keys.append(args[0])
        elif name == "label" and len(node.args) >= 2 and args:
            keys.append("label." + args[-1])
        elif name == "text" and len(node.args) >= 2 and args:  # bot/feedback_reasons.text(interaction, key)
            keys.append("feedback." + args[-1])
        elif name == "check_label" and len(node.args) >= 2 and args:
            keys.append("check." + args[-1])
    return keys


def test_every_key_the_code_names_exists():
    used = []
    for path in [*ROOT.glob("index/**/*.py"), *ROOT.glob("bot/**/*.py"), *ROOT.glob("speechbot/*.py")]:
        used += [(path.name, k) for k in _keys_used(ast.parse(path.read_text(encoding="utf-8")))]
    assert len(used) > 50, "the scan must see the code's messages, or it proves nothing"
    assert [u for u in used if u[1] not in EN and "{" not in u[1]] == []


NOT_PROSE = ("http", "SELECT", "INSERT", "UPDATE", "DELETE", "CREATE")


def _sentences_outside_the_catalogue(path: Path) -> list[str]:
    """String literals that read as a sentence to a person (several words, ending like a sentence)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip: set[int] = set()
    for node in ast.walk(tree):
        # docstrings, log lines and exceptions for programmers are not shown to users
        body = getattr(node, "body", None)
        if (
            isinstance(body, list)
            and body
            and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
        ):
            skip.add(id(body[0].value))
        if isinstance(node, ast.FunctionDef) and node.name.endswith(("messages", "prompt")):
            skip.update(id(n) for n in ast.walk(node))  # what the model reads, not people
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Attribute) and getattr(func.value, "id", "") in ("log", "logging"):
                skip.update(id(n) for n in ast.walk(node))
            if isinstance(func, ast.Attribute) and func.attr == "compile":  # a regular expression
                skip.update(id(n) for n in ast.walk(node))
            if getattr(func, "id", "") in ("RuntimeError", "AssertionError", "ValueError", "VerbatimError"):
                skip.update(id(n) for n in ast.walk(node))
            if getattr(func, "id", "") == "Field":  # a setting's documentation, rendered into .env.example
                skip.update(id(n) for k in node.keywords if k.arg == "description" for n in ast.walk(k.value))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            text = node.value.strip()
            if len(text.split()) >= 4 and text[-1:] in ".?!。？" and not text.startswith(NOT_PROSE):
                found.append(text)
    return found


@pytest.mark.parametrize("path", SHOWN_BY, ids=lambda p: str(p.relative_to(ROOT)))
def test_sentences_people_read_come_from_the_catalogue(path):
    assert _sentences_outside_the_catalogue(path) == []


def test_catalogues_are_registered_per_language():
    assert set(CATALOGUES) == {"en", "ja"}
