"""A small fake Discord on 127.0.0.1: the REST routes the bot uses and a zlib-stream gateway.

Enough of the real protocol for discord.py to log in, connect, receive READY and GUILD_CREATE,
heartbeat, and answer injected INTERACTION_CREATE / MESSAGE_CREATE events. Everything the bot
posts is recorded in `posts`. The server stops itself after `lifetime` seconds.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import re
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import discord
import discord.gateway
import discord.http
import yarl
from aiohttp import WSMsgType, web

NOW = "2026-01-01T00:00:00+00:00"
ALL_PERMISSIONS = str(discord.Permissions.all().value)
APP_ID = 900000000000000001
BOT_ID = 900000000000000002
GUILD_ID = 900000000000000003
CHANNEL_ID = 900000000000000004
USER_ID = 900000000000000005
# A second guild on the other shard of 2 (GUILD_ID is on shard 1, this one on 0): (id >> 22) % shard_count.
OTHER_GUILD_ID = 900000000004194307


def shard_of(guild_id: int, shard_count: int) -> int:
    """Discord's rule for which shard receives a guild's events."""
    return (guild_id >> 22) % shard_count


def channel_of(guild_id: int) -> int:
    return CHANNEL_ID if guild_id == GUILD_ID else guild_id + 1


def user(uid: int, name: str, *, bot: bool = False) -> dict[str, Any]:
    return {"id": str(uid), "username": name, "discriminator": "0", "global_name": name, "avatar": None, "bot": bot}


BOT_USER = user(BOT_ID, "speechbot", bot=True)
HUMAN = user(USER_ID, "alice")


@dataclass
class Post:
    """One thing the bot sent: a callback, a followup, or a channel message."""

    kind: str  # "callback" | "followup" | "edit" | "message" | "thread"
    path: str
    payload: dict[str, Any]
    at: float
    interaction_id: int | None = None
    channel_id: int | None = None


@dataclass
class FakeDiscord:
    lifetime: float = 300.0
    heartbeat_ms: int = 41250
    posts: list[Post] = field(default_factory=list)
    commands: list[dict[str, Any]] = field(default_factory=list)
    unknown_routes: list[str] = field(default_factory=list)
    sync_paths: list[str] = field(default_factory=list)
    guild_ids: tuple[int, ...] = (GUILD_ID,)
    recommended_shards: int = 1  # what GET /gateway/bot answers (AutoShardedBot without SHARD_COUNT asks it)
    identifies: list[dict[str, Any]] = field(default_factory=list)  # IDENTIFY payloads, token removed

    def __post_init__(self) -> None:
        self._ids = itertools.count(910000000000000000)
        self._sockets: list[tuple[web.WebSocketResponse, Any, tuple[int, int]]] = []
        self._seq = 0
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self._killer: asyncio.Task[None] | None = None
        self.identified = asyncio.Event()
        self.interactions: dict[int, float] = {}  # interaction id -> time sent
        self.messages: dict[int, dict[str, Any]] = {}  # what people said, by id (GET .../messages/{id})
        self.port = 0

    # -- lifecycle ---------------------------------------------------------------------------------
    async def start(self) -> FakeDiscord:
        app = web.Application()
        app.router.add_get("/gateway", self._gateway)
        app.router.add_route("*", "/api/v10/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self._killer = asyncio.create_task(self._stop_after(self.lifetime))
        return self

    async def _stop_after(self, seconds: float) -> None:
        await asyncio.sleep(seconds)
        await self.stop()

    async def stop(self) -> None:
        for ws, _, _ in list(self._sockets):
            with contextlib.suppress(Exception):
                await ws.close()
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()
        if self._killer is not None and self._killer is not asyncio.current_task():
            self._killer.cancel()

    async def __aenter__(self) -> FakeDiscord:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def rest_base(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    @contextlib.contextmanager
    def pointed_at(self) -> Iterator[None]:
        """Point discord.py's REST base and gateway at this server for the duration."""
        old = discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
        discord.http.Route.BASE = self.rest_base
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(self.gateway_url)
        try:
            yield
        finally:
            discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = old

    # -- gateway -----------------------------------------------------------------------------------
    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(heartbeat=None)
        await ws.prepare(request)
        zlib_stream = request.query.get("compress") == "zlib-stream"
        compressor = zlib.compressobj() if zlib_stream else None
        entry: tuple[web.WebSocketResponse, Any, tuple[int, int]] = (ws, compressor, (0, 1))
        await self._send(entry, {"op": 10, "d": {"heartbeat_interval": self.heartbeat_ms}})
        try:
            async for msg in ws:
                if msg.type is not WSMsgType.TEXT:
                    continue
                frame = json.loads(msg.data)
                op = frame.get("op")
                if op == 1:
                    await self._send(entry, {"op": 11})
                elif op == 2:
                    identify = {k: v for k, v in frame["d"].items() if k != "token"}
                    shard = tuple(identify.get("shard") or (0, 1))
                    entry = (ws, compressor, (int(shard[0]), int(shard[1])))
                    self._sockets.append(entry)
                    mine = [g for g in self.guild_ids if shard_of(g, entry[2][1]) == entry[2][0]]
                    await self._send(entry, self._event("READY", self._ready(mine, entry[2])))
                    for guild_id in mine:
                        await self._send(entry, self._event("GUILD_CREATE", self._guild(guild_id)))
                    async with self._changed:
                        self.identifies.append(identify)
                        self._changed.notify_all()
                    self.identified.set()
                elif op == 6:  # resume: nothing was missed in this fake
                    self._sockets.append(entry)
                    await self._send(entry, self._event("RESUMED", {}))
        finally:
            with contextlib.suppress(ValueError):
                self._sockets.remove(entry)
        return ws

    @staticmethod
    async def _send(entry: tuple[web.WebSocketResponse, Any, tuple[int, int]], payload: dict[str, Any]) -> None:
        ws, compressor, _ = entry
        data = json.dumps(payload).encode()
        if compressor is None:
            await ws.send_str(data.decode())
        else:
            await ws.send_bytes(compressor.compress(data) + compressor.flush(zlib.Z_SYNC_FLUSH))

    def _event(self, name: str, data: dict[str, Any]) -> dict[str, Any]:
        self._seq += 1
        return {"op": 0, "t": name, "s": self._seq, "d": data}

    async def dispatch(self, name: str, data: dict[str, Any]) -> None:
        """Send an event to the connection(s) that would get it: a guild's events go to its shard only."""
        event = self._event(name, data)
        guild_id = int(data["guild_id"]) if data.get("guild_id") else None
        for entry in list(self._sockets):
            shard_id, count = entry[2]
            if guild_id is None or shard_of(guild_id, count) == shard_id:
                await self._send(entry, event)

    def _ready(self, guild_ids: list[int], shard: tuple[int, int]) -> dict[str, Any]:
        return {
            "v": 10,
            "user": BOT_USER,
            "guilds": [{"id": str(g), "unavailable": True} for g in guild_ids],
            "shard": list(shard),
            "session_id": "fake-session",
            "resume_gateway_url": self.gateway_url,  # a plain Client never asks /gateway/bot
            "application": {"id": str(APP_ID), "flags": 0},
            "private_channels": [],
            "relationships": [],
        }

    def _guild(self, guild_id: int = GUILD_ID) -> dict[str, Any]:
        channel_id = channel_of(guild_id)
        return {
            "id": str(guild_id),
            "name": "Fake Guild",
            "icon": None,
            "owner_id": str(USER_ID),
            "roles": [
                {
                    "id": str(guild_id),
                    "name": "@everyone",
                    "permissions": ALL_PERMISSIONS,
                    "position": 0,
                    "color": 0,
                    "hoist": False,
                    "managed": False,
                    "mentionable": False,
                    "flags": 0,
                }
            ],
            "channels": [
                {
                    "id": str(channel_id),
                    "type": 0,
                    "name": "general",
                    "position": 0,
                    "permission_overwrites": [],
                    "guild_id": str(guild_id),
                    "flags": 0,
                }
            ],
            "threads": [],
            "members": [{"user": BOT_USER, "roles": [], "joined_at": NOW, "deaf": False, "mute": False, "flags": 0}],
            "emojis": [],
            "stickers": [],
            "features": [],
            "voice_states": [],
            "presences": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
            "member_count": 2,
            "large": False,
            "unavailable": False,
            "preferred_locale": "en-US",
            "premium_tier": 0,
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "nsfw_level": 0,
            "system_channel_flags": 0,
        }

    # -- injecting what people do --------------------------------------------------------------------
    def next_id(self) -> int:
        return next(self._ids)

    async def slash(self, name: str, *, user_id: int = USER_ID, guild_id: int = GUILD_ID, **options: Any) -> int:
        """Send INTERACTION_CREATE for a slash command from `user_id`; return the interaction id."""
        command = next((c for c in self.commands if c["name"] == name), None)
        opts = [{"name": k, "type": 5 if isinstance(v, bool) else 3, "value": v} for k, v in options.items()]
        data = {"id": command["id"] if command else "0", "name": name, "type": 1, "options": opts}
        author = HUMAN if user_id == USER_ID else user(user_id, f"user{user_id}")
        return await self._interact(data, author=author, guild_id=guild_id)

    async def _interact(
        self, data: dict[str, Any], *, author: dict[str, Any], guild_id: int = GUILD_ID, locale: str = "en-US"
    ) -> int:
        """Dispatch an application-command interaction with `data` from `author`; return its id."""
        channel_id = channel_of(guild_id)
        iid = self.next_id()
        payload = {
            "id": str(iid),
            "application_id": str(APP_ID),
            "type": 2,
            "token": f"tok{iid}",
            "version": 1,
            "guild_id": str(guild_id),
            "channel_id": str(channel_id),
            "channel": {
                "id": str(channel_id),
                "type": 0,
                "guild_id": str(guild_id),
                "name": "general",
                "position": 0,
                "permission_overwrites": [],
                "flags": 0,
            },
            "member": {
                "user": author,
                "roles": [],
                "joined_at": NOW,
                "deaf": False,
                "mute": False,
                "flags": 0,
                "permissions": ALL_PERMISSIONS,
            },
            "data": data,
            "locale": locale,
            "guild_locale": "en-US",
            "app_permissions": ALL_PERMISSIONS,
            "entitlements": [],
            "authorizing_integration_owners": {"0": str(guild_id)},
            "context": 0,
            "attachment_size_limit": 10 * 1024 * 1024,
        }
        self.interactions[iid] = time.perf_counter()
        await self.dispatch("INTERACTION_CREATE", payload)
        return iid

    def _human_message(
        self, content: str, *, mention_bot: bool, author: dict[str, Any], reply_to: int | None, referenced: bool
    ) -> dict[str, Any]:
        mid = self.next_id()
        message: dict[str, Any] = {
            "id": str(mid),
            "channel_id": str(CHANNEL_ID),
            "guild_id": str(GUILD_ID),
            "author": author,
            "member": {"roles": [], "joined_at": NOW, "deaf": False, "mute": False, "flags": 0},
            "content": content,
            "timestamp": NOW,
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [BOT_USER] if mention_bot else [],
            "mention_roles": [],
            "attachments": [],
            "embeds": [],
            "pinned": False,
            "type": 0,
            "flags": 0,
            "components": [],
        }
        if reply_to is not None:
            # A reply: type 19, a reference, and the message replied to (Discord includes it in the event).
            message["type"] = 19
            message["message_reference"] = {
                "type": 0,
                "message_id": str(reply_to),
                "channel_id": str(CHANNEL_ID),
                "guild_id": str(GUILD_ID),
            }
            # Discord sometimes leaves it out; the bot must then fetch it.
            message["referenced_message"] = self.messages.get(reply_to) if referenced else None
        self.messages[mid] = message
        return message

    async def say(
        self,
        content: str,
        *,
        mention_bot: bool = True,
        author: dict[str, Any] = HUMAN,
        reply_to: int | None = None,
        referenced: bool = True,
    ) -> int:
        """Send MESSAGE_CREATE from a person in #general (a reply if `reply_to`); return the message id."""
        message = self._human_message(
            content, mention_bot=mention_bot, author=author, reply_to=reply_to, referenced=referenced
        )
        await self.dispatch("MESSAGE_CREATE", message)
        return int(message["id"])

    async def context_menu(self, name: str, target_id: int, *, locale: str = "en-US") -> int:
        """Send INTERACTION_CREATE for a message context-menu command on a message said before."""
        command = next((c for c in self.commands if c["name"] == name and c.get("type") == 3), None)
        target = self.messages[target_id]
        data = {
            "id": command["id"] if command else "0",
            "name": name,
            "type": 3,
            "target_id": str(target_id),
            "resolved": {"messages": {str(target_id): {k: v for k, v in target.items() if k != "member"}}},
        }
        return await self._interact(data, author=HUMAN, locale=locale)

    async def serve_bot(
        self, bot: Any, settings: Any, *, stop: asyncio.Event | None = None, shards: int = 1, ready: bool = True
    ) -> asyncio.Task[int]:
        """Run the real `serve()` for `bot` against this fake; return once it identified (and is ready)."""
        from bot import serve

        bot._connection.guild_ready_timeout = 0.2
        served = asyncio.create_task(serve(settings, bot=bot, stop=stop))
        await self.wait_for(lambda: len(self.identifies) >= shards or served.done(), timeout=60)
        if ready:
            await self.wait_for_condition(lambda: bot.is_ready() or served.done(), timeout=10)
        if served.done():
            served.result()  # raises why serve() ended early
        return served

    async def wait_for_condition(self, predicate: Callable[[], bool], timeout: float) -> None:
        """Poll a condition the fake is not told about (the bot's own state)."""
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise TimeoutError("condition not met")
            await asyncio.sleep(0.02)

    async def wait_for(self, predicate: Callable[[], bool], timeout: float = 30.0) -> None:
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(predicate), timeout)

    def posts_for(self, interaction_id: int, kind: str | None = None) -> list[Post]:
        return [p for p in self.posts if p.interaction_id == interaction_id and (kind is None or p.kind == kind)]

    # -- REST --------------------------------------------------------------------------------------
    @staticmethod
    def _json(data: Any, status: int = 200) -> web.Response:
        # discord.py compares the header string exactly: no charset.
        return web.Response(body=json.dumps(data).encode(), status=status, headers={"Content-Type": "application/json"})

    def _message(self, channel_id: int, payload: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": str(self.next_id()),
            "channel_id": str(channel_id),
            "author": BOT_USER,
            "content": payload.get("content") or "",
            "timestamp": NOW,
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [],
            "embeds": payload.get("embeds") or [],
            "components": payload.get("components") or [],
            "pinned": False,
            "type": 0,
            "flags": payload.get("flags") or 0,
        }

    async def _record(self, post: Post) -> None:
        async with self._changed:
            self.posts.append(post)
            self._changed.notify_all()

    async def _rest(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["tail"]
        method = request.method
        body: Any = None
        if request.can_read_body:
            body = await request.json() if request.content_type == "application/json" else None
        now = time.perf_counter()
        if method == "GET" and path == "/users/@me":
            return self._json(BOT_USER)
        if method == "GET" and path == "/gateway/bot":
            return self._json(
                {
                    "url": self.gateway_url,
                    "shards": self.recommended_shards,
                    "session_start_limit": {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1},
                }
            )
        if method == "GET" and path == "/oauth2/applications/@me":
            return self._json(
                {
                    "id": str(APP_ID),
                    "name": "speechbot",
                    "icon": None,
                    "description": "",
                    "rpc_origins": [],
                    "bot_public": True,
                    "bot_require_code_grant": False,
                    "owner": HUMAN,
                    "summary": "",
                    "verify_key": "00",
                    "flags": 0,
                    "team": None,
                    "bot": BOT_USER,
                }
            )
        if method == "PUT" and re.fullmatch(r"/applications/\d+(/guilds/\d+)?/commands", path):
            self.sync_paths.append(path)
            self.commands = [
                # Discord answers every command with a description; a context menu's is "".
                {"description": "", **c, "id": str(self.next_id()), "application_id": str(APP_ID), "version": "1"}
                for c in body
            ]
            return self._json(self.commands)
        if m := re.fullmatch(r"/interactions/(\d+)/[^/]+/callback", path):
            iid = int(m[1])
            await self._record(Post("callback", path, body, now, interaction_id=iid))
            ephemeral = bool(((body or {}).get("data") or {}).get("flags", 0) & 64)
            return self._json(
                {
                    "interaction": {
                        "id": str(iid),
                        "type": 2,
                        "response_message_loading": body.get("type") == 5,
                        "response_message_ephemeral": ephemeral,
                    },
                    "resource": {"type": body.get("type")},
                }
            )
        if m := re.fullmatch(r"/webhooks/\d+/tok(\d+)(/messages/@original)?", path):
            iid = int(m[1])
            await self._record(
                Post("edit" if m[2] else "followup", path, body, now, interaction_id=iid, channel_id=CHANNEL_ID)
            )
            return self._json(self._message(CHANNEL_ID, body))
        if m := re.fullmatch(r"/channels/(\d+)/messages/(\d+)/threads", path):
            thread_id = int(m[2])  # a thread from a message shares its id
            await self._record(Post("thread", path, body, now, channel_id=int(m[1])))
            return self._json(
                {
                    "id": str(thread_id),
                    "type": 11,
                    "guild_id": str(GUILD_ID),
                    "parent_id": m[1],
                    "owner_id": str(BOT_ID),
                    "name": body.get("name", "thread"),
                    "flags": 0,
                    "rate_limit_per_user": 0,
                    "message_count": 0,
                    "member_count": 1,
                    "last_message_id": None,
                    "thread_metadata": {
                        "archived": False,
                        "auto_archive_duration": body.get("auto_archive_duration", 1440),
                        "archive_timestamp": NOW,
                        "locked": False,
                    },
                },
                status=201,
            )
        if method == "GET" and (m := re.fullmatch(r"/channels/\d+/messages/(\d+)", path)):
            said = self.messages.get(int(m[1]))
            if said is None:
                return self._json({"message": "Unknown Message", "code": 10008}, status=404)
            return self._json(said)
        if m := re.fullmatch(r"/channels/(\d+)/messages", path):
            await self._record(Post("message", path, body, now, channel_id=int(m[1])))
            return self._json(self._message(int(m[1]), body))
        self.unknown_routes.append(f"{method} {path}")
        return self._json({"message": "404: Not Found", "code": 0}, status=404)
