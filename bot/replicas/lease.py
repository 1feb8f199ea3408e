"""One holder of an exclusive duty among replicas: a lease in the database, renewed.

The holder renews every ``interval``; the lease lasts ``ttl``. When the holder dies, its
lease expires and the next replica to try (within ``interval``) takes it: a takeover within
``ttl + interval`` (13 s with the defaults). A holder that cannot renew (the database is out
of reach) gives the duty up before its lease could have expired, so two holders never work
at once as long as the replicas' clocks agree.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable

from bot.core.clock import Clock
from bot.store import Store

log = logging.getLogger(__name__)

TTL = dt.timedelta(seconds=10)
INTERVAL = dt.timedelta(seconds=3)

Duty = Callable[[], Awaitable[None]]


class LeaseKeeper:
    """Holds the lease ``name`` for ``holder`` when it can, starting and stopping a duty.

    Args:
        store: the shared database.
        name: the duty's lease (one per bot token and Zalo app).
        holder: this replica's id.
        clock: the process's clock (tests move it).
        on_gain: starts the duty (awaited when the lease is taken).
        on_loss: stops it (awaited when the lease is lost or given up).
    """

    def __init__(
        self,
        store: Store,
        name: str,
        holder: str,
        *,
        clock: Clock,
        on_gain: Duty,
        on_loss: Duty,
        ttl: dt.timedelta = TTL,
        interval: dt.timedelta = INTERVAL,
    ) -> None:
        self.store = store
        self.name = name
        self.holder = holder
        self.clock = clock
        self.ttl = ttl
        self.interval = interval
        self._on_gain = on_gain
        self._on_loss = on_loss
        self.held = False
        self._valid_until: dt.datetime | None = None
        self._task: asyncio.Task[None] | None = None

    async def tick(self) -> bool:
        """Take or renew the lease once; start or stop the duty to match. Whether held."""
        now = self.clock()
        name, holder, ttl = self.name, self.holder, self.ttl
        try:
            held = await self.store.write(
                lambda r: r.leases.acquire(name, holder, now=now, ttl=ttl)
            )
        except Exception as error:
            # Cannot renew: keep the duty only while the lease surely still runs.
            held = self._valid_until is not None and now + self.interval < self._valid_until
            log.warning("lease %s: renewing failed (%s)", name, type(error).__name__)
        else:
            self._valid_until = now + ttl if held else None
        if held and not self.held:
            log.info("lease %s: taken by this replica", name)
            try:
                await self._on_gain()
            except Exception:
                # Not started: give the lease back so that this or another replica tries again.
                log.exception("lease %s: the duty failed to start; giving the lease up", name)
                await self._release()
                return False
            self.held = True
        elif not held and self.held:
            log.warning("lease %s: lost; stopping the duty", name)
            self.held = False
            self._valid_until = None
            await self._on_loss()
        return held

    async def _keep(self) -> None:
        while True:
            try:
                await self.tick()
            except Exception:
                log.exception("lease %s: the duty failed to stop", self.name)
            await asyncio.sleep(self.interval.total_seconds())

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._keep())

    async def stop(self) -> None:
        """Stop trying; if held, stop the duty and give the lease up for a quick takeover."""
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None
        if self.held:
            self.held = False
            await self._on_loss()
            await self._release()

    async def _release(self) -> None:
        name, holder = self.name, self.holder
        self._valid_until = None
        try:
            await self.store.write(lambda r: r.leases.release(name, holder))
        except Exception:
            log.warning("lease %s: could not give it up; it expires by itself", name)
