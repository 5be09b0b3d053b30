"""A small fake Telegram Bot API over real HTTP on 127.0.0.1, for end-to-end adapter tests.

PTB talks to it through `base_url`: routes are `/bot<token>/<method>`, fields arrive
form-encoded (multipart with files) with non-string values JSON-encoded, and every answer is
`{"ok": true, "result": ...}`. Tests queue updates for getUpdates and read the recorded calls.
It enforces Telegram's flood limits (see fake_flood.py) unless built with `flood=None`.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.telegram.fake_flood import FloodControl, FloodRules
from tests.telegram.fake_members import ChatMembers, administrator_rights

BOT_ID = 4242
BOT_USERNAME = "HipcoachTestBot"
EPOCH = 1_772_442_000  # a fixed message date; PTB only needs a number


@dataclass
class Call:
    """One Bot API request as the fake server received it."""

    method: str
    params: dict[str, str]
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    result: Any = None  # what the server answered, once it did
    status: int = 200  # the HTTP status it answered with
    at: float = field(default_factory=time.monotonic)  # when it arrived

    @property
    def chat_id(self) -> int:
        """The target chat of a send/edit call."""
        return int(self.params["chat_id"])

    @property
    def text(self) -> str:
        """The message text (or callback answer text), raw HTML as sent."""
        return self.params.get("text", "")

    def json(self, name: str) -> Any:
        """A JSON-encoded field (reply_markup, commands, scope, ...), decoded."""
        raw = self.params.get(name)
        return None if raw is None else json.loads(raw)

    @property
    def button_actions(self) -> list[str]:
        """Callback data of every inline button in the call's keyboard."""
        markup = self.json("reply_markup") or {}
        return [b["callback_data"] for row in markup.get("inline_keyboard", []) for b in row]


@dataclass
class Failure:
    """An injected error answer for the next matching calls."""

    status: int
    description: str
    retry_after: float | None = None
    times: int = 1


@dataclass(frozen=True)
class FakeUser:
    """A Telegram user the tests play."""

    id: int
    first_name: str
    last_name: str = ""
    username: str = ""
    language_code: str = ""  # the user's app language, as Telegram reports it (pt-br)

    def as_json(self) -> dict[str, Any]:
        """The Bot API `User` object."""
        data: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.last_name:
            data["last_name"] = self.last_name
        if self.username:
            data["username"] = self.username
        if self.language_code:
            data["language_code"] = self.language_code
        return data


class FakeBotApi(ChatMembers):
    """The server: an update queue, a record of calls, stored messages and injected failures."""

    def __init__(self, token: str, flood: FloodRules | None = FloodRules()) -> None:  # noqa: B008
        super().__init__()
        self.token = token
        self.flood = FloodControl(flood) if flood is not None else None
        self.calls: list[Call] = []
        self.admins: dict[int, set[int]] = {}  # group chat id -> administrator user ids
        self.blocked: set[int] = set()  # chats whose sends answer 403
        self.held: dict[int, asyncio.Event] = {}  # chats whose sendMessage waits for the event
        self.messages: dict[tuple[int, int], dict[str, Any]] = {}
        self._chats: dict[int, dict[str, Any]] = {}
        self._users: dict[int, FakeUser] = {}
        self._failures: dict[str, list[Failure]] = {}
        self._updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1000)
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self._closing = False
        self.base_url = ""

    # --- lifecycle -------------------------------------------------------------------------

    async def start(self) -> str:
        """Listen on a random port of 127.0.0.1 and return the base URL."""
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, handle_signals=False, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.base_url = f"http://127.0.0.1:{port}"
        return self.base_url

    async def close(self) -> None:
        """Stop listening; a pending long poll returns at once."""
        self._closing = True
        async with self._changed:
            self._changed.notify_all()
        if self._runner is not None:
            await self._runner.cleanup()

    # --- what users do ---------------------------------------------------------------------

    def private_chat(self, user: FakeUser) -> dict[str, Any]:
        """The private chat with a user (its id is the user's id)."""
        self._users[user.id] = user
        chat = {"id": user.id, "type": "private", "first_name": user.first_name}
        self._chats[user.id] = chat
        return chat

    def group_chat(self, chat_id: int, title: str) -> dict[str, Any]:
        """A group chat (negative id)."""
        chat = {"id": chat_id, "type": "group", "title": title}
        self._chats[chat_id] = chat
        return chat

    def push_message(self, user: FakeUser, chat: dict[str, Any], text: str) -> int:
        """Queue a text message from a user; a leading /command gets its entity like Telegram."""
        self._users[user.id] = user
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": EPOCH,
            "chat": chat,
            "from": user.as_json(),
            "text": text,
        }
        if text.startswith("/"):
            length = len(text.split(maxsplit=1)[0])
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        return self._push({"message": message})

    def push_migration(
        self, user: FakeUser, group: dict[str, Any], new_id: int
    ) -> tuple[dict[str, Any], list[int]]:
        """A group becomes a supergroup with a new id: the service message Telegram posts in
        each chat, old then new. Returns the supergroup and both update ids."""
        supergroup = {"id": new_id, "type": "supergroup", "title": group["title"]}
        self._chats[new_id] = supergroup
        updates = []
        for chat, key, other in ((group, "migrate_to_chat_id", new_id),
                                   (supergroup, "migrate_from_chat_id", group["id"])):  # fmt: skip
            message = {
                "message_id": next(self._message_ids),
                "date": EPOCH,
                "chat": chat,
                "from": user.as_json(),
                key: other,
            }
            updates.append(self._push({"message": message}))
        return supergroup, updates

    def push_my_chat_member(self, user: FakeUser, chat: dict[str, Any], old: str, new: str) -> int:
        """The bot's own membership in a chat changed, by `user`: added to or removed from a
        group ("member" / "left" / "kicked"), or blocked / unblocked in a private chat."""
        bot = {"id": BOT_ID, "is_bot": True, "first_name": "Hipcoach", "username": BOT_USERNAME}

        def member(status: str) -> dict[str, Any]:
            return {"status": status, "user": bot} | (
                {"until_date": 0} if status == "kicked" else {}
            )

        change = {
            "chat": chat,
            "from": user.as_json(),
            "date": EPOCH,
            "old_chat_member": member(old),
            "new_chat_member": member(new),
        }
        return self._push({"my_chat_member": change})

    def push_press(self, user: FakeUser, message: dict[str, Any], data: str) -> int:
        """Queue a button press on a message the bot sent."""
        query = {
            "id": str(next(self._message_ids)),
            "from": user.as_json(),
            "chat_instance": "ci-1",
            "message": message,
            "data": data,
        }
        return self._push({"callback_query": query})

    def fail_next(
        self, method: str, status: int, description: str, *, retry_after: int | None = None
    ) -> None:
        """Make the next call of `method` fail with this status."""
        self._failures.setdefault(method, []).append(Failure(status, description, retry_after))

    # --- what tests read -------------------------------------------------------------------

    def calls_to(self, *methods: str) -> list[Call]:
        """Recorded calls of these methods, in order."""
        return [call for call in self.calls if call.method in methods]

    # --- the server ------------------------------------------------------------------------

    async def wait_for_call(self, method: str, chat_id: int) -> None:
        """Return once the bot has called `method` for `chat_id` (even if still unanswered)."""

        def seen() -> bool:
            return any(c.method == method and c.chat_id == chat_id for c in self.calls)

        async with asyncio.timeout(10), self._changed:
            await self._changed.wait_for(seen)

    def _push(self, update: dict[str, Any]) -> int:
        update_id = next(self._update_ids)
        self._updates.append({"update_id": update_id, **update})
        asyncio.get_running_loop().create_task(self._notify())
        return update_id

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _error(401, "Unauthorized")
        method = request.match_info["method"]
        params, files = await _read_fields(request)
        call = Call(method, params, files)
        if method != "getUpdates":
            self.calls.append(call)
            await self._notify()
        refusal = self._refusal(call)
        if refusal is not None:
            call.status = refusal.status
            return refusal
        answer = getattr(self, f"_api_{method}", None)
        if answer is None:
            return _error(404, "Not Found: method not found")
        call.result = await answer(call)
        return web.json_response({"ok": True, "result": call.result})

    def _refusal(self, call: Call) -> web.Response | None:
        """An injected failure, a blocked chat's 403 or flood control's 429; None to answer."""
        failure = self._take_failure(call.method)
        if failure is not None:
            return _error(failure.status, failure.description, failure.retry_after)
        if "chat_id" not in call.params:
            return None
        chat = _chat(call.params["chat_id"])
        if call.method.startswith(("send", "edit")) and chat in self.blocked:
            return _error(403, "Forbidden: bot was blocked by the user")
        retry_after = self.flood.admit(call.method, chat) if self.flood else None
        if retry_after is not None:
            shown = int(retry_after) if float(retry_after).is_integer() else retry_after
            return _error(429, f"Too Many Requests: retry after {shown}", shown)
        return None

    def _take_failure(self, method: str) -> Failure | None:
        queue = self._failures.get(method)
        if not queue:
            return None
        failure = queue[0]
        failure.times -= 1
        if failure.times <= 0:
            queue.pop(0)
        return failure

    async def _api_getMe(self, call: Call) -> dict[str, Any]:
        return {
            "id": BOT_ID,
            "is_bot": True,
            "first_name": "Hipcoach",
            "username": BOT_USERNAME,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    async def _api_getUpdates(self, call: Call) -> list[dict[str, Any]]:
        offset = int(call.params.get("offset", "0") or 0)
        self._updates = [u for u in self._updates if u["update_id"] >= offset]
        timeout = float(call.params.get("timeout", "0") or 0)
        if not self._updates and timeout > 0:
            async with self._changed:
                try:
                    async with asyncio.timeout(timeout):
                        await self._changed.wait_for(lambda: bool(self._updates) or self._closing)
                except TimeoutError:
                    pass
        return list(self._updates)

    async def _api_deleteWebhook(self, call: Call) -> bool:
        return True

    async def _api_setMyCommands(self, call: Call) -> bool:
        return True

    async def _api_answerCallbackQuery(self, call: Call) -> bool:
        return True

    async def _api_sendMessage(self, call: Call) -> dict[str, Any]:
        held = self.held.get(call.chat_id)
        if held is not None:
            await held.wait()  # a slow network to this chat, released by the test
        return self._store(call, {"text": call.text})

    async def _api_sendPhoto(self, call: Call) -> dict[str, Any]:
        photo = {"file_id": "photo-1", "file_unique_id": "p1", "width": 800, "height": 500}
        return self._store(call, {"photo": [photo]})

    async def _api_sendDocument(self, call: Call) -> dict[str, Any]:
        name = next(iter(call.files.values()))[0] if call.files else "file"
        document = {"file_id": "doc-1", "file_unique_id": "d1", "file_name": name}
        return self._store(call, {"document": document})

    async def _api_editMessageText(self, call: Call) -> dict[str, Any]:
        key = (call.chat_id, int(call.params["message_id"]))
        message = dict(self.messages[key], text=call.text, edit_date=EPOCH + 1)
        message.pop("reply_markup", None)
        if "reply_markup" in call.params:
            message["reply_markup"] = call.json("reply_markup")
        self.messages[key] = message
        return message

    async def _api_getChatAdministrators(self, call: Call) -> list[dict[str, Any]]:
        admin_ids = sorted(self.admins.get(call.chat_id, set()))
        return [_administrator(self._user_json(user_id)) for user_id in admin_ids]

    def _user_json(self, user_id: int) -> dict[str, Any]:
        user = self._users.get(user_id)
        return user.as_json() if user else {"id": user_id, "is_bot": False, "first_name": "A"}

    def _store(self, call: Call, content: dict[str, Any]) -> dict[str, Any]:
        chat = self._chats.get(call.chat_id) or {"id": call.chat_id, "type": "private"}
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": EPOCH,
            "chat": chat,
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "Hipcoach"},
            **content,
        }
        if "reply_markup" in call.params:
            message["reply_markup"] = call.json("reply_markup")
        self.messages[(call.chat_id, message["message_id"])] = message
        return message


async def _read_fields(request: web.Request) -> tuple[dict[str, str], dict[str, tuple[str, bytes]]]:
    params: dict[str, str] = {}
    files: dict[str, tuple[str, bytes]] = {}
    for name, value in (await request.post()).items():
        if isinstance(value, web.FileField):
            files[name] = (value.filename, value.file.read())
        else:
            params[name] = str(value)
    return params, files


def _chat(raw: str) -> int | str:
    try:
        return int(raw)
    except ValueError:
        return raw  # '@channelname'


def _error(status: int, description: str, retry_after: float | None = None) -> web.Response:
    body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
    if retry_after is not None:
        body["parameters"] = {"retry_after": retry_after}
    return web.json_response(body, status=status)


def _administrator(user: dict[str, Any]) -> dict[str, Any]:
    return {"status": "administrator", "user": user, **administrator_rights(granted=True)}
