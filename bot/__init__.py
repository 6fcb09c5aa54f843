"""speechbot's Discord front end: translates between people in a server and the index core."""

from bot.client import ShardedSpeechBot, SpeechBot, create_bot, shard_plan
from bot.runner import run, serve

__all__ = ["ShardedSpeechBot", "SpeechBot", "create_bot", "run", "serve", "shard_plan"]
