"""One person's messages handled in order, whichever replica received them.

A webhook update is written to the ``inbox`` table (``bot/store/inbox.py``) before the
platform gets its 200; then the receiving replica tries to *drain* that person: take their
advisory lock (PostgreSQL, never waiting), handle their pending rows in the platform's order,
wait until the last turn's state is written, unlock, and look once more. A replica that finds
the lock taken leaves: the holder looks again after unlocking and sees the row, because the
row was committed before the failed try. So exactly one replica handles a person at a time,
in order, and no row is left behind by that race.

A replica that dies mid-way leaves rows unhandled and releases its lock with its connection:
every replica sweeps for such rows every few seconds (``STRANDED_AFTER``) and drains those
people. A row handled by a dying replica but not yet marked is handled again: a crash may
repeat one message, never lose one.

The flood guard counts from the same table, so a person's messages count across replicas.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable

from bot.core.clock import Clock
from bot.core.flood import FloodGuard
from bot.store import Store
from bot.store.inbox import WINDOW, InboxRow

log = logging.getLogger(__name__)

Handler = Callable[[str], Awaitable[None]]  # handles one stored update body
Settled = Callable[[str], Awaitable[None]]  # waits until a person's last turn is saved

BATCH = 20  # pending rows read at a time for one person
# Persons drained at once by one replica; each holds one advisory lock (PostgreSQL's lock
# table holds max_locks_per_transaction × max_connections: 6,400 with the defaults).
CONCURRENT_PEOPLE = 512
STRANDED_AFTER = dt.timedelta(seconds=10)
SWEEP_SECONDS = 5.0


class PersonInbox:
    """Receives updates into the shared inbox and handles each person's in order.

    Args:
        store: the shared database.
        handle: handles one stored update (the channel's own update handler).
        settled: waits until a person's turn in progress is saved (``engine.settled``).
        flood: the engine's flood guard; verdicts are decided here from shared counts.
        clock: the process's clock.
    """

    def __init__(
        self,
        store: Store,
        handle: Handler,
        *,
        settled: Settled,
        flood: FloodGuard,
        clock: Clock,
    ) -> None:
        self.store = store
        self._handle = handle
        self._settled = settled
        self._flood = flood
        self._clock = clock
        self._draining: set[str] = set()
        self._again: set[str] = set()
        self._slots = asyncio.Semaphore(CONCURRENT_PEOPLE)
        self._tasks: set[asyncio.Task[None]] = set()
        self._sweeper: asyncio.Task[None] | None = None
        self.handled = 0  # rows this replica handled (tests and benchmarks read it)

    async def receive(self, user: str, seq: int, body: str) -> None:
        """Keep the update (committed when this returns), then handle ``user``'s in order."""
        now = self._clock()
        await self.store.write(lambda r: r.inbox.put(user, seq, body, now=now))
        self._spawn(self.drain(user))

    def _spawn(self, work: Awaitable[None]) -> None:
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def drain(self, user: str) -> None:
        """Handle ``user``'s pending updates unless another task or replica does."""
        if user in self._draining:
            self._again.add(user)  # that task looks again before it ends
            return
        self._draining.add(user)
        try:
            async with self._slots:
                while True:
                    self._again.discard(user)
                    more = await self._drain_locked(user)
                    if more is None:
                        return  # another replica holds the person: it looks again itself
                    if not more and user not in self._again:
                        return
        except Exception:
            log.exception("inbox: a person's updates could not be handled now")
        finally:
            self._draining.discard(user)
            self._again.discard(user)

    async def _drain_locked(self, user: str) -> bool | None:
        """One pass under the person's lock. None: another replica holds it; otherwise
        whether rows arrived after the last read (look again)."""
        store = self.store
        if not await store.read(lambda r: r.inbox.try_lock(user)):
            return None
        try:
            while rows := await store.read(lambda r: r.inbox.pending(user, limit=BATCH)):
                for row in rows:
                    await self._one(user, row)
            await self._settled(user)
        finally:
            await store.read(lambda r: r.inbox.unlock(user))
        return await store.read(lambda r: r.inbox.has_pending(user))

    async def _one(self, user: str, row: InboxRow) -> None:
        count, warned = await self.store.read(lambda r: r.inbox.recent(user, row.received_at))
        verdict = self._flood.verdict(count, warned)
        self._flood.decide(user, verdict)
        try:
            await self._handle(row.body)
        except Exception:
            log.exception("inbox: update %s could not be handled", row.seq)
        now = self._clock()
        await self.store.write(lambda r: r.inbox.done(row.id, verdict, now=now))
        self.handled += 1

    async def sweep(self) -> None:
        """Drain people whose updates wait too long (their replica died); purge old rows."""
        now = self._clock()
        stranded = await self.store.read(lambda r: r.inbox.stranded(before=now - STRANDED_AFTER))
        for user in stranded:
            self._spawn(self.drain(user))
        await self.store.write(lambda r: r.inbox.purge(before=now - 2 * WINDOW))

    async def _sweep_forever(self) -> None:
        while True:
            await asyncio.sleep(SWEEP_SECONDS)
            try:
                await self.sweep()
            except Exception:
                log.warning("inbox: the sweep failed; trying again", exc_info=True)

    def start(self) -> None:
        if self._sweeper is None:
            self._sweeper = asyncio.get_running_loop().create_task(self._sweep_forever())

    async def close(self, timeout: float = 10.0) -> None:
        """Stop sweeping; let updates being handled finish (the rest waits for a sweep)."""
        if self._sweeper is not None:
            self._sweeper.cancel()
            await asyncio.gather(self._sweeper, return_exceptions=True)
            self._sweeper = None
        if self._tasks:
            _done, pending = await asyncio.wait(set(self._tasks), timeout=timeout)
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)
