"""Pacing for campaign sends on one channel: a token bucket, a per-chat gap, a pause.

Campaigns pace themselves here instead of through python-telegram-bot's ``AIORateLimiter``:
that limiter halts every request of the bot (interactive replies included) on a 429, and has
no per-private-chat limit. One ``Pacer`` per channel is shared by all running campaigns.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

from bot.broadcasts.config import ChannelPacing

_PRUNE_AT = 10_000  # remembered chats before old entries are dropped
# Waits this short count as none: float rounding could otherwise ask for endless tiny waits.
_EPSILON = 1e-6


class Pacer:
    """Admits one send at a time at ``rate``/s, ≥ ``per_chat_interval`` apart per chat.

    Args:
        pacing: the channel's rate, burst, per-chat gap and concurrency.
        clock: monotonic seconds (tests pass a fake one).
        sleep: how to wait (tests pass a fake one that advances the fake clock).
    """

    def __init__(
        self,
        pacing: ChannelPacing,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.pacing = pacing
        self._clock = clock
        self._sleep = sleep
        self._tokens = 1.0  # start gently: no burst at the first second
        self._updated = clock()
        self._paused_until = 0.0
        self._last_send: dict[str, float] = {}
        self.slots = asyncio.Semaphore(pacing.concurrency)

    def _refill(self, now: float) -> None:
        rate, burst = self.pacing.rate, max(1.0, self.pacing.burst)
        self._tokens = min(burst, self._tokens + (now - self._updated) * rate)
        self._updated = now

    def _wait(self, chat: str, now: float) -> float:
        self._refill(now)
        token_wait = 0.0 if self._tokens >= 1 else (1 - self._tokens) / self.pacing.rate
        last = self._last_send.get(chat)
        chat_wait = 0.0 if last is None else last + self.pacing.per_chat_interval - now
        return max(self._paused_until - now, chat_wait, token_wait)

    async def acquire(self, chat: str) -> None:
        """Wait until a message to ``chat`` may go, and take its place."""
        while True:
            now = self._clock()
            wait = self._wait(chat, now)
            if wait <= _EPSILON:
                # No await between the check and the taking: asyncio keeps this atomic.
                self._tokens -= 1
                self._remember(chat, now)
                return
            await self._sleep(wait)

    def refund(self, chat: str) -> None:
        """Give back a place taken for a send that did not happen (citizen stopped)."""
        self._tokens += 1
        self._last_send.pop(chat, None)

    def pause(self, seconds: float) -> None:
        """Hold every send on this channel for ``seconds`` (Telegram's ``retry_after``)."""
        self._paused_until = max(self._paused_until, self._clock() + seconds)

    @property
    def paused_for(self) -> float:
        return max(0.0, self._paused_until - self._clock())

    def _remember(self, chat: str, now: float) -> None:
        if len(self._last_send) >= _PRUNE_AT:
            horizon = now - self.pacing.per_chat_interval
            self._last_send = {c: t for c, t in self._last_send.items() if t > horizon}
        self._last_send[chat] = now
