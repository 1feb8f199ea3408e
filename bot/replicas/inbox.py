"""One person's messages handled in order, whichever replica received them.

A webhook update (Telegram's, or a Zalo event; each channel has its own ``PersonInbox``) is
written to the ``inbox`` table (``bot/store/inbox.py``) before the platform gets its 200; then the receiving replica tries to *drain* that person: take their
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
from dataclasses import dataclass
from pathlib import Path

from bot.core.clock import Clock
from bot.core.flood import FloodGuard
from bot.store import Repositories, Store
from bot.store.inbox import WINDOW, InboxRow, Received
from bot.store.leases import stamp

log = logging.getLogger(__name__)

Handler = Callable[[str], Awaitable[None]]  # handles one stored update body
Settled = Callable[[str], Awaitable[None]]  # waits until a person's last turn is saved

BATCH = 20  # pending rows read at a time for one person
# Persons drained at once by one replica; each holds one advisory lock (PostgreSQL's lock
# table holds max_locks_per_transaction × max_connections: 6,400 with the defaults).
CONCURRENT_PEOPLE = 512
STRANDED_AFTER = dt.timedelta(seconds=10)
SWEEP_SECONDS = 5.0


@dataclass
class Batch:
    """A person's pending rows, and the minute before them for the flood guard."""

    rows: list[InboxRow]
    window: dict[int, tuple[str, str | None]]  # id → (received_at, verdict; None: pending)

    def verdict(self, row: InboxRow, flood: FloodGuard) -> str:
        """The flood verdict of ``row``: its rank in the minute up to it, and whether a
        warning was given in that minute (by any replica, or earlier in this batch)."""
        since = stamp(dt.datetime.fromisoformat(row.received_at) - WINDOW)
        inside = [
            verdict
            for id, (at, verdict) in self.window.items()
            if since < at and (at, id) <= (row.received_at, row.id)
        ]
        verdict = flood.verdict(len(inside), "warn" in inside)
        self.window[row.id] = (row.received_at, verdict)
        return verdict


class PersonInbox:
    """Receives updates into the shared inbox and handles each person's in order.

    Args:
        store: the shared database.
        channel: whose updates these are (``telegram``, ``zalo``): the users' prefix; each
            channel has its inbox, and a sweep drains only its own channel's people.
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
        channel: str,
        settled: Settled,
        flood: FloodGuard,
        clock: Clock,
    ) -> None:
        self.store = store
        self.channel = channel
        self._handle = handle
        self._settled = settled
        self._flood = flood
        self._clock = clock
        self._draining: set[str] = set()
        self._again: set[str] = set()
        self._slots = asyncio.Semaphore(CONCURRENT_PEOPLE)
        self._tasks: set[asyncio.Task[None]] = set()
        self._sweeper: asyncio.Task[None] | None = None
        self._arrived: list[tuple[Received, asyncio.Future[None]]] = []
        self._writer: asyncio.Task[None] | None = None
        self._owns_store = False
        self.handled = 0  # rows this replica handled (tests and benchmarks read it)

    @classmethod
    async def open(
        cls, database: str | Path, handle: Handler, *, channel: str, settled: Settled,
        flood: FloodGuard, clock: Clock,
    ) -> PersonInbox:  # fmt: skip
        """An inbox on a connection of its own, closed with it: accepting an update never
        waits behind the citizens' reads queued on the bot's connection, and the people's
        advisory locks live on it."""
        store = await asyncio.to_thread(Store.open, database)  # connects: off the loop
        inbox = cls(store, handle, channel=channel, settled=settled, flood=flood, clock=clock)
        inbox._owns_store = True
        inbox.start()
        return inbox

    async def receive(self, user: str, seq: int, body: str, event: str = "") -> None:
        """Keep the update (committed when this returns), then handle ``user``'s in order.

        ``seq`` is the platform's order (Telegram's ``update_id``, Zalo's timestamp);
        ``event`` tells apart two updates with the same ``seq`` (Zalo's event key).
        Updates arriving together are written in one transaction (Telegram posts over up to
        40 connections at once): one commit instead of forty queued behind the reads."""
        loop = asyncio.get_running_loop()
        kept: asyncio.Future[None] = loop.create_future()
        self._arrived.append(((user, seq, body, event), kept))
        if self._writer is None or self._writer.done():
            self._writer = loop.create_task(self._write_arrived())
        await kept
        self._spawn(self.drain(user))

    async def _write_arrived(self) -> None:
        while self._arrived:
            batch, self._arrived = self._arrived, []
            try:
                await self._keep([update for update, _ in batch])
            except Exception as error:
                for _, kept in batch:
                    kept.set_exception(error)  # the webhook answers 503: Telegram sends again
            else:
                for _, kept in batch:
                    kept.set_result(None)

    async def _keep(self, received: list[Received]) -> None:
        now = self._clock()
        await self.store.write(lambda r: r.inbox.put(received, now=now))

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

        def take(r: Repositories) -> Batch | None:
            if not r.inbox.try_lock(user):
                return None
            return self._batch(r, user)

        batch = await self.store.read(take)
        if batch is None:
            return None
        handled: list[tuple[int, str]] = []
        try:
            while batch.rows:
                handled = [(row.id, await self._one(user, row, batch)) for row in batch.rows]
                await self._settled(user)
                batch = await self._next_batch(user, handled)
                handled = []
        finally:
            more = await self._release(user, handled)
        return more

    async def _next_batch(self, user: str, handled: list[tuple[int, str]]) -> Batch:
        """Record the rows handled and read the person's next ones, in one transaction."""
        now = self._clock()

        def next_batch(r: Repositories) -> Batch:
            r.inbox.done(handled, now=now)
            return self._batch(r, user)

        return await self.store.write(next_batch)

    async def _release(self, user: str, handled: list[tuple[int, str]]) -> bool:
        """Record rows handled when an error broke the loop, unlock; whether rows wait."""
        now = self._clock()

        def release(r: Repositories) -> bool:
            r.inbox.done(handled, now=now)
            r.inbox.unlock(user)
            return r.inbox.has_pending(user)

        return await self.store.write(release)

    @staticmethod
    def _batch(r: Repositories, user: str) -> Batch:
        rows = r.inbox.pending(user, limit=BATCH)
        return Batch(rows, r.inbox.window(user, rows))

    async def _one(self, user: str, row: InboxRow, batch: Batch) -> str:
        """Handle one update; its flood verdict (counted over every replica's rows)."""
        verdict = batch.verdict(row, self._flood)
        self._flood.decide(user, verdict)
        try:
            await self._handle(row.body)
        except Exception:
            log.exception("inbox: update %s could not be handled", row.seq)
        self.handled += 1
        return verdict

    async def sweep(self) -> None:
        """Drain people whose updates wait too long (their replica died); purge old rows."""
        now, channel = self._clock(), self.channel
        stranded = await self.store.read(
            lambda r: r.inbox.stranded(channel, before=now - STRANDED_AFTER)
        )
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
        if self._owns_store:
            self._owns_store = False
            await asyncio.to_thread(self.store.close)

    async def idle(self) -> None:
        """Wait until every update received so far is handled (tests, benchmarks)."""
        while self._tasks or (self._writer is not None and not self._writer.done()):
            await asyncio.gather(*self._tasks, return_exceptions=True)
            await asyncio.sleep(0)
