"""The fake Discord's server-reading routes, enough for `hipcoach check` to work out permissions.

GET /users/@me/guilds, /guilds/{id}, /guilds/{id}/members/{bot} and /guilds/{id}/channels,
for the fake's one server. The bot has its own managed role (as the invite link creates it)
holding `bot_permissions`; extra channels may carry overwrites for that role.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tests.discord.fake_discord import FakeDiscord

VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
EMBED_LINKS = 1 << 14
INVITED_WITH = VIEW_CHANNEL | SEND_MESSAGES | EMBED_LINKS  # what the invite link asks for


@dataclass
class FakeGuilds:
    """State and answers for the server-reading routes."""

    fake: FakeDiscord
    bot_role_id: int = 910_000_000_000_000_010
    bot_permissions: int = INVITED_WITH
    joined: bool = True  # the bot is in the fake's server
    channels: list[dict[str, Any]] = field(default_factory=list)

    def add_channel(self, channel_id: int, name: str, *, deny: int = 0, allow: int = 0) -> None:
        """A text channel whose overwrite for the bot's role allows and denies these bits."""
        overwrite = {"id": str(self.bot_role_id), "type": 0, "allow": str(allow)}
        self.channels.append(
            {
                "id": str(channel_id),
                "type": 0,
                "guild_id": str(self.fake.guild_id),
                "name": name,
                "position": len(self.channels) + 1,
                "permission_overwrites": [overwrite | {"deny": str(deny)}] if allow or deny else [],
                "nsfw": False,
            }
        )

    def answer(self, method: str, path: str) -> tuple[int, Any] | None:
        """(status, body) for the routes above, or None when the path is not one of them."""
        if method != "GET":
            return None
        guild = str(self.fake.guild_id)
        if path == "/users/@me/guilds":
            return 200, [self._partial()] if self.joined else []
        if not path.startswith(f"/guilds/{guild}"):
            return None
        if not self.joined:
            return 403, {"message": "Missing Access", "code": 50001}
        rest = path.removeprefix(f"/guilds/{guild}")
        if rest == "":
            return 200, self._full()
        if rest == f"/members/{self.fake.bot.id}":
            return 200, self._member()
        if rest == "/channels":
            return 200, [*self.fake._guild()["channels"], *self.channels]
        return None

    def _partial(self) -> dict[str, Any]:
        return {
            "id": str(self.fake.guild_id),
            "name": "Hip Club",
            "icon": None,
            "owner": False,
            "permissions": str(self.bot_permissions),
            "features": [],
        }

    def _full(self) -> dict[str, Any]:
        guild = self.fake._guild()
        role = {
            "id": str(self.bot_role_id),
            "name": self.fake.bot.name,
            "color": 0,
            "hoist": False,
            "managed": True,
            "mentionable": False,
            "position": 2,
            "permissions": str(self.bot_permissions),
            "tags": {"bot_id": str(self.fake.bot.id)},
        }
        return guild | {"roles": [*guild["roles"], role], "channels": []}

    def _member(self) -> dict[str, Any]:
        return {
            "user": {**self.fake.bot.user(), "bot": True},
            "roles": [str(self.bot_role_id)],
            "joined_at": "2026-03-02T09:00:00.000000+00:00",
            "deaf": False,
            "mute": False,
            "flags": 0,
        }
