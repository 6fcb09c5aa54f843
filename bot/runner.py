"""Running the bot until SIGINT/SIGTERM: the `speechbot serve` and `python -m bot` code path."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys

import discord

from bot.client import SpeechBot, create_bot
from bot.settings import BotSettings
from index.errors import SpeechbotError, StoreUnavailable
from index.messages import message
from index.store.factory import chroma_client

log = logging.getLogger(__name__)


async def serve(settings: BotSettings, *, bot: SpeechBot | None = None, stop: asyncio.Event | None = None) -> int:
    """Connect and answer until `stop` is set or SIGINT/SIGTERM arrives; return an exit code."""
    assert settings.discord_token, "serve() needs a token; run() checks it"
    bot = bot or create_bot(settings)
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    installed: list[signal.Signals] = []
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(sig, stop.set)
            installed.append(sig)
    try:
        async with bot:
            runner = asyncio.create_task(bot.start(settings.discord_token), name="speechbot-gateway")
            stopper = asyncio.create_task(stop.wait(), name="speechbot-stop")
            done, _ = await asyncio.wait({runner, stopper}, return_when=asyncio.FIRST_COMPLETED)
            if runner in done:
                stopper.cancel()
                runner.result()  # raises what ended the connection
                return 0
            log.info("shutting down")
            await bot.close()
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.wait_for(runner, timeout=10)
            return 0
    except discord.LoginFailure:
        log.error("%s", message("discord.bad_token"))
        return 1
    except discord.PrivilegedIntentsRequired:
        log.error("%s", message("discord.intents"))
        return 1
    except StoreUnavailable as exc:
        log.error("%s", exc)  # the deployment's to fix, like a missing setting
        return 2
    except SpeechbotError as exc:
        log.error("%s", exc)
        return 1
    finally:
        for sig in installed:
            loop.remove_signal_handler(sig)


def run(settings: BotSettings | None = None) -> int:
    """Run the bot in the foreground; the process's exit code."""
    try:
        settings = settings or BotSettings.from_env()
    except SpeechbotError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    if not settings.discord_token:
        print(message("discord.no_token"), file=sys.stderr)
        return 2
    if settings.chroma_host:
        try:
            chroma_client(settings)  # fail before connecting to Discord, not after
        except StoreUnavailable as exc:
            print(str(exc), file=sys.stderr)
            return 2
    # discord.py's handler never prints the token; our own messages never include settings.
    discord.utils.setup_logging(level=getattr(logging, settings.log_level, logging.INFO), root=True)
    try:
        bot = create_bot(settings)  # a bad shard setting is one sentence and exit code 2, like other settings
    except SpeechbotError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    try:
        return asyncio.run(serve(settings, bot=bot))
    except KeyboardInterrupt:
        return 0
