"""Creating a big campaign run: how long it takes, and how long replies wait meanwhile.

A database with ``--recipients`` subscribers (default 1,000,000) and one campaign to all of
them, due now. The real broadcast service fires it: the run's delivery rows are copied inside
the database (``INSERT … SELECT`` from the segment query, in short transactions: on
PostgreSQL steps of about ``FILL_APART_STEP_SECONDS`` on a connection apart, each followed by
a pause of ``FILL_APART_PAUSE`` of its time; on SQLite steps of about ``FILL_STEP_SECONDS`` on
the database thread) and the run starts sending through a channel that answers in 40 ms.
Meanwhile, and for ``TAIL_SECONDS`` after (the sender's first claims of the new rows), a
citizen's reply is simulated every 20 ms: the database work a reply does (read the
dialogue state, write it), through the same store and event loop. Printed per backend, one
JSON line: seconds to create the run, rows, and the reply latency at idle and during the fill
(``longest_stall_ms``: the slowest reply during the fill and the tail; goal ≤ 100 ms). For comparison,
``one_statement_s`` is the same fill as one statement (``Campaigns.start_run``): what a
reply would wait if the bot filled a run in one go on the database thread. ``load`` is the
machine's load average (1 minute) before and after: the figures depend on it.

PostgreSQL runs on a throwaway server on 127.0.0.1 (``tests/postgres.py``: fsync off), and
is skipped with a message when none can be started.

    python -m benchmarks.campaign_fill [--recipients 1000000] [--backend sqlite|postgresql|both]
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import datetime as dt
import functools
import json
import os
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from benchmarks._world import summary, throwaway_postgres
from bot.app import build_services
from bot.broadcasts import actions, compose
from bot.broadcasts import service as fill_service
from bot.broadcasts.config import BroadcastConfig
from bot.broadcasts.service import BroadcastService
from bot.broadcasts.statuses import RunStatus
from bot.broadcasts.timing import utc_now
from bot.config import ROOT, Settings
from bot.core.messages import Delivery, DeliveryStatus, Outgoing
from bot.store import Repositories, Store
from bot.store.campaigns import Run, Segment

TICK = 0.02
TAIL_SECONDS = 1.0  # replies measured after the fill too: the sender's first claims
FIRST_CHAT_ID = 1_000_000_000
SEED_SQLITE = """
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < :count)
INSERT INTO citizens (channel_id, consent_at, first_seen, last_seen, subscribed, topics, commune)
SELECT 'telegram:' || (:first + i), :now, :now, :now, 1, '[]', 'que_phong' FROM n
"""
SEED_POSTGRESQL = """
INSERT INTO citizens (channel_id, consent_at, first_seen, last_seen, subscribed, topics, commune)
SELECT 'telegram:' || (:first + i), :now, :now, :now, 1, '[]', 'que_phong'
FROM generate_series(1, :count) AS i
"""

SETTLE = {
    "postgresql": ("VACUUM ANALYZE", "CHECKPOINT"),
    "sqlite": ("PRAGMA wal_checkpoint(TRUNCATE)",),  # no ANALYZE: the bot never runs it
}


class SlowSender:
    """A channel that takes 40 ms to deliver, like a real messenger API."""

    async def send(self, address: str, message: Outgoing) -> Delivery:
        await asyncio.sleep(0.04)
        return Delivery(DeliveryStatus.SENT, message_id="1")


def seed(store: Store, recipients: int) -> float:
    """``recipients`` consenting subscribers, inserted inside the database; the seconds."""
    started = time.perf_counter()
    sql = SEED_POSTGRESQL if store.dialect == "postgresql" else SEED_SQLITE
    params = {"count": recipients, "first": FIRST_CHAT_ID, "now": "2026-01-01T00:00:00+00:00"}
    store.call_sql(lambda conn: conn.execute(sa.text(sql), params))
    # A bot's citizens arrive over months: let the bulk load settle (statistics, visibility
    # map, dirty pages written, WAL checkpointed), or the fill would be timed against the
    # seed's own autovacuum and checkpoint.
    for statement in SETTLE[store.dialect]:
        store.call_sql(functools.partial(run_sql, statement))
    return time.perf_counter() - started


def run_sql(sql: str, conn: sa.Connection) -> None:
    conn.execute(sa.text(sql))


def new_campaign(store: Store) -> int:
    draft = compose.Draft("Thông báo thử")
    created = store.call(
        lambda r: actions.create_in(
            r, draft, segment=Segment(), created_by="bench", now=utc_now(), tz=ZoneInfo("UTC")
        )
    )
    return created.id


async def reply_like(store: Store, person: int, sent_at: float) -> tuple[float, float]:
    """The database work of one reply (read the person's state, write it); its latency from
    ``sent_at``, so a blocked loop or a long queue counts."""
    await asyncio.sleep(max(0.0, sent_at - time.perf_counter()))
    user = f"telegram:{FIRST_CHAT_ID + person}"
    await store.read(lambda r: r.states.get(user))
    await store.write(lambda r: r.states.set(user, "faq", "asked", {"n": person}))
    return sent_at, time.perf_counter() - sent_at


async def probe(
    store: Store, until: asyncio.Event, *, seconds: float | None = None
) -> list[tuple[float, float]]:
    """A reply every ``TICK`` until ``until`` is set (or for ``seconds``); (sent at,
    latency) of each."""
    tasks: list[asyncio.Task[tuple[float, float]]] = []
    start = time.perf_counter()
    tick = 0
    while not until.is_set() and (seconds is None or tick * TICK < seconds):
        sent_at = start + tick * TICK  # a steady stream, whether or not the loop keeps up
        tasks.append(asyncio.create_task(reply_like(store, tick % 500, sent_at)))
        tick += 1
        await asyncio.sleep(max(0.0, start + tick * TICK - time.perf_counter()))
    return list(await asyncio.gather(*tasks))


async def fill_while_replying(store: Store, recipients: int) -> dict[str, object]:
    settings = dataclasses.replace(Settings(), content_dir=ROOT / "content")
    services = build_services(settings, store=store, faq=None)
    services.hub.register("telegram", SlowSender())
    config = dataclasses.replace(
        BroadcastConfig(), quiet_hours=None, grace=dt.timedelta(days=36500)
    )
    service = BroadcastService(services, config=config)
    campaign_id = await asyncio.to_thread(new_campaign, store)
    idle = [latency for _at, latency in await probe(store, asyncio.Event(), seconds=1.0)]
    filled = asyncio.Event()
    during_task = asyncio.create_task(probe(store, filled))
    started = time.perf_counter()
    await service.fire(campaign_id)
    while True:
        run = await store.read(lambda r: r.campaigns.open_run(campaign_id))
        if run is None or run.status != RunStatus.PREPARING:
            break
        await asyncio.sleep(0.05)
    fill_seconds = time.perf_counter() - started
    await asyncio.sleep(TAIL_SECONDS)
    filled.set()
    timed = await during_task
    during = [latency for _at, latency in timed]
    worst_at, _worst = max(timed, key=lambda pair: pair[1])
    await service.stop()
    assert run is not None and run.status == RunStatus.SENDING, run
    rows = sum((await store.read(lambda r: r.campaigns.counts(run.id))).values())
    return {
        "rows": rows,
        "fill_s": round(fill_seconds, 2),
        "rows_per_s": round(rows / fill_seconds),
        "fill": "steps apart" if store.writes_apart else "steps",
        **fill_settings(store),
        "idle": summary(idle),
        "during_fill": summary(during),
        "replies_during_fill": len(during),
        "longest_stall_ms": round(max(during) * 1000, 1),
        "longest_stall_at_s": round(worst_at - started, 2),  # into the fill
        "replies_over_100ms": sum(1 for latency in during if latency > 0.1),
    }


def fill_settings(store: Store) -> dict[str, float]:
    """The fill's step target and pause (as a share of a step's time), as configured."""
    if store.writes_apart:
        return {
            "fill_step_ms": fill_service.FILL_APART_STEP_SECONDS * 1000,
            "fill_pause": fill_service.FILL_APART_PAUSE,
        }
    return {"fill_step_ms": fill_service.FILL_STEP_SECONDS * 1000, "fill_pause": 0.0}


def load_average() -> float:
    """The machine's load average over the last minute (the benchmark shares the cores)."""
    return round(os.getloadavg()[0], 2)


def one_statement(store: Store) -> float:
    """The same fill as one ``INSERT … SELECT`` (``start_run``); its seconds."""
    campaign_id = new_campaign(store)
    started = time.perf_counter()

    def start(r: Repositories) -> Run:
        campaign = r.campaigns.get(campaign_id)
        assert campaign is not None
        now = campaign.created_at
        return r.campaigns.start_run(campaign, scheduled_for=now, next_run_at=None, now=now)

    store.call(start)
    return time.perf_counter() - started


def measure(target: str, backend: str, recipients: int) -> dict[str, object]:
    store = Store.open(target)
    try:
        seed_seconds = seed(store, recipients)
        load_before = load_average()
        result = asyncio.run(fill_while_replying(store, recipients))
        load_after = load_average()
        single = one_statement(store)
    finally:
        store.close()
    return {
        "benchmark": "campaign_fill",
        "backend": backend,
        "recipients": recipients,
        "seed_s": round(seed_seconds, 1),
        **result,
        "one_statement_s": round(single, 2),
        "load": [load_before, load_after],
    }


def run_sqlite(recipients: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        print(json.dumps(measure(str(Path(tmp) / "bench.db"), "sqlite", recipients)), flush=True)


def run_postgresql(recipients: int) -> None:
    with throwaway_postgres() as url:
        if url is not None:
            print(json.dumps(measure(url, "postgresql", recipients)), flush=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--recipients", type=int, default=1_000_000)
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    args = parser.parse_args(argv)
    if args.backend in ("sqlite", "both"):
        run_sqlite(args.recipients)
    if args.backend in ("postgresql", "both"):
        run_postgresql(args.recipients)


if __name__ == "__main__":
    main()
