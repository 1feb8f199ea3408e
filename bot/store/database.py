"""Opening the database: SQLite (a file path) or PostgreSQL (a ``postgresql://`` URL).

One :class:`Database` is the one connection the database thread owns. SQLAlchemy runs it in
AUTOCOMMIT mode and the executor (``bot.store.executor``) opens and ends transactions itself
(``BEGIN IMMEDIATE`` on SQLite, ``BEGIN`` on PostgreSQL), so both backends share one
transaction logic. On SQLite the same ``sqlite3`` connection is also wrapped in a
``sqlite_utils.Database`` for the work sqlite-utils does best on SQLite alone (the legacy
migrations, demo seeding, bulk inserts in benchmarks); it sees exactly the same transaction.

Only the ``bot.store`` package imports ``sqlite3``, ``sqlite_utils``, ``sqlalchemy`` or
``psycopg``; everything else talks to the repositories in this package.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.pool import NullPool, StaticPool

if TYPE_CHECKING:
    from sqlite_utils import Database as LiteDatabase

BUSY_TIMEOUT_MS = 5000
# PostgreSQL has no database-wide write lock, but a statement waits for a row another
# process holds; the database thread must not wait longer than SQLite's busy timeout for it
# (every citizen's reads queue behind it). A lock not had in time fails the job as an outage.
LOCK_TIMEOUT_MS = BUSY_TIMEOUT_MS
POSTGRES_SCHEMES = ("postgresql://", "postgres://", "postgresql+psycopg://")


def utcnow() -> str:
    """The current time as the ISO-8601 UTC string every table stores."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def is_postgres(target: Path | str) -> bool:
    """Whether ``target`` (the ``BOT_DB`` setting) names a PostgreSQL server."""
    return str(target).startswith(POSTGRES_SCHEMES)


def sqlalchemy_url(target: str) -> str:
    """``postgresql://…`` as SQLAlchemy names it with the psycopg 3 driver."""
    for scheme in ("postgresql://", "postgres://"):
        if target.startswith(scheme):
            return "postgresql+psycopg://" + target[len(scheme) :]
    return target


def describe(target: Path | str) -> str:
    """``target`` fit for a log line or a message: a URL loses its password."""
    if not is_postgres(target):
        return str(target)
    return sa.make_url(sqlalchemy_url(str(target))).render_as_string(hide_password=True)


class Database:
    """The one connection, as the database thread holds it.

    ``sql`` is the SQLAlchemy connection the repositories run their statements on; ``lite`` is
    the same SQLite connection for sqlite-utils code (None on PostgreSQL).
    """

    def __init__(self, engine: sa.Engine, sqlite_conn: sqlite3.Connection | None) -> None:
        self.engine = engine
        self.sql = engine.connect()
        self._sqlite_conn = sqlite_conn
        self._lite: LiteDatabase | None = None
        self.dialect = engine.dialect.name  # "sqlite" or "postgresql"
        self._busy_ms = -1

    @property
    def lite(self) -> LiteDatabase | None:
        """sqlite-utils over the same SQLite connection, made on first use: importing
        sqlite-utils (and the numpy it pulls in) costs a command-line start ~0.15 s, and only
        the legacy migrations, demo seeding and some benchmarks need it."""
        if self._sqlite_conn is None:
            return None
        if self._lite is None:
            from sqlite_utils import Database as Lite

            self._lite = Lite(self._sqlite_conn)
        return self._lite

    @property
    def raw(self) -> Any:
        """The driver's connection (``sqlite3.Connection`` or ``psycopg.Connection``)."""
        return self.sql.connection.dbapi_connection

    @property
    def is_sqlite(self) -> bool:
        return self.dialect == "sqlite"

    @property
    def in_transaction(self) -> bool:
        if self.sql.invalidated:  # the connection broke: nothing left to end
            return False
        raw = self.raw
        if self.is_sqlite:
            return bool(raw.in_transaction)
        return bool(raw.info.transaction_status != 0)  # psycopg.pq.TransactionStatus.IDLE

    def begin(self) -> None:
        """Open a write transaction: on SQLite it takes the write lock at once (and raises
        sqlite3's own "database is locked", which the executor waits on)."""
        self._say("BEGIN IMMEDIATE" if self.is_sqlite else "BEGIN")

    def commit(self) -> None:
        if self.in_transaction:
            self._say("COMMIT")

    def rollback(self) -> None:
        if self.in_transaction:
            self._say("ROLLBACK")

    def _say(self, statement: str) -> None:
        if self.is_sqlite:
            self.raw.execute(statement)
        else:  # through SQLAlchemy: its DBAPIError wraps psycopg's errors, as everywhere else
            self.sql.exec_driver_sql(statement)

    def reconnect_if_lost(self) -> None:
        """After the PostgreSQL server went away (a restart, a failover), connect anew.

        The ``Connection`` object stays the same (the repositories hold it): SQLAlchemy
        replaces the driver's connection under it once the broken one is rolled back.
        """
        if self.is_sqlite:
            return
        if not self.sql.invalidated and (self.raw.closed or self.raw.broken):
            self.sql.invalidate()  # broken under a statement of ours, not SQLAlchemy's
        if self.sql.invalidated:
            self.sql.rollback()

    def busy_timeout(self, milliseconds: int) -> None:
        """How long a statement waits for SQLite's lock held by another process."""
        if self.is_sqlite and milliseconds != self._busy_ms:
            self.raw.execute(f"PRAGMA busy_timeout = {milliseconds}")
            self._busy_ms = milliseconds

    def close(self) -> None:
        self.sql.close()
        if self._sqlite_conn is not None:
            self._sqlite_conn.close()
        self.engine.dispose()


def _switch_to_wal(conn: sqlite3.Connection) -> None:
    """``journal_mode = WAL``, waiting as the busy timeout would. Switching a new file needs
    its exclusive lock, and SQLite refuses at once, without calling the busy handler, when
    another connection switching it too holds a shared lock (several processes started
    together on a new database: "database is locked")."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def open_sqlite(path: Path | str) -> Database:
    """Open (creating if needed) the SQLite file at ``path``; ``":memory:"`` for tests."""
    if str(path) == ":memory:":
        conn = sqlite3.connect(":memory:", isolation_level=None)
    else:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(path), isolation_level=None)
        # WAL lets the bot read while a broadcast writes; the timeout absorbs short locks
        # from a second process (a CLI command run beside the bot).
        _switch_to_wal(conn)
        # In WAL mode NORMAL still survives a crashed process (kill -9); only an OS crash or
        # power cut can lose the last commits. It makes each small commit several times cheaper.
        conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    engine = sa.create_engine(
        "sqlite://",
        creator=lambda: conn,
        poolclass=StaticPool,
        isolation_level="AUTOCOMMIT",
        hide_parameters=True,  # an error logged never quotes what a citizen wrote
    )
    return Database(engine, conn)


def open_postgres(url: str) -> Database:
    """Connect to the PostgreSQL database at ``url`` (``postgresql://user:pw@host/db``)."""
    engine = sa.create_engine(
        sqlalchemy_url(url),
        poolclass=NullPool,  # one connection, owned by the database thread
        isolation_level="AUTOCOMMIT",
        hide_parameters=True,
        connect_args={
            "connect_timeout": 10,
            "application_name": "giamngheo-bot",
            "options": f"-c lock_timeout={LOCK_TIMEOUT_MS}",
        },
    )
    return Database(engine, None)


def open_database(target: Path | str) -> Database:
    """The database ``BOT_DB`` names: a ``postgresql://`` URL, else a SQLite file path."""
    if is_postgres(target):
        return open_postgres(str(target))
    return open_sqlite(target)


@contextlib.contextmanager
def open_reader(target: Path | str) -> Iterator[sa.Connection]:
    """A read-only connection of its own to ``target``, for one long read in a worker thread
    (a report): never the database thread's connection, so that thread keeps serving.

    SQLite: the file opened read-only (under WAL it reads beside the writers). PostgreSQL: a
    new connection whose reads are one ``REPEATABLE READ READ ONLY`` transaction, so every
    figure of a report comes from the same snapshot.
    """
    if is_postgres(target):
        engine = sa.create_engine(
            sqlalchemy_url(str(target)),
            poolclass=NullPool,
            hide_parameters=True,
            connect_args={"connect_timeout": 10, "application_name": "giamngheo-bot report"},
        )
        options = {"isolation_level": "REPEATABLE READ", "postgresql_readonly": True}
    else:
        uri = Path(target).resolve().as_uri() + "?mode=ro"
        engine = sa.create_engine(
            "sqlite://",
            creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False),
            poolclass=NullPool,
            hide_parameters=True,
        )
        options = {"isolation_level": "AUTOCOMMIT"}
    try:
        with engine.connect() as conn:
            conn = conn.execution_options(**options)
            with conn.begin():
                yield conn
    finally:
        engine.dispose()
