"""The SQLite store: the only package that imports ``sqlite_utils``."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from sqlite_utils import Database, Migrations

from bot.store import campaigns, schema
from bot.store.blocking import blocking
from bot.store.campaigns import Campaigns
from bot.store.choices import Shown, ShownChoices
from bot.store.choices import migrations as choices_migrations
from bot.store.citizens import HOUSEHOLD_CATEGORIES, Citizen, Citizens
from bot.store.database import open_database, utcnow
from bot.store.events import EVENT_TYPES, Events
from bot.store.executor import DatabaseExecutor
from bot.store.metrics_meta import MetricsMeta
from bot.store.metrics_meta import migrations as metrics_migrations
from bot.store.outage import is_outage
from bot.store.questions import Questions
from bot.store.reach import ReachStore
from bot.store.reach import migrations as reach_migrations
from bot.store.staff import ROLES, AuditLog, StaffDirectory, StaffMember
from bot.store.staff_alerts import StaffAlerts
from bot.store.staff_alerts import migrations as staff_alerts_migrations
from bot.store.state import DialogueState, DialogueStates
from bot.store.voice import Voice
from bot.store.voice import migrations as voice_migrations
from bot.store.web import WebStore
from bot.store.web import migrations as web_migrations
from bot.store.zalo import ZaloStore
from bot.store.zalo import migrations as zalo_migrations

T = TypeVar("T")

# What a failing database raises (disk full, locked too long, corrupt): callers outside the
# store catch this name instead of importing sqlite3.
StoreError = sqlite3.Error

# Every feature's migration set, in the order they are applied.
MIGRATION_SETS: list[Migrations] = [schema.migrations]
MIGRATION_SETS.append(campaigns.migrations)
MIGRATION_SETS.append(voice_migrations)
MIGRATION_SETS.append(zalo_migrations)
MIGRATION_SETS.append(metrics_migrations)
MIGRATION_SETS.append(reach_migrations)
MIGRATION_SETS.append(web_migrations)
MIGRATION_SETS.append(choices_migrations)
MIGRATION_SETS.append(staff_alerts_migrations)

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
    """The repositories over one connection. They run on the database thread only."""

    def __init__(self, db: Database) -> None:
        self.citizens = Citizens(db)
        self.states = DialogueStates(db)
        self.choices = ShownChoices(db)
        self.staff_alerts = StaffAlerts(db)
        self.staff = StaffDirectory(db)
        self.audit = AuditLog(db)
        self.citizens.add_deletion_hook(self.audit.forget_citizen)
        self.events = Events(db)
        self.questions = Questions(db)
        self.voice = Voice(db, self.citizens)
        self.campaigns = Campaigns(db, citizens=self.citizens)
        self.metrics_meta = MetricsMeta(db)
        self.zalo = ZaloStore(db, citizens=self.citizens)
        self.reach = ReachStore(db)
        self.web = WebStore(db)


class Store:
    """The database, behind one executor thread that owns the connection.

    The event loop uses the async API: ``await store.read(lambda r: r.citizens.get(user))``,
    ``await store.write(...)`` for a transaction, ``store.defer(...)`` for bookkeeping
    nobody waits for. The repository attributes (``store.citizens`` ...) are the blocking
    way in, for the command line and for code not yet moved to the async API: each call
    runs on the database thread and waits for it.
    """

    def __init__(self, executor: DatabaseExecutor) -> None:
        self._executor = executor
        self.path: str | None = None  # the database file; None in memory
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

    @classmethod
    def open(cls, path: Path | str) -> Store:
        store = cls(DatabaseExecutor(lambda: open_database(path, MIGRATION_SETS)))
        store.path = None if str(path) == ":memory:" else str(path)
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

    async def read_apart(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        """Run a long read-only ``fn`` (a year's report) on a read-only connection of its own
        in a worker thread, so that it does not hold up the database thread for seconds;
        an in-memory database has only the one connection, so there it runs in turn."""
        path = self.path
        if path is None:
            return await self._executor.read(lambda db: fn(db.conn))

        def apart() -> T:
            conn = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True)
            try:
                return fn(conn)
            finally:
                conn.close()

        return await asyncio.to_thread(apart)

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

    def call_db(self, fn: Callable[[Database], T]) -> T:
        """Run ``fn`` over the ``Database`` and wait: seeding, tests, maintenance."""
        return self._executor.call(fn)

    def close(self) -> None:
        """Finish queued work (deferred writes too) and close the connection."""
        self._executor.close()
