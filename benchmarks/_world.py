"""Shared set-up for the responsiveness benchmarks: an engine over a fresh database file.

Seeding and lock-holding use their own SQLite connections on purpose: they stand for a
second process (a CLI run beside the bot), which is what the bot must stay responsive to.
"""

from __future__ import annotations

import contextlib
import dataclasses
import sqlite3
import statistics
import time
from collections.abc import Iterator
from pathlib import Path

from bot.app import build_engine
from bot.config import ROOT, Settings
from bot.core.engine import DialogueEngine
from bot.core.messages import Incoming

QUESTION = "hộ nghèo được hỗ trợ bảo hiểm y tế không"
FIRST_CHAT_ID = 1_000_000_000


def make_engine(directory: Path) -> DialogueEngine:
    """The full engine (every feature, the FAQ index) over ``directory``/bench.db."""
    settings = dataclasses.replace(
        Settings(), db_path=directory / "bench.db", content_dir=ROOT / "content"
    )
    return build_engine(settings)


def seed_citizens(path: Path, count: int) -> None:
    """``count`` consenting subscribers, inserted by a separate connection."""
    now = "2026-01-01T00:00:00+00:00"
    rows = (
        (f"telegram:{FIRST_CHAT_ID + i}", now, now, now, 1, "[]", "que_phong") for i in range(count)
    )
    with sqlite3.connect(path) as db:
        db.executemany(
            "INSERT INTO citizens (channel_id, consent_at, first_seen, last_seen, subscribed,"
            " topics, commune) VALUES (?, ?, ?, ?, ?, ?, ?)",
            rows,
        )


async def ask(
    engine: DialogueEngine, person: int, sent_at: float | None = None
) -> tuple[float, str]:
    """Send the FAQ question as ``person``; return (seconds until the replies, first reply).

    ``sent_at`` (``time.perf_counter()``) is when the citizen sent it: a blocked event loop
    starts handling late, and that wait counts.
    """
    started = time.perf_counter() if sent_at is None else sent_at
    replies = await engine.handle(Incoming(f"telegram:{FIRST_CHAT_ID + person}", QUESTION))
    return time.perf_counter() - started, replies[0].text if replies else ""


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def summary(latencies: list[float]) -> dict[str, float]:
    """p50, p95 and max in milliseconds."""
    return {
        "p50_ms": round(statistics.median(latencies) * 1000, 1),
        "p95_ms": round(percentile(latencies, 0.95) * 1000, 1),
        "max_ms": round(max(latencies) * 1000, 1),
    }


@contextlib.contextmanager
def throwaway_postgres() -> Iterator[str | None]:
    """A database on a PostgreSQL server started on 127.0.0.1 for the benchmark (``tests/
    postgres.py``: fsync off), stopped after; None (and a line saying why) when none starts."""
    from tests.postgres import NoServer, PostgresServer

    try:
        server = PostgresServer.start()
    except NoServer as reason:
        print(f"postgresql skipped: {reason}")
        yield None
        return
    try:
        yield server.create_database()
    finally:
        server.stop()


async def close(engine: DialogueEngine) -> None:
    """Close the engine's store."""
    engine.services.store.close()
