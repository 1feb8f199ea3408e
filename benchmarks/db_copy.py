"""How long ``python -m bot db copy --to postgresql://…`` takes for a province's database.

Fills a SQLite database with ``--citizens`` citizens and ``--events`` reach events (the
biggest table by far), then copies it into a new database on a throwaway PostgreSQL server
on 127.0.0.1 (``tests/postgres.py``). Printed: rows, seconds, rows per second.

    python -m benchmarks.db_copy [--citizens 100000] [--events 1000000]
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import tempfile
import time
from pathlib import Path

from bot.store import Store
from bot.store.copy import copy_database


def fill(path: Path, citizens: int, events: int) -> None:
    Store.open(path).close()  # the schema
    with sqlite3.connect(path) as db:
        db.executemany(
            "INSERT INTO citizens (channel_id, consent_at, first_seen, last_seen, commune, "
            "household, subscribed) VALUES (?, 't', 't', 't', ?, 'ngheo', 1)",
            ((f"telegram:{n}", f"Xã {n % 120}") for n in range(1, citizens + 1)),
        )
        db.executemany(
            "INSERT INTO events (at, type, channel, citizen_key, commune, household, outcome) "
            "VALUES (?, 'faq_answer', 'telegram', ?, ?, 'ngheo', 'answer')",
            (
                (f"2026-{1 + n % 12:02d}-01T08:00:00+00:00", 1 + n % citizens, f"Xã {n % 120}")
                for n in range(events)
            ),
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--citizens", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=1_000_000)
    args = parser.parse_args()
    from tests.postgres import PostgresServer

    server = PostgresServer.start()
    try:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "bot.db"
            fill(path, args.citizens, args.events)
            started = time.perf_counter()
            copied = copy_database(path, server.create_database())
            seconds = time.perf_counter() - started
        print(
            json.dumps(
                {
                    "benchmark": "db_copy",
                    "rows": copied.total,
                    "seconds": round(seconds, 1),
                    "rows_per_s": round(copied.total / seconds),
                }
            )
        )
    finally:
        server.stop()


if __name__ == "__main__":
    main()
