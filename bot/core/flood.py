"""A per-person flood guard: past N messages a minute, slow down that person only."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable


class FloodGuard:
    """Sliding one-minute window per user, kept in memory (it only needs to be approximate)."""

    def __init__(self, limit_per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit_per_minute
        self._clock = clock
        self._seen: dict[str, deque[float]] = {}
        self._warned_at: dict[str, float] = {}
        self._decided: dict[str, str] = {}

    def decide(self, user: str, verdict: str) -> None:
        """Set the verdict of ``user``'s next message, counted elsewhere: with several
        replicas the shared inbox counts a person's messages across all of them."""
        self._decided[user] = verdict

    def verdict(self, count: int, warned: bool) -> str:
        """The verdict for a message that is the ``count``-th of its minute."""
        if count <= self.limit:
            return "ok"
        return "drop" if warned else "warn"

    def check(self, user: str) -> str:
        """Return ``ok``, ``warn`` (first message over the limit) or ``drop`` (still over)."""
        decided = self._decided.pop(user, None)
        if decided is not None:
            return decided
        now = self._clock()
        window = self._seen.setdefault(user, deque())
        while window and now - window[0] > 60:
            window.popleft()
        window.append(now)
        if len(self._seen) > 10_000:
            self._forget_idle(now)
        if len(window) <= self.limit:
            return "ok"
        if now - self._warned_at.get(user, -1e9) > 60:
            self._warned_at[user] = now
            return "warn"
        return "drop"

    def _forget_idle(self, now: float) -> None:
        for user in [u for u, w in self._seen.items() if not w or now - w[-1] > 60]:
            self._seen.pop(user, None)
            self._warned_at.pop(user, None)
