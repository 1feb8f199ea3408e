"""Flood control modelled on Telegram's published limits, as token buckets.

One bucket is shared by all chats (``global_rate`` messages/s, a one-second burst), one per
private chat (``per_chat_rate`` messages/s after a burst of ``per_chat_burst``), and one per
group (20 messages/minute). A send needs a token from its chat's bucket and from the global
one; when either is empty the send is refused with 429 and ``retry_after`` = the whole seconds
until a token is back (at least 1). Like Telegram, a bucket that has answered 429 stays closed
until that ``retry_after`` has passed: a sender that retries early is refused again and counted
in ``ignored_retry_after``, which is the number a broadcast benchmark wants to see at zero.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

GROUP_MESSAGES_PER_MINUTE = 20
_PRUNE_AT = 50_000  # buckets kept before idle (full) ones are dropped, to bound memory


@dataclass(slots=True)
class _Bucket:
    rate: float
    capacity: float
    tokens: float
    updated: float
    closed_until: float = 0.0

    def refill(self, now: float) -> None:
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
        self.updated = now

    def wait(self, now: float) -> float:
        """Seconds until this bucket can give a token (0 when it can now)."""
        self.refill(now)
        if now < self.closed_until:
            return self.closed_until - now
        return 0.0 if self.tokens >= 1 else (1 - self.tokens) / self.rate


@dataclass(frozen=True, slots=True)
class FloodVerdict:
    """Why a send was refused: ``retry_after`` seconds, and whether it came too early."""

    retry_after: int
    ignored_previous: bool


class FloodControl:
    """Token buckets for the global, per-private-chat and per-group limits.

    Args:
        global_rate: messages per second across all chats (Telegram: about 30).
        per_chat_rate: messages per second to one private chat (Telegram: about 1).
        per_chat_burst: messages one private chat accepts at once before the rate applies.
        clock: monotonic seconds; tests pass a fake clock to step time by hand.
    """

    def __init__(
        self,
        *,
        global_rate: float = 30.0,
        per_chat_rate: float = 1.0,
        per_chat_burst: int = 3,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._clock = clock
        self._per_chat = (per_chat_rate, float(per_chat_burst))
        self._per_group = (GROUP_MESSAGES_PER_MINUTE / 60.0, float(GROUP_MESSAGES_PER_MINUTE))
        now = clock()
        burst = max(1.0, global_rate)
        self._global = _Bucket(global_rate, burst, burst, now)
        self._chats: dict[int, _Bucket] = {}

    def _chat_bucket(self, chat_id: int, now: float) -> _Bucket:
        bucket = self._chats.get(chat_id)
        if bucket is None:
            if len(self._chats) >= _PRUNE_AT:
                self._prune(now)
            rate, capacity = self._per_group if chat_id < 0 else self._per_chat
            bucket = self._chats[chat_id] = _Bucket(rate, capacity, capacity, now)
        return bucket

    def _prune(self, now: float) -> None:
        for chat_id, bucket in list(self._chats.items()):
            bucket.refill(now)
            if bucket.tokens >= bucket.capacity and now >= bucket.closed_until:
                del self._chats[chat_id]

    def admit(self, chat_id: int) -> FloodVerdict | None:
        """Takes a token for one send to ``chat_id``; returns a verdict when refused."""
        now = self._clock()
        chat = self._chat_bucket(chat_id, now)
        waits = [(chat.wait(now), chat), (self._global.wait(now), self._global)]
        wait, bucket = max(waits, key=lambda pair: pair[0])
        if wait <= 0:
            chat.tokens -= 1
            self._global.tokens -= 1
            return None
        early = now < bucket.closed_until
        retry_after = max(1, math.ceil(wait))
        if not early:
            bucket.closed_until = now + retry_after
        return FloodVerdict(retry_after, early)
