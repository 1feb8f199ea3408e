"""One outgoing budget per messenger: global and per-chat rates, replies before broadcasts.

Telegram allows about 30 messages a second for the whole bot and about one a second to one
private chat (bursts of a few are tolerated). Every message the bot sends on a channel — a
reply, a staff answer, a broadcast — takes a place here first, so the bot stays under the
limits as a whole. Waiters are served by priority, then in arrival order: an interactive
reply overtakes a waiting broadcast, which simply yields. A waiter held back by its own chat's
limit never blocks waiters for other chats.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass, field

_PRUNE_AT = 20_000  # chat buckets kept before idle (full) ones are dropped
_EPSILON = 1e-3
GLOBAL_BURST_DIVISOR = 4  # burst = a quarter second's worth of the global rate


class Priority(enum.IntEnum):
    """Lower goes first."""

    FIRST_REPLY = 0  # the first message of a turn: what tells a citizen the bot heard them
    REPLY = 1  # the rest of a turn's replies
    PUSH = 2  # staff answers, broadcasts: they wait while people are being answered


@dataclass(slots=True)
class _Bucket:
    rate: float
    capacity: float
    tokens: float
    updated: float
    paused_until: float = 0.0

    def wait(self, now: float) -> float:
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        if now < self.paused_until:
            return self.paused_until - now
        return 0.0 if self.tokens >= 1 - _EPSILON else (1 - self.tokens) / self.rate


@dataclass(order=True, slots=True)
class _Waiter:
    priority: int
    seq: int
    chat: str = field(compare=False)
    future: asyncio.Future[None] = field(compare=False)


class SendLimiter:
    """Admits sends under a global and a per-chat token bucket, by priority.

    Args:
        rate: messages a second across all chats (below Telegram's ~30).
        per_chat_rate: messages a second to one chat.
        per_chat_burst: messages one chat may get at once before ``per_chat_rate`` applies.
        clock: monotonic seconds.
    """

    def __init__(
        self,
        *,
        rate: float = 28.0,
        per_chat_rate: float = 1.0,
        per_chat_burst: int = 3,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._clock = clock
        now = clock()
        # A small global burst: Telegram's own bucket then never runs dry when requests
        # sent a moment apart arrive together (latency varies), so no 429 comes back.
        burst = max(1.0, rate / GLOBAL_BURST_DIVISOR)
        self._global = _Bucket(rate, burst, burst, now)
        self._chat_shape = (per_chat_rate, float(per_chat_burst))
        self._chats: dict[str, _Bucket] = {}
        self._waiters: list[_Waiter] = []
        self._seq = itertools.count()
        self._changed = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self.rate = rate  # the configured global rate (a replica takes a share of it)
        self._granted = 0  # places given since ``take_demand`` was last asked

    @property
    def waiting(self) -> int:
        return len(self._waiters)

    @property
    def share(self) -> float:
        """The global rate this process uses now (all of ``rate`` unless shared)."""
        return self._global.rate

    def set_share(self, rate: float) -> None:
        """Use ``rate`` messages a second from now on: this replica's share of the bot's
        limit (bot/replicas/presence.py); the burst shrinks with it."""
        now = self._clock()
        bucket = self._global
        bucket.wait(now)  # tokens earned at the old rate are kept
        bucket.rate = max(rate, _EPSILON)
        bucket.capacity = max(1.0, rate / GLOBAL_BURST_DIVISOR)
        bucket.tokens = min(bucket.tokens, bucket.capacity)
        self._changed.set()

    def take_demand(self) -> int:
        """Places given since the last call plus those waiting now: what this process asked
        of the shared budget lately (its heartbeat reports it)."""
        demand, self._granted = self._granted + len(self._waiters), 0
        return demand

    async def acquire(self, chat: str, priority: Priority = Priority.PUSH) -> None:
        """Wait until a message to ``chat`` may go now, and take its place."""
        loop = asyncio.get_running_loop()
        waiter = _Waiter(int(priority), next(self._seq), chat, loop.create_future())
        self._waiters.append(waiter)
        self._waiters.sort()
        self._changed.set()
        if self._task is None or self._task.done():
            self._task = loop.create_task(self._dispatch())
        try:
            await waiter.future
        except asyncio.CancelledError:
            if waiter in self._waiters:
                self._waiters.remove(waiter)
            raise

    def pause_chat(self, chat: str, seconds: float) -> None:
        """Hold sends to ``chat`` for ``seconds`` (a 429's ``retry_after``)."""
        bucket = self._bucket(chat, self._clock())
        bucket.paused_until = max(bucket.paused_until, self._clock() + seconds)
        self._changed.set()

    def pause_all(self, seconds: float) -> None:
        """Hold every send for ``seconds``."""
        self._global.paused_until = max(self._global.paused_until, self._clock() + seconds)
        self._changed.set()

    async def close(self) -> None:
        """Stop the dispatcher (its owner, the channel, calls this when it stops)."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    def _bucket(self, chat: str, now: float) -> _Bucket:
        bucket = self._chats.get(chat)
        if bucket is None:
            if len(self._chats) >= _PRUNE_AT:
                self._prune(now)
            rate, burst = self._chat_shape
            bucket = self._chats[chat] = _Bucket(rate, burst, burst, now)
        return bucket

    def _prune(self, now: float) -> None:
        for chat, bucket in list(self._chats.items()):
            bucket.wait(now)
            if bucket.tokens >= bucket.capacity and now >= bucket.paused_until:
                del self._chats[chat]

    async def _dispatch(self) -> None:
        """Grant places in priority order; sleep until the next one can be given."""
        while self._waiters:
            self._changed.clear()
            now = self._clock()
            next_wait = self._grant(now)
            if not self._waiters:
                break
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(max(next_wait, _EPSILON)):
                    await self._changed.wait()

    def _grant(self, now: float) -> float:
        """Admit whoever may go now; return the seconds until the next one might."""
        soonest = float("inf")
        for waiter in list(self._waiters):
            if waiter.future.done():  # cancelled meanwhile
                self._waiters.remove(waiter)
                continue
            global_wait = self._global.wait(now)
            if global_wait > 0:
                return global_wait
            chat = self._bucket(waiter.chat, now)
            chat_wait = chat.wait(now)
            if chat_wait > 0:
                soonest = min(soonest, chat_wait)
                continue
            chat.tokens -= 1
            self._global.tokens -= 1
            self._waiters.remove(waiter)
            self._granted += 1
            waiter.future.set_result(None)
        return soonest if soonest != float("inf") else 1.0
