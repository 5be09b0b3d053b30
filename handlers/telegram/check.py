"""`hipcoach check` on Telegram: the token (getMe), group privacy, and each known group.

In a group the bot only answers commands and posts challenge standings and results as plain
messages, so it needs no admin rights: an ordinary member that may send messages is enough.
It reads the group's administrators to know its moderators, which any member may do. Only
where members may not send messages (or the bot itself is restricted) must it be an admin.
"""

from __future__ import annotations

from telegram import (
    Bot,
    ChatFullInfo,
    ChatMember,
    ChatMemberAdministrator,
    ChatMemberBanned,
    ChatMemberLeft,
    ChatMemberOwner,
    ChatMemberRestricted,
    User,
)
from telegram.error import BadRequest, Forbidden, InvalidToken, TelegramError

from bot.challenges.posting_check import Finding, problem
from bot.ports import PostingPlace
from bot.settings import Settings
from handlers.telegram.runner import TokenRedactor, api_urls
from handlers.telegram.sender import chat_id_of

PRIVACY_ON = (
    "Telegram: group privacy is on, so in groups the bot receives only commands (and replies "
    "to its messages), which is all it needs"
)
PRIVACY_OFF = (
    "Telegram: group privacy is off, so the bot receives every group message and ignores all "
    "but commands; /setprivacy in @BotFather turns it on"
)


async def check_telegram(settings: Settings, places: list[PostingPlace]) -> list[Finding]:
    """Findings for the configured token; never raises for what Telegram answers."""
    token = settings.telegram_token
    if token is None:
        return [problem("Telegram: TELEGRAM_TOKEN is not set")]
    base = settings.telegram_api_base_url
    api, files = api_urls(str(base) if base is not None else None)
    redactor = TokenRedactor(token.get_secret_value())
    redactor.attach()  # PTB's own errors and debug logs quote the token
    bot = Bot(token.get_secret_value(), base_url=api, base_file_url=files)
    try:
        return await _checked(bot, places)
    finally:
        await bot.shutdown()
        redactor.attach(False)


async def _checked(bot: Bot, places: list[PostingPlace]) -> list[Finding]:
    try:
        await bot.initialize()  # getMe
    except InvalidToken:  # its message contains the token: never print it
        return [
            problem(
                "Telegram: the token in TELEGRAM_TOKEN was rejected; get it again from "
                "@BotFather (/token)"
            )
        ]
    except TelegramError as error:
        return [problem(f"Telegram: could not reach the Bot API ({type(error).__name__})")]
    me = bot.bot
    findings = [Finding(f"Telegram: logged in as @{me.username}"), _privacy(me)]
    if not me.can_join_groups:
        findings.append(
            Finding(
                "Telegram: groups cannot add the bot (/setjoingroups in @BotFather allows it); "
                "it is only needed for group challenges"
            )
        )
    if not places:
        findings.append(
            Finding("Telegram: no groups to check yet (a group is known once it has a challenge)")
        )
    for place in places:
        findings.append(await _group(bot, me.id, place))
    return findings


def _privacy(me: User) -> Finding:
    return Finding(PRIVACY_OFF if me.can_read_all_group_messages else PRIVACY_ON)


async def _group(bot: Bot, bot_id: int, place: PostingPlace) -> Finding:
    """Whether the bot can post in one stored group."""
    label = place.title or f"Group {place.external_id}"
    try:
        chat = await bot.get_chat(chat_id_of(place.external_id))
        member = await bot.get_chat_member(chat.id, bot_id)
    except (Forbidden, BadRequest) as error:
        return _absent(label, place, error.message)
    except TelegramError as error:
        return problem(f"{label}: could not read the group ({type(error).__name__})")
    return _membership(label, place, chat, member)


def _membership(label: str, place: PostingPlace, chat: ChatFullInfo, member: ChatMember) -> Finding:
    if isinstance(member, ChatMemberOwner | ChatMemberAdministrator):
        return Finding(f"{label}: ok (the bot is an admin; it needs no admin rights)")
    if isinstance(member, ChatMemberLeft | ChatMemberBanned) or (
        isinstance(member, ChatMemberRestricted) and not member.is_member
    ):
        return _absent(label, place, "the bot is not a member")
    if isinstance(member, ChatMemberRestricted) and not member.can_send_messages:
        return problem(
            f"{label}: the bot is restricted and cannot send messages; lift the restriction "
            "or make it an admin"
        )
    if chat.permissions is not None and chat.permissions.can_send_messages is False:
        return problem(
            f"{label}: members may not send messages, so the bot cannot post; make it an admin "
            "(no admin rights needed) or let members send messages"
        )
    return Finding(f"{label}: ok (the bot can post; it needs no admin rights)")


def _absent(label: str, place: PostingPlace, reason: str) -> Finding:
    """The bot is not in the group: a problem only while challenges there still post."""
    if place.channel_ids:
        return problem(
            f"{label}: the bot cannot reach this group ({reason}); add it back for the "
            "challenge posts"
        )
    return Finding(f"{label}: the bot is no longer in this group ({reason}); nothing to post")
