"""Two bot replicas on one PostgreSQL database behind a load balancer, on the fake Zalo API.

Each replica is the real ``ZaloChannel`` with an engine and a store of its own, as two
processes would be, its webhook on a port of its own; the test plays the load balancer and
posts each person's signed events to the replicas in turn. Assertions are on what the
person receives from the fake Zalo API.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from bot.app import build_engine
from bot.channels.zalo import ZaloChannel
from bot.config import Settings
from bot.core.clock import system_now
from bot.replicas.inbox import STRANDED_AFTER
from bot.store import Store
from bot.store.database import open_database
from bot.store.migrate import migrate
from bot.store.schema import MIGRATION_SETS
from tests.fakes.zalo_api import FakeZaloAPI
from tests.test_migrations import schema_differences
from tests.zalo_harness import make_zalo_settings

HELP = "Các lệnh"
MENU = "Bảo hiểm y tế"
SLOW_DOWN = "gửi nhanh quá"


@pytest.fixture
async def fake() -> AsyncIterator[FakeZaloAPI]:
    async with FakeZaloAPI() as server:
        yield server


async def replicas(settings: Settings, count: int) -> list[ZaloChannel]:
    started = []
    for _ in range(count):
        channel = ZaloChannel(build_engine(settings), settings)
        await channel.start()
        started.append(channel)
    return started


async def stop(started: list[ZaloChannel]) -> None:
    for channel in started:
        await channel.stop()
        channel.engine.services.store.close()


async def idle(started: list[ZaloChannel]) -> None:
    for channel in started:
        assert channel.inbox is not None
        await channel.inbox.idle()


async def post_round_robin(
    fake: FakeZaloAPI, started: list[ZaloChannel], events: list[dict[str, Any]]
) -> None:
    """The load balancer: each event, signed, to the next replica; each acknowledged."""
    for index, event in enumerate(events):
        fake.interacted(event["sender"]["id"])
        fake.webhook_url = started[index % len(started)].webhook.url
        assert await fake.deliver(event) == 200


def kinds(fake: FakeZaloAPI, user: str) -> list[str]:
    return [
        "help" if HELP in m.text else "menu" if MENU in m.text else m.text
        for m in fake.received(user)
    ]


async def test_one_persons_events_to_two_replicas_are_answered_once_each_in_order(
    fake: FakeZaloAPI, tmp_path: Path, pg_url: str
) -> None:
    started = await replicas(make_zalo_settings(tmp_path, fake, db_url=pg_url), 2)
    try:
        people = ["901", "902", "903"]
        commands = ["/trogiup", "/menu"] * 4
        events = [fake.text_event(user, text) for text in commands for user in people]
        await post_round_robin(fake, started, events)
        await fake.wait_until(
            lambda: all(len(fake.received(user)) >= len(commands) for user in people),
            timeout=30,
        )
        await idle(started)
        handled = [channel.inbox.handled for channel in started if channel.inbox]
    finally:
        await stop(started)
    assert len(handled) == 2 and all(handled), handled  # both replicas took part
    for user in people:
        assert kinds(fake, user) == ["help", "menu"] * 4, user


async def test_the_flood_guard_counts_a_persons_zalo_messages_on_both_replicas(
    fake: FakeZaloAPI, tmp_path: Path, pg_url: str
) -> None:
    settings = make_zalo_settings(tmp_path, fake, db_url=pg_url, flood_limit_per_minute=3)
    started = await replicas(settings, 2)
    try:
        events = [fake.text_event("911", "/trogiup") for _ in range(6)]
        await post_round_robin(fake, started, events)
        await fake.wait_until(lambda: len(fake.received("911")) >= 4, timeout=30)
        await idle(started)
    finally:
        await stop(started)
    # Three answers, one polite slow-down, then nothing: not three on each replica.
    received = kinds(fake, "911")
    assert received[:3] == ["help"] * 3 and len(received) == 4, received
    assert SLOW_DOWN in received[3]


async def test_two_events_with_one_timestamp_and_a_redelivery_are_each_answered_once(
    fake: FakeZaloAPI, tmp_path: Path, pg_url: str
) -> None:
    """Zalo orders by a millisecond timestamp two events may share; its retries may reach
    another replica than the first delivery."""
    started = await replicas(make_zalo_settings(tmp_path, fake, db_url=pg_url), 2)
    try:
        first = fake.text_event("921", "/trogiup")
        second = fake.text_event("921", "/menu") | {"timestamp": first["timestamp"]}
        await post_round_robin(fake, started, [first, second, first, second])
        await fake.wait_until(lambda: len(fake.received("921")) >= 2, timeout=30)
        await idle(started)
    finally:
        await stop(started)
    assert kinds(fake, "921") == ["help", "menu"]


async def test_a_replicas_sweep_leaves_the_other_channels_people_alone(
    fake: FakeZaloAPI, tmp_path: Path, pg_url: str
) -> None:
    """Telegram and Zalo rows share the table; each channel's inbox drains its own."""
    started = await replicas(make_zalo_settings(tmp_path, fake, db_url=pg_url), 1)
    [channel] = started
    assert channel.inbox is not None
    store: Store = channel.engine.services.store
    clock = channel.engine.services.clock
    try:
        long_ago = clock() - 2 * STRANDED_AFTER
        update = ("telegram:931", 1, '{"update_id": 1}', "")
        event = fake.text_event("932", "/trogiup")
        fake.interacted("932")
        kept = (
            "zalo:932",
            int(event["timestamp"]),
            json.dumps(event, ensure_ascii=False),
            event["message"]["msg_id"],
        )
        await store.write(lambda r: r.inbox.put([update, kept], now=long_ago))
        await channel.inbox.sweep()  # as a replica does every few seconds
        await fake.wait_until(lambda: len(fake.received("932")) >= 1, timeout=30)
        await channel.inbox.idle()
        waiting = await store.read(lambda r: r.inbox.pending("telegram:931"))
    finally:
        await stop(started)
    assert kinds(fake, "932") == ["help"]  # a dead replica's Zalo event, answered
    assert [row.seq for row in waiting] == [1]  # Telegram's update: for Telegram's inbox


def test_the_inbox_step_keeps_waiting_updates_on_both_backends(database: str) -> None:
    """``inbox.m002_inbox_event`` on a database made before it, with a Telegram update
    waiting (a rolling upgrade): the update stays, and its redelivery is still refused."""
    Store.open(database).close()
    db = open_database(database)
    try:
        db.begin()  # the inbox as it was before the step
        for statement in (
            "DROP INDEX idx_inbox_user_seq_event",
            "ALTER TABLE inbox DROP COLUMN event",
            'CREATE UNIQUE INDEX idx_inbox_user_seq ON inbox ("user", seq)',
            "DELETE FROM schema_migrations WHERE name = 'm002_inbox_event'",
            "INSERT INTO inbox (\"user\", seq, body, received_at) VALUES ('telegram:1', 5, '{}', 't')",
        ):
            db.sql.execute(sa.text(statement))
        db.commit()
        assert migrate(db, MIGRATION_SETS) == ["inbox.m002_inbox_event"]
    finally:
        db.close()
    store = Store.open(database)
    try:
        assert store.call_sql(schema_differences) == []
        store.call(lambda r: r.inbox.put([("telegram:1", 5, "{}")], now=system_now()))
        waiting = store.call(lambda r: r.inbox.pending("telegram:1"))
    finally:
        store.close()
    assert [(row.seq, row.body) for row in waiting] == [(5, "{}")]


async def test_an_expired_token_is_refreshed_once_for_both_replicas(
    fake: FakeZaloAPI, tmp_path: Path, pg_url: str
) -> None:
    """Zalo's refresh tokens are single-use: two replicas refreshing with the same one would
    leave one of them (and its people) without a token until an admin consents again."""
    started = await replicas(make_zalo_settings(tmp_path, fake, db_url=pg_url), 2)
    try:
        fake.expire_tokens()
        both = [fake.text_event("941", "/trogiup"), fake.text_event("942", "/trogiup")]
        for event in both:
            fake.interacted(event["sender"]["id"])
        urls = [channel.webhook.url for channel in started]

        async def deliver(event: dict[str, Any], url: str) -> int:
            fake.webhook_url = url  # read when the request is made, before the next is set
            return await fake.deliver(event)

        statuses = await asyncio.gather(*(deliver(e, u) for e, u in zip(both, urls, strict=True)))
        assert statuses == [200, 200]
        await fake.wait_until(lambda: all(fake.received(u) for u in ("941", "942")), timeout=30)
        # Later messages on either replica go out with the one new token.
        await post_round_robin(fake, started, [fake.text_event("941", "/menu")])
        await post_round_robin(fake, started[::-1], [fake.text_event("942", "/menu")])
        await fake.wait_until(
            lambda: all(len(fake.received(u)) >= 2 for u in ("941", "942")), timeout=30
        )
        await idle(started)
    finally:
        await stop(started)
    assert kinds(fake, "941") == ["help", "menu"] and kinds(fake, "942") == ["help", "menu"]
    assert (fake.stats.refreshes, fake.stats.refresh_refused) == (1, 0)


async def test_one_replica_reads_the_follower_list_each_day(
    fake: FakeZaloAPI, tmp_path: Path, pg_url: str
) -> None:
    """The list costs a request per 50 followers from the app's shared budget."""
    started = await replicas(make_zalo_settings(tmp_path, fake, db_url=pg_url), 2)
    try:
        fake.set_follower("951")
        results = [await channel.followers.reconcile_today() for channel in started]
        again = await started[0].followers.reconcile_today()
    finally:
        await stop(started)
    assert results[0] is not None and results[0].followers == 1
    assert results[1] is None  # the other replica skips the day
    assert again is not None  # the holder renews its own lease (the next day)
