"""One user's updates stay in order across processes (webhook mode on PostgreSQL).

Two real `python -m bot run` processes receive one user's updates alternately, as behind a
round-robin load balancer. The fake Bot API holds the user's replies: while the first
process's answer is on the wire, the second process must not answer the next question.
"""

from __future__ import annotations

import asyncio
import html
from pathlib import Path

import aiohttp
import pytest

from bot.faq.service import build_faq_service
from tests.checkins.processes import stop_all
from tests.http.support import (
    SECRET,
    SECRET_HEADER,
    TOKEN,
    WEBHOOK_PATH,
    WebhookFakeBotApi,
    free_port,
    message_update,
    start_bot,
    wait_ready,
)
from tests.telegram.fake_bot_api import FakeUser

ANNA = FakeUser(501, "Anna")
QUESTIONS = [
    "what are hip dips",
    "can exercise remove hip dips",
    "how often should I train",
    "are resistance bands good",
]


async def _post(client: aiohttp.ClientSession, base: str, update_id: int, text: str) -> int:
    body = message_update(update_id, ANNA, text)
    async with client.post(base + WEBHOOK_PATH, json=body, headers={SECRET_HEADER: SECRET}) as r:
        return r.status


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_one_users_updates_are_answered_in_order_across_two_processes(
    migrated_url: str, tmp_path: Path
) -> None:
    faq = build_faq_service()
    titles = [f"<b>{html.escape(str(faq.answer(q).title), quote=False)}</b>" for q in QUESTIONS]
    assert all(titles) and len(set(titles)) == len(titles)  # different answers
    fake = WebhookFakeBotApi(TOKEN)
    api = await fake.start()
    ports = [free_port(), free_port()]
    bases = [f"http://127.0.0.1:{port}" for port in ports]
    processes = [
        start_bot(migrated_url, api, port, tmp_path, name=f"bot{i}") for i, port in enumerate(ports)
    ]
    replies: list[str] = []
    try:
        async with aiohttp.ClientSession() as client:
            for base, process in zip(bases, processes, strict=True):
                await wait_ready(client, base, process)
            released = fake.held[ANNA.id] = asyncio.Event()
            posts = []
            for number, text in enumerate(QUESTIONS):
                base = bases[number % 2]  # round robin: the processes alternate
                posts.append(asyncio.create_task(_post(client, base, 100 + number, text)))
                await asyncio.sleep(0.3)  # posted one after another, as Telegram does
            await asyncio.sleep(1.0)  # a process not waiting for the user would answer now
            on_the_wire = [c.text for c in fake.calls_to("sendMessage") if c.chat_id == ANNA.id]
            released.set()
            assert await asyncio.gather(*posts) == [200] * len(QUESTIONS)
            async with asyncio.timeout(30):
                while not all(any(t in r for r in replies) for t in titles):
                    await asyncio.sleep(0.05)
                    replies = [c.text for c in fake.calls_to("sendMessage") if c.chat_id == ANNA.id]
    finally:
        stop_all(*processes)
        await fake.close()
    assert not any(t in text for t in titles[1:] for text in on_the_wire)
    first_seen = [next(i for i, text in enumerate(replies) if t in text) for t in titles]
    assert first_seen == sorted(first_seen)
