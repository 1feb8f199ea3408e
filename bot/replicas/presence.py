"""Each replica's share of the bot's send limit, from heartbeats in the database.

Telegram's limits are per bot token: N processes sending for one token must together stay
under ``TELEGRAM_RATE``. Every ``INTERVAL`` each replica writes a heartbeat with its recent
demand (messages it sent plus messages waiting in its limiter) and reads the others'. Its
target is a small floor plus the rest of the rate in proportion to demand: a replica
answering a burst of citizens, or the one sending a campaign, gets most of the budget; an
idle one keeps a tenth of an equal share, so its next first reply goes out at once.

The shares never add up to more than the rate: heartbeats take turns (an advisory lock on
PostgreSQL), and each replica takes its target only as far as the shares the others
announced leave free; one that needs less gives it back at once. So when demand moves, a
replica reaches its target within two heartbeats (the others first give back). A replica
that dies stops beating, and its share is free again when its heartbeat expires (``TTL``).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
import secrets
import socket
from collections.abc import Mapping
from typing import Protocol

from bot.core.clock import Clock
from bot.store import Repositories, Store

log = logging.getLogger(__name__)

INTERVAL = dt.timedelta(seconds=1)
TTL = dt.timedelta(seconds=5)
IDLE_FRACTION = 0.1  # of an equal share, kept by a replica that asked for nothing


def replica_id() -> str:
    """This process, as other replicas see it: host, pid and a random part (pids repeat)."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


def shares(rate: float, demands: Mapping[str, float]) -> dict[str, float]:
    """Split ``rate`` among replicas: a floor each, the rest in proportion to demand."""
    if not demands:
        return {}
    count = len(demands)
    floor = rate * IDLE_FRACTION / count
    total = sum(max(0.0, d) for d in demands.values())
    if total <= 0:
        return {replica: rate / count for replica in demands}
    rest = rate - floor * count
    return {replica: floor + rest * max(0.0, d) / total for replica, d in demands.items()}


class SharedLimit(Protocol):
    """A send limiter whose global rate can be shared (``bot.channels.send_limiter``)."""

    rate: float

    def set_share(self, rate: float) -> None: ...

    def take_demand(self) -> int: ...


class Presence:
    """Beats for this replica and sets its limiter's share of the configured rate."""

    def __init__(self, store: Store, replica: str, limiter: SharedLimit, *, clock: Clock) -> None:
        self.store = store
        self.replica = replica
        self.limiter = limiter
        self.clock = clock
        self.rate = limiter.rate
        self.live = 1
        self._task: asyncio.Task[None] | None = None

    async def tick(self) -> float:
        """One heartbeat; returns the share now used."""
        now, replica = self.clock(), self.replica
        demand = float(self.limiter.take_demand())

        def beat(r: Repositories) -> tuple[float, int]:
            # One replica at a time: what it takes is what the others' announced shares
            # leave, so the shares never add up to more than the rate.
            r.leases.lock_shares()
            r.leases.beat(replica, now=now, ttl=TTL, demand=demand)
            live = r.leases.live(now=now)
            demands = {other.id: other.demand for other in live} | {replica: demand}
            target = shares(self.rate, demands)[replica]
            others = sum(other.share for other in live if other.id != replica)
            share = max(0.0, min(target, self.rate - others))
            r.leases.set_share(replica, share)
            return share, len(demands)

        share, self.live = await self.store.write(beat)
        self.limiter.set_share(share)
        return share

    async def _beat(self) -> None:
        while True:
            try:
                await self.tick()
            except Exception as error:
                # Without the others' heartbeats, the safe share is the last one known.
                log.warning("replica heartbeat failed (%s)", type(error).__name__)
            await asyncio.sleep(INTERVAL.total_seconds())

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._beat())

    async def stop(self) -> None:
        """Stop beating and leave: the others take this share at their next heartbeat."""
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None
        replica = self.replica
        try:
            await self.store.write(lambda r: r.leases.leave(replica))
        except Exception:
            log.warning("replica: could not say goodbye; the heartbeat expires by itself")
