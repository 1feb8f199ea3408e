"""Two bot replicas on one PostgreSQL database behind a load balancer, on the fake Bot API.

Each replica is the real ``TelegramChannel`` (python-telegram-bot) in webhook mode with an
engine and a store of its own, as two processes would be; the test plays the load balancer
and posts each person's updates to the replicas in turn.
"""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from bot.app import build_engine
from bot.channels.telegram import TelegramChannel
from bot.channels.telegram_webhook import SECRET_HEADER
from bot.config import Settings
from tests.fakes import FakeBotAPI
from tests.harness import TOKEN, make_settings
from tests.test_webhook import SECRET, command_update, free_port

HELP = "Các lệnh"


@pytest.fixture
async def quiet_fake() -> AsyncIterator[FakeBotAPI]:
    """The fake Bot API; updates are posted by the test (the load balancer), not pushed."""
    async with FakeBotAPI(token=TOKEN, webhook_push=False) as server:
        yield server


async def replicas(settings: Settings, count: int) -> list[tuple[TelegramChannel, str]]:
    started = []
    for _ in range(count):
        port = free_port()
        own = dataclasses.replace(
            settings, webhook_listen="127.0.0.1", webhook_port=port,
            webhook_url=f"http://127.0.0.1:{port}/hook", webhook_secret=SECRET,
        )  # fmt: skip
        channel = TelegramChannel(build_engine(own), own)
        await channel.start()
        started.append((channel, own.webhook_url))
    return started


async def stop(started: list[tuple[TelegramChannel, str]]) -> None:
    for channel, _ in started:
        await channel.stop()
        channel.engine.services.store.close()


async def post_round_robin(urls: list[str], updates: list[dict]) -> None:
    async with httpx.AsyncClient() as client:
        for index, update in enumerate(updates):
            answer = await client.post(
                urls[index % len(urls)], json=update, headers={SECRET_HEADER: SECRET}
            )
            assert answer.status_code == 200


async def test_one_persons_messages_to_two_replicas_are_answered_once_each_in_order(
    quiet_fake: FakeBotAPI, tmp_path: Path, pg_url: str
) -> None:
    settings = make_settings(tmp_path, quiet_fake, db_url=pg_url)
    started = await replicas(settings, 2)
    try:
        commands = ["/trogiup", "/menu"] * 4
        people = [701, 702, 703]
        updates = [
            command_update(1000 * n + i, chat, text)
            for i, text in enumerate(commands)
            for n, chat in enumerate(people)
        ]
        await post_round_robin([url for _, url in started], updates)
        await quiet_fake.wait_until(
            lambda: all(
                sum(HELP in (m.text or "") for m in quiet_fake.transcript(c)) == 4 for c in people
            ),
            timeout=20,
        )
        await quiet_fake.wait_until(
            lambda: all(len(quiet_fake.transcript(c)) >= 8 for c in people), timeout=5
        )
        handled = [channel.inbox.handled for channel, _ in started if channel.inbox]
    finally:
        await stop(started)
    assert len(handled) == 2 and all(handled), handled  # both replicas took part
    for chat in people:
        kinds = ["help" if HELP in (m.text or "") else "menu" for m in quiet_fake.transcript(chat)]
        assert kinds == ["help", "menu"] * 4, (chat, kinds)


async def test_the_flood_guard_counts_a_persons_messages_on_both_replicas(
    quiet_fake: FakeBotAPI, tmp_path: Path, pg_url: str
) -> None:
    settings = make_settings(tmp_path, quiet_fake, db_url=pg_url, flood_limit_per_minute=3)
    started = await replicas(settings, 2)
    try:
        updates = [command_update(100 + i, 801, "/trogiup") for i in range(6)]
        await post_round_robin([url for _, url in started], updates)
        await quiet_fake.wait_until(lambda: len(quiet_fake.transcript(801)) >= 4, timeout=20)
        for channel, _ in started:
            assert channel.inbox is not None
            await channel.inbox.idle()
    finally:
        await stop(started)
    texts = [m.text or "" for m in quiet_fake.transcript(801)]
    # Three answers, one polite slow-down, then nothing: not three on each replica.
    assert [HELP in t for t in texts] == [True, True, True, False], texts
