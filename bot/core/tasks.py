"""One owner for background work (like python-telegram-bot's ``Application.create_task``).

A feature that starts work outside a reply (pushing a session notice to its askers) hands
the coroutine to ``services.tasks``; the owner keeps a reference until it is done (the event
loop holds tasks only weakly), and whoever ends the process drains it first.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any


class BackgroundTasks:
    """The background tasks of one bot process."""

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task] = set()

    def create(self, job: Coroutine[Any, Any, object]) -> asyncio.Task:
        """Run ``job`` in the background on the running loop."""
        task = asyncio.get_running_loop().create_task(job)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def drain(self) -> None:
        """Wait until every background task has finished (also those started meanwhile)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)
