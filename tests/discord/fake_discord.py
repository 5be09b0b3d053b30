"""A small fake of Discord's REST API and gateway on 127.0.0.1, enough for the real discord.py.

It records every request the bot makes (command sync, interaction callbacks, followups, DMs and
channel posts) and lets a test push gateway events (slash commands, autocomplete, button
presses) to the connected client. Only the edge of the world is faked; the bot is real. Like
Discord, it refuses more than 50 requests in any second (see fake_limits.py).

Sharding as Discord does it: `GET /gateway/bot` recommends `shard_count` shards; each
IDENTIFY names its [shard id, shard count]; a shard gets the guilds whose
`(guild id >> 22) % count` is its id, and DMs go to shard 0. With `shard_count=2` a second
server exists, on the other shard than the first.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web
from aiohttp.web_request import FileField

from tests.discord.fake_commands import name_errors
from tests.discord.fake_guilds import FakeGuilds
from tests.discord.fake_limits import GlobalLimit

API = "/api/v10"
MANAGE_GUILD = 1 << 5
ORDINARY_PERMISSIONS = (1 << 10) | (1 << 11) | (1 << 31)  # view channel, send, use commands
EPHEMERAL = 1 << 6
TIMESTAMP = "2026-03-02T09:00:00.000000+00:00"


@dataclass(frozen=True)
class Person:
    """A Discord user taking part in a test."""

    id: int
    name: str
    moderator: bool = False
    display: str = ""  # the display name (global name); default: the name in title case
    locale: str = "en-US"  # the language of the person's Discord client (interaction.locale)

    def user(self) -> dict[str, Any]:
        """The user object Discord sends."""
        return {
            "id": str(self.id),
            "username": self.name,
            "global_name": self.display or self.name.title(),
            "discriminator": "0",
            "avatar": None,
        }


@dataclass
class Sent:
    """One message-shaped request the bot made (reply, followup, edit, DM or channel post)."""

    kind: str  # callback | followup | edit | channel
    payload: dict[str, Any]
    files: dict[str, bytes] = field(default_factory=dict)
    callback_type: int | None = None
    channel_id: str = ""

    @property
    def content(self) -> str:
        """The message text (empty when there is none)."""
        return str(self.payload.get("content") or "")

    @property
    def embeds(self) -> list[dict[str, Any]]:
        """The embeds of the message."""
        return list(self.payload.get("embeds") or [])

    @property
    def text(self) -> str:
        """Content plus embed titles, descriptions and fields, for what a user reads."""
        parts = [self.content]
        for embed in self.embeds:
            parts += [str(embed.get("title") or ""), str(embed.get("description") or "")]
            for item in embed.get("fields") or []:
                parts += [str(item.get("name") or ""), str(item.get("value") or "")]
        return "\n".join(part for part in parts if part)

    @property
    def ephemeral(self) -> bool:
        """True when only the caller sees it."""
        return bool(int(self.payload.get("flags") or 0) & EPHEMERAL)

    @property
    def custom_ids(self) -> list[str]:
        """The custom ids of every button in the message."""
        rows = self.payload.get("components") or []
        return [str(item["custom_id"]) for row in rows for item in row.get("components", [])]


@dataclass
class FakeInteraction:
    """An interaction the test started and everything the bot sent in answer to it."""

    id: int
    token: str
    sent: list[Sent] = field(default_factory=list)
    deferred: bool = False
    ephemeral_defer: bool = False
    deleted_original: bool = False
    choices: list[dict[str, Any]] | None = None
    changed: asyncio.Event = field(default_factory=asyncio.Event)

    async def wait(self, count: int = 1) -> list[Sent]:
        """Wait (10 s at most) until the bot has sent `count` messages for this interaction."""
        async with asyncio.timeout(10):
            while len(self.sent) < count:
                self.changed.clear()
                await self.changed.wait()
        return self.sent

    async def wait_choices(self) -> list[dict[str, Any]]:
        """Wait (10 s at most) for the bot's autocomplete answer."""
        async with asyncio.timeout(10):
            while self.choices is None:
                self.changed.clear()
                await self.changed.wait()
        return self.choices


class FakeDiscord:
    """The fake server: start it, point the bot at `api_base` and `gateway_url`."""

    def __init__(self, global_limit: GlobalLimit | None = None, shard_count: int = 1) -> None:
        self.global_limit = global_limit or GlobalLimit()
        self.shard_count = shard_count  # what GET /gateway/bot recommends
        self.app_id = 900_000_000_000_000_001
        self.bot = Person(900_000_000_000_000_002, "hipcoach")
        self.guild_id = 910_000_000_000_000_001  # on shard 0 of 2
        self.channel_id = 910_000_000_000_000_002
        self.other_guild_id = 910_000_000_004_194_305  # on shard 1 of 2
        self.other_channel_id = 910_000_000_004_194_306
        self.guild_ids = [self.guild_id] + ([self.other_guild_id] if shard_count > 1 else [])
        self.shards: dict[int, tuple[int, web.WebSocketResponse]] = {}  # id -> (count, socket)
        self.mod_role_id = 910_000_000_000_000_003
        self.requests: list[tuple[str, str]] = []
        self.command_puts: list[tuple[str, list[dict[str, Any]]]] = []
        self.channel_posts: list[Sent] = []
        self.interactions: dict[str, FakeInteraction] = {}
        self.failures: list[tuple[str, re.Pattern[str], int, dict[str, Any], dict[str, str]]] = []
        self.identified = asyncio.Event()
        self.heartbeats = 0
        self._ids = itertools.count(920_000_000_000_000_000)
        self._sequence = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self._dm_channels: dict[str, str] = {}
        self.users: dict[int, Person] = {}
        self.guilds = FakeGuilds(self)  # the server-reading routes `hipcoach check` uses
        self.port = 0

    # ----------------------------------------------------------------- lifecycle
    async def start(self) -> FakeDiscord:
        """Listen on a free port of 127.0.0.1."""
        web_app = web.Application(middlewares=[self._record])
        web_app.router.add_get("/gateway", self._gateway)
        web_app.router.add_get(API + "/gateway/bot", self._gateway_bot)
        web_app.router.add_route("*", API + "/{tail:.*}", self._rest)
        self._runner = web.AppRunner(web_app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None and server.sockets  # type: ignore[attr-defined]
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]
        return self

    async def close(self) -> None:
        """Stop listening."""
        for _, socket in list(self.shards.values()):
            await socket.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_base(self) -> str:
        """What DISCORD_API_BASE_URL should be."""
        return f"http://127.0.0.1:{self.port}{API}"

    @property
    def gateway_url(self) -> str:
        """What DISCORD_GATEWAY_URL should be."""
        return f"ws://127.0.0.1:{self.port}/gateway"

    def fail(
        self, method: str, path: str, status: int, body: dict[str, Any], **headers: str
    ) -> None:
        """Answer the next request matching method and path regex with this error."""
        self.failures.append((method, re.compile(path), status, body, headers))

    # ------------------------------------------------------------------ gateway
    async def _gateway_bot(self, _request: web.Request) -> web.Response:
        limit = {"total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1}
        return _json(
            {"url": self.gateway_url, "shards": self.shard_count, "session_start_limit": limit}
        )

    def shard_of(self, guild_id: int | None) -> int:
        """The shard that receives this guild's events (DMs: shard 0), as Discord computes it."""
        count = next(iter(self.shards.values()))[0] if self.shards else 1
        return 0 if guild_id is None else (guild_id >> 22) % count

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        await socket.send_json({"op": 10, "d": {"heartbeat_interval": 30_000}, "s": None})
        async for message in socket:
            if message.type != WSMsgType.TEXT:
                break
            frame = json.loads(message.data)
            if frame["op"] == 1:
                self.heartbeats += 1
                await socket.send_json({"op": 11, "d": None})
            elif frame["op"] == 2:
                shard = frame["d"].get("shard")
                shard_id, count = shard or (0, 1)
                self.shards[shard_id] = (count, socket)
                await self._ready(socket, shard_id, count, sharded=shard is not None)
        return socket

    async def _ready(
        self, socket: web.WebSocketResponse, shard_id: int, count: int, *, sharded: bool
    ) -> None:
        guilds = [guild for guild in self.guild_ids if (guild >> 22) % count == shard_id]
        ready = {
            "v": 10,
            "user": {**self.bot.user(), "bot": True},
            "guilds": [{"id": str(guild), "unavailable": True} for guild in guilds],
            "session_id": "fake-session",
            "resume_gateway_url": self.gateway_url,
            "application": {"id": str(self.app_id), "flags": 0},
            "private_channels": [],
            "relationships": [],
        }
        if sharded:
            ready["shard"] = [shard_id, count]
        await self._send_event(socket, "READY", ready)
        for guild in guilds:
            await self._send_event(socket, "GUILD_CREATE", self._guild(guild))
        self.identified.set()

    def _guild(self, guild_id: int | None = None) -> dict[str, Any]:
        guild_id = guild_id or self.guild_id
        channel_id = self.channel_id if guild_id == self.guild_id else self.other_channel_id
        role: dict[str, Any] = {"color": 0, "hoist": False, "managed": False, "mentionable": False}
        roles = [
            role
            | {"id": str(guild_id), "name": "@everyone", "position": 0}
            | {"permissions": str(ORDINARY_PERMISSIONS)},
            role
            | {"id": str(self.mod_role_id), "name": "mods", "position": 1}
            | {"permissions": str(MANAGE_GUILD)},
        ]
        channel = {
            "id": str(channel_id),
            "type": 0,
            "guild_id": str(guild_id),
            "name": "training",
            "position": 0,
            "permission_overwrites": [],
            "nsfw": False,
        }
        return {
            "id": str(guild_id),
            "name": "Hip Club" if guild_id == self.guild_id else "Glute Crew",
            "owner_id": "1",
            "roles": roles,
            "channels": [channel],
            "threads": [],
            "members": [],
            "emojis": [],
            "stickers": [],
            "features": [],
            "member_count": 3,
            "unavailable": False,
            "large": False,
            "joined_at": TIMESTAMP,
        }

    async def _send_event(self, socket: web.WebSocketResponse, name: str, data: Any) -> None:
        await socket.send_json({"op": 0, "t": name, "s": next(self._sequence), "d": data})

    async def dispatch(self, name: str, data: dict[str, Any]) -> None:
        """Push one gateway event to the shard that receives it (a guild's, or 0 for DMs)."""
        guild = data.get("guild_id")
        shard = self.shard_of(int(guild) if guild is not None else None)
        assert shard in self.shards, f"no bot connected on shard {shard}"
        await self._send_event(self.shards[shard][1], name, data)

    # ------------------------------------------------------------- interactions
    def _base(
        self, person: Person, kind: int, data: dict[str, Any], dm: bool, guild: int | None = None
    ) -> dict[str, Any]:
        guild_id = guild or self.guild_id
        channel = self._guild(guild_id)["channels"][0]
        self.users[person.id] = person
        interaction_id = next(self._ids)
        token = f"token-{interaction_id}"
        self.interactions[token] = FakeInteraction(interaction_id, token)
        payload: dict[str, Any] = {
            "id": str(interaction_id),
            "application_id": str(self.app_id),
            "type": kind,
            "token": token,
            "version": 1,
            "data": data,
            "locale": person.locale,
            "entitlements": [],
            "authorizing_integration_owners": {"0": str(guild_id)},
            "attachment_size_limit": 10 * 1024 * 1024,
            "app_permissions": str(ORDINARY_PERMISSIONS),
        }
        if dm:
            dm_channel = self.dm_channel_id(person)
            payload.update(
                user=person.user(),
                channel_id=dm_channel,
                channel={"id": dm_channel, "type": 1, "recipients": [person.user()]},
                context=1,
            )
            return payload
        roles = [str(self.mod_role_id)] if person.moderator else []
        permissions = ORDINARY_PERMISSIONS | (MANAGE_GUILD if person.moderator else 0)
        payload.update(
            guild_id=str(guild_id),
            guild_locale="en-US",
            channel_id=channel["id"],
            channel=channel,
            context=0,
            member={
                "user": person.user(),
                "roles": roles,
                "joined_at": TIMESTAMP,
                "deaf": False,
                "mute": False,
                "flags": 0,
                "permissions": str(permissions),
            },
        )
        if "guild_id" not in data and kind in (2, 4):
            data["guild_id"] = str(guild_id)
        return payload

    async def slash(
        self,
        person: Person,
        command: str,
        /,
        *,
        sub: str | None = None,
        dm: bool = False,
        focused: str | None = None,
        guild: int | None = None,
        **options: Any,
    ) -> FakeInteraction:
        """Run /command [sub] option=value ... (in `guild`, default the first server); with
        `focused`, ask for autocomplete instead."""
        values = [
            {"name": key, "type": _option_type(value), "value": value}
            | ({"focused": True} if key == focused else {})
            for key, value in options.items()
        ]
        if sub is not None:
            values = [{"name": sub, "type": 1, "options": values}]
        data = {"id": str(next(self._ids)), "name": command, "type": 1, "options": values}
        payload = self._base(person, 4 if focused else 2, data, dm, guild)
        await self.dispatch("INTERACTION_CREATE", payload)
        return self.interactions[payload["token"]]

    async def press(self, person: Person, message: Sent, custom_id: str) -> FakeInteraction:
        """Press a button of a message the bot sent."""
        dm = message.channel_id != str(self.channel_id) and message.kind == "channel"
        data = {"custom_id": custom_id, "component_type": 2}
        payload = self._base(person, 3, data, dm)
        payload["message"] = self._message(message.payload, payload["channel_id"])
        await self.dispatch("INTERACTION_CREATE", payload)
        return self.interactions[payload["token"]]

    def dm_channel_id(self, person: Person) -> str:
        """The id of the DM channel between the bot and this person."""
        return self._dm_channels.setdefault(str(person.id), str(next(self._ids)))

    # --------------------------------------------------------------------- REST
    @web.middleware
    async def _record(
        self, request: web.Request, handler: Callable[[web.Request], Any]
    ) -> web.StreamResponse:
        self.requests.append((request.method, request.path))
        for failure in list(self.failures):
            method, pattern, status, body, headers = failure
            if method == request.method and pattern.search(request.path):
                self.failures.remove(failure)
                return _json(body, status, headers)
        if request.path.startswith(API):
            limited = self.global_limit.admit(request.path.removeprefix(API))
            if limited is not None:
                return limited
        response: web.StreamResponse = await handler(request)
        return response

    async def _rest(self, request: web.Request) -> web.StreamResponse:
        path = request.path.removeprefix(API)
        method = request.method
        if method == "GET" and path == "/users/@me":
            return _json({**self.bot.user(), "bot": True})
        if method == "GET" and path == "/oauth2/applications/@me":
            return _json(self._application())
        if method == "GET" and (found := re.fullmatch(r"/users/(\d+)", path)):
            person = self.users.get(int(found[1]))
            if person is None:
                return _json({"message": "Unknown User", "code": 10013}, 404)
            return _json(person.user())
        commands = re.fullmatch(r"/applications/\d+(/guilds/\d+)?/commands", path)
        if method == "PUT" and commands:
            return await self._sync(request, commands[1] or "global")
        if method == "POST" and path == "/users/@me/channels":
            body = await request.json()
            person = self.users[int(body["recipient_id"])]
            channel = self.dm_channel_id(person)
            return _json({"id": channel, "type": 1, "recipients": [person.user()]})
        if method == "POST" and (found := re.fullmatch(r"/channels/(\d+)/messages", path)):
            payload, files = await _read_payload(request)
            sent = Sent("channel", payload, files, channel_id=found[1])
            self.channel_posts.append(sent)
            return _json(self._message(payload, found[1]))
        if method == "GET" and (found := re.fullmatch(r"/channels/(\d+)", path)):
            return _json({**self._guild()["channels"][0], "id": found[1]})
        if found := re.fullmatch(r"/interactions/(\d+)/([^/]+)/callback", path):
            return await self._callback(request, self.interactions[found[2]])
        if found := re.fullmatch(r"/webhooks/\d+/([^/]+)(/messages/@original)?", path):
            return await self._webhook(request, self.interactions[found[1]], bool(found[2]))
        if (answer := self.guilds.answer(method, path)) is not None:
            return _json(answer[1], answer[0])
        return _json({"message": f"fake has no {method} {path}", "code": 0}, 404)

    def _application(self) -> dict[str, Any]:
        return {
            "id": str(self.app_id),
            "name": "hipcoach",
            "description": "",
            "icon": None,
            "bot_public": True,
            "bot_require_code_grant": False,
            "owner": {**self.bot.user(), "id": "1", "username": "owner"},
            "verify_key": "0" * 64,
            "flags": 0,
        }

    async def _sync(self, request: web.Request, scope: str) -> web.Response:
        commands = await request.json()
        if errors := name_errors(commands):
            return _json({"message": "Invalid Form Body", "code": 50035, "errors": errors}, 400)
        self.command_puts.append((scope.removeprefix("/guilds/"), commands))
        stored = [
            {**command, "id": str(next(self._ids)), "application_id": str(self.app_id)}
            | {"version": "1"}
            for command in commands
        ]
        return _json(stored)

    async def _callback(self, request: web.Request, interaction: FakeInteraction) -> web.Response:
        payload, files = await _read_payload(request)
        kind = int(payload["type"])
        data = payload.get("data") or {}
        if kind == 8:
            interaction.choices = list(data.get("choices") or [])
        elif kind in (5, 6):
            interaction.deferred = True
            interaction.ephemeral_defer = bool(int(data.get("flags") or 0) & EPHEMERAL)
        else:
            interaction.sent.append(Sent("callback", data, files, callback_type=kind))
        interaction.changed.set()
        message = self._message(data, str(self.channel_id))
        body: dict[str, Any] = {
            "interaction": {
                "id": str(interaction.id),
                "type": 2,
                "response_message_id": message["id"],
                "response_message_loading": kind == 5,
                "response_message_ephemeral": bool(int(data.get("flags") or 0) & EPHEMERAL),
            }
        }
        if kind in (4, 7):
            body["resource"] = {"type": kind, "message": message}
        return _json(body)

    async def _webhook(
        self, request: web.Request, interaction: FakeInteraction, original: bool
    ) -> web.Response:
        if request.method == "DELETE":
            interaction.deleted_original = True
            interaction.changed.set()
            return web.Response(status=204)
        payload, files = await _read_payload(request)
        if request.method in ("POST", "PATCH"):
            kind = "edit" if original else "followup"
            interaction.sent.append(Sent(kind, payload, files))
            interaction.changed.set()
        return _json(self._message(payload, str(self.channel_id)))

    def _message(self, payload: dict[str, Any], channel_id: str) -> dict[str, Any]:
        return {
            "id": str(next(self._ids)),
            "channel_id": channel_id,
            "author": {**self.bot.user(), "bot": True},
            "content": payload.get("content") or "",
            "embeds": payload.get("embeds") or [],
            "components": payload.get("components") or [],
            "attachments": [],
            "timestamp": TIMESTAMP,
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "pinned": False,
            "type": 0,
            "flags": int(payload.get("flags") or 0),
        }


def _option_type(value: Any) -> int:
    if isinstance(value, bool):
        return 5
    if isinstance(value, int):
        return 4
    return 3


def _json(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    # discord.py only parses a body whose content type is exactly application/json
    return web.Response(
        body=json.dumps(body).encode(),
        status=status,
        headers={"Content-Type": "application/json", **(headers or {})},
    )


async def _read_payload(request: web.Request) -> tuple[dict[str, Any], dict[str, bytes]]:
    if not request.body_exists:
        return {}, {}
    if request.content_type != "multipart/form-data":
        return dict(await request.json()), {}
    payload: dict[str, Any] = {}
    files: dict[str, bytes] = {}
    form = await request.post()
    for name, value in form.items():
        if name == "payload_json":
            payload = json.loads(str(value))
        elif isinstance(value, FileField):
            files[value.filename] = value.file.read()
    return payload, files
