"""The fake Bot API's getChat and getChatMember, for `hipcoach check` to read the bot's place.

Each group's default member permissions and the bot's own membership are set by the test;
by default the bot is an ordinary member of a group whose members may send messages.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tests.telegram.fake_bot_api import Call

GIFTS = dict.fromkeys(
    (
        "unlimited_gifts",
        "limited_gifts",
        "unique_gifts",
        "premium_subscription",
        "gifts_from_channels",
    ),
    False,
)


class ChatMembers:
    """Mixed into FakeBotApi: `_chats` holds the chats the test made."""

    _chats: dict[int, dict[str, Any]]

    def __init__(self) -> None:
        self.bot_status: dict[int, dict[str, Any]] = {}  # chat id -> the bot's ChatMember
        self.members_may_send: dict[int, bool] = {}  # chat id -> can_send_messages

    def set_bot_member(self, chat_id: int, status: str, **fields: Any) -> None:
        """The bot's membership in a chat: "member", "administrator", "restricted", "left"."""
        self.bot_status[chat_id] = {"status": status, **fields}

    async def _api_getChat(self, call: Call) -> dict[str, Any]:
        chat = self._chats[call.chat_id]
        may_send = self.members_may_send.get(call.chat_id, True)
        permissions = {"can_send_messages": may_send, "can_invite_users": True}
        return chat | {
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": GIFTS,
            "permissions": permissions,
        }

    async def _api_getChatMember(self, call: Call) -> dict[str, Any]:
        from tests.telegram.fake_bot_api import BOT_ID, BOT_USERNAME

        bot = {"id": BOT_ID, "is_bot": True, "first_name": "Hipcoach", "username": BOT_USERNAME}
        member = self.bot_status.get(call.chat_id, {"status": "member"})
        if member["status"] == "administrator":
            member = administrator_rights(granted=False) | member
        return {"user": bot} | member


def administrator_rights(*, granted: bool) -> dict[str, Any]:
    """The fields of an administrator's ChatMember, every right set to `granted`."""
    rights = (
        "can_manage_chat",
        "can_delete_messages",
        "can_manage_video_chats",
        "can_restrict_members",
        "can_promote_members",
        "can_change_info",
        "can_invite_users",
        "can_post_stories",
        "can_edit_stories",
        "can_delete_stories",
    )
    return {"can_be_edited": False, "is_anonymous": False, **dict.fromkeys(rights, granted)}
