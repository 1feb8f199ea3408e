"""The store: every table and query, on SQLite or PostgreSQL (``BOT_DB``).

The only package that imports ``sqlite3``, ``sqlite_utils``, ``sqlalchemy`` and ``psycopg``.
docs/storage.md describes the design: one schema in SQLAlchemy ``MetaData``, one executor
thread that owns the connection, repositories written once for both backends.
"""

from __future__ import annotations

import asyncio
import functools
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlite_utils import Database as LiteDatabase

from bot.store.blocking import blocking
from bot.store.campaigns import Campaigns
from bot.store.choices import Shown, ShownChoices
from bot.store.citizens import HOUSEHOLD_CATEGORIES, Citizen, Citizens
from bot.store.database import Database, describe, is_postgres, open_database, utcnow
from bot.store.events import EVENT_TYPES, Events
from bot.store.executor import DatabaseExecutor
from bot.store.metrics_meta import MetricsMeta
from bot.store.migrate import migrate
from bot.store.outage import DRIVER_ERRORS, is_outage
from bot.store.questions import Questions, forget_citizen_questions
from bot.store.reach import ReachStore
from bot.store.schema import MIGRATION_SETS
from bot.store.staff import ROLES, AuditLog, StaffDirectory, StaffMember
from bot.store.staff_alerts import StaffAlerts
from bot.store.state import DialogueState, DialogueStates
from bot.store.voice import Voice
from bot.store.web import WebStore
from bot.store.zalo import ZaloStore

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

    Repositories written with SQLAlchemy take ``db.sql`` and work on both backends; those
    still written with sqlite-utils take ``db.lite`` (the same SQLite connection) and, on
    PostgreSQL, are stand-ins that say they are not ready (issue #16 moves them over).
    """

    def __init__(self, db: Database) -> None:
        self.states = DialogueStates(db.sql)
        self.choices = ShownChoices(db.sql)
        self.staff_alerts = StaffAlerts(db.sql)
        self.staff = StaffDirectory(db.sql)
        self.audit = AuditLog(db.sql)
        self.events = Events(db.sql)
        self.metrics_meta = MetricsMeta(db.sql)
        self.citizens = Citizens(db.sql)
        self.citizens.add_deletion_hook(self.audit.forget_citizen)
        lite = db.lite
        if lite is None:
            self.questions: Questions = _not_yet("questions")
            self.voice: Voice = _not_yet("voice")
            self.campaigns: Campaigns = _not_yet("campaigns")
            self.zalo: ZaloStore = _not_yet("zalo")
            self.reach: ReachStore = _not_yet("reach")
            self.web: WebStore = _not_yet("web")
        else:
            self.questions = Questions(lite)
            self.voice = Voice(lite, self.citizens)
            self.campaigns = Campaigns(lite, citizens=self.citizens)
            self.zalo = ZaloStore(lite, citizens=self.citizens)
            self.reach = ReachStore(lite)
            self.web = WebStore(lite)
        # After the features' hooks: the voice hook finds questions by their author.
        self.citizens.add_deletion_hook(functools.partial(forget_citizen_questions, db.sql))
        self.citizens.add_deletion_hook(self.events.forget_citizen)
        self.citizens.add_deletion_hook(self.states.forget_citizen)


class _NotYetConverted:
    """A sqlite-utils repository on PostgreSQL: every use says so plainly."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attribute: str) -> Any:
        raise NotImplementedError(
            f"the {self._name} repository is not yet written for PostgreSQL (issue #16)"
        )


def _not_yet(name: str) -> Any:
    return _NotYetConverted(name)


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
        self.path: str | None = None  # the SQLite file; None in memory and on PostgreSQL
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

    @classmethod
    def open(cls, target: Path | str) -> Store:
        """Open ``target`` (``BOT_DB``): a ``postgresql://`` URL or a SQLite file path
        (``":memory:"`` for a private in-memory database), migrating it to the newest schema."""
        store = cls(DatabaseExecutor(lambda: _opened(target)))
        if not is_postgres(target) and str(target) != ":memory:":
            store.path = str(target)
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

    async def read_apart(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        """Run a long read-only ``fn`` (a year's report) on a read-only connection of its own
        in a worker thread, so that it does not hold up the database thread for seconds;
        an in-memory database has only the one connection, so there it runs in turn."""
        path = self.path
        if path is None:
            return await self._executor.read(lambda db: fn(db.raw))

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
