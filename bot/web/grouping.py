"""Groups of similar questions for the console, computed beside the requests.

Grouping a full pool (2,000 questions) takes about a second on a small server, and the queue
changes with every new question, so a page never waits for it: it shows the last grouping
(saying when it was made) while a fresh one is computed, and refreshes itself until that is
ready. A grouping is fresh while the queue's version (one cheap query) is unchanged.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from dataclasses import dataclass

from bot.core.services import Services
from bot.store.voice_queue import QueueFilter
from bot.voice.queue_view import QuestionGroup
from bot.web import features

log = logging.getLogger(__name__)
KEPT_FILTERS = 32


@dataclass(frozen=True)
class Snapshot:
    groups: list[QuestionGroup]
    considered: int
    made_at: dt.datetime
    fresh: bool


class GroupBoard:
    """The latest grouping per filter, and the computations under way."""

    def __init__(self, services: Services) -> None:
        self.services = services
        self._latest: dict[QueueFilter, tuple[tuple, Snapshot]] = {}
        self._running: dict[QueueFilter, asyncio.Task[None]] = {}

    async def get(self, f: QueueFilter) -> Snapshot | None:
        """The grouping to show now (maybe a little old), starting a fresh one if needed."""
        version = await self.services.store.read(lambda r: r.voice.queue.version(f))
        kept = self._latest.get(f)
        if kept is not None and kept[0] == version:
            return kept[1]
        if f not in self._running:
            self._running[f] = asyncio.create_task(self._compute(f, version))
        if kept is None:
            return None
        old = kept[1]
        return Snapshot(old.groups, old.considered, old.made_at, fresh=False)

    async def _compute(self, f: QueueFilter, version: tuple) -> None:
        try:
            groups, considered = await features.queue_groups(self.services, f)
            if len(self._latest) >= KEPT_FILTERS and f not in self._latest:
                self._latest.clear()
            snapshot = Snapshot(groups, considered, self.services.clock(), fresh=True)
            self._latest[f] = (version, snapshot)
        except Exception:
            log.exception("grouping questions failed")
        finally:
            self._running.pop(f, None)

    async def close(self) -> None:
        for task in list(self._running.values()):
            task.cancel()
        await asyncio.gather(*self._running.values(), return_exceptions=True)
