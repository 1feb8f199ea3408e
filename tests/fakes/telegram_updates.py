"""The update queue behind ``getUpdates``, with Telegram's offset and long-polling rules.

Updates stay queued until a later ``getUpdates`` confirms them with a higher ``offset``, so a
response lost on the way (a cancelled poll) loses nothing. A poll returns as soon as an update
is queued. A newer poll ends an older one that is still waiting with 409 "terminated by other
getUpdates request", which is how Telegram reports two bot instances polling one token.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from typing import Any

from tests.fakes.telegram_state import ApiError

Update = dict[str, Any]

# Telegram leaves these out unless a bot asks for them by name.
_OPT_IN_TYPES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
TERMINATED = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)


def update_type(update: Update) -> str:
    """The payload key of an update, e.g. ``"message"`` or ``"callback_query"``."""
    return next(key for key in update if key != "update_id")


class UpdateQueue:
    """Updates waiting for the bot, in order."""

    def __init__(self) -> None:
        self._updates: deque[Update] = deque()
        self._next_id = 1
        self._arrived = asyncio.Event()
        self._generation = 0
        self._closing = False
        self.allowed_updates: list[str] = []

    def __len__(self) -> int:
        return len(self._updates)

    def push(self, kind: str, payload: dict[str, Any]) -> int:
        """Queues ``{"update_id": n, kind: payload}`` and wakes waiting polls; returns ``n``."""
        update_id = self._next_id
        self._next_id += 1
        self._updates.append({"update_id": update_id, kind: payload})
        self._wake()
        return update_id

    def _wake(self) -> None:
        # Replace the event so later waiters block again; earlier ones see it set.
        self._arrived.set()
        self._arrived = asyncio.Event()

    def _allowed(self, update: Update) -> bool:
        kind = update_type(update)
        if self.allowed_updates:
            return kind in self.allowed_updates
        return kind not in _OPT_IN_TYPES

    def confirm(self, offset: int) -> None:
        """Forgets updates below a positive ``offset``; a negative one keeps the last ``-offset``."""
        if offset > 0:
            while self._updates and self._updates[0]["update_id"] < offset:
                self._updates.popleft()
        elif offset < 0:
            while len(self._updates) > -offset:
                self._updates.popleft()

    def pending(self, limit: int = 100) -> list[Update]:
        """Up to ``limit`` queued updates the bot asked for (others are dropped, as Telegram does)."""
        kept = deque(u for u in self._updates if self._allowed(u))
        self._updates = kept
        return list(kept)[:limit]

    def clear(self) -> None:
        """Drops everything queued (``drop_pending_updates``)."""
        self._updates.clear()

    def close(self) -> None:
        """Ends every waiting poll with an empty result; used when the server stops."""
        self._closing = True
        self._wake()

    async def poll(
        self, *, offset: int, limit: int, wait: float, allowed_updates: list[str] | None
    ) -> list[Update]:
        """``getUpdates``: confirm, then return pending updates, waiting up to ``wait`` s.

        Raises:
            ApiError: 409 when a newer poll started while this one was waiting.
        """
        if allowed_updates is not None:
            self.allowed_updates = list(allowed_updates)
        self.confirm(offset)
        self._generation += 1
        generation = self._generation
        self._wake()  # an older poll still waiting is now stale
        loop = asyncio.get_running_loop()
        deadline = loop.time() + wait
        while True:
            if generation != self._generation:
                raise ApiError(409, TERMINATED)
            batch = self.pending(limit)
            remaining = deadline - loop.time()
            if batch or remaining <= 0 or self._closing:
                return batch
            arrived = self._arrived
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(arrived.wait(), remaining)
