"""Command sync: only when the command set (or where it goes) changed since the last sync.

Discord rate-limits command registration and re-registering on every start or reconnect
is wasteful, so a hash of the payload is kept in the core's operational state table.
"""

from __future__ import annotations

import hashlib
import json
import logging
from typing import Any

import discord
from discord import app_commands

from bot.ports import UnitOfWorkFactory

log = logging.getLogger(__name__)

HASH_KEY = "discord.command_hash"


async def command_payload(tree: app_commands.CommandTree[Any]) -> list[dict[str, Any]]:
    """What Discord receives for the global command set, translations included (a changed
    catalogue is a changed command set)."""
    translator = tree.translator
    if translator is None:
        return [command.to_dict(tree) for command in tree.get_commands()]
    return [
        await command.get_translated_payload(tree, translator) for command in tree.get_commands()
    ]


def payload_hash(
    payload: list[dict[str, Any]], application_id: int | None, guild_ids: tuple[int, ...]
) -> str:
    """A stable fingerprint of the commands, the application and the sync targets."""
    material = {"app": application_id, "guilds": sorted(guild_ids), "commands": payload}
    encoded = json.dumps(material, sort_keys=True, separators=(",", ":")).encode()
    return hashlib.sha256(encoded).hexdigest()


async def sync_commands(
    client: discord.Client,
    tree: app_commands.CommandTree[Any],
    uow: UnitOfWorkFactory,
    guild_ids: tuple[int, ...],
) -> bool:
    """Sync to the given servers (instant) or globally; True when a sync was sent."""
    digest = payload_hash(await command_payload(tree), client.application_id, guild_ids)
    async with uow() as work:
        if await work.state.get(HASH_KEY) == digest:
            log.info("discord commands unchanged; not syncing")
            return False
    if guild_ids:
        for guild_id in guild_ids:
            guild = discord.Object(id=guild_id)
            tree.copy_global_to(guild=guild)
            await tree.sync(guild=guild)
        # Server-scoped commands replace global ones; clear globals so none show twice.
        if client.application_id is not None:
            await client.http.bulk_upsert_global_commands(client.application_id, payload=[])
        log.info("discord commands synced to %d server(s)", len(guild_ids))
    else:
        await tree.sync()
        log.info("discord commands synced globally")
    async with uow() as work:
        await work.state.put(HASH_KEY, digest)
        await work.commit()
    return True
