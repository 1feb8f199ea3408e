"""Several bot processes on one database: a campaign fires once, every row is sent once.

On PostgreSQL, separate store connections (and separate processes) race for the same
occurrence and the same delivery rows; on SQLite, two broadcast services over two stores
of one file send one campaign together through the real Telegram channel to the fake Bot API.
"""

from __future__ import annotations

import asyncio
import dataclasses
import multiprocessing
import threading
import time

import pytest

from bot.app import build_services
from bot.broadcasts.service import BroadcastService
from bot.config import ROOT, Settings
from bot.core.messages import Delivery, DeliveryStatus, Outgoing
from bot.store import Store, utcnow
from bot.store.campaigns import Campaigns, DeliveryRow
from bot.store.database import open_database
from tests.fakes import FakeBotAPI
from tests.harness import TelegramBotDriver, texts
from tests.test_broadcasts import FAST, campaign, subscriber
from tests.test_store_campaigns import NOW, add_citizen, new_campaign
from tests.voice_helpers import OFFICER, staff

STALE = "2000-01-01T00:00:00+00:00"  # no claim is that old: nothing is taken over


def _claim_all(
    store: Store, run_id: int, claimer: str, start: threading.Barrier, both: threading.Barrier
) -> list[int]:
    """Claim small batches until none is left, as a sender does; the ids claimed. After its
    first batch each sender waits for the other's (``both``): on a loaded host one thread
    could otherwise claim all 300 rows before the other ran at all, and the two would never
    claim side by side."""
    start.wait()
    taken: list[int] = []
    first = True
    while rows := store.call(
        lambda r: r.campaigns.claim(
            run_id, claimer=claimer, after_id=0, limit=7, now=NOW, stale_before=STALE
        )
    ):
        taken += [row.id for row in rows if row.id not in taken]
        # The sender records an outcome; the row is then no longer open.
        for row in rows:
            store.call(lambda r, i=row.id: r.campaigns.mark(i, "sent", now=NOW))
        if first:
            both.wait(timeout=30)
            first = False
    return taken


def test_two_senders_on_two_connections_claim_every_row_once(pg_url: str) -> None:
    first, second = Store.open(pg_url), Store.open(pg_url)
    try:
        for n in range(300):
            add_citizen(first, n)
        created = new_campaign(first)
        run = first.campaigns.start_run(created, scheduled_for=NOW, next_run_at=None, now=NOW)
        start, both = threading.Barrier(2), threading.Barrier(2)
        results: dict[str, list[int]] = {}
        threads = [
            threading.Thread(
                target=lambda s=s, name=name: results.__setitem__(
                    name, _claim_all(s, run.id, name, start, both)
                )
            )
            for s, name in ((first, "replica-a"), (second, "replica-b"))
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        a, b = results["replica-a"], results["replica-b"]
        assert a and b, "both senders got work"
        assert not set(a) & set(b)
        assert len(a) + len(b) == 300
        assert first.campaigns.counts(run.id) == {"sent": 300}
    finally:
        first.close()
        second.close()


def test_rows_locked_by_another_sender_are_skipped_not_waited_for(pg_url: str) -> None:
    store = Store.open(pg_url)
    other = open_database(pg_url)  # a second process's connection, in a transaction
    try:
        for n in range(10):
            add_citizen(store, n)
        created = new_campaign(store)
        run = store.campaigns.start_run(created, scheduled_for=NOW, next_run_at=None, now=NOW)
        other.begin()
        held = Campaigns(other.sql).claim(
            run.id, claimer="other", after_id=0, limit=4, now=NOW, stale_before=STALE
        )
        began = time.monotonic()
        mine: list[DeliveryRow] = store.campaigns.claim(
            run.id, claimer="me", after_id=0, limit=10, now=NOW, stale_before=STALE
        )
        waited = time.monotonic() - began
        assert waited < 2.0, "the claim waited for the other transaction's locks"
        assert len(held) == 4 and len(mine) == 6
        assert not {r.id for r in held} & {r.id for r in mine}
        other.commit()
        # Committed, the other sender's claims hold: nobody else takes them while fresh.
        assert (
            store.campaigns.claim(
                run.id, claimer="third", after_id=0, limit=10, now=NOW, stale_before=STALE
            )
            == []
        )
    finally:
        other.close()
        store.close()


def _take_occurrences(url: str, campaign_ids: list[int], start: object, out: object) -> None:
    """In a child process: race for each campaign's occurrence; put the run ids won."""
    store = Store.open(url)
    try:
        won = []
        start.wait()  # type: ignore[attr-defined]
        for campaign_id in campaign_ids:
            created = store.campaigns.get(campaign_id)
            run_id = store.call(
                lambda r, c=created: r.campaigns.begin_occurrence(
                    c, due=NOW, next_run_at=None, now=NOW
                )
            )
            if run_id is not None:
                won.append((campaign_id, run_id))
        out.put(won)  # type: ignore[attr-defined]
    finally:
        store.close()


def test_a_scheduled_campaign_fires_once_when_two_processes_race(pg_url: str) -> None:
    store = Store.open(pg_url)
    try:
        ids = [new_campaign(store).id for _ in range(40)]
        context = multiprocessing.get_context("spawn")
        start, out = context.Barrier(2), context.Queue()
        workers = [
            context.Process(target=_take_occurrences, args=(pg_url, ids, start, out))
            for _ in range(2)
        ]
        for worker in workers:
            worker.start()
        won = [out.get(timeout=120) for _ in workers]
        for worker in workers:
            worker.join(timeout=60)
        winners = sorted(campaign_id for one in won for campaign_id, _run in one)
        assert winners == sorted(ids), "each occurrence taken exactly once"
        for campaign_id in ids:
            assert len(store.campaigns.runs(campaign_id)) == 1
            assert store.campaigns.get(campaign_id).status == "sending"  # type: ignore[union-attr]
    finally:
        store.close()


@pytest.fixture
async def second_store(bot: TelegramBotDriver) -> object:
    """Another store over the bot's database (its SQLite file, or its PostgreSQL database
    under BOT_TEST_BACKEND): a second bot process's connection."""
    store = Store.open(bot.settings.database)
    yield store
    store.close()


async def test_two_broadcast_services_send_a_campaign_once_together(
    bot: TelegramBotDriver, fake: FakeBotAPI, second_store: Store
) -> None:
    chats = range(5001, 5061)
    for chat in chats:
        subscriber(bot.store, chat)
    staff(bot, OFFICER)
    campaign_id = campaign(bot.store, created_by=f"telegram:{OFFICER}")
    config = FAST.with_telegram(rate=60, concurrency=4)
    other = dataclasses.replace(bot.engine.services, store=second_store, scheduler=None)
    services = [
        BroadcastService(bot.engine.services, config=config),
        BroadcastService(other, config=config),
    ]
    await asyncio.gather(*(service.start() for service in services))
    for _ in range(3):  # the periodic syncs of both processes, racing
        await asyncio.gather(*(service.sync() for service in services))
    for service in services:
        await service.wait_idle()
    for service in services:
        await service.stop()
    assert [len(fake.transcript(chat)) for chat in chats] == [1] * len(chats)
    assert fake.stats.duplicates == 0
    run = bot.store.campaigns.latest_run(campaign_id)
    assert len(bot.store.campaigns.runs(campaign_id)) == 1
    assert bot.store.campaigns.counts(run.id) == {"sent": len(chats)}
    assert bot.store.campaigns.get(campaign_id).status == "done"
    finished = [n for n in texts(fake.transcript(OFFICER)) if "đã gửi xong" in n]
    assert len(finished) == 1, "the officer is told once"


class Recording:
    """A channel that delivers after a short wait and remembers every address it sent to."""

    def __init__(self) -> None:
        self.sent: list[str] = []

    async def send(self, address: str, message: Outgoing) -> Delivery:
        await asyncio.sleep(0.005)
        self.sent.append(address)
        return Delivery(DeliveryStatus.SENT, message_id=str(len(self.sent)))


async def test_two_processes_fire_and_send_a_campaign_once_on_postgresql(pg_url: str) -> None:
    """Two bot processes' broadcast services on one PostgreSQL database (two connections),
    both syncing at once: one run, every subscriber reached exactly once."""
    stores = [Store.open(pg_url), Store.open(pg_url)]
    channel = Recording()
    settings = dataclasses.replace(Settings(), content_dir=ROOT / "content")
    config = FAST.with_telegram(rate=200, concurrency=4)
    services = []
    for store in stores:
        wired = build_services(settings, store=store, faq=None)
        wired.hub.register("telegram", channel)
        services.append(BroadcastService(wired, config=config))
    try:
        await asyncio.to_thread(lambda: [add_citizen(stores[0], n) for n in range(80)])
        due = utcnow()
        created = await asyncio.to_thread(
            lambda: new_campaign(stores[0], next_run_at=due, created_by="cli")
        )
        await asyncio.gather(*(service.start() for service in services))
        for _ in range(3):
            await asyncio.gather(*(service.sync() for service in services))
        for service in services:
            await service.wait_idle()
        assert sorted(channel.sent) == sorted(str(n) for n in range(80))
        runs = await stores[1].read(lambda r: r.campaigns.runs(created.id))
        assert len(runs) == 1
        counts = await stores[1].read(lambda r: r.campaigns.counts(runs[0].id))
        assert counts == {"sent": 80}
        done = await stores[1].read(lambda r: r.campaigns.get(created.id))
        assert done is not None and done.status == "done"
    finally:
        for service in services:
            await service.stop()
        for store in stores:
            store.close()
