"""Does starting a big campaign delay the replies other citizens are waiting for?

A database with ``--recipients`` subscribers (default 100,000) and one campaign to all of
them, due now. While citizens ask FAQ questions every 20 ms, the broadcast service fires the
campaign (one pending delivery row per recipient) and starts sending through a channel that
answers in 40 ms. Printed: reply latency at idle and during the 3 s after the start; the
delay is the worst reply during the start minus the idle median. Target: ≤ 100 ms.

    python -m benchmarks.campaign_start [--recipients 100000]
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks._world import ask, close, make_engine, seed_citizens, summary
from bot.broadcasts.config import BroadcastConfig
from bot.broadcasts.service import BroadcastService
from bot.core.messages import Delivery, DeliveryStatus, Outgoing

WINDOW = 3.0
TICK = 0.02


class SlowSender:
    """A channel that takes 40 ms to deliver, like a real messenger API."""

    async def send(self, address: str, message: Outgoing) -> Delivery:
        await asyncio.sleep(0.04)
        return Delivery(DeliveryStatus.SENT, message_id="1")


def add_campaign(path: Path) -> int:
    """One campaign to everyone, due a minute ago, inserted by a separate connection."""
    due = "2020-01-01T00:00:00+00:00"
    segment = json.dumps({"communes": [], "households": [], "topics": []})
    with sqlite3.connect(path) as db:
        cursor = db.execute(
            "INSERT INTO campaigns (title, text, segment, next_run_at, status, created_by,"
            " created_at, updated_at) VALUES (?, ?, ?, ?, 'scheduled', 'bench', ?, ?)",
            ["Bench", "Thông báo thử", segment, due, due, due],
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid


async def ticker(engine, seconds: float, first_person: int) -> list[float]:
    """Ask a question every ``TICK`` seconds for ``seconds``; the reply latencies."""
    tasks = []
    start = time.perf_counter()
    for tick in range(int(seconds / TICK)):
        sent_at = start + tick * TICK  # a steady stream, whether or not the loop keeps up
        await asyncio.sleep(max(0.0, sent_at - time.perf_counter()))
        tasks.append(asyncio.create_task(ask(engine, (first_person + tick) % 200, sent_at)))
    return [seconds for seconds, _ in await asyncio.gather(*tasks)]


async def measure(recipients: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        engine = make_engine(Path(tmp))
        seed_citizens(path, recipients)
        campaign_id = add_campaign(path)
        engine.services.hub.register("telegram", SlowSender())
        config = dataclasses.replace(BroadcastConfig(), quiet_hours=None, grace=_long())
        service = BroadcastService(engine.services, config=config)
        idle = await ticker(engine, 1.0, 0)
        started = time.perf_counter()
        fire = asyncio.create_task(service.fire(campaign_id))
        during = await ticker(engine, WINDOW, 0)
        await fire
        fire_seconds = time.perf_counter() - started
        await service.stop()
        await close(engine)
    idle_median = statistics.median(idle)
    return {
        "benchmark": "campaign_start",
        "recipients": recipients,
        "idle": summary(idle),
        "during_start": summary(during),
        "delay_ms": round((max(during) - idle_median) * 1000, 1),
        "fire_returned_s": round(fire_seconds, 2),
    }


def _long():
    import datetime as dt

    return dt.timedelta(days=36500)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--recipients", type=int, default=100_000)
    args = parser.parse_args(argv)
    print(json.dumps(asyncio.run(measure(args.recipients))))


if __name__ == "__main__":
    main()
