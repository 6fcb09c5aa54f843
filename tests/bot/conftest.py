"""Fixtures: one real index per session (embedding takes seconds), a fresh bot per test."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import create_bot
from bot.feedback_store import FeedbackStore
from bot.settings import BotSettings
from index.engine import SpeechIndex, open_index
from index.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
ARTICLE = SEEDS / "000_7e1d518b4a2c8e90.txt"


@pytest.fixture(scope="session")
def index_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    data = tmp_path_factory.mktemp("speechbot-data")
    return Settings.from_env({"SPEECHBOT_DATA_DIR": str(data), "SPEECHBOT_SOURCES_DIR": str(SEEDS)}, dotenv=False)


@pytest.fixture(scope="session")
def speech_index(index_settings: Settings) -> SpeechIndex:
    return open_index(index_settings)


@pytest.fixture(scope="session")
def article_text() -> str:
    return ARTICLE.read_text(encoding="utf-8")


@pytest.fixture
def bot_settings(index_settings: Settings) -> Settings:
    # A cooldown short enough that tests asking twice are not throttled; the cooldown test raises it.
    return BotSettings.extend(index_settings, ask_cooldown_s=0.001, moderator_role_id=None)


@pytest.fixture
def simcord_bot(bot_settings: Settings, speech_index: SpeechIndex, tmp_path: Path):
    bot = create_bot(bot_settings, index=speech_index)
    bot.feedback = FeedbackStore(tmp_path / "feedback.sqlite")
    return bot
