"""The store: every table and query, on SQLite or PostgreSQL (``BOT_DB``).

The only package that imports ``sqlite3``, ``sqlite_utils``, ``sqlalchemy`` and ``psycopg``.
docs/storage.md describes the design: one schema in SQLAlchemy ``MetaData``, one executor
thread that owns the connection, repositories written once for both backends.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import sqlalchemy as sa

from bot.store.apart import WriterApart, Writes
from bot.store.blocking import blocking
from bot.store.campaigns import Campaigns
from bot.store.choices import Shown, ShownChoices
from bot.store.citizens import HOUSEHOLD_CATEGORIES, Citizen, Citizens
from bot.store.database import (
    Database,
    describe,
    is_postgres,
    open_database,
    open_reader,
    utcnow,
)
from bot.store.events import EVENT_TYPES, Events
from bot.store.executor import DatabaseExecutor
from bot.store.inbox import Inbox
from bot.store.leases import Leases
from bot.store.metrics_meta import MetricsMeta
from bot.store.migrate import migrate
from bot.store.outage import DRIVER_ERRORS, is_outage
from bot.store.questions import Questions
from bot.store.reach import ReachStore
from bot.store.reports import ReportQueries
from bot.store.schema import MIGRATION_SETS
from bot.store.staff import ROLES, AuditLog, StaffDirectory, StaffMember
from bot.store.staff_alerts import StaffAlerts
from bot.store.state import DialogueState, DialogueStates
from bot.store.voice import Voice
from bot.store.voice_queue import ReviewQueue
from bot.store.web import WebStore
from bot.store.zalo import ZaloStore

if TYPE_CHECKING:
    from sqlite_utils import Database as LiteDatabase

T = TypeVar("T")

# What a failing database raises (disk full, locked too long, a server out of reach): callers
# outside the store catch this name instead of importing a driver.
StoreError = DRIVER_ERRORS

__all__ = [
    "HOUSEHOLD_CATEGORIES",
    "ROLES",
    "AuditLog",
    "Citizen",
    "Citizens",
    "DialogueState",
    "DialogueStates",
    "Events",
    "Questions",
    "Repositories",
    "Shown",
    "ShownChoices",
    "StaffDirectory",
    "StaffMember",
    "Store",
    "StoreError",
    "utcnow",
]


class Repositories:
    """The repositories over one connection. They run on the database thread only.

    Every repository is written with SQLAlchemy Core over ``db.sql`` and works on both
    backends (SQLite and PostgreSQL).
    """

    def __init__(self, db: Database) -> None:
        self.states = DialogueStates(db.sql)
        self.choices = ShownChoices(db.sql)
        self.staff_alerts = StaffAlerts(db.sql)
        self.staff = StaffDirectory(db.sql)
        self.audit = AuditLog(db.sql)
        self.events = Events(db.sql)
        self.metrics_meta = MetricsMeta(db.sql)
        self.reports = ReportQueries(db.sql)
        self.leases = Leases(db.sql)  # replicas: exclusive duties and heartbeats
        self.inbox = Inbox(db.sql)  # replicas: each person's updates in order
        self.citizens = Citizens(db.sql)
        self.citizens.add_deletion_hook(self.audit.forget_citizen)
        self.zalo = ZaloStore(db.sql, citizens=self.citizens)
        self.web = WebStore(db.sql)
        self.questions = Questions(db.sql)
        self.campaigns = Campaigns(db.sql)
        # Unsent deliveries are personal data about a citizen: /xoadulieu removes them.
        self.citizens.add_deletion_hook(self.campaigns.forget_citizen)
        self.reach = ReachStore(db.sql)
        self.voice = Voice(db.sql, self.citizens, queue=ReviewQueue(db.sql))
        # After the features' hooks: the voice hook finds questions by their author.
        self.citizens.add_deletion_hook(self.questions.forget_citizen)
        self.citizens.add_deletion_hook(self.events.forget_citizen)
        self.citizens.add_deletion_hook(self.states.forget_citizen)


class Store:
    """The database, behind one executor thread that owns the connection.

    The event loop uses the async API: ``await store.read(lambda r: r.citizens.get(user))``,
    ``await store.write(...)`` for a transaction, ``store.defer(...)`` for bookkeeping
    nobody waits for. The repository attributes (``store.citizens`` ...) are the blocking
    way in, for the command line and start-up: each call runs on the database thread and
    waits for it (``bot.store.loop_guard`` catches one made from the event loop).
    """

    def __init__(self, executor: DatabaseExecutor) -> None:
        self._executor = executor
        self.path: str | None = None  # the SQLite file; None in memory and on PostgreSQL
        self._target: str | None = None  # what read_apart connects to (None: in memory)
        self.dialect: str = executor.call(lambda db: db.dialect)  # "sqlite" or "postgresql"
        self.name = ":memory:"  # where the data is, fit to print (a URL without its password)
        self._repos: Repositories = executor.call(Repositories)
        repos = self._repos
        self.citizens = blocking(repos.citizens, executor)
        self.states = blocking(repos.states, executor)
        self.choices = blocking(repos.choices, executor)
        self.staff_alerts = blocking(repos.staff_alerts, executor)
        self.staff = blocking(repos.staff, executor)
        self.audit = blocking(repos.audit, executor)
        self.events = blocking(repos.events, executor)
        self.questions = blocking(repos.questions, executor)
        self.voice = blocking(repos.voice, executor)
        self.campaigns = blocking(repos.campaigns, executor)
        self.metrics_meta = blocking(repos.metrics_meta, executor)
        self.zalo = blocking(repos.zalo, executor)
        self.reach = blocking(repos.reach, executor)
        self.web = blocking(repos.web, executor)
        self.leases = blocking(repos.leases, executor)

    @classmethod
    def open(cls, target: Path | str) -> Store:
        """Open ``target`` (``BOT_DB``): a ``postgresql://`` URL or a SQLite file path
        (``":memory:"`` for a private in-memory database), migrating it to the newest schema."""
        store = cls(DatabaseExecutor(lambda: _opened(target)))
        if not is_postgres(target) and str(target) != ":memory:":
            store.path = str(target)
        if str(target) != ":memory:":
            store._target = str(target)
        store.name = describe(target)
        return store

    # -- the async API ------------------------------------------------------------------------
    async def read(self, fn: Callable[[Repositories], T]) -> T:
        """Run ``fn`` (reads only) on the database thread; the loop only hands it over."""
        repos = self._repos
        return await self._executor.read(lambda _db: fn(repos))

    async def write(self, fn: Callable[[Repositories], T]) -> T:
        """Run ``fn`` as one transaction on the database thread."""
        repos = self._repos
        return await self._executor.write(lambda _db: fn(repos))

    def write_soon(self, fn: Callable[[Repositories], T]) -> asyncio.Future[T]:
        """Queue a write now (ahead of anything queued later) and return its future; it
        waits in the queue for as long as bookkeeping does (a lock held elsewhere)."""
        repos = self._repos
        return asyncio.wrap_future(self._executor.submit_write(lambda _db: fn(repos)))

    def defer(self, fn: Callable[[Repositories], object]) -> None:
        """Queue a write nobody waits for (bookkeeping: last seen, events, audit)."""
        repos = self._repos
        self._executor.defer(lambda _db: fn(repos))

    async def read_apart(self, fn: Callable[[ReportQueries], T]) -> T:
        """Run a long read-only ``fn`` (a year's report) in a worker thread, on a read-only
        connection of its own (SQLite: the file opened read-only; PostgreSQL: a new
        connection in one read-only snapshot), so that it holds up neither the loop nor the
        database thread for seconds. An in-memory database has only the one connection, so
        there it runs on the database thread in turn."""
        target = self._target
        if target is None:
            return await self._executor.read(lambda db: fn(ReportQueries(db.sql)))

        def apart() -> T:
            with open_reader(target) as conn:
                return fn(ReportQueries(conn))

        return await asyncio.to_thread(apart)

    @property
    def writes_apart(self) -> bool:
        """Whether :meth:`apart` leaves the database thread free (PostgreSQL: readers and
        writers of other rows do not wait for each other; SQLite has one writer)."""
        return self._target is not None and is_postgres(self._target)

    @contextlib.asynccontextmanager
    async def apart(self) -> AsyncIterator[Writes]:
        """Something to run many write transactions with, off the database thread: for
        long work cut into steps (a million-recipient run's fill), so that the database
        thread goes on serving replies meanwhile. On PostgreSQL a connection of its own,
        closed after; elsewhere the store itself (SQLite has one writer: each step is then a
        write like any other, and must be short)."""
        server = self._target
        if server is None or not is_postgres(server):  # not writes_apart: mypy sees the str
            yield self
            return
        writer = WriterApart(server, Repositories)
        try:
            await writer.open()
            yield writer
        finally:
            await writer.close()

    @staticmethod
    def is_outage(error: BaseException) -> bool:
        """Whether ``error`` means the database takes no writes now (not a bug)."""
        return is_outage(error)

    @staticmethod
    def check_event_type(type: str) -> None:
        """Raise ``ValueError`` now for an event type the reports do not know (before a
        deferred write would fail out of sight)."""
        if type not in EVENT_TYPES:
            raise ValueError(f"unknown event type {type!r}")

    # -- blocking ---------------------------------------------------------------------------------
    def call(self, fn: Callable[[Repositories], T]) -> T:
        """Run ``fn`` on the database thread and wait: for synchronous callers."""
        repos = self._repos
        return self._executor.call(lambda _db: fn(repos))

    def call_db(self, fn: Callable[[LiteDatabase], T]) -> T:
        """Run ``fn`` over the sqlite-utils ``Database`` and wait: seeding, tests, maintenance
        (SQLite only; new code uses :meth:`call_sql`)."""

        def run(db: Database) -> T:
            if db.lite is None:
                raise NotImplementedError("call_db works on SQLite only: use call_sql")
            return fn(db.lite)

        return self._executor.call(run)

    def call_sql(self, fn: Callable[[sa.Connection], T]) -> T:
        """Run ``fn`` over the SQLAlchemy connection and wait (autocommit: each statement
        commits on its own): seeding, tests, maintenance, on either backend."""
        return self._executor.call(lambda db: fn(db.sql))

    async def check(self) -> None:
        """Raise unless the database answers a trivial query (for ``/readyz``)."""
        await self._executor.read(lambda db: db.sql.execute(sa.text("SELECT 1")).scalar())

    def close(self) -> None:
        """Finish queued work (deferred writes too) and close the connection."""
        self._executor.close()


def _opened(target: Path | str) -> Database:
    """Open ``target`` and migrate it: on the database thread, which then owns it."""
    db = open_database(target)
    try:
        migrate(db, MIGRATION_SETS)
    except BaseException:
        db.close()
        raise
    return db
