"""speechbot's Discord front end: translates between people in a server and the index core."""

from bot.client import SpeechBot, create_bot
from bot.runner import run, serve

__all__ = ["SpeechBot", "create_bot", "run", "serve"]
