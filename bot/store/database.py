"""Opening the SQLite database: WAL, a busy timeout, and every module's migrations.

Only the ``bot.store`` package imports ``sqlite_utils``; everything else talks to the
repositories in this package.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from sqlite_utils import Database, Migrations

BUSY_TIMEOUT_MS = 5000


def utcnow() -> str:
    """The current time as the ISO-8601 UTC string every table stores."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def open_database(path: Path | str, migration_sets: Iterable[Migrations]) -> Database:
    """Open (creating if needed) the database at ``path`` and apply pending migrations.

    ``":memory:"`` gives a private in-memory database, for tests.
    """
    if str(path) == ":memory:":
        db = Database(memory=True)
    else:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        db = Database(str(path))
        # WAL lets the bot read while a broadcast writes; the timeout absorbs short locks
        # from a second process (a CLI command run beside the bot).
        db.enable_wal()
        # In WAL mode NORMAL still survives a crashed process (kill -9); only an OS crash or
        # power cut can lose the last commits. It makes each small commit several times cheaper.
        db.execute("PRAGMA synchronous = NORMAL")
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    db.execute("PRAGMA foreign_keys = ON")
    for migrations in migration_sets:
        migrations.apply(db)
    return db
