"""One thread owns the database connection; the event loop hands it work (aiosqlite-style).

The loop never waits on SQLite: ``await read(fn)`` and ``await write(fn)`` put ``fn`` on a
queue and suspend until the database thread has run it. Reads go first. A write takes the
write lock with ``BEGIN IMMEDIATE`` and a short busy timeout; when another process (a CLI run
beside the bot) holds the lock, the write waits *in the queue*, retried every few
milliseconds, while reads keep being served — under WAL they never need the lock. Writes
keep their order among themselves.

``defer(fn)`` queues a write nobody waits for (last-seen times, reach events, the audit
trail): a reply must not wait for its bookkeeping.

``call(fn)`` is the blocking way in, for synchronous callers (command-line tools, code not
yet moved to the async API): it runs ``fn`` in the writes' order with the connection's full
busy timeout, exactly as a synchronous connection would, and waits for it.

The same logic serves PostgreSQL (issue #16): the connection runs in autocommit mode and
the executor opens each write transaction with ``BEGIN`` and ends it with ``COMMIT`` or
``ROLLBACK`` itself. PostgreSQL has no database-wide write lock, so a write there never waits
in the queue for one: row locks are waited for inside the statement.
"""

from __future__ import annotations

import asyncio
import collections
import concurrent.futures
import logging
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import sqlalchemy as sa

from bot.store import loop_guard
from bot.store.database import Database

log = logging.getLogger(__name__)

T = TypeVar("T")

BUSY_TIMEOUT_MS = 5000  # what a plain statement waits for a lock held elsewhere
WRITE_ATTEMPT_MS = 20  # what one attempt at the write lock waits before yielding to reads
RETRY_SECONDS = 0.02  # pause between attempts while another process holds the lock
WRITE_DEADLINE = 5.0  # an awaited write gives up after this long (the apology, as before)
DEFERRED_DEADLINE = 120.0  # bookkeeping keeps trying longer: nobody waits for it


@dataclass
class _Job:
    fn: Callable[[Database], Any]
    future: concurrent.futures.Future
    kind: str  # "read", "write" (BEGIN IMMEDIATE, retried) or "plain" (as a sync call)
    deadline: float = field(default=0.0)


class DatabaseExecutor:
    """The database thread and its queues.

    Args:
        connect: opens the ``Database``; called on the database thread, which then owns it.
    """

    def __init__(self, connect: Callable[[], Database]) -> None:
        self._reads: collections.deque[_Job] = collections.deque()
        self._writes: collections.deque[_Job] = collections.deque()
        self._changed = threading.Condition()
        self._retry_at = 0.0
        self._closing = False
        opened: concurrent.futures.Future[Database] = concurrent.futures.Future()
        self._thread = threading.Thread(
            target=self._serve, args=(connect, opened), name="database", daemon=True
        )
        self._thread.start()
        self._db = opened.result()  # re-raises an error from opening or migrating

    # -- the ways in ------------------------------------------------------------------------
    async def read(self, fn: Callable[[Database], T]) -> T:
        """Run ``fn`` (which only reads) on the database thread; reads go before writes."""
        return await asyncio.wrap_future(self._submit(fn, "read", 0.0))

    async def write(self, fn: Callable[[Database], T]) -> T:
        """Run ``fn`` in one transaction on the database thread, in the writes' order."""
        return await asyncio.wrap_future(self._submit(fn, "write", WRITE_DEADLINE))

    def submit_write(self, fn: Callable[[Database], T]) -> concurrent.futures.Future[T]:
        """Queue a write now, patient as deferred bookkeeping; the caller awaits it later."""
        return self._submit(fn, "write", DEFERRED_DEADLINE)

    def defer(self, fn: Callable[[Database], object]) -> None:
        """Queue a write nobody waits for; a failure is logged."""
        future = self._submit(fn, "write", DEFERRED_DEADLINE)
        future.add_done_callback(_log_failure)

    def call(self, fn: Callable[[Database], T]) -> T:
        """Run ``fn`` and wait (blocking this thread): for synchronous callers."""
        if threading.current_thread() is self._thread:
            return fn(self._db)
        # Production logs what the tests refuse: a blocking call made on the event loop.
        loop_guard.check(strict=False, skip=1)
        return self._submit(fn, "plain", 0.0).result()

    def close(self) -> None:
        """Finish the queued work, then close the connection and end the thread."""
        with self._changed:
            self._closing = True
            self._changed.notify()
        if threading.current_thread() is not self._thread:
            self._thread.join()

    # -- the database thread ------------------------------------------------------------------
    def _submit(self, fn: Callable[[Database], Any], kind: str, patience: float) -> Any:
        future: concurrent.futures.Future = concurrent.futures.Future()
        job = _Job(fn, future, kind, time.monotonic() + patience)
        with self._changed:
            if self._closing:
                raise RuntimeError("the database is closed")
            (self._reads if kind == "read" else self._writes).append(job)
            self._changed.notify()
        return future

    def _serve(self, connect: Callable[[], Database], opened: concurrent.futures.Future) -> None:
        try:
            self._db = connect()
        except BaseException as error:  # noqa: BLE001 - handed to the opening thread
            opened.set_exception(error)
            return
        opened.set_result(self._db)
        while (job := self._next()) is not None:
            try:
                self._db.reconnect_if_lost()
            except Exception:  # the server is still out of reach: the job will say so
                log.warning("database thread: reconnecting failed", exc_info=True)
            try:
                if job.kind == "read":
                    self._run(job, self._db)
                elif job.kind == "plain":
                    self._writes.popleft()
                    self._busy(BUSY_TIMEOUT_MS)
                    self._run(job, self._db)
                else:
                    self._attempt_write(job)
            except Exception:  # a future settled twice (cancelled meanwhile): keep serving
                log.exception("database thread: job bookkeeping failed")
        try:
            self._db.close()
        except Exception:  # a server already gone: nothing left to release
            log.warning("database thread: closing the connection failed", exc_info=True)

    def _next(self) -> _Job | None:
        with self._changed:
            while True:
                if self._reads:
                    return self._reads.popleft()
                wait = self._retry_at - time.monotonic()
                if self._writes and wait <= 0:
                    return self._writes[0]
                if self._closing and not self._writes:
                    return None
                self._changed.wait(timeout=wait if self._writes else None)

    def _attempt_write(self, job: _Job) -> None:
        db = self._db
        if job.future.cancelled():  # the awaiting task was cancelled before its turn
            self._writes.popleft()
            return
        self._busy(WRITE_ATTEMPT_MS)
        try:
            self._again_if_lost(db.begin)
        except Exception as error:
            busy = _is_busy(error)
            if busy and time.monotonic() <= job.deadline:
                self._retry_at = time.monotonic() + RETRY_SECONDS  # serve reads meanwhile
                return
            self._writes.popleft()
            if busy or not db.is_sqlite:  # on PostgreSQL: the server is out of reach
                job.future.set_exception(error)
                return
            # Not a lock held elsewhere: the database takes no writes (read-only, full disk).
            # Run the job as a plain call, so that writes that may wait are dropped
            # (bot.store.outage) and the others fail as they would have.
            self._busy(BUSY_TIMEOUT_MS)
            self._run(job, db)
            return
        self._retry_at = 0.0
        self._writes.popleft()
        self._busy(BUSY_TIMEOUT_MS)
        self._run(job, db, finish="COMMIT")

    def _run(self, job: _Job, db: Database, *, finish: str | None = None) -> None:
        """Run the job; ``finish`` ends the transaction it opened (COMMIT on success)."""
        if not job.future.set_running_or_notify_cancel():
            db.rollback()
            return
        try:
            # A read wrote nothing: it is safe to run again on a new connection.
            run = self._again_if_lost if job.kind == "read" else _once
            result = run(lambda: job.fn(db))
            if finish or job.kind == "plain":
                db.commit()
        except BaseException as error:  # noqa: BLE001 - handed to the caller
            try:
                db.rollback()
            except Exception:  # the connection itself failed: the job's error says more
                log.warning("database thread: rollback failed", exc_info=True)
            job.future.set_exception(error)
        else:
            job.future.set_result(result)

    def _busy(self, milliseconds: int) -> None:
        self._db.busy_timeout(milliseconds)

    def _again_if_lost(self, step: Callable[[], T]) -> T:
        """Run ``step``; when it finds the PostgreSQL connection dead (the server restarted, a
        firewall dropped an idle connection), connect anew and run it once more, so the first
        citizen after a restart gets an answer rather than an apology. Only for steps that
        wrote nothing: a read, or the BEGIN of a write."""
        try:
            return step()
        except sa.exc.DBAPIError as error:
            if not error.connection_invalidated:
                raise
            log.warning("database thread: the connection was lost; connecting again")
            self._db.reconnect_if_lost()
            return step()


def _once(step: Callable[[], T]) -> T:
    return step()


def _is_busy(error: BaseException) -> bool:
    """Whether ``error`` is SQLite's write lock held by another process."""
    if not isinstance(error, sqlite3.OperationalError):
        return False
    return "locked" in str(error) or "busy" in str(error)


def _log_failure(future: concurrent.futures.Future) -> None:
    error = future.exception()
    if error is not None:
        log.error("a deferred database write failed", exc_info=error)
