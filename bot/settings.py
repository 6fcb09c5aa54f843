"""The bot's settings: the core's plus what only the Discord front end needs (token, guild, roles, shards)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, field_validator
from pydantic_settings import NoDecode

from index.settings import Settings, _env, bad_value, seconds_in_range


class BotSettings(Settings):
    """Settings for `speechbot serve`; the core never sees these fields."""

    discord_token: str | None = Field(
        default=None,
        description="Bot token from https://discord.com/developers/applications -> your app -> Bot -> "
        "Reset Token. Required by `speechbot serve`.",
        **_env("DISCORD_TOKEN", section="Discord (for `speechbot serve`)"),
    )
    discord_guild_id: int | None = Field(
        default=None,
        description="A server id to sync slash commands to instantly (otherwise global sync, which can take "
        "up to an hour).",
        **_env("DISCORD_GUILD_ID"),
    )
    moderator_role_id: int | None = Field(
        default=None,
        description="A role whose members may use /refresh, /sources add|remove and /feedback besides those "
        "with Manage Server.",
        **_env("MODERATOR_ROLE_ID"),
    )
    ask_cooldown_s: float = Field(
        default=10.0,
        description="Seconds between two questions of one user (more than 0, at most 3600).",
        **_env("SPEECHBOT_ASK_COOLDOWN_S"),
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        default="INFO",
        description="Log level of the bot: DEBUG, INFO, WARNING or ERROR.",
        **_env("SPEECHBOT_LOG_LEVEL"),
    )
    shards: Literal["auto"] | None = Field(
        default=None,
        description="auto: one process runs every shard, with the count Discord recommends (add SHARD_COUNT to "
        "fix the count).",
        **_env("SPEECHBOT_SHARDS", section="Sharding (optional)"),
    )
    shard_count: int | None = Field(
        default=None, description="Total number of shards across all processes.", **_env("SHARD_COUNT")
    )
    # NoDecode: the value is "0,1", not JSON (pydantic-settings would otherwise parse tuples as JSON).
    shard_ids: Annotated[tuple[int, ...] | None, NoDecode] = Field(
        default=None,
        description="This process's shards of SHARD_COUNT, comma-separated, e.g. 0,1.",
        **_env("SHARD_IDS"),
    )

    @field_validator("ask_cooldown_s")
    @classmethod
    def _cooldown_seconds(cls, value: float) -> float:
        return seconds_in_range(value)

    @field_validator("shards", mode="before")
    @classmethod
    def _auto(cls, value: Any) -> Any:
        if isinstance(value, str) and value.strip().lower() != "auto":
            raise bad_value("shards_auto")
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: Any) -> Any:
        return value.strip().upper() if isinstance(value, str) else value

    @field_validator("shard_ids", mode="before")
    @classmethod
    def _ids(cls, value: Any) -> Any:
        if isinstance(value, str):
            try:
                return tuple(int(x) for x in value.replace(" ", "").split(",") if x)
            except ValueError:
                raise bad_value("shard_ids") from None
        if isinstance(value, int) and not isinstance(value, bool):
            return (value,)
        return value

    @classmethod
    def extend(cls, core: Settings, **bot_fields: Any) -> BotSettings:
        """The bot's settings on top of already-read core settings."""
        return cls.model_validate({**core.model_dump(), **bot_fields})
