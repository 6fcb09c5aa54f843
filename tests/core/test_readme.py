"""The README's commands are real: each `speechbot …` parses, pipes feed real programs, ports agree,
and its headline example questions are ones the bot answers with the right passage."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest

from index.settings import Settings
from speechbot.cli import build_parser

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
SEPARATORS = {"|", "||", "&&", ";", "&"}
# What each headline example must quote (a phrase of the passage that answers it). A new example needs
# an entry here, so nobody puts a question the bot answers badly in front of readers again.
HEADLINE_EVIDENCE = {
    "Why did Musk leave his government job?": "ビーチ",
    "How many H100 GPUs are in the training center now?": "15万台のH100",
    "火星の計画は?": "火星に十分な物資",
    "What is Grok 3.5 focusing on?": "推論能力に重点",
    "マスクは人型ロボットについて何と言いましたか?": "人型ロボット",
}


def code_lines() -> list[str]:
    """Lines of ```bash blocks and of 4-space indented examples (the shell commands a reader pastes)."""
    fenced = [line for block in re.findall(r"```bash\n(.*?)```", README, re.S) for line in block.splitlines()]
    indented = [line[4:] for line in README.splitlines() if line.startswith("    ") and "speechbot" in line]
    return fenced + indented


def commands(line: str) -> list[list[str]]:
    """The simple commands of a shell line (split at pipes, &&, ;, &), comments dropped."""
    lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    lexer.commenters = "#"
    out: list[list[str]] = [[]]
    for token in lexer:
        if token in SEPARATORS:
            out.append([])
        else:
            out[-1].append(token)
    return [c for c in out if c]


def without_env(command: list[str]) -> list[str]:
    while command and re.fullmatch(r"[A-Z_]+=\S*", command[0]):
        command = command[1:]
    return command


SPEECHBOT_COMMANDS = [
    c[1:] for line in code_lines() for c in map(without_env, commands(line)) if c and c[0] == "speechbot"
]


def test_the_readme_has_speechbot_commands():
    assert len(SPEECHBOT_COMMANDS) >= 12
    assert ["sources", "list"] in SPEECHBOT_COMMANDS


@pytest.mark.parametrize("args", SPEECHBOT_COMMANDS, ids=[" ".join(a)[:60] for a in SPEECHBOT_COMMANDS])
def test_every_speechbot_command_in_the_readme_parses(args):
    try:
        build_parser().parse_args(args)
    except SystemExit as exc:
        pytest.fail(f"`speechbot {' '.join(args)}` is not a valid command line (exit {exc.code})")


def test_every_piped_command_is_a_program():
    # `speechbot sources list|add FILE|remove NAME` pasted into a shell pipes into programs named add/remove.
    for line in code_lines():
        for command in [without_env(c) for c in commands(line)][1:]:
            program = command[0]
            known = program in ("speechbot", "pip", "chroma", ".") or shutil.which(program)
            assert known, f"{program!r} in {line!r} is not a program"


def test_ports_are_distinct_and_consistent():
    chroma_run = re.search(r"chroma run .*--port (\d+)", README)
    chroma_env = re.search(r"CHROMA_PORT=(\d+)", README)
    vllm_serve = re.search(r"vllm serve \S+ --port (\d+)", README)
    vllm_url = re.search(r"OPENAI_BASE_URL=http://localhost:(\d+)/v1 OPENAI_MODEL=Qwen", README)
    assert chroma_run and chroma_env and vllm_serve and vllm_url
    assert chroma_run[1] == chroma_env[1] == str(Settings().chroma_port)
    assert vllm_serve[1] == vllm_url[1] != chroma_env[1]


def headline_questions() -> list[str]:
    block = re.search(r"## Using it from the command line\n\n```bash\n(.*?)```", README, re.S)
    assert block
    questions = []
    for line in [*README.split("```bash\n", 2)[1].split("```")[0].splitlines(), *block[1].splitlines()]:
        for command in map(without_env, commands(line)):
            if command[:1] == ["printf"]:
                questions += [q for q in command[1].split("\\n") if q]
            elif command[:2] == ["speechbot", "ask"] and len(command) > 2 and command[-1] != "-":
                questions.append(command[-1])
    return questions


def test_headline_examples_are_answered_with_the_right_passage(speech_index):
    questions = headline_questions()
    assert len(questions) >= 4
    for question in questions:
        assert question in HEADLINE_EVIDENCE, f"give the README example {question!r} its evidence here"
        answer = speech_index.ask(question, use_llm=False)
        assert answer.status == "answered", question
        assert HEADLINE_EVIDENCE[question] in answer.quotes[0].text, question
