"""Several replicas on one database: the sender lease, the shared send limit, the inbox.

Each replica is a ``Store`` of its own (its own connection, as in another process) on the
same database; time comes from a ``Clock`` the test moves.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.core.clock import Clock
from bot.core.flood import FloodGuard
from bot.replicas.inbox import STRANDED_AFTER, PersonInbox
from bot.replicas.lease import INTERVAL, TTL, LeaseKeeper
from bot.replicas.presence import Presence, shares
from bot.store import Store

START = dt.datetime(2026, 12, 3, 23, 0, tzinfo=dt.UTC)


class MovingClock(Clock):
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.moment = START
        super().__init__(source=lambda: self.moment)

    def advance(self, seconds: float) -> None:
        self.moment += dt.timedelta(seconds=seconds)


@pytest.fixture
def two(database: str) -> Iterator[tuple[Store, Store]]:
    """Two replicas' stores on one database (a SQLite file or a PostgreSQL database)."""
    first, second = Store.open(database), Store.open(database)
    try:
        yield first, second
    finally:
        first.close()
        second.close()


# -- the lease ------------------------------------------------------------------------------


def test_a_lease_is_held_by_one_renewed_and_taken_over_only_after_it_expires(
    two: tuple[Store, Store],
) -> None:
    a, b = two
    now, ttl = START, dt.timedelta(seconds=10)
    assert a.leases.acquire("senders:x", "A", now=now, ttl=ttl)
    assert not b.leases.acquire("senders:x", "B", now=now + dt.timedelta(seconds=1), ttl=ttl)
    # A renews at 8 s: B still cannot take it at 15 s (it runs until 18 s).
    assert a.leases.acquire("senders:x", "A", now=now + dt.timedelta(seconds=8), ttl=ttl)
    assert not b.leases.acquire("senders:x", "B", now=now + dt.timedelta(seconds=15), ttl=ttl)
    assert a.leases.holder("senders:x", now=now + dt.timedelta(seconds=15)) == "A"
    # A stopped renewing: at 18 s the lease is B's, and A's late renewal fails.
    assert b.leases.acquire("senders:x", "B", now=now + dt.timedelta(seconds=18), ttl=ttl)
    assert not a.leases.acquire("senders:x", "A", now=now + dt.timedelta(seconds=19), ttl=ttl)
    assert b.leases.holder("senders:x", now=now + dt.timedelta(seconds=19)) == "B"
    # Another duty's lease is independent; a release lets the next one in at once.
    assert a.leases.acquire("senders:y", "A", now=now, ttl=ttl)
    a.leases.release("senders:y", "A")
    assert b.leases.acquire("senders:y", "B", now=now, ttl=ttl)
    assert a.leases.holder("senders:z", now=now) is None


async def test_the_sender_runs_on_one_replica_and_moves_when_its_holder_dies(
    two: tuple[Store, Store],
) -> None:
    clock = MovingClock()
    running: list[str] = []

    def keeper(store: Store, name: str) -> LeaseKeeper:
        async def gain() -> None:
            running.append(name)

        async def loss() -> None:
            running.remove(name)

        return LeaseKeeper(store, "senders:telegram=1", name, clock=clock, on_gain=gain,
                           on_loss=loss)  # fmt: skip

    a, b = keeper(two[0], "A"), keeper(two[1], "B")
    assert await a.tick() and not await b.tick()
    assert running == ["A"]
    for _ in range(5):  # A renews every interval; B keeps trying
        clock.advance(INTERVAL.total_seconds())
        assert await a.tick() and not await b.tick()
    assert running == ["A"]
    # A dies (no more renewals): B takes over once the lease expired, within TTL + interval.
    waited = 0.0
    while not await b.tick():
        clock.advance(INTERVAL.total_seconds())
        waited += INTERVAL.total_seconds()
    assert TTL.total_seconds() <= waited <= (TTL + INTERVAL).total_seconds()
    assert running == ["A", "B"]  # A's process is gone; its own loop would now see:
    assert not await a.tick()
    assert running == ["B"]
    # A clean stop gives the lease up: the other replica takes it at its next try.
    await b.stop()
    assert running == []
    assert await a.tick() and running == ["A"]


async def test_a_holder_that_cannot_reach_the_database_stops_before_its_lease_ends(
    two: tuple[Store, Store],
) -> None:
    clock = MovingClock()
    events: list[str] = []

    async def gain() -> None:
        events.append("start")

    async def loss() -> None:
        events.append("stop")

    keeper = LeaseKeeper(two[0], "senders:t", "A", clock=clock, on_gain=gain, on_loss=loss)
    assert await keeper.tick()
    two[0].close()  # every renewal fails from now on
    clock.advance(INTERVAL.total_seconds())
    held = [await keeper.tick()]
    while held[-1]:
        clock.advance(INTERVAL.total_seconds())
        held.append(await keeper.tick())
    assert events == ["start", "stop"]
    # Given up while the lease still ran: nobody else could have held it meanwhile.
    assert clock() - START < TTL
    assert two[1].leases.acquire("senders:t", "B", now=START + TTL, ttl=TTL)


# -- the shared send limit ------------------------------------------------------------------


def test_shares_add_up_to_the_rate_and_follow_demand() -> None:
    assert shares(28, {"a": 0, "b": 0}) == {"a": 14, "b": 14}
    busy = shares(28, {"a": 90, "b": 0, "c": 0})
    assert sum(busy.values()) == pytest.approx(28)
    # The campaign sender (or the replica answering a burst) gets most, the idle a floor.
    assert busy["a"] >= 26 and busy["b"] == pytest.approx(28 * 0.1 / 3)
    assert shares(28, {"a": 10, "b": 30})["b"] == pytest.approx(28 * 0.05 + 25.2 * 0.75)


class FakeLimit:
    def __init__(self, rate: float, demand: int) -> None:
        self.rate = rate
        self.demand = demand
        self.share = rate

    def set_share(self, rate: float) -> None:
        self.share = rate

    def take_demand(self) -> int:
        return self.demand


async def test_replicas_split_the_token_limit_by_heartbeat_and_a_dead_one_frees_its_share(
    two: tuple[Store, Store],
) -> None:
    clock = MovingClock()
    busy, idle = FakeLimit(28, demand=50), FakeLimit(28, demand=0)
    a = Presence(two[0], "A", busy, clock=clock)
    b = Presence(two[1], "B", idle, clock=clock)
    assert await a.tick() == 28  # alone so far: the whole rate
    announced = []
    for replica in (b, a, b):  # B joins: A gives back what B may take, then B takes it
        await replica.tick()
        announced.append(sum(r.share for r in two[0].leases.live(now=clock())))
    assert all(total <= 28 + 1e-9 for total in announced), announced
    assert busy.share + idle.share == pytest.approx(28)
    assert busy.share > 26 and a.live == b.live == 2
    # Demand moves to B: B waits for A to give back before it takes more.
    busy.demand, idle.demand = 0, 50
    assert await b.tick() == pytest.approx(idle.share) and idle.share < 2
    await a.tick()
    assert await b.tick() > 26 and busy.share + idle.share == pytest.approx(28)
    # B dies: its heartbeat expires and A takes the whole rate again.
    clock.advance(6)
    assert await a.tick() == 28 and a.live == 1
    # A clean stop leaves at once.
    await b.tick()
    await b.stop()
    assert await a.tick() == 28


# -- the inbox: one person's messages in order across replicas ------------------------------


def inboxes(
    stores: tuple[Store, Store], clock: Clock, handled: list[tuple[str, str]], limit: int = 20
) -> list[PersonInbox]:
    """Two replicas' inboxes; each handled body is noted with the replica that handled it."""
    active: set[str] = set()

    def make(name: str, store: Store) -> PersonInbox:
        async def handle(body: str) -> None:
            user = body.split("|")[0]
            assert user not in active, "two replicas handled one person at once"
            active.add(user)
            await asyncio.sleep(0.01)  # a turn takes a while: the other replica tries meanwhile
            handled.append((name, body))
            active.discard(user)

        async def settled(user: str) -> None:
            await asyncio.sleep(0)

        return PersonInbox(
            store,
            handle,
            channel="telegram",
            settled=settled,
            flood=FloodGuard(limit),
            clock=clock,
        )

    return [make("A", stores[0]), make("B", stores[1])]


@pytest.mark.parametrize("backend", ["postgresql"])
async def test_a_persons_updates_reaching_two_replicas_are_handled_once_each_in_order(
    backend: str, pg_url: str
) -> None:
    clock = MovingClock()
    handled: list[tuple[str, str]] = []
    stores = (Store.open(pg_url), Store.open(pg_url))
    try:
        a, b = inboxes(stores, clock, handled)
        people = [f"telegram:{n}" for n in range(5)]
        # A load balancer alternates: each person's updates land on both replicas.
        for seq in range(1, 9):
            for n, user in enumerate(people):
                await (a if (seq + n) % 2 else b).receive(user, seq, f"{user}|{seq}")
        for _ in range(200):
            if len(handled) == 40:
                break
            await asyncio.sleep(0.02)
        await asyncio.gather(a.idle(), b.idle())
    finally:
        for store in stores:
            store.close()
    assert len(handled) == 40
    for user in people:
        mine = [int(body.split("|")[1]) for _, body in handled if body.startswith(user + "|")]
        assert mine == list(range(1, 9)), user
    assert {name for name, _ in handled} == {"A", "B"}  # both replicas took part


async def test_updates_left_by_a_dead_replica_are_handled_by_a_sweep(
    two: tuple[Store, Store],
) -> None:
    clock = MovingClock()
    handled: list[tuple[str, str]] = []
    a, b = inboxes(two, clock, handled)
    # A kept two updates and died before handling them.
    kept = [("telegram:7", 1, "telegram:7|1"), ("telegram:7", 2, "telegram:7|2")]
    two[0].call(lambda r: r.inbox.put(kept, now=clock()))
    await b.sweep()
    await b.idle()
    assert handled == []  # not yet: they may still be on their way on the live replica
    clock.advance(STRANDED_AFTER.total_seconds() + 1)
    await b.sweep()
    await b.idle()
    assert handled == [("B", "telegram:7|1"), ("B", "telegram:7|2")]
    assert not two[1].call(lambda r: r.inbox.has_pending("telegram:7"))
    await a.close()


async def test_the_flood_guard_counts_a_persons_messages_on_every_replica(
    two: tuple[Store, Store],
) -> None:
    clock = MovingClock()
    handled: list[tuple[str, str]] = []
    a, b = inboxes(two, clock, handled, limit=3)
    verdicts: list[str] = []
    for inbox in (a, b):
        guard = inbox._flood
        decide = guard.decide

        def noted(user: str, verdict: str, decide=decide) -> None:  # type: ignore[no-untyped-def]
            verdicts.append(verdict)
            decide(user, verdict)

        guard.decide = noted  # type: ignore[method-assign]
    for seq in range(1, 7):
        await (a if seq % 2 else b).receive("telegram:9", seq, f"telegram:9|{seq}")
        await asyncio.gather(a.idle(), b.idle())
        clock.advance(1)
    assert verdicts == ["ok", "ok", "ok", "warn", "drop", "drop"]
    clock.advance(60)  # a minute later the person is welcome again
    await a.receive("telegram:9", 7, "telegram:9|7")
    await a.idle()
    assert verdicts[-1] == "ok"
    # What a citizen wrote is not kept once handled.
    bodies = two[0].call(lambda r: r.inbox.pending("telegram:9"))
    assert bodies == []


async def test_a_duty_that_fails_to_start_gives_the_lease_back(two: tuple[Store, Store]) -> None:
    clock = MovingClock()
    attempts: list[str] = []

    async def broken() -> None:
        attempts.append("A")
        raise RuntimeError("the campaigns table is not reachable")

    async def works() -> None:
        attempts.append("B")

    async def nothing() -> None:
        pass

    a = LeaseKeeper(two[0], "senders:t", "A", clock=clock, on_gain=broken, on_loss=nothing)
    b = LeaseKeeper(two[1], "senders:t", "B", clock=clock, on_gain=works, on_loss=nothing)
    assert not await a.tick() and not a.held
    assert await b.tick() and b.held  # at once, not after the lease would have expired
    assert attempts == ["A", "B"]


async def test_an_update_sent_again_to_another_replica_is_kept_once(
    two: tuple[Store, Store],
) -> None:
    clock = MovingClock()
    handled: list[tuple[str, str]] = []
    a, b = inboxes(two, clock, handled)
    await a.receive("telegram:5", 41, "telegram:5|41")
    await a.idle()
    # Telegram did not get A's answer in time and posts the same update to B.
    await b.receive("telegram:5", 41, "telegram:5|41")
    await b.idle()
    assert handled == [("A", "telegram:5|41")]


async def test_a_webhook_update_not_kept_is_refused_so_that_telegram_sends_it_again() -> None:
    import httpx

    from bot.channels.telegram_webhook import SECRET_HEADER, TelegramWebhook, UpdateNotKept

    calls: list[int] = []

    async def keep(data: dict) -> None:
        calls.append(data["update_id"])
        if len(calls) == 1:
            raise UpdateNotKept  # the database was out of reach

    hook = TelegramWebhook(
        secret="s3cret-token-for-tests-only", on_update=keep, listen="127.0.0.1", port=0,
        path="/hook",
    )  # fmt: skip
    await hook.start()
    try:
        url = f"http://127.0.0.1:{hook.port}/hook"
        headers = {SECRET_HEADER: "s3cret-token-for-tests-only"}
        async with httpx.AsyncClient() as client:
            first = await client.post(url, json={"update_id": 9}, headers=headers)
            again = await client.post(url, json={"update_id": 9}, headers=headers)
            repeat = await client.post(url, json={"update_id": 9}, headers=headers)
    finally:
        await hook.stop()
    assert (first.status_code, again.status_code, repeat.status_code) == (503, 200, 200)
    assert calls == [9, 9]  # kept on the second try, then known


async def test_of_two_replicas_started_together_one_runs_the_sender(
    database: str, tmp_path: Path, faq_matcher: object
) -> None:
    from bot.app import build_engine
    from bot.config import ROOT, Settings
    from bot.replicas.replica import Replica, sender_lease

    settings = Settings(
        telegram_token="123:TEST", db_path=tmp_path / "bot.db", db_url=database
        if database.startswith("postgresql") else "", content_dir=ROOT / "content",
    )  # fmt: skip
    running: list[int] = []
    replicas = []
    for index in range(2):

        async def start(index: int = index) -> None:
            running.append(index)

        async def stop(index: int = index) -> None:
            running.remove(index)

        engine = build_engine(settings, faq=faq_matcher)
        replicas.append(Replica(engine.services, settings, limiter=None, start_duty=start,
                                stop_duty=stop))  # fmt: skip
    try:
        for replica in replicas:
            await replica.start()
        for _ in range(100):
            if running:
                break
            await asyncio.sleep(0.02)
        await asyncio.sleep(0.2)
        assert len(running) == 1
        holder = replicas[running[0]]
        assert sender_lease(settings) == "senders:telegram=123"
        assert holder.lease.held and not replicas[1 - running[0]].lease.held
        await holder.stop()  # a clean stop: the lease is free for the other at its next try
        assert running == []
    finally:
        for replica in replicas:
            await replica.stop()
            replica.lease.store.close()
