"""`hipcoach check` on Discord: the token, the invite link, and the bot's permissions.

Logs in over REST only (no gateway), reads the application, then for every server in
DISCORD_GUILD_IDS and every server whose challenges still have posts to make, works out what
the bot's roles and the posting channels' overwrites leave it: see permissions.py for what
it needs and why.
"""

from __future__ import annotations

import aiohttp
import discord
from discord.http import Route

from bot.challenges.posting_check import Finding, problem
from bot.ports import PostingPlace
from bot.settings import Settings
from handlers.discord.endpoints import configured_endpoints
from handlers.discord.permissions import IN_THREADS, NEEDED, invite_url, missing

Channels = dict[int, discord.abc.GuildChannel]


async def check_discord(settings: Settings, places: list[PostingPlace]) -> list[Finding]:
    """Findings for the configured token; never raises for what Discord answers."""
    token = settings.discord_token
    if token is None:
        return [problem("Discord: DISCORD_TOKEN is not set")]
    intents = discord.Intents.none()
    intents.guilds = True  # as the running bot has it (and discord.py warns without it)
    client = discord.Client(intents=intents)
    with configured_endpoints(settings):
        try:
            return await _checked(client, token.get_secret_value(), settings, places)
        finally:
            await client.close()


async def _checked(
    client: discord.Client, token: str, settings: Settings, places: list[PostingPlace]
) -> list[Finding]:
    try:
        await client.login(token)
    except discord.LoginFailure:
        return [
            problem(
                "Discord: the token in DISCORD_TOKEN was rejected; copy it again from the Bot "
                "page of your application in the Developer Portal"
            )
        ]
    except discord.HTTPException as error:
        return [problem(f"Discord: logging in failed (HTTP {error.status})")]
    except (aiohttp.ClientError, OSError, TimeoutError) as error:
        return [problem(f"Discord: could not reach {Route.BASE} ({type(error).__name__})")]
    return _application(client) + await _servers(client, settings.discord_guild_ids, places)


def _application(client: discord.Client) -> list[Finding]:
    application_id = client.application_id or 0
    findings = [
        Finding(f"Discord: logged in as {client.user} (application {application_id})"),
        Finding(f"Discord invite link: {invite_url(application_id)}"),
    ]
    info = client.application
    if info is not None and info.interactions_endpoint_url:
        findings.append(
            problem(
                "Discord: the application has an Interactions Endpoint URL; clear it on the "
                "General Information page, or slash commands never reach the bot"
            )
        )
    if info is not None and info.bot_require_code_grant:
        findings.append(
            problem(
                "Discord: 'Requires OAuth2 Code Grant' is on; turn it off on the Bot page, "
                "or the invite link cannot add the bot"
            )
        )
    return findings


async def _servers(
    client: discord.Client, guild_ids: tuple[int, ...], places: list[PostingPlace]
) -> list[Finding]:
    """Each configured server and each server with challenge posts still to make."""
    pending = {int(place.external_id): place for place in places if place.channel_ids}
    wanted = list(dict.fromkeys([*guild_ids, *pending]))
    if not wanted:
        return [
            Finding(
                "Discord: no servers to check; set DISCORD_GUILD_IDS to check the bot's "
                "permissions in yours"
            )
        ]
    try:
        joined = {guild.id async for guild in client.fetch_guilds(limit=None)}
    except discord.HTTPException as error:
        return [problem(f"Discord: could not list the bot's servers (HTTP {error.status})")]
    findings: list[Finding] = []
    for guild_id in wanted:
        place = pending.get(guild_id)
        label = place.title if place is not None and place.title else f"Server {guild_id}"
        if guild_id not in joined:
            reason = "the bot is not in this server; add it with the invite link"
            findings.append(problem(f"{label}: {reason}"))
            continue
        channel_ids = place.channel_ids if place is not None else ()
        findings += await _server(client, guild_id, label, channel_ids)
    return findings


async def _server(
    client: discord.Client, guild_id: int, label: str, channel_ids: tuple[str, ...]
) -> list[Finding]:
    """The bot's permissions server-wide and in each posting channel of the server."""
    assert client.user is not None  # logged in
    try:
        guild = await client.fetch_guild(guild_id, with_counts=False)
        me = await guild.fetch_member(client.user.id)
        channels: Channels = {channel.id: channel for channel in await guild.fetch_channels()}
    except discord.HTTPException as error:
        reason = f"could not read the bot's roles and channels (HTTP {error.status})"
        return [problem(f"{label}: {reason}")]
    findings: list[Finding] = []
    lacking = missing(me.guild_permissions)
    if lacking:
        findings.append(problem(f"{guild.name}: missing {', '.join(lacking)} (the bot's roles)"))
    for channel_id in channel_ids:
        finding = await _channel(client, guild, me, channels, int(channel_id))
        if finding is not None:
            findings.append(finding)
    if not findings:
        checked = f", {len(channel_ids)} challenge channel(s) checked" if channel_ids else ""
        findings.append(Finding(f"{guild.name}: ok (the bot can post standings{checked})"))
    return findings


async def _channel(
    client: discord.Client,
    guild: discord.Guild,
    me: discord.Member,
    channels: Channels,
    channel_id: int,
) -> Finding | None:
    """A problem finding when the bot cannot post standings in the channel, else None."""
    channel = channels.get(channel_id)
    if channel is not None:
        name, lacking = channel.name, missing(channel.permissions_for(me), NEEDED)
    else:
        thread = await _thread(client, channels, channel_id)
        if thread is None:
            reason = (
                f"a challenge posts in channel {channel_id}, which is gone or hidden from the bot"
            )
            return problem(f"{guild.name}: {reason}")
        name, parent = thread
        lacking = missing(parent.permissions_for(me), IN_THREADS)
    if lacking:
        return problem(f"{guild.name} (#{name}): missing {', '.join(lacking)}")
    return None


async def _thread(
    client: discord.Client, channels: Channels, channel_id: int
) -> tuple[str, discord.abc.GuildChannel] | None:
    """A thread's name and parent channel (threads are not in the server's channel list)."""
    try:
        found = await client.fetch_channel(channel_id)
    except (discord.HTTPException, discord.InvalidData):
        return None
    if isinstance(found, discord.Thread) and found.parent_id in channels:
        return found.name, channels[found.parent_id]
    return None
